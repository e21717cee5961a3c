//! The target controls: a preset, a typed f(x) — applied on Enter; a mistake is shown under the field
//! with where it is, and the target in force keeps training — or points, drawn on the fit plot in the
//! "Edit points" mode or imported from a CSV file.

use super::data_actions::DataAction;
use super::state::{Action, UiState};
use crate::data::{DataSettings, Source, Target};
use egui::{RichText, TextEdit, Ui};

/// What the target menu offers beside the presets.
#[derive(Clone, Copy, PartialEq)]
enum Choice {
    Preset(Target),
    Typed,
    Points,
}

/// Draws the target menu, the f(x) field and the points tools; `note` is the data's own remark (points
/// left out). Returns what was asked.
pub fn target_controls(
    ui: &mut Ui,
    d: &mut DataSettings,
    state: &UiState,
    note: Option<&str>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let current = match &d.source {
        Source::Preset(t) => Choice::Preset(*t),
        Source::Expression(_) => Choice::Typed,
        Source::Points(_) => Choice::Points,
    };
    let shown = match &d.source {
        Source::Preset(t) => t.name().to_string(),
        Source::Expression(_) => "typed f(x)".to_string(),
        Source::Points(p) => format!("{} points", p.len()),
    };
    let mut chosen = current;
    egui::ComboBox::from_label("Target")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for t in Target::ALL {
                ui.selectable_value(&mut chosen, Choice::Preset(t), t.name());
            }
            ui.selectable_value(&mut chosen, Choice::Typed, "typed f(x)");
            ui.selectable_value(&mut chosen, Choice::Points, "points");
        })
        .response
        .on_hover_text(
            "The function y = f(x) the network learns: a preset, one you type below, or points you \
             place on the plot or import.",
        );
    if chosen != current {
        match chosen {
            Choice::Preset(t) => d.source = Source::Preset(t),
            Choice::Typed => actions.push(Action::Data(DataAction::Expression(
                state.expression.clone(),
            ))),
            Choice::Points => actions.push(Action::Data(DataAction::PointsFromTarget)),
        }
    }
    actions.extend(expression_field(ui, d, state));
    if let Some(note) = note {
        ui.label(
            RichText::new(note)
                .small()
                .color(egui::Color32::from_rgb(220, 160, 40)),
        );
    }
    actions.extend(points_tools(ui, d, state));
    actions
}

/// The "f(x) =" field: the typed text is kept as typed; Enter (or leaving the field) applies it.
fn expression_field(ui: &mut Ui, d: &DataSettings, state: &UiState) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut text = state.expression.clone();
    let hint = match &d.source {
        Source::Preset(t) => t.formula().to_string(),
        _ => "e.g. 1+sin(7*pi*x/5)".into(),
    };
    let shown_applied = ui.horizontal(|ui| {
        let label = ui.label("f(x) =");
        let response = ui
            .add(
                TextEdit::singleline(&mut text)
                    .hint_text(hint)
                    .desired_width(ui.available_width() - 8.0),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "Any function of x: + - * / ^, brackets, sin cos tan asin acos atan sinh cosh tanh exp \
                 ln log10 log2 sqrt abs sign floor ceil round, min(a, b), max(a, b), pi, e. Enter applies it.",
            );
        let in_force = match &d.source {
            Source::Expression(t) => t.text().to_string(),
            _ => String::new(),
        };
        let escaped = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        if escaped {
            // Escape gives the field back the function in force
            text.clone_from(&in_force);
            actions.push(Action::Data(DataAction::ExpressionText(in_force.clone())));
        } else if response.changed() {
            actions.push(Action::Data(DataAction::ExpressionText(text.clone())));
        }
        let applied = text == in_force;
        if response.lost_focus() && !escaped && !applied && !text.trim().is_empty() {
            actions.push(Action::Data(DataAction::Expression(text.clone())));
        }
        applied || text.trim().is_empty() || response.has_focus()
    });
    if !shown_applied.inner && state.expression_error.is_none() {
        ui.label(
            RichText::new(format!(
                "not applied (in force: {}); Enter applies the text, Escape restores it",
                d.source.label()
            ))
            .small()
            .color(egui::Color32::from_rgb(220, 160, 40)),
        );
    }
    if let Some(e) = &state.expression_error {
        ui.label(
            RichText::new(format!("not applied (in force: {})", d.source.label()))
                .small()
                .color(egui::Color32::from_rgb(220, 160, 40)),
        );
        let red = egui::Color32::from_rgb(230, 90, 80);
        if e.position > 0 {
            let caret = format!("{}^", " ".repeat(e.position - 1));
            ui.label(
                RichText::new(format!("{}\n{caret}", state.expression))
                    .monospace()
                    .color(red),
            );
        }
        ui.add(egui::Label::new(RichText::new(&e.message).small().color(red)).wrap());
    }
    actions
}

/// "Edit points", "Clear" and "Import points…" (the top bar's Undo, or Ctrl+Z, takes an edit back).
fn points_tools(ui: &mut Ui, d: &DataSettings, state: &UiState) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let mut editing = state.edit_points;
        if ui
            .toggle_value(&mut editing, "Edit points")
            .on_hover_text(
                "On the fit plot: click adds a point, drag moves one, right-click removes one. Starts \
                 from the target's points if the data are not points yet. Ctrl+Z (or Undo in the top bar) \
                 undoes.",
            )
            .changed()
        {
            actions.push(Action::Data(DataAction::EditPoints(editing)));
        }
        if !matches!(d.source, Source::Points(_))
            && ui
                .small_button("Start from the target")
                .on_hover_text("Make the target's sampled points the data, to nudge them by hand.")
                .clicked()
        {
            actions.push(Action::Data(DataAction::PointsFromTarget));
        }
        if matches!(d.source, Source::Points(_))
            && ui
                .small_button("Clear")
                .on_hover_text("Remove every point but one.")
                .clicked()
        {
            actions.push(Action::Data(DataAction::ClearPoints));
        }
        if ui
            .small_button("Import points…")
            .on_hover_text("Read points (x, y) from a CSV file.")
            .clicked()
        {
            actions.push(Action::Data(DataAction::ShowImport(true)));
        }
    });
    actions
}
