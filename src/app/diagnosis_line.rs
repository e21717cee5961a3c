//! The selected run's diagnosis in one line under the fit: the state as a coloured word, since when, its
//! evidence in numbers, the findings by name, and a button for each suggested change; the whole
//! diagnosis in sentences on hover. The run list shows each run's state with the same colours.

use crate::train::diagnosis::{Diagnosis, State};
use crate::train::{RunView, Settings};
use egui::{Color32, RichText, Ui};

/// The colour a state is shown in: green when it fits, the text's own while learning, amber for the
/// states that want attention, red for a divergence.
pub fn state_colour(ui: &Ui, state: State) -> Color32 {
    match state {
        State::Converged => Color32::from_rgb(60, 170, 90),
        State::Learning => ui.visuals().text_color(),
        State::Diverged => Color32::from_rgb(220, 60, 50),
        _ => Color32::from_rgb(230, 140, 30),
    }
}

/// Every sentence of a diagnosis, one per line, for a tooltip.
pub fn tooltip(diagnosis: &Diagnosis) -> String {
    diagnosis.sentences().join("\n")
}

/// Draws the line for `run`, whose settings in the window's form are `settings`; returns the settings
/// with a suggestion applied when its button is clicked.
pub fn diagnosis_line(ui: &mut Ui, run: &RunView, settings: &Settings) -> Option<Settings> {
    let diagnosis = &run.diagnosis;
    let mut suggestions = Vec::new();
    for suggestion in std::iter::once(diagnosis.suggestion)
        .chain(diagnosis.findings.iter().map(|f| f.suggestion))
        .flatten()
    {
        if !suggestions.contains(&suggestion) {
            suggestions.push(suggestion);
        }
    }
    let mut chosen = None;
    let hover = tooltip(diagnosis);
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(row, egui::Layout::right_to_left(egui::Align::Center), |ui| {
        for suggestion in suggestions.iter().rev() {
            let label = suggestion.label(settings);
            if ui
                .small_button(format!("Try: {label}"))
                .on_hover_text(format!(
                    "Apply this change to the selected run's settings ({label}); Undo takes it back \
                     where it draws new weights."
                ))
                .clicked()
            {
                chosen = Some(suggestion.applied(settings));
            }
        }
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            let state = diagnosis.state;
            ui.label(
                RichText::new(state.name())
                    .strong()
                    .color(state_colour(ui, state)),
            )
            .on_hover_text(&hover);
            let since = diagnosis
                .since_step
                .map_or(String::new(), |s| format!("since step {s}: "));
            let findings: Vec<&str> = diagnosis.findings.iter().map(|f| f.kind.name()).collect();
            let found = if findings.is_empty() {
                String::new()
            } else {
                format!(" · also {}", findings.join(", "))
            };
            ui.add(
                egui::Label::new(
                    RichText::new(format!("{since}{}{found}", diagnosis.evidence)).small(),
                )
                .truncate(),
            )
            .on_hover_text(&hover);
        });
    });
    chosen
}
