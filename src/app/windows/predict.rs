//! Predict first (issue 28): the learner draws the fit they expect, then watches the network answer.
//! "Predict" (key P) pauses training and hides the networks' predictions, pieces and trail; strokes
//! dragged across the fit plot draw the guess on the view's grid (`train::guess`); Clear and Ctrl+Z
//! work while drawing; Done (or P) plays on. The guess stays on the fit plot as "your prediction", and
//! under the fit each run's answer appears once the run converges (or from a step the user or the tour
//! sets): the RMSE of the guess against the network inside the training interval and beyond it, the
//! largest gap, the same against the target, and the biggest miss in words.

use super::{LabContext, LabWindow};
use crate::app::state::Action;
use crate::train::diagnosis::State;
use crate::train::guess::{self, Guess, Prediction};
use crate::train::{Halt, RunView, Snapshot};

/// What the pointer did on the fit plot while drawing, in plot coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pen {
    /// A stroke begins here.
    Down([f64; 2]),
    /// It goes on to here.
    To([f64; 2]),
    /// It ends.
    Up,
}

/// What the Predict button, key, bar and answer ask for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PredictAction {
    /// Start drawing (pausing training), or finish (playing on).
    Toggle,
    /// Finish drawing and play on.
    Done,
    /// Wipe the guess (while drawing: undoable with Ctrl+Z).
    Clear,
    /// Take back the last stroke (Ctrl+Z while drawing).
    UndoStroke,
    /// The pointer drew on the fit plot.
    Pen(Pen),
    /// Show the score from the selected run's current step, without waiting for convergence.
    ScoreNow,
}

/// The guess, the drawing in progress and its strokes' undo.
#[derive(Debug, Default)]
pub struct PredictBar {
    /// The guess kept (and saved in session files).
    pub prediction: Prediction,
    /// Whether the user is drawing now.
    pub drawing: bool,
    /// The guess before each stroke, for Ctrl+Z while drawing.
    before_strokes: Vec<Guess>,
    /// The stroke being drawn.
    stroke: Vec<[f64; 2]>,
    /// The tour step's question, shown in the bar while drawing.
    pub question: Option<&'static str>,
    /// Drawing just ended: the plots fit their content again (the axes held still while drawing, and
    /// the network's answer may reach far beyond them).
    pub refit: bool,
}

impl PredictBar {
    /// Starts drawing at `step` (the caller pauses training).
    pub fn start(&mut self, step: u64) {
        self.drawing = true;
        self.prediction.drawn_at_step = step;
        self.before_strokes.clear();
        self.stroke.clear();
    }

    /// Finishes drawing (the caller plays on).
    pub fn finish(&mut self) {
        self.drawing = false;
        self.stroke.clear();
        self.refit = true;
    }

    /// Applies what the pointer did, on the view grid `grid`.
    pub fn pen(&mut self, pen: Pen, grid: &[f64]) {
        match pen {
            Pen::Down(at) => self.stroke = vec![at],
            Pen::To(at) => {
                if !self.stroke.is_empty() {
                    self.stroke.push(at);
                }
            }
            Pen::Up => {
                if self.stroke.is_empty() {
                    return;
                }
                self.before_strokes.push(self.prediction.curve.clone());
                let stroke = std::mem::take(&mut self.stroke);
                self.prediction.curve.draw(&stroke, grid);
            }
        }
    }

    /// Wipes the guess; while drawing, Ctrl+Z brings it back.
    pub fn clear(&mut self) {
        if self.prediction.curve.is_empty() {
            return;
        }
        if self.drawing {
            self.before_strokes.push(self.prediction.curve.clone());
        }
        self.prediction.curve = Guess::default();
        self.prediction.score_from_step = None;
    }

    /// Takes back the last stroke (or Clear); false when there is none.
    pub fn undo_stroke(&mut self) -> bool {
        match self.before_strokes.pop() {
            Some(guess) => {
                self.prediction.curve = guess;
                true
            }
            None => false,
        }
    }

    /// The curve to show on view grid `grid`: the guess with the stroke in progress drawn on it.
    pub fn shown(&self, grid: &[f64]) -> Vec<[f64; 2]> {
        if self.stroke.len() < 2 {
            return self.prediction.curve.points();
        }
        let mut live = self.prediction.curve.clone();
        live.draw(&self.stroke, grid);
        live.points()
    }

    /// A guess read from a session file (or a tour step) replaces this one; drawing stops.
    pub fn replace(&mut self, prediction: Prediction) {
        *self = Self {
            prediction,
            ..Self::default()
        };
    }
}

impl LabWindow for PredictBar {
    fn name(&self) -> &'static str {
        "predict_bar"
    }

    fn is_open(&self) -> bool {
        self.drawing
    }

    fn ui(&mut self, ui: &mut egui::Ui, _lab: &LabContext<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::Panel::top(self.name()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let ask = self.question.unwrap_or(
                    "Draw the fit you expect across the whole plot, beyond the shaded interval too.",
                );
                ui.label(egui::RichText::new(format!("Predict: {ask}")).strong());
                ui.label("Press and drag; draw over a part to redo it.");
                let list = [
                    ("Clear", "Wipe your prediction (Ctrl+Z brings it back).", PredictAction::Clear),
                    ("Undo stroke", "Take back the last stroke (Ctrl+Z).", PredictAction::UndoStroke),
                    (
                        "Done",
                        "Keep this prediction and let training play on: the answer appears under \
                         the fit when the run converges (P).",
                        PredictAction::Done,
                    ),
                ];
                for (label, tip, action) in list {
                    if ui.button(label).on_hover_text(tip).clicked() {
                        actions.push(Action::Predict(action));
                    }
                }
            });
        });
        actions
    }
}

/// Whether `run` has converged, as its diagnosis or its halt says.
fn converged(run: &RunView) -> bool {
    run.diagnosis.state == State::Converged || matches!(run.halt, Some(Halt::Converged { .. }))
}

/// Under the fit, while a guess is kept and not being drawn: each run's answer once it is due (the
/// RMSEs, the largest gap, the biggest miss), else a line saying when it comes, with "Score now".
pub fn answer(ui: &mut egui::Ui, snap: &Snapshot, bar: &PredictBar) -> Vec<Action> {
    let mut actions = Vec::new();
    let p = &bar.prediction;
    if bar.drawing || p.curve.is_empty() {
        return actions;
    }
    let mut waiting = false;
    for (i, run) in snap.runs.iter().enumerate() {
        if !p.scored(run.step, converged(run)) {
            waiting = true;
            continue;
        }
        let who = if snap.runs.len() > 1 {
            format!(
                " against {}",
                crate::train::snapshot::run_title(i, &run.name)
            )
        } else {
            String::new()
        };
        match answer_line(snap, run, &p.curve) {
            Some((numbers, miss)) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(format!("Your prediction{who}:")).strong());
                    ui.label(numbers);
                });
                ui.label(egui::RichText::new(capitalised(&miss)).italics());
            }
            None => {
                ui.label(format!(
                    "Your prediction{who} covers no point of the view: draw it across the plot."
                ));
            }
        }
    }
    if waiting {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                "Your prediction is on the plot (dashed, in the text's colour); how close it came shows \
                 here when the run converges.",
            );
            if ui
                .button("Score now")
                .on_hover_text("Show the score against the network as it is now.")
                .clicked()
            {
                actions.push(Action::Predict(PredictAction::ScoreNow));
            }
        });
    }
    actions
}

/// "RMSE inside 0.08, beyond 1.21 · largest gap 2.3 at x = 5.2 · against the target: …" and the
/// biggest miss, for `guess` against `run`.
fn answer_line(snap: &Snapshot, run: &RunView, guess: &Guess) -> Option<(String, String)> {
    let d = &snap.data;
    let activation = run.settings.net.activation;
    let (s, miss) = guess::answer(
        guess,
        &d.view_x,
        &run.prediction,
        d.target.as_deref(),
        d.domain,
        activation,
    )?;
    let num = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
    let mut text = format!(
        "against the network RMSE {} inside the interval, {} beyond it; largest gap {:.2} at x = {:.1}",
        num(s.rmse_inside),
        num(s.rmse_outside),
        s.max_gap,
        s.max_gap_x
    );
    if d.target.is_some() {
        text += &format!(
            " · against the target RMSE {} inside, {} beyond",
            num(s.vs_target_rmse_inside),
            num(s.vs_target_rmse_outside)
        );
    }
    Some((text, miss))
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl crate::app::ApproxApp {
    /// Carries out what the Predict button, key, bar or answer asked for.
    pub(in crate::app) fn predict_action(&mut self, action: PredictAction) {
        let step = self.lab.snapshot.run(self.lab.selected).step;
        let bar = &mut self.windows.predict;
        match action {
            PredictAction::Toggle if !bar.drawing => {
                bar.start(step);
                self.driver.send(crate::train::Command::Pause);
            }
            PredictAction::Toggle | PredictAction::Done => {
                bar.finish();
                self.driver.send(crate::train::Command::Play);
            }
            PredictAction::Clear => bar.clear(),
            PredictAction::UndoStroke => {
                bar.undo_stroke();
            }
            PredictAction::Pen(pen) => bar.pen(pen, &self.lab.snapshot.data.view_x),
            PredictAction::ScoreNow => bar.prediction.score_from_step = Some(step),
        }
    }
}
