//! The "Import points" window: a path field (no system dialog is needed, so it works on any desktop, under
//! Xvfb and in tests), the columns to take from a wider file, the recent files, and the reason of a
//! refusal. The points in force stay until a file reads. The path, the columns and the recent files are
//! remembered between launches (in `UiState`); the window owns the rest.

use super::{LabContext, LabWindow};
use crate::app::data_actions::DataAction;
use crate::app::path_field::{error_line, path_field, recent_files};
use crate::app::state::Action;
use egui::TextEdit;

/// The "Import points" window's own fields.
#[derive(Debug, Default)]
pub struct ImportWindow {
    /// Whether the window is open.
    pub open: bool,
    /// Why the last import was refused.
    pub error: Option<String>,
    /// The window was just opened: the file field takes the keyboard.
    focus_file: bool,
}

impl ImportWindow {
    /// Opens the window, the file field taking the keyboard; or closes it.
    pub fn show(&mut self, open: bool) {
        self.open = open;
        self.focus_file = open;
    }
}

impl LabWindow for ImportWindow {
    fn name(&self) -> &'static str {
        "Import points"
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn ui(&mut self, ui: &mut egui::Ui, lab: &LabContext<'_>) -> Vec<Action> {
        let ctx = ui.ctx().clone();
        let fields = &lab.state.import;
        let mut actions = Vec::new();
        let mut f = fields.clone();
        let mut open = true;
        let mut cancel = false;
        super::dialog(&ctx, self.name())
            .open(&mut open)
            .show(&ctx, |ui| {
                ui.label(
                    "A CSV file of points x, y: comma, semicolon or tab separated, a header line optional.",
                );
                let entered = path_field(
                    ui,
                    "File",
                    &mut f.path,
                    "/path/to/points.csv",
                    "The path of the CSV file.",
                    &mut self.focus_file,
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
                        cancel = true;
                    }
                });
                // below the buttons, so a message or the list never moves them
                error_line(ui, self.error.as_deref());
                recent_files(ui, &f.recent, &mut f.path);
            });
        // a refusal was about the file and columns it names: it goes once they change
        if f.path != fields.path || f.columns != fields.columns {
            self.error = None;
        }
        self.open = open && !cancel;
        if f != *fields {
            actions.insert(0, Action::Data(DataAction::ImportFields(f)));
        }
        actions
    }
}
