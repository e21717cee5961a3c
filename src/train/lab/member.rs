//! One run as the live lab keeps it: the run itself, its colour and name, the trail of its recent
//! predictions, its speed, and its published view — rebuilt only after the run moved or changed, so
//! publishing stays cheap however many runs there are. A run made an ensemble ("Seeds ×K") is member 0
//! of it and keeps the other members beside it: they train in lockstep with it, each a task on the
//! lab's thread pool, and its view holds their band.

use crate::data::DataSettings;
use crate::nn::pieces::Breakpoint;
use crate::train::data::Data;
use crate::train::diagnosis::{self, State};
use crate::train::ensemble::{Band, EnsembleView, loss_band};
use crate::train::history::Mark;
use crate::train::run::{Run, RunState};
use crate::train::snapshot::{RunId, RunView, weight_table};
use rayon::prelude::*;
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
    /// The other members when the run is an ensemble (weight seeds s+1, s+2, …); empty for a single run.
    pub others: Vec<Run<f32>>,
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
    /// The prediction's breakpoints as last found, when, and what finding them cost (seconds).
    pieces: Pieces,
}

/// The breakpoints of a run's prediction as last found (see [`Member::pieces`]).
#[derive(Debug, Default)]
struct Pieces {
    found: Option<Arc<Vec<Breakpoint>>>,
    at: Option<Instant>,
    cost: f64,
}

/// While training, the breakpoints are found again once this many times their own cost has passed
/// (a 3 × 256 net's take about 13 ms: about four times a second); paused, at once.
const PIECES_COST_SHARE: f64 = 20.0;

/// Most marks of changes of state kept per run (the oldest go first).
const STATE_MARKS: usize = 32;

impl Member {
    pub fn new(id: RunId, colour: usize, run: Run<f32>) -> Self {
        Self {
            id,
            colour,
            name: String::new(),
            run,
            others: Vec::new(),
            trail: VecDeque::new(),
            trail_every: 1,
            next_trail: 0,
            rate: RateMeter::default(),
            view: None,
            last_change: None,
            diagnosed: None,
            state_marks: Vec::new(),
            pieces: Pieces::default(),
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
        self.pieces.at = None;
        self.trail.clear();
        self.next_trail = self.run.step();
        self.trail_every = 1;
        self.touch();
    }

    /// Members in all: 1 for a single run, K for an ensemble.
    pub fn members(&self) -> usize {
        1 + self.others.len()
    }

    /// The run written down, with the other members of its ensemble.
    pub fn state(&self) -> RunState {
        let mut state = self.run.state();
        state.ensemble = self.others.iter().map(Run::state).collect();
        state
    }

    /// A member from a run written down by [`Member::state`]: the run and its ensemble's other members.
    pub fn restore(
        id: RunId,
        colour: usize,
        state: RunState,
        data: &Data<f32>,
    ) -> Result<Self, String> {
        let others = Self::restore_others(&state, data)?;
        let mut member = Self::new(id, colour, Run::restore(state, data)?);
        member.others = others;
        Ok(member)
    }

    /// The other members of the ensemble written down in `state` (none for a single run).
    pub fn restore_others(state: &RunState, data: &Data<f32>) -> Result<Vec<Run<f32>>, String> {
        state
            .ensemble
            .iter()
            .enumerate()
            .map(|(k, s)| {
                Run::restore(s.clone(), data)
                    .map_err(|e| format!("member {} of its ensemble: {e}", k + 1))
            })
            .collect()
    }

    /// Runs up to `n` steps of the run and, on `pool`, of its ensemble's other members in lockstep
    /// (each its own task); see [`Member::advance_alone`]. Returns the run's steps.
    pub fn advance(&mut self, data: &Data<f32>, n: u64, pool: Option<&rayon::ThreadPool>) -> u64 {
        let Some(pool) = pool.filter(|_| !self.others.is_empty()) else {
            return self.advance_alone(data, n);
        };
        let mut others = std::mem::take(&mut self.others);
        let (done, ()) = pool.install(|| {
            rayon::join(
                || self.advance_alone(data, n),
                || {
                    others.par_iter_mut().with_max_len(1).for_each(|run| {
                        run.advance(data, n);
                    });
                },
            )
        });
        self.others = others;
        done
    }

    /// Runs up to `n` steps of the run, keeping a prediction for the trail whenever one is due. Returns
    /// the steps taken (fewer if the run halted).
    fn advance_alone(&mut self, data: &Data<f32>, n: u64) -> u64 {
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

    /// The breakpoints of member 0's prediction over the view (None for smooth activations): found
    /// again when `settled` (nothing trains) or once [`PIECES_COST_SHARE`] times their last cost has
    /// passed, so a large network's search takes a small share of the training thread.
    fn pieces(&mut self, data: &Data<f32>, settled: bool) -> Option<Arc<Vec<Breakpoint>>> {
        if !crate::nn::pieces::is_piecewise_linear(self.run.mlp()) {
            self.pieces = Pieces::default();
            return None;
        }
        let p = &mut self.pieces;
        let due = settled
            || p.found.is_none()
            || p.at
                .is_none_or(|t| t.elapsed().as_secs_f64() >= PIECES_COST_SHARE * p.cost);
        if due {
            let start = Instant::now();
            let view = data.dataset.view;
            p.found =
                crate::nn::pieces::breakpoints(self.run.mlp(), view.lo, view.hi).map(Arc::new);
            p.cost = start.elapsed().as_secs_f64();
            p.at = Some(Instant::now());
        }
        p.found.clone()
    }

    /// The run as drawn, rebuilt only if it changed since the last call; `settled` when nothing trains
    /// (what is costly to find is then found for the weights as they are).
    pub fn view(
        &mut self,
        data: &Data<f32>,
        data_settings: &DataSettings,
        settled: bool,
    ) -> Arc<RunView> {
        if let Some(view) = &self.view {
            return Arc::clone(view);
        }
        let mut curves = self.run.curves(data);
        let latest = self.run.evaluate(data);
        let ensemble = self.ensemble_view(data, &curves.prediction);
        let pieces = self.pieces(data, settled);
        if let Some(e) = &ensemble {
            curves.prediction.clone_from(&e.band.median);
        }
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
            ensemble,
            pieces,
        });
        self.view = Some(Arc::clone(&view));
        view
    }

    /// The ensemble's band, with member 0's prediction `first` (None for a single run).
    fn ensemble_view(&mut self, data: &Data<f32>, first: &[f64]) -> Option<Arc<EnsembleView>> {
        if self.others.is_empty() {
            return None;
        }
        let mut predictions = vec![first.to_vec()];
        predictions.extend(self.others.iter_mut().map(|r| r.view_prediction(data)));
        let band = Band::of(predictions);
        let seed = self.run.settings().seed;
        Some(Arc::new(EnsembleView {
            seeds: (0..self.members() as u64).map(|k| seed + k).collect(),
            spread: band.spread_on(&data.dataset),
            losses: loss_band(&self.run, &self.others),
            band,
        }))
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
