//! What the window does with its widgets' [`Action`]s, after the frame's layout: settings are brought
//! within their limits and checked before they go to the lab (a refusal or a clamp is said in the status
//! line, and nothing already there is lost); data edits go to every run, network and training edits to
//! the selected one.

use super::{ApproxApp, UiState};
use crate::app::state::Action;
use crate::train::{Command, Severity};

impl ApproxApp {
    /// Carries out what the widgets asked for.
    pub(super) fn act(&mut self, actions: Vec<Action>) {
        if self.pictures.frozen {
            return;
        }
        for action in actions {
            match action {
                Action::Settings(next) => {
                    self.edit(next);
                }
                Action::Speed {
                    steps_per_frame,
                    max_speed,
                } => {
                    self.state.steps_per_frame = steps_per_frame;
                    self.state.max_speed = max_speed;
                    self.driver.send(Command::Speed {
                        steps_per_frame,
                        max_speed,
                    });
                }
                Action::Defaults => {
                    // one undo step for all the defaults replace, not a second one for the new shape
                    self.remember_before_defaults();
                    let defaults = UiState::default();
                    self.state.keep_neurons = defaults.keep_neurons;
                    self.edit_with(defaults.settings, false);
                    self.act(vec![Action::Speed {
                        steps_per_frame: defaults.steps_per_frame,
                        max_speed: defaults.max_speed,
                    }]);
                }
                Action::Reseed => self.driver.send(Command::Reseed),
                Action::Compare => {
                    // identical settings must show identical fits: every run starts over together
                    self.remember_runs("compare from the start".into(), None);
                    self.lab.select_newest_beyond = Some(self.lab.snapshot.runs.len());
                    self.driver.send(Command::Compare(self.lab.selected));
                    self.driver.send(Command::Reset);
                    if self.lab.snapshot.runs.len() < crate::train::lab::MAX_RUNS {
                        self.say_locally(
                            Severity::Info,
                            format!(
                                "run {} added with the same settings and initial weights; every run \
                                 starts over from step 0 together (Undo takes it back; Branch here \
                                 copies a run as it is now)",
                                self.lab.snapshot.runs.len() + 1
                            ),
                        );
                    }
                }
                Action::Branch => {
                    if self.lab.snapshot.runs.len() < crate::train::lab::MAX_RUNS {
                        self.remember_runs("branch here".into(), None);
                    }
                    self.lab.select_newest_beyond = Some(self.lab.snapshot.runs.len());
                    self.driver.send(Command::Branch(self.lab.selected));
                }
                Action::Select(id) => self.select(id),
                Action::Remove(id) => {
                    if self.lab.snapshot.runs.len() > 1 {
                        let what = format!("{} removed", self.run_title(id));
                        self.remember_runs(what, None);
                    }
                    self.driver.send(Command::Remove(id));
                }
                Action::KeepOnly(id) => {
                    if self.lab.snapshot.runs.len() > 1 {
                        let what = format!("only {} kept", self.run_title(id));
                        self.remember_runs(what, None);
                    }
                    self.driver.send(Command::KeepOnly(id));
                }
                Action::KeepNeurons(keep) => self.state.keep_neurons = keep,
                Action::TimeAxis(time) => self.state.time_axis = time,
                Action::ShowGradients(open) => self.state.gradients = open,
                Action::Ensemble(members) => {
                    let id = self.lab.selected;
                    let what = if members > 1 {
                        format!("seeds ×{members} on {}", self.run_title(id))
                    } else {
                        format!("{} a single run again", self.run_title(id))
                    };
                    self.remember_runs(what, None);
                    self.driver.send(Command::Ensemble { run: id, members });
                }
                Action::Send(command) => self.driver.send(command),
                Action::ShowExport => self.windows.export.open = true,
                Action::Export(request) => self.export(request),
                Action::Say(severity, text) => self.say_locally(severity, text),
                Action::StopRecording => self.stop_recording(),
                Action::ShowSweep => self.windows.sweep.fields.open = true,
                Action::CancelFiles => {
                    let cancelled = self.files.cancel();
                    if !cancelled.is_empty() {
                        let what = cancelled.join(", ");
                        self.say_locally(
                            Severity::Info,
                            format!("cancelled {what}; nothing changed"),
                        );
                    }
                }
                Action::Tour(a) => self.tour_action(a),
                Action::Predict(a) => self.predict_action(a),
                Action::AskToPredict(ask) => self.state.ask_to_predict = ask,
                Action::DismissTourHint => self.state.tour_offered = true,
                Action::Presenter { scale, fullscreen } => {
                    let largest = self.launch.largest_scale;
                    self.state.ui_scale = scale.clamp(*super::state::UI_SCALE.start(), largest);
                    if scale > largest + 1e-3 {
                        self.say_locally(
                            Severity::Info,
                            format!(
                                "UI scale {largest:.2} is the largest this window holds; a larger window (or full screen, F11) allows more"
                            ),
                        );
                    }
                    self.state.fullscreen = fullscreen;
                }
                Action::Undo if self.windows.predict.drawing => {
                    self.predict_action(super::PredictAction::UndoStroke);
                }
                Action::Undo => {
                    self.history.last_point_edit = None;
                    self.history.last_weights_edit = None;
                    self.history.last_shape_edit = None;
                    self.undo_last();
                }
                Action::Session(action) => self.session_action(action),
                Action::Data(action) => self.data_action(action),
            }
        }
        let snapshot = self.driver.latest();
        self.refresh(snapshot);
    }

    /// New settings from the controls: the data part for every run, the rest for the selected run.
    /// Returns the reason when they are refused (also said in the status line).
    pub(super) fn edit(&mut self, next: crate::train::Settings) -> Option<String> {
        self.edit_with(next, true)
    }

    /// As [`Self::edit`]; a new shape or seed is an undo step of its own only when `undoable` (the
    /// defaults make their own).
    fn edit_with(&mut self, mut next: crate::train::Settings, undoable: bool) -> Option<String> {
        // points cleared and not yet redrawn: the data in force stay
        if matches!(&next.data.source, crate::data::Source::Points(p) if p.is_empty()) {
            next.data = self.lab.snapshot.data.settings.clone();
        }
        let clamped = next.clamp_to_limits();
        // new data are checked and sampled here, once, and sent sampled: an f(x) finite nowhere on the
        // interval is refused before the controls show it; data that did not change are not checked
        // again (the comparison of given points is one pointer's while they are not edited)
        let checked = next.run_settings().check().and_then(|run| {
            let data = (next.data != self.state.settings.data)
                .then(|| Command::data(next.data.clone()))
                .transpose()?;
            Ok((run, data))
        });
        let (run_settings, new_data) = match checked {
            Ok(checked) => checked,
            Err(e) => {
                self.say_locally(Severity::Warning, format!("setting refused: {e}"));
                return Some(e);
            }
        };
        let drawn_anew = |s: &crate::train::Settings| (s.net.clone(), s.seed);
        if undoable && drawn_anew(&next) != drawn_anew(&self.state.settings) {
            self.remember_shape_edit();
        }
        let before = std::mem::replace(&mut self.state.settings, next.clone());
        if let Some(command) = new_data {
            self.driver.send(command);
        }
        if *run_settings != before.run_settings() {
            self.driver.send(Command::Apply {
                run: self.lab.selected,
                settings: run_settings,
                keep_neurons: self.state.keep_neurons,
            });
        }
        if !clamped.is_empty() {
            self.say_locally(Severity::Warning, clamped.join("; "));
        }
        None
    }

    /// "run 2", as the run list numbers it.
    fn run_title(&self, id: crate::train::RunId) -> String {
        let index = self
            .lab
            .snapshot
            .runs
            .iter()
            .position(|r| r.id == id)
            .unwrap_or(0);
        format!("run {}", index + 1)
    }

    /// Shows the window's own message at once, until the lab says something newer; and has the lab say
    /// it too, after the commands already sent, so a message they cause (a reinitialisation after a
    /// width typed out of range) does not end up hiding it: it comes back after that answer.
    pub(super) fn say_locally(&mut self, severity: Severity, text: String) {
        let said = self.driver.latest().messages_said;
        if self.driver.healthy() {
            self.driver.send(Command::Note {
                severity,
                text: text.clone(),
            });
        }
        self.lab.local_message = Some((said, severity, text));
    }

    /// The message the status line shows: the window's own until the lab says something newer.
    pub(super) fn status_message(&self) -> Option<(Severity, &str)> {
        match &self.lab.local_message {
            Some((after, sev, text)) if self.lab.snapshot.messages_said <= *after => {
                Some((*sev, text.as_str()))
            }
            _ => self
                .lab
                .snapshot
                .message
                .as_ref()
                .map(|m| (m.severity, m.text.as_str())),
        }
    }
}
