//! One run as the live lab keeps it: the run itself, its colour and name, the trail of its recent
//! predictions, its speed, and its published view — rebuilt only after the run moved or changed, so
//! publishing stays cheap however many runs there are.

use crate::data::DataSettings;
use crate::train::data::Data;
use crate::train::diagnosis::{self, State};
use crate::train::history::Mark;
use crate::train::run::Run;
use crate::train::snapshot::{RunId, RunView, weight_table};
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

/// How many past predictions the fit plot shows as a fading trail.
pub const TRAIL_LENGTH: usize = 6;

/// See the module doc.
#[derive(Debug)]
pub(super) struct Member {
    pub id: RunId,
    pub colour: usize,
    pub name: String,
    pub run: Run<f32>,
    trail: VecDeque<Vec<f64>>,
    trail_every: u64,
    next_trail: u64,
    rate: RateMeter,
    view: Option<Arc<RunView>>,
    /// The fields of the newest kept-weights change and when it came, to merge a slider drag's marks.
    last_change: Option<(String, Instant)>,
    /// The state of the last diagnosis, and a mark for each change of state (the loss plot's).
    diagnosed: Option<State>,
    state_marks: Vec<Mark>,
}

/// Most marks of changes of state kept per run (the oldest go first).
const STATE_MARKS: usize = 32;

impl Member {
    pub fn new(id: RunId, colour: usize, run: Run<f32>) -> Self {
        Self {
            id,
            colour,
            name: String::new(),
            run,
            trail: VecDeque::new(),
            trail_every: 1,
            next_trail: 0,
            rate: RateMeter::default(),
            view: None,
            last_change: None,
            diagnosed: None,
            state_marks: Vec::new(),
        }
    }

    /// Marks a change of the diagnosed state where it began (the divergence, the validation minimum,
    /// the start of a stall) or else at the run's step; a change within the last quarter of the run
    /// relabels the previous mark instead (a state that flickers at a threshold leaves one mark, not a
    /// comb). Marks beyond the step (the run went back to step 0) go.
    fn note_state(&mut self, state: State, since: Option<u64>) {
        let now = self.run.step();
        self.state_marks.retain(|m| m.step <= now);
        let changed = self.diagnosed.is_some_and(|before| before != state);
        self.diagnosed = Some(state);
        if !changed {
            return;
        }
        let label = format!("now {state}");
        let step = since.unwrap_or(now).min(now);
        match self.state_marks.last_mut() {
            Some(last) if last.step + now / 4 >= now => {
                last.label = label;
                last.step = step;
            }
            _ => {
                if self.state_marks.len() == STATE_MARKS {
                    self.state_marks.remove(0);
                }
                self.state_marks.push(Mark { step, label });
            }
        }
    }

    /// Marks a change of `fields` on the run's loss plot with `label`; a change of the same fields within
    /// [`super::MARK_MERGE_WINDOW`] (the same slider still moving) relabels the previous mark instead.
    /// Returns whether it merged.
    pub fn mark_change(&mut self, fields: &str, label: String) -> bool {
        let merge = self
            .last_change
            .as_ref()
            .is_some_and(|(f, at)| f == fields && at.elapsed() < super::MARK_MERGE_WINDOW);
        self.run.mark(label, merge);
        self.last_change = Some((fields.to_string(), Instant::now()));
        merge
    }

    /// Something about the run changed: its view is rebuilt at the next snapshot.
    pub fn touch(&mut self) {
        self.view = None;
    }

    /// Forgets the trail (new weights, new data or a new view: old fits would mislead).
    pub fn forget_trail(&mut self) {
        self.trail.clear();
        self.next_trail = self.run.step();
        self.trail_every = 1;
        self.touch();
    }

    /// Runs up to `n` steps, keeping a prediction for the trail whenever one is due. Returns the steps
    /// taken (fewer if the run halted).
    pub fn advance(&mut self, data: &Data<f32>, n: u64) -> u64 {
        let seconds = self.run.seconds();
        let mut done = 0;
        while done < n {
            let until_trail = self.next_trail.saturating_sub(self.run.step()).max(1);
            let chunk = (n - done).min(until_trail);
            let ran = self.run.advance(data, chunk);
            done += ran;
            if self.run.step() >= self.next_trail {
                self.remember_prediction(data);
            }
            if ran < chunk {
                break;
            }
        }
        if done > 0 {
            self.rate.add(done, self.run.seconds() - seconds);
            self.touch();
        }
        done
    }

    /// Keeps one prediction every `trail_every` steps (the spacing doubles as training goes on, so the
    /// trail shows the fit moving both early and late).
    fn remember_prediction(&mut self, data: &Data<f32>) {
        let prediction = self.run.view_prediction(data);
        if self.trail.len() == TRAIL_LENGTH {
            self.trail.pop_front();
        }
        self.trail.push_back(prediction);
        let step = self.run.step();
        self.trail_every = (step / 16).max(1).next_power_of_two();
        self.next_trail = step + self.trail_every;
    }

    /// The run as drawn, rebuilt only if it changed since the last call.
    pub fn view(&mut self, data: &Data<f32>, data_settings: &DataSettings) -> Arc<RunView> {
        if let Some(view) = &self.view {
            return Arc::clone(view);
        }
        let curves = self.run.curves(data);
        let latest = self.run.evaluate(data);
        let quality = crate::train::quality::fit_quality(
            &data.dataset.view_x,
            data.dataset.view_y.as_deref(),
            &curves.prediction,
            data.dataset.domain,
        );
        let idle = crate::nn::explain::idle_neurons(self.run.mlp(), &data.dataset.train_x);
        let diagnosis = diagnosis::of_run(&self.run, data, data_settings.noise, quality, &idle);
        self.note_state(diagnosis.state, diagnosis.since_step);
        let run = &self.run;
        let view = Arc::new(RunView {
            id: self.id,
            name: self.name.clone(),
            colour: self.colour,
            step: run.step(),
            seconds: run.seconds(),
            settings: run.settings().clone().with_data(data_settings.clone()),
            prediction: curves.prediction,
            trail: self.trail.iter().cloned().collect(),
            contributions: curves.contributions,
            output_bias: curves.output_bias,
            centres: run.mlp().centres(),
            weights: weight_table(run),
            mlp: run.mlp().clone(),
            history: run.history().records().to_vec(),
            marks: run.history().marks().to_vec(),
            norms: run.history().norms().clone(),
            latest,
            steps_per_s: self.rate.per_second(),
            halt: run.halt(),
            quality,
            tails: crate::nn::explain::tails(run.mlp()),
            idle,
            diagnosis,
            state_marks: self.state_marks.clone(),
        });
        self.view = Some(Arc::clone(&view));
        view
    }
}

/// Steps per second of the run's own compute time, over about the last second of it.
#[derive(Debug, Default)]
struct RateMeter {
    window: VecDeque<(u64, f64)>,
}

impl RateMeter {
    fn add(&mut self, steps: u64, seconds: f64) {
        self.window.push_back((steps, seconds));
        while self.window.len() > 2 && self.window.iter().skip(1).map(|w| w.1).sum::<f64>() > 1.0 {
            self.window.pop_front();
        }
    }

    fn per_second(&self) -> f64 {
        let steps: u64 = self.window.iter().map(|w| w.0).sum();
        let seconds: f64 = self.window.iter().map(|w| w.1).sum();
        if seconds > 0.0 {
            steps as f64 / seconds
        } else {
            0.0
        }
    }
}
