//! The data and hand actions: a typed f(x) (checked here first, so a mistake is shown under the field and
//! the target in force keeps training), points edited on the plot, points imported from a CSV file (the
//! recent files remembered), weights set by hand and neurons added on the plots — with one undo stack
//! for the point and weight edits.

use super::path_field::remember_recent;
use super::state::{Action, PointEdit};
use super::{ApproxApp, UndoStep};
use crate::data::{Expression, Source, csv_points};
use crate::train::{Command, Severity};

/// Edits remembered for undo.
const UNDO_DEPTH: usize = 200;

impl ApproxApp {
    /// Carries out the actions about where the data come from.
    pub(super) fn data_action(&mut self, action: Action) {
        match action {
            Action::Expression(text) => self.apply_expression(text),
            Action::ExpressionText(text) => {
                self.state.expression = text;
                self.state.expression_error = None;
            }
            Action::PointsFromTarget => self.points_from_target(),
            Action::EditPoints(on) => {
                self.state.edit_points = on;
                if !on
                    && matches!(&self.state.settings.data.source, Source::Points(p) if p.is_empty())
                {
                    self.state.settings.data = self.snapshot.data.settings.clone();
                }
                if on && !matches!(self.state.settings.data.source, Source::Points(_)) {
                    self.points_from_target();
                }
            }
            Action::EditPoint(edit) => self.edit_point(edit),
            Action::ClearPoints => {
                self.remember_points();
                self.state.settings.data.source = Source::Points(Vec::new());
                self.say_locally(
                    Severity::Info,
                    "no points left: click on the fit plot to add some (training goes on with the last \
                     data until then)"
                        .into(),
                );
            }
            Action::UndoPoints => {
                self.last_point_edit = None;
                self.last_weights_edit = None;
                self.undo_last();
            }
            Action::SetWeights(params, label) => self.set_weights(params, label),
            Action::AddNeuron(at) => self.driver.send(Command::AddNeuron {
                run: self.selected,
                at,
            }),
            Action::ShowImport(open) => {
                self.state.import.open = open;
                self.state.import.focus_file = open;
            }
            Action::ImportFields(fields) => self.state.import = fields,
            Action::Formula(open, flavour) => {
                self.state.show_formula = open;
                self.state.formula_flavour = flavour;
            }
            Action::Import { path, columns } => self.import(path, columns),
            _ => {}
        }
    }

    fn apply_expression(&mut self, text: String) {
        self.state.expression = text.clone();
        // a mistake in the text is shown where it is; then the edit checks that the data sample (an f(x)
        // finite nowhere on the interval is refused there) and its reason is shown under the field too
        if let Err(e) = Expression::parse(&text) {
            self.state.expression_error = Some(e);
            return;
        }
        let mut next = self.state.settings.clone();
        next.data.source = Source::Expression(text);
        self.state.expression_error = self.edit(next).map(|message| crate::data::ExpressionError {
            message,
            position: 0,
        });
    }

    /// Points from the data in force: the training and validation points of the target, to nudge.
    fn points_from_target(&mut self) {
        let data = &self.snapshot.data;
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
            Source::Points(p) => p.clone(),
            _ => Vec::new(),
        }
    }

    fn remember(&mut self, step: UndoStep) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(step);
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
        if self.last_weights_edit.as_ref() != Some(&label) {
            let before = self.run().mlp.params().to_vec();
            self.remember(UndoStep::Weights(self.selected, before));
            self.last_weights_edit = Some(label.clone());
        }
        self.driver.send(Command::SetWeights {
            run: self.selected,
            params,
            label,
        });
    }

    /// Makes `points` the data (every run keeps its weights); an empty set waits for the first point.
    fn set_points(&mut self, points: Vec<[f64; 2]>) {
        self.remember_points();
        let mut next = self.state.settings.clone();
        next.data.source = Source::Points(points);
        if matches!(&next.data.source, Source::Points(p) if p.is_empty()) {
            self.state.settings = next;
            return;
        }
        self.edit(next);
    }

    fn edit_point(&mut self, edit: PointEdit) {
        let mut points = self.points();
        // one undo step per drag, not per frame of it
        let continuing = matches!((edit, self.last_point_edit), (PointEdit::Move(i, _), Some(PointEdit::Move(j, _))) if i == j);
        self.last_point_edit = Some(edit);
        if continuing {
            if let PointEdit::Move(i, p) = edit
                && i < points.len()
            {
                points[i] = p;
                let mut next = self.state.settings.clone();
                next.data.source = Source::Points(points);
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

    /// Undoes the newest point edit or hand-set weights.
    fn undo_last(&mut self) {
        match self.undo.pop() {
            None => self.say_locally(Severity::Info, "nothing to undo".into()),
            Some(UndoStep::Points(points)) => {
                let mut next = self.state.settings.clone();
                next.data.source = Source::Points(points);
                self.edit(next);
            }
            Some(UndoStep::Weights(run, params)) => self.driver.send(Command::SetWeights {
                run,
                params,
                label: "undo".into(),
            }),
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
                self.state.import.error = Some(format!(
                    "columns: give two names, x and y, such as t,volts (got '{columns}')"
                ));
                return;
            }
        };
        let pick = pick.map(|(x, y)| (x.to_string(), y.to_string()));
        // the last refusal was about another file: it goes while this one is read
        self.state.import.error = None;
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
                self.state.import.error = None;
                self.state.import.open = false;
                remember_recent(&mut self.state.import.recent, &path);
                self.set_points(points);
                self.say_locally(
                    Severity::Info,
                    format!("{count} points imported from {path}"),
                );
            }
            Err(e) => self.state.import.error = Some(e),
        }
    }
}
