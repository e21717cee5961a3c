//! Session files in the window: a "Session file" window (a path field — no system dialog is needed, so
//! it works on any desktop, under Xvfb and in tests — Open, Save, the five recent files, the reason of a
//! refusal), Ctrl+O and Ctrl+S. Saving asks the lab for its full state over a channel and writes it
//! (atomically) once it arrives; opening reads and checks the file first, so a bad one changes nothing.

use super::{LabContext, LabWindow};
use crate::app::ApproxApp;
use crate::app::file_jobs::{Done, Written, describe};
use crate::app::path_field::{error_line, path_field, recent_files, remember_recent};
use crate::app::state::{Action, SessionFiles};
use crate::files::session;
use crate::train::{Command, Severity};

/// The "Session file" window's own fields (the path and the recent files are remembered in `UiState`).
#[derive(Default)]
pub struct SessionWindow {
    /// Whether the window is open.
    pub open: bool,
    /// Why the last open or save was refused.
    pub error: Option<String>,
    /// The window was just opened: the path field takes the keyboard.
    focus_path: bool,
    /// A session file waiting for the lab's state to be written.
    pending_save: Option<(String, std::sync::mpsc::Receiver<crate::train::SavedLab>)>,
}

impl LabWindow for SessionWindow {
    fn name(&self) -> &'static str {
        "Session file"
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn ui(&mut self, ui: &mut egui::Ui, lab: &LabContext<'_>) -> Vec<Action> {
        let ctx = ui.ctx().clone();
        let fields = &lab.state.session;
        let mut actions = Vec::new();
        let mut f = fields.clone();
        let mut open = true;
        super::dialog(&ctx, self.name())
            .open(&mut open)
            .show(&ctx, |ui| {
                ui.label("The data, every run and its full training state, to go on exactly where it stopped.");
                let entered = path_field(
                    ui,
                    "Session",
                    &mut f.path,
                    "/path/to/experiment.approxlab.json",
                    "The session file's path.",
                    &mut self.focus_path,
                );
                // Enter opens a file that is there and saves to a new one: it never writes over a file
                let exists = std::path::Path::new(f.path.trim()).is_file();
                ui.horizontal(|ui| {
                    if ui.button("Open").on_hover_text("Replace everything by this session (Ctrl+O).").clicked()
                        || (entered && exists)
                    {
                        actions.push(Action::Session(SessionAction::Open(f.path.clone())));
                    }
                    if ui.button("Save").on_hover_text("Write this session to the file (Ctrl+S).").clicked()
                        || (entered && !exists)
                    {
                        actions.push(Action::Session(SessionAction::Save(f.path.clone())));
                    }
                    let enter = if exists { "Enter opens it" } else { "Enter saves to it (a new file)" };
                    ui.label(egui::RichText::new(enter).small().weak());
                });
                // below the buttons, so a message or the list never moves them
                error_line(ui, self.error.as_deref());
                recent_files(ui, &f.recent, &mut f.path);
            });
        // a refusal was about the path it names: it goes once the path changes
        if f.path != fields.path {
            self.error = None;
        }
        self.open = open;
        if f != *fields {
            actions.insert(0, Action::Session(SessionAction::Fields(f)));
        }
        actions
    }
}

/// What the session window and its keys ask for (handled by [`ApproxApp::session_action`]).
#[derive(Debug, Clone)]
pub enum SessionAction {
    /// Open or close the session window.
    Show(bool),
    /// Keep the session window's fields as typed.
    Fields(SessionFiles),
    /// Save the lab to this session file.
    Save(String),
    /// Open this session file.
    Open(String),
    /// Ctrl+S: save to the current session file, or ask for one.
    QuickSave,
}

impl ApproxApp {
    /// Carries out the session actions.
    pub(in crate::app) fn session_action(&mut self, action: SessionAction) {
        match action {
            SessionAction::Show(open) => {
                self.windows.session.open = open;
                self.windows.session.focus_path = open;
                if open && self.state.session.path.trim().is_empty() {
                    self.state.session.path = crate::app::path_field::default_session_path();
                }
            }
            SessionAction::Fields(fields) => self.state.session = fields,
            SessionAction::Save(path) => self.save_session(path),
            SessionAction::Open(path) => self.open_session(path),
            SessionAction::QuickSave => {
                let path = self.state.session.path.clone();
                if path.trim().is_empty() {
                    self.session_action(SessionAction::Show(true));
                } else {
                    self.save_session(path);
                }
            }
        }
    }

    fn remember_session(&mut self, path: &str) {
        let s = &mut self.state.session;
        s.path = path.to_string();
        remember_recent(&mut s.recent, path);
        self.windows.session.error = None;
        self.windows.session.open = false;
    }

    /// Asks the lab for its state; [`ApproxApp::finish_save`] writes it when it arrives.
    fn save_session(&mut self, path: String) {
        if path.trim().is_empty() {
            self.windows.session.error = Some("type the session file's path first".into());
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        self.driver.send(Command::Capture(tx));
        self.windows.session.pending_save = Some((path, rx));
        self.finish_save();
    }

    /// Once the lab's state has arrived (the same frame inline, within one on the thread), writes it
    /// on a file job; the Session window hears how it went.
    pub(in crate::app) fn finish_save(&mut self) {
        let Some((path, rx)) = &self.windows.session.pending_save else {
            return;
        };
        let Ok(mut saved) = rx.try_recv() else {
            return;
        };
        let prediction = &self.windows.predict.prediction;
        saved.prediction = (!prediction.curve.is_empty()).then(|| prediction.clone());
        let path = path.clone();
        self.windows.session.pending_save = None;
        let what = describe("saving the session to", &path);
        let done = self.files.start(what, move |_| Done::Written {
            what: Written::Session,
            result: session::save(std::path::Path::new(path.trim()), &saved)
                .map(|()| format!("session saved to {path}")),
            path,
        });
        if let Some(done) = done {
            self.file_done(done);
        }
    }

    /// Reads and checks the session on a file job; the lab is replaced only once it has all arrived.
    fn open_session(&mut self, path: String) {
        self.windows.session.error = None;
        let what = describe("reading the session", &path);
        let done = self.files.start(what, move |cancel| Done::Session {
            result: session::load_cancellable(std::path::Path::new(path.trim()), Some(cancel))
                .map(Box::new),
            path,
        });
        if let Some(done) = done {
            self.file_done(done);
        }
    }

    /// Takes what a file job delivered: the lab, the points or a written file's outcome.
    pub(in crate::app) fn file_done(&mut self, done: Done) {
        match done {
            Done::Session { path, result } => match result {
                Ok(saved) => {
                    self.remember_session(&path);
                    let prediction = saved.prediction.clone().unwrap_or_default();
                    self.windows.predict.replace(prediction);
                    self.open_lab(saved);
                }
                Err(e) => self.windows.session.error = Some(e),
            },
            Done::Points { path, result } => self.imported(path, result),
            Done::Written {
                what: Written::Session,
                path,
                result,
            } => match result {
                Ok(said) => {
                    self.remember_session(&path);
                    self.say_locally(Severity::Info, said);
                }
                Err(e) => self.windows.session.error = Some(e),
            },
            Done::Written {
                what: Written::Export,
                result,
                ..
            } => match result {
                Ok(said) => {
                    self.windows.export.error = None;
                    self.windows.export.open = false;
                    self.say_locally(Severity::Info, said);
                }
                Err(e) => {
                    self.windows.export.open = true;
                    self.windows.export.error = Some(e);
                }
            },
        }
    }
}
