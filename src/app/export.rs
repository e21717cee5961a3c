//! The Export window: the curves over the view (x, target, every run's prediction, the selected run's
//! neuron contributions and output bias) and the loss histories of every run as CSV, and the selected
//! run's model as JSON — each to a path typed in the window, written atomically.

use super::ApproxApp;
use super::path_field::{error_line, path_field};
use super::plots::run_label;
use crate::files::{curves, model};
use crate::train::Severity;

/// What the Export window writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The curves over the view, CSV.
    Curves,
    /// The loss histories, CSV.
    Losses,
    /// The selected run's model, JSON.
    Model,
}

/// The Export window's fields (kept between frames, not saved).
#[derive(Debug, Clone, Default)]
pub struct ExportFields {
    /// Whether the window is open.
    pub open: bool,
    /// The path typed.
    pub path: String,
    /// Why the last export was refused.
    pub error: Option<String>,
}

impl ApproxApp {
    /// Draws the Export window, and writes a file when asked.
    pub(super) fn export_window(&mut self, ctx: &egui::Context) {
        let mut fields = self.export.clone();
        let mut open = fields.open;
        let mut chosen = None;
        egui::Window::new("Export")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                path_field(
                    ui,
                    "File",
                    &mut fields.path,
                    "/path/to/file",
                    "Where to write (an existing file is replaced whole, or not at all).",
                    &mut false,
                );
                ui.horizontal(|ui| {
                    let buttons = [
                        (ExportKind::Curves, "Curves (CSV)", "x, target, every run's prediction, the selected run's neuron pieces and output bias"),
                        (ExportKind::Losses, "Losses (CSV)", "every run's loss history: step, seconds, train, validation, outside"),
                        (ExportKind::Model, "Model (JSON)", "the selected run's network, Keras kernel layout (train --load-model reads it)"),
                    ];
                    for (kind, text, tip) in buttons {
                        if ui.button(text).on_hover_text(tip).clicked() {
                            chosen = Some(kind);
                        }
                    }
                });
                error_line(ui, fields.error.as_deref());
            });
        fields.open = open;
        self.export = fields;
        if let Some(kind) = chosen {
            self.export_to(kind);
        }
    }

    fn export_to(&mut self, kind: ExportKind) {
        let path = self.export.path.trim().to_string();
        if path.is_empty() {
            self.export.error = Some("type the file's path first".into());
            return;
        }
        let file = std::path::Path::new(&path);
        let snap = std::sync::Arc::clone(&self.snapshot);
        let run = snap.run(self.selected);
        let written = match kind {
            ExportKind::Curves => {
                let mut names = Vec::new();
                let mut columns = Vec::new();
                for (i, r) in snap.runs.iter().enumerate() {
                    names.push(run_label(&snap, i));
                    columns.push(r.prediction.clone());
                }
                for (j, c) in run.contributions.iter().enumerate() {
                    names.push(format!("neuron_{}", j + 1));
                    columns.push(c.clone());
                }
                names.push("output_bias".into());
                columns.push(vec![run.output_bias; snap.data.view_x.len()]);
                let text = curves::grid_csv(
                    &snap.data.view_x,
                    snap.data.target.as_deref(),
                    &names,
                    &columns,
                );
                crate::files::write_atomic(file, text.as_bytes(), "CSV file")
            }
            ExportKind::Losses => {
                let runs: Vec<(String, &[crate::train::LossRecord])> = snap
                    .runs
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (run_label(&snap, i), r.history.as_slice()))
                    .collect();
                curves::save_loss_csv(file, &runs)
            }
            ExportKind::Model => model::save(file, &run.mlp.cast()),
        };
        match written {
            Ok(()) => {
                self.export.error = None;
                self.export.open = false;
                self.say_locally(Severity::Info, format!("written to {path}"));
            }
            Err(e) => self.export.error = Some(e),
        }
    }
}
