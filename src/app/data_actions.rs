//! The data and hand actions: a typed f(x) (checked here first, so a mistake is shown under the field and
//! the target in force keeps training), points edited on the plot, points imported from a CSV file (the
//! recent files remembered), weights set by hand and neurons added on the plots — with one undo stack
//! for the point edits and every change to the networks or the list of runs (the lab writes the runs
//! down before such a change, and undo brings them back exactly: shape, weights, optimizer, step).

use super::ApproxApp;
use super::path_field::remember_recent;
use super::state::{ImportState, PointEdit};
use crate::data::{GivenPoints, Source, TypedFunction, csv_points};
use crate::train::{Command, Severity};

/// Edits remembered for undo.
const UNDO_DEPTH: usize = 200;

/// One step back for Ctrl+Z.
#[derive(Debug, Clone)]
pub(super) enum UndoStep {
    /// The points before an edit (shared with the settings that held them, not copied).
    Points(GivenPoints),
    /// Every run before a change to a network (a hand edit, a neuron added, a new shape) or to the list
    /// of runs (removed, only one kept, the defaults): the lab's checkpoint `token`; `what` names the
    /// change; `before` holds what else the change replaced (the defaults' data and speed).
    Runs {
        token: u64,
        what: String,
        before: Option<Box<Before>>,
    },
}

/// The undo stack and what groups a drag's frames into one step.
#[derive(Default)]
pub(super) struct History {
    /// Earlier point sets and hand-set weights, for Ctrl+Z (newest last).
    pub(super) steps: Vec<UndoStep>,
    /// The last point edit (a drag's frames make one undo step).
    pub(super) last_point_edit: Option<PointEdit>,
    /// The label of the weight drag in progress (its frames make one undo step).
    pub(super) last_weights_edit: Option<String>,
    /// When the last network-shape edit came: a slider drag's frames within a second make one undo step.
    pub(super) last_shape_edit: Option<std::time::Instant>,
    /// The number of the next checkpoint the lab is asked to write for undo.
    pub(super) next_checkpoint: u64,
}

/// What the defaults replaced besides the runs, to put back on undo.
#[derive(Debug, Clone)]
pub(super) struct Before {
    data: crate::data::DataSettings,
    steps_per_frame: u32,
    max_speed: bool,
    keep_neurons: bool,
}

/// What the data controls, the points editor, the weights by hand and the import and formula windows ask
/// for (each handled by [`ApproxApp::data_action`], every variant by name).
#[derive(Debug, Clone)]
pub enum DataAction {
    /// Apply this typed f(x) as the target (if it reads).
    Expression(String),
    /// Keep the f(x) field's text as typed.
    ExpressionText(String),
    /// Switch to points: the current target's sampled points, to nudge.
    PointsFromTarget,
    /// The "Edit points" mode on or off.
    EditPoints(bool),
    /// A point edit on the plot.
    EditPoint(PointEdit),
    /// Remove every point.
    ClearPoints,
    /// Open or close the import window.
    ShowImport(bool),
    /// Weights set by hand on the contributions plot (with what was done).
    SetWeights(Vec<f32>, String),
    /// A new neuron centred at this x.
    AddNeuron(f64),
    /// Open or close the formula window.
    Formula(bool),
    /// Keep the import window's remembered fields as typed.
    ImportFields(ImportState),
    /// Read the points of this CSV file (columns "x,y" or empty).
    Import {
        /// The file.
        path: String,
        /// The columns' names, "x,y", or empty for the first two.
        columns: String,
    },
}

impl ApproxApp {
    /// Carries out the actions about where the data come from.
    pub(super) fn data_action(&mut self, action: DataAction) {
        match action {
            DataAction::Expression(text) => self.apply_expression(text),
            DataAction::ExpressionText(text) => {
                self.state.expression = text;
                self.state.expression_error = None;
            }
            DataAction::PointsFromTarget => self.points_from_target(),
            DataAction::EditPoints(on) => {
                self.state.edit_points = on;
                if !on
                    && matches!(&self.state.settings.data.source, Source::Points(p) if p.is_empty())
                {
                    self.state.settings.data = self.lab.snapshot.data.settings.clone();
                }
                if on && !matches!(self.state.settings.data.source, Source::Points(_)) {
                    self.points_from_target();
                }
            }
            DataAction::EditPoint(edit) => self.edit_point(edit),
            DataAction::ClearPoints => {
                self.remember_points();
                self.state.settings.data.source = Source::Points(GivenPoints::default());
                self.say_locally(
                    Severity::Info,
                    "no points left: click on the fit plot to add some (training goes on with the last \
                     data until then)"
                        .into(),
                );
            }
            DataAction::SetWeights(params, label) => self.set_weights(params, label),
            DataAction::AddNeuron(at) => {
                self.remember_runs(format!("neuron added at x = {at:.2}"), None);
                self.driver.send(Command::AddNeuron {
                    run: self.lab.selected,
                    at,
                });
            }
            DataAction::ShowImport(open) => self.windows.import.show(open),
            DataAction::ImportFields(fields) => self.state.import = fields,
            DataAction::Formula(open) => self.windows.formula.open = open,
            DataAction::Import { path, columns } => self.import(path, columns),
        }
    }

    fn apply_expression(&mut self, text: String) {
        self.state.expression = text.clone();
        // a mistake in the text is shown where it is; then the edit checks that the data sample (an f(x)
        // finite nowhere on the interval is refused there) and its reason is shown under the field too
        let typed = TypedFunction::new(text);
        if let Err(e) = typed.compiled() {
            self.state.expression_error = Some(e.clone());
            return;
        }
        let mut next = self.state.settings.clone();
        next.data.source = Source::Expression(typed);
        self.state.expression_error = self.edit(next).map(|message| crate::data::ExpressionError {
            message,
            position: 0,
        });
    }

    /// Points from the data in force: the training and validation points of the target, to nudge.
    fn points_from_target(&mut self) {
        let data = &self.lab.snapshot.data;
        let points: Vec<[f64; 2]> = data
            .train_points
            .iter()
            .chain(&data.val_points)
            .copied()
            .collect();
        self.set_points(points);
    }

    /// The points being edited: the data's own, or none yet.
    fn points(&self) -> Vec<[f64; 2]> {
        match &self.state.settings.data.source {
            Source::Points(p) => p.to_vec(),
            _ => Vec::new(),
        }
    }

    fn remember(&mut self, step: UndoStep) {
        if self.history.steps.len() == UNDO_DEPTH {
            self.history.steps.remove(0);
        }
        self.history.last_shape_edit = None;
        self.history.steps.push(step);
    }

    /// Has the lab write every run down before a change to the networks or to the list of runs, and
    /// remembers it as one undo step named `what` (with what else the change replaces, if anything).
    pub(super) fn remember_runs(&mut self, what: String, before: Option<Before>) {
        let token = self.history.next_checkpoint;
        self.history.next_checkpoint += 1;
        self.driver.send(Command::Checkpoint(token));
        self.remember(UndoStep::Runs {
            token,
            what,
            before: before.map(Box::new),
        });
    }

    /// Before the defaults: every run, and the data and speed they replace.
    pub(super) fn remember_before_defaults(&mut self) {
        let before = Before {
            data: self.state.settings.data.clone(),
            steps_per_frame: self.state.steps_per_frame,
            max_speed: self.state.max_speed,
            keep_neurons: self.state.keep_neurons,
        };
        self.remember_runs("the defaults".into(), Some(before));
    }

    /// Before new settings reshape or re-draw the selected network (width, depth, activation, init,
    /// seed): one undo step, or none more while a slider drag goes on (edits within a second).
    pub(super) fn remember_shape_edit(&mut self) {
        let dragging = self
            .history
            .last_shape_edit
            .is_some_and(|at| at.elapsed() < std::time::Duration::from_secs(1));
        if !dragging {
            self.remember_runs("the network's change".into(), None);
        }
        self.history.last_shape_edit = Some(std::time::Instant::now());
    }

    fn remember_points(&mut self) {
        if let Source::Points(p) = &self.state.settings.data.source {
            let step = UndoStep::Points(p.clone());
            self.remember(step);
        }
    }

    /// Weights set by hand for the selected run; a drag's first frame remembers the weights before it.
    fn set_weights(&mut self, params: Vec<f32>, label: String) {
        let limit = crate::limits::WEIGHT;
        if let Some(bad) = params
            .iter()
            .map(|v| f64::from(*v))
            .find(|v| !limit.allows(*v))
        {
            self.say_locally(
                Severity::Warning,
                format!(
                    "setting refused: {}",
                    limit.refusal(crate::limits::show(bad))
                ),
            );
            return;
        }
        if self.history.last_weights_edit.as_ref() != Some(&label) {
            self.remember_runs(label.clone(), None);
            self.history.last_weights_edit = Some(label.clone());
        }
        self.driver.send(Command::SetWeights {
            run: self.lab.selected,
            params,
            label,
        });
    }

    /// Makes `points` the data (every run keeps its weights); an empty set waits for the first point.
    fn set_points(&mut self, points: Vec<[f64; 2]>) {
        self.remember_points();
        let mut next = self.state.settings.clone();
        next.data.source = Source::Points(points.into());
        if matches!(&next.data.source, Source::Points(p) if p.is_empty()) {
            self.state.settings = next;
            return;
        }
        self.edit(next);
    }

    fn edit_point(&mut self, edit: PointEdit) {
        let mut points = self.points();
        // one undo step per drag, not per frame of it
        let continuing = matches!((edit, self.history.last_point_edit), (PointEdit::Move(i, _), Some(PointEdit::Move(j, _))) if i == j);
        self.history.last_point_edit = Some(edit);
        if continuing {
            if let PointEdit::Move(i, p) = edit
                && i < points.len()
            {
                points[i] = p;
                let mut next = self.state.settings.clone();
                next.data.source = Source::Points(points.into());
                self.edit(next);
            }
            return;
        }
        match edit {
            PointEdit::Add(p) => points.push(p),
            PointEdit::Move(i, p) if i < points.len() => points[i] = p,
            PointEdit::Remove(i) if i < points.len() => {
                points.remove(i);
            }
            _ => return,
        }
        self.set_points(points);
    }

    /// Undoes the newest point edit or change to the networks or runs.
    pub(super) fn undo_last(&mut self) {
        match self.history.steps.pop() {
            None => self.say_locally(Severity::Info, "nothing to undo".into()),
            Some(UndoStep::Points(points)) => {
                let mut next = self.state.settings.clone();
                next.data.source = Source::Points(points);
                self.edit(next);
            }
            Some(UndoStep::Runs {
                token,
                what,
                before,
            }) => {
                if let Some(before) = before {
                    let mut next = self.state.settings.clone();
                    next.data = before.data;
                    self.edit(next);
                    self.state.keep_neurons = before.keep_neurons;
                    self.state.steps_per_frame = before.steps_per_frame;
                    self.state.max_speed = before.max_speed;
                    self.driver.send(Command::Speed {
                        steps_per_frame: before.steps_per_frame,
                        max_speed: before.max_speed,
                    });
                }
                self.driver.send(Command::RestoreCheckpoint { token, what });
                // the edits undone may have left the selection on a run that comes back
                self.lab.last_seen = None;
            }
        }
    }

    fn import(&mut self, path: String, columns: String) {
        let names: Vec<&str> = columns
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let pick = match names.as_slice() {
            [] => None,
            [x, y] => Some((*x, *y)),
            _ => {
                self.windows.import.error = Some(format!(
                    "columns: give two names, x and y, such as t,volts (got '{columns}')"
                ));
                return;
            }
        };
        let pick = pick.map(|(x, y)| (x.to_string(), y.to_string()));
        // the last refusal was about another file: it goes while this one is read
        self.windows.import.error = None;
        let what = super::file_jobs::describe("reading points from", &path);
        let done = self.files.start(what, move |cancel| {
            let columns = pick.as_ref().map(|(x, y)| (x.as_str(), y.as_str()));
            super::file_jobs::Done::Points {
                result: csv_points::load_points_cancellable(
                    std::path::Path::new(path.trim()),
                    columns,
                    Some(cancel),
                ),
                path,
            }
        });
        if let Some(done) = done {
            self.file_done(done);
        }
    }

    /// Takes the points a file job read (or why not): only now does anything change.
    pub(super) fn imported(&mut self, path: String, result: Result<Vec<[f64; 2]>, String>) {
        match result {
            Ok(points) => {
                let count = points.len();
                self.windows.import.error = None;
                self.windows.import.open = false;
                remember_recent(&mut self.state.import.recent, &path);
                self.set_points(points);
                self.say_locally(
                    Severity::Info,
                    format!("{count} points imported from {path}"),
                );
            }
            Err(e) => self.windows.import.error = Some(e),
        }
    }
}
