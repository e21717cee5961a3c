//! The Export window: a picture (PNG) of the window or of one plot at 1× or 2× its pixels, a GIF of it
//! recorded while the user trains, the curves over the view (x, target, every run's prediction, the
//! selected run's neuron contributions and output bias) and the loss histories of every run as CSV, and
//! the selected run's model as JSON — each to a path typed in the window, written atomically on a file
//! job (`file_jobs`), so a slow disk never holds the frame.

use super::{LabContext, LabWindow};
use crate::app::ApproxApp;
use crate::app::capture::PictureJob;
use crate::app::file_jobs::{Done, Written, describe};
use crate::app::path_field::{error_line, path_field};
use crate::app::picture::PictureArea;
use crate::app::plots::run_label;
use crate::app::state::Action;
use crate::files::{curves, model};

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

/// What the Export window asks the app to write.
#[derive(Debug, Clone)]
pub enum ExportRequest {
    /// A file written at once from the lab as last drawn.
    File {
        /// What the file holds.
        kind: ExportKind,
        /// Where it goes.
        path: String,
    },
    /// A PNG, taken after the frame.
    Picture(PictureJob),
    /// Start a GIF recording of `area` to `path`.
    Record {
        /// Where the GIF goes.
        path: String,
        /// What it shows.
        area: PictureArea,
    },
}

/// The Export window's fields (kept between frames, not saved).
#[derive(Debug, Clone)]
pub struct ExportWindow {
    /// What a picture or a GIF shows.
    pub area: PictureArea,
    /// A picture's pixels per point relative to the window: 1 or 2.
    pub scale: u8,
    /// Whether the window is open.
    pub open: bool,
    /// The path typed.
    pub path: String,
    /// Why the last export was refused.
    pub error: Option<String>,
}

impl Default for ExportWindow {
    fn default() -> Self {
        Self {
            area: PictureArea::Window,
            scale: 1,
            open: false,
            path: String::new(),
            error: None,
        }
    }
}

/// A button of the Export window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chosen {
    /// A file written at once.
    File(ExportKind),
    /// A PNG, taken after the frame.
    Picture,
    /// Start a GIF recording.
    Record,
}

impl LabWindow for ExportWindow {
    fn name(&self) -> &'static str {
        "Export"
    }

    fn is_open(&self) -> bool {
        self.open
    }

    /// Draws the Export window; returns the file, picture or recording asked for. Never in a picture.
    fn ui(&mut self, ui: &mut egui::Ui, lab: &LabContext<'_>) -> Vec<Action> {
        if lab.picture_pass {
            return Vec::new();
        }
        let ctx = ui.ctx().clone();
        let mut chosen = None;
        super::dialog(&ctx, self.name())
            .open(&mut self.open)
            .show(&ctx, |ui| {
                let _ = path_field(
                    ui,
                    "File",
                    &mut self.path,
                    "/path/to/file",
                    "Where to write (an existing file is replaced whole, or not at all).",
                    &mut false,
                );
                ui.horizontal(|ui| {
                    let label = ui.label("Picture or GIF of");
                    egui::ComboBox::from_id_salt("export area")
                        .selected_text(self.area.name())
                        .show_ui(ui, |ui| {
                            for area in PictureArea::ALL {
                                ui.selectable_value(&mut self.area, area, area.name());
                            }
                        })
                        .response
                        .labelled_by(label.id)
                        .on_hover_text("What the picture or the GIF shows: the whole window or one plot.");
                    ui.label("PNG scale");
                    ui.selectable_value(&mut self.scale, 1, "1×")
                        .on_hover_text("The picture has the window's pixels.");
                    ui.selectable_value(&mut self.scale, 2, "2×").on_hover_text(
                        "Twice the pixels along each side, the same layout: for slides.",
                    );
                });
                ui.horizontal(|ui| {
                    if ui
                        .button("Picture (PNG)")
                        .on_hover_text("A picture of what is on screen now.")
                        .clicked()
                    {
                        chosen = Some(Chosen::Picture);
                    }
                    if ui
                        .button("Record (GIF)")
                        .on_hover_text(
                            "Record what is on screen (at 1×), 10 frames a second, until you press \
                             Stop recording in the top bar.",
                        )
                        .clicked()
                    {
                        chosen = Some(Chosen::Record);
                    }
                });
                ui.horizontal(|ui| {
                    let buttons = [
                        (ExportKind::Curves, "Curves (CSV)", "x, target, every run's prediction, the selected run's neuron pieces and output bias"),
                        (ExportKind::Losses, "Losses (CSV)", "every run's loss history: step, seconds, train, validation, outside"),
                        (ExportKind::Model, "Model (JSON)", "the selected run's network, Keras kernel layout (train --load-model reads it)"),
                    ];
                    for (kind, text, tip) in buttons {
                        if ui.button(text).on_hover_text(tip).clicked() {
                            chosen = Some(Chosen::File(kind));
                        }
                    }
                });
                error_line(ui, self.error.as_deref());
            });
        let Some(chosen) = chosen else {
            return Vec::new();
        };
        let Some(path) = self.typed_path() else {
            return Vec::new();
        };
        let request = match chosen {
            Chosen::File(kind) => ExportRequest::File { kind, path },
            Chosen::Picture => ExportRequest::Picture(PictureJob {
                area: self.area,
                scale: f32::from(self.scale),
                path,
            }),
            Chosen::Record => ExportRequest::Record {
                path,
                area: self.area,
            },
        };
        vec![Action::Export(request)]
    }
}

impl ExportWindow {
    /// The typed path, or a message under the field when there is none.
    fn typed_path(&mut self) -> Option<String> {
        let path = self.path.trim().to_string();
        if path.is_empty() {
            self.error = Some("type the file's path first".into());
            return None;
        }
        Some(path)
    }
}

impl ApproxApp {
    /// Carries out what the Export window asked for.
    pub(in crate::app) fn export(&mut self, request: ExportRequest) {
        match request {
            ExportRequest::File { kind, path } => self.export_to(kind, path),
            ExportRequest::Picture(job) => self.pictures.pending_picture = Some(job),
            ExportRequest::Record { path, area } => {
                let window = &mut self.windows.export;
                if self.pictures.recording.is_some() {
                    window.error = Some("a recording is already running: stop it first".into());
                    return;
                }
                window.error = None;
                window.open = false;
                self.start_recording(path, area);
            }
        }
    }

    fn export_to(&mut self, kind: ExportKind, path: String) {
        let file = std::path::Path::new(&path);
        let snap = std::sync::Arc::clone(&self.lab.snapshot);
        let run = snap.run(self.lab.selected);
        let write: Box<dyn FnOnce() -> Result<(), String> + Send> = match kind {
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
                if let Some(e) = &run.ensemble {
                    // the selected ensemble's members and band, named as `train --ensemble --csv` names them
                    for (k, member) in e.band.members.iter().enumerate() {
                        names.push(format!("member_{k}"));
                        columns.push(member.clone());
                    }
                    for (name, column) in [("low", &e.band.low), ("high", &e.band.high)] {
                        names.push(name.into());
                        columns.push(column.clone());
                    }
                }
                let text = curves::grid_csv(
                    &snap.data.view_x,
                    snap.data.target.as_deref(),
                    &names,
                    &columns,
                );
                let file = file.to_path_buf();
                Box::new(move || crate::files::write_atomic(&file, text.as_bytes(), "CSV file"))
            }
            ExportKind::Losses => {
                let runs: Vec<(String, &[crate::train::LossRecord])> = snap
                    .runs
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (run_label(&snap, i), r.history.as_slice()))
                    .collect();
                let text = curves::loss_csv(&runs);
                let file = file.to_path_buf();
                Box::new(move || crate::files::write_atomic(&file, text.as_bytes(), "CSV file"))
            }
            ExportKind::Model => {
                let mlp = run.mlp.cast();
                let file = file.to_path_buf();
                Box::new(move || model::save(&file, &mlp))
            }
        };
        let what = describe("writing", &path);
        let done = self.files.start(what, move |_| Done::Written {
            what: Written::Export,
            result: write().map(|()| format!("written to {path}")),
            path,
        });
        if let Some(done) = done {
            self.file_done(done);
        }
    }
}
