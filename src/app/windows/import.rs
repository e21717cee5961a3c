//! The "Import points" window: a path field (no system dialog is needed, so it works on any desktop, under
//! Xvfb and in tests), the columns to take from a wider file, the recent files, and the reason of a
//! refusal. The points in force stay until a file reads.

use crate::app::data_actions::DataAction;
use crate::app::path_field::{error_line, path_field, recent_files};
use crate::app::state::{Action, ImportState};
use egui::TextEdit;

/// Draws the window; returns what was asked.
pub fn import_window(ctx: &egui::Context, fields: &ImportState) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut f = fields.clone();
    let mut open = true;
    crate::app::placed(ctx, egui::Window::new("Import points"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(
                "A CSV file of points x, y: comma, semicolon or tab separated, a header line optional.",
            );
            let entered = path_field(
                ui,
                "File",
                &mut f.path,
                "/path/to/points.csv",
                "The path of the CSV file.",
                &mut f.focus_file,
            );
            ui.horizontal(|ui| {
                let label = ui.label("Columns");
                ui.add(TextEdit::singleline(&mut f.columns).desired_width(120.0).hint_text("x,y"))
                    .labelled_by(label.id)
                    .on_hover_text(
                        "For a file with a header and more than two columns: the names of the x and y \
                         columns, such as t,volts. Empty: the first two.",
                    );
            });
            ui.horizontal(|ui| {
                if ui.button("Import").on_hover_text("Read the file's points (Enter).").clicked()
                    || entered
                {
                    actions.push(Action::Data(DataAction::Import {
                        path: f.path.clone(),
                        columns: f.columns.clone(),
                    }));
                }
                if ui.button("Cancel").on_hover_text("Close without importing.").clicked() {
                    actions.push(Action::Data(DataAction::ShowImport(false)));
                }
            });
            // below the buttons, so a message or the list never moves them
            error_line(ui, f.error.as_deref());
            recent_files(ui, &f.recent, &mut f.path);
        });
    // a refusal was about the file and columns it names: it goes once they change
    if f.path != fields.path || f.columns != fields.columns {
        f.error = None;
    }
    if !open {
        actions.push(Action::Data(DataAction::ShowImport(false)));
    }
    if f != *fields {
        actions.insert(0, Action::Data(DataAction::ImportFields(f)));
    }
    actions
}
