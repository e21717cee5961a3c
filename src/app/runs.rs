//! The list of runs, above the network and training controls when several are compared: each run's
//! colour, name, current loss, diagnosed state (its evidence on hover) and speed, a button to show it in the controls and plots, one to remove it
//! and one to keep it alone.

use super::plots::{run_color, run_label};
use super::state::Action;
use crate::train::{RunId, Snapshot};
use egui::{RichText, Ui};

/// Draws the list; returns what was pressed. Draws nothing for a single run.
pub fn run_list(ui: &mut Ui, snap: &Snapshot, selected: RunId) -> Vec<Action> {
    let mut actions = Vec::new();
    if snap.runs.len() < 2 {
        return actions;
    }
    ui.add_space(6.0);
    ui.heading("Runs").on_hover_text(
        "The runs being compared, on the same data. The network and training controls below edit the \
         selected run; the data controls edit every run.",
    );
    ui.label(
        RichText::new(
            "click a run to edit it; Compare from start (Ctrl+D) or Branch here adds a copy of it",
        )
        .small()
        .weak(),
    );
    for (i, run) in snap.runs.iter().enumerate() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, run_color(run.colour));
            let name = run_label(snap, i);
            if ui
                .selectable_label(run.id == selected, &name)
                .on_hover_text("Show this run in the controls, the contributions and the weights.")
                .clicked()
            {
                actions.push(Action::Select(run.id));
            }
            let loss = if run.halt.is_some() {
                format!("{:.2e} (stopped)", run.latest.train)
            } else {
                format!("{:.2e}", run.latest.train)
            };
            ui.label(RichText::new(loss).small().monospace())
                .on_hover_text("Its current training loss.");
            let state = run.diagnosis.state;
            ui.label(
                RichText::new(state.name())
                    .small()
                    .strong()
                    .color(super::diagnosis_line::state_colour(ui, state)),
            )
            .on_hover_text(super::diagnosis_line::tooltip(&run.diagnosis));
            ui.label(
                RichText::new(format!(
                    "{} steps/s",
                    super::topbar::count(run.steps_per_s.round())
                ))
                .small()
                .weak(),
            )
            .on_hover_text(
                "Its compute rate: steps per second of the time spent training it alone (the top bar's \
                 steps/s counts wall-clock time, drawing included).",
            );
        });
        ui.horizontal(|ui| {
            ui.add_space(14.0);
            if ui
                .small_button(format!("Only run {}", i + 1))
                .on_hover_text("Remove every other run.")
                .clicked()
            {
                actions.push(Action::KeepOnly(run.id));
            }
            if ui
                .small_button(format!("Remove run {}", i + 1))
                .on_hover_text("Remove this run from the comparison.")
                .clicked()
            {
                actions.push(Action::Remove(run.id));
            }
        });
    }
    actions
}
