//! One run of an experiment: a network with its initial and current weights, its optimizer and batcher
//! state, its loss history and step count, trained on data it shares with the other runs (passed in on
//! every call, never owned or regenerated here).
//!
//! Which settings keep the weights: data, optimizer, learning rate, momentum, batch, weight decay, loss.
//! Which draw new ones (step 0): depth, width, activation, init, the weights' seed — except a width change
//! asked to keep the neurons (`nn::resize`), which keeps every weight and the step.
//!
//! Divergence: a step whose loss is not finite or above [`DIVERGENCE_FACTOR`] × the loss scale (the larger
//! of the starting loss and the targets' mean square) halts the run. The weights it left are garbage, so
//! the run goes back to its checkpoint: weights saved every [`CHECKPOINT_EVERY`] steps whose loss was no
//! higher than the loss scale and that began a healthy stretch — [`CHECKPOINT_EVERY`] steps later the
//! loss was still finite and at most [`HEALTHY_RISE`] × theirs (weights taken while the loss is already
//! climbing are wrecked, however low their loss still looks). The optimizer starts afresh there (momentum
//! built up during the explosion would carry it straight back); the explosion stays in the history and as
//! a mark. The rate to suggest is one tried: from the checkpoint, on a copy, [`TRIAL_STEPS`] steps at
//! rates √10, 10, 10√10 … times smaller than the one that failed; the largest whose loss stays finite and
//! ends lower than it began.
//!
//! Early stopping (a patience P > 0 and validation points): every max(1, P/20) steps the validation loss
//! is measured and the weights with the lowest one are kept; once it has not improved for P steps the
//! run halts with those weights back, and a mark on the loss plot says so.

mod edit;
mod halt;
mod state;
mod step;

pub use halt::Halt;
pub use state::RunState;

pub use step::Curves;

use super::batcher::Batcher;
use super::checked::CheckedRun;
use super::data::Data;
use super::history::History;
use super::settings::RunSettings;
use crate::nn::{Float, LevenbergMarquardt, Mlp, Optimizer, OptimizerKind, Workspace};
use crate::seed::{Stream, rng};

/// A loss this many times the starting scale counts as divergence.
pub const DIVERGENCE_FACTOR: f64 = 1e4;
/// Evaluating the history's extra losses may cost at most this fraction of the training work.
pub const EVALUATION_SHARE: f64 = 0.1;
/// Steps between candidate checkpoints (a copy of the parameters; cheap next to this many steps).
pub const CHECKPOINT_EVERY: u64 = 64;
/// A candidate checkpoint is kept only if the loss [`CHECKPOINT_EVERY`] steps later is at most this
/// many times its own.
pub const HEALTHY_RISE: f64 = 1.5;
/// Steps each learning rate is tried for, from the checkpoint, before one is suggested.
pub const TRIAL_STEPS: u64 = 40;
/// Rates tried: the failed one divided by √10, 10, … down to this many factors of √10.
const TRIAL_RATES: i32 = 10;

/// What applying new settings did to the weights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing differed.
    Unchanged,
    /// The network kept its weights and adapts to the new optimizer settings.
    KeptWeights,
    /// Shape, activation, init or seed changed: new initial weights, step 0.
    Reinitialised,
    /// The width changed and the neurons were kept; the sentence says which were added or removed.
    Resized(String),
}

/// The last good weights, and a candidate copy waiting for its loss to prove good.
#[derive(Debug, Clone)]
struct Checkpoint<T> {
    params: Vec<T>,
    step: u64,
    /// The weights saved at the last candidate step, waiting for the stretch after them to prove
    /// healthy.
    candidate: Vec<T>,
    /// The candidate's step and loss (None: no candidate waits, the last one's loss was too high).
    pending: Option<(u64, f64)>,
    /// The weights at the candidate step being trained now (a buffer kept, so no step allocates).
    fresh: Vec<T>,
}

impl<T: Float> Checkpoint<T> {
    fn at(params: &[T], step: u64) -> Self {
        Self {
            params: params.to_vec(),
            step,
            candidate: params.to_vec(),
            pending: None,
            fresh: params.to_vec(),
        }
    }
}

/// The weights with the lowest validation loss so far (early stopping).
#[derive(Debug, Clone, PartialEq)]
struct Best<T> {
    params: Vec<T>,
    step: u64,
    validation: f64,
}

/// See the module doc.
#[derive(Debug, Clone)]
pub struct Run<T: Float> {
    settings: RunSettings,
    initial: Mlp<T>,
    mlp: Mlp<T>,
    ws: Workspace<T>,
    eval_ws: Workspace<T>,
    optimizer: Optimizer<T>,
    lm: Option<LevenbergMarquardt>,
    batcher: Batcher<T>,
    step: u64,
    /// Wall-clock seconds spent training so far (the loss plot's time axis).
    seconds: f64,
    history: History,
    loss_scale: f64,
    halt: Option<Halt>,
    checkpoint: Checkpoint<T>,
    best: Option<Best<T>>,
    /// The loss of the batch the last step trained on, before its update (NaN before the first).
    last_loss: f64,
    /// The weights before a recorded step (its update norms are measured against them).
    before: Vec<T>,
    /// Whether the training workspace holds the gradient of the last step (false after anything that
    /// put weights back or rebuilt it).
    has_gradient: bool,
}

impl<T: Float> Run<T> {
    /// A run of `settings` on `data` (both checked where they entered), its weights drawn from the
    /// settings' seed.
    pub fn new(settings: CheckedRun, data: &Data<T>) -> Self {
        let settings = settings.into_inner();
        let mut weights = rng(settings.seed, Stream::Weights);
        let net = &settings.net;
        let mut mlp = Mlp::new(&net.hidden(), net.activation, net.init, &mut weights);
        if net.output_bias != 0.0 {
            crate::nn::hand::set_output_bias(&mut mlp, net.output_bias);
        }
        Self::build(settings, data, mlp)
    }

    /// A run of a given network (a loaded model, the benchmark's fixed weights); the network's shape
    /// overrides `settings.net`. Refuses invalid optimizer settings (the data were checked when `data`
    /// were sampled or read).
    pub fn assemble(settings: RunSettings, data: &Data<T>, mlp: Mlp<T>) -> Result<Self, String> {
        settings.validate_training(mlp.params().len())?;
        Ok(Self::build(settings, data, mlp))
    }

    /// A run of `mlp` with settings already checked for it.
    fn build(mut settings: RunSettings, data: &Data<T>, mlp: Mlp<T>) -> Self {
        let hidden = mlp.hidden_widths();
        settings.net.depth = hidden.len();
        settings.net.width = hidden.first().copied().unwrap_or(1);
        settings.net.activation = mlp.layers()[0].activation;
        let n = data.points.train_x.len();
        let batcher = Batcher::new(settings.optim.points_per_step(n), n, settings.seed);
        let o = &settings.optim;
        let mut run = Self {
            ws: mlp.workspace(batcher.size),
            eval_ws: mlp.workspace(data.largest_set()),
            optimizer: Optimizer::new(o.optimizer, o.lr, o.momentum, mlp.params().len()),
            lm: None,
            initial: mlp.clone(),
            mlp,
            batcher,
            settings,
            step: 0,
            seconds: 0.0,
            history: History::default(),
            loss_scale: 0.0,
            halt: None,
            checkpoint: Checkpoint::at(&[], 0),
            best: None,
            last_loss: f64::NAN,
            before: Vec::new(),
            has_gradient: false,
        };
        run.restart(data);
        run
    }

    /// Back to the initial weights, step 0, fresh optimizer state and shuffling: a run from here repeats
    /// the original one exactly.
    pub fn reset(&mut self, data: &Data<T>) {
        self.mlp = self.initial.clone();
        self.restart(data);
    }

    /// An optimizer with fresh state (moments, damping) for the settings in force.
    fn fresh_optimizer(&mut self, data: &Data<T>) {
        let (o, params) = (&self.settings.optim, self.mlp.params().len());
        self.optimizer = Optimizer::new(o.optimizer, o.lr, o.momentum, params);
        self.lm = (o.optimizer == OptimizerKind::Lm)
            .then(|| LevenbergMarquardt::new(params, data.points.train_x.len()).ok())
            .flatten();
        self.size_workspace(data);
    }

    /// The training workspace, as large as one step's points: the batch, or every training point for
    /// Levenberg–Marquardt, which ignores the batch size (found by the churn test: LM after a
    /// mini-batch setting overran a batch-sized workspace).
    fn size_workspace(&mut self, data: &Data<T>) {
        let points = if self.lm.is_some() {
            data.points.train_x.len()
        } else {
            self.batcher.size
        };
        self.ws = self.mlp.workspace(points);
        self.has_gradient = false;
    }

    fn restart(&mut self, data: &Data<T>) {
        self.fresh_optimizer(data);
        let n = data.points.train_x.len();
        self.batcher = Batcher::new(
            self.settings.optim.points_per_step(n),
            n,
            self.settings.seed,
        );
        self.step = 0;
        self.seconds = 0.0;
        self.halt = None;
        self.history = History::with_stride(self.record_stride(data));
        let first = self.evaluate(data);
        self.loss_scale = first.train.max(data.target_scale).max(1e-3);
        self.history.push(first);
        self.checkpoint = Checkpoint::at(self.mlp.params(), 0);
        self.best = None;
    }

    /// Steps between history records: evaluating the points a step does not already see (validation,
    /// outside, and the full training set when steps use mini-batches) stays under [`EVALUATION_SHARE`]
    /// of the training work.
    fn record_stride(&self, data: &Data<T>) -> u64 {
        let p = &data.points;
        let mut extra = p.val_x.len() + p.outside_x.len();
        if !self.batcher.is_full() {
            extra += p.train_x.len();
        }
        (extra as f64 / (EVALUATION_SHARE * self.batcher.size as f64)).ceil() as u64
    }

    /// The settings in force (with `net` describing the actual network).
    pub fn settings(&self) -> &RunSettings {
        &self.settings
    }

    /// The network as it is now.
    pub fn mlp(&self) -> &Mlp<T> {
        &self.mlp
    }

    /// The network it started from (Reset returns to it).
    pub fn initial_mlp(&self) -> &Mlp<T> {
        &self.initial
    }

    /// Updates applied so far.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// Wall-clock seconds spent training so far.
    pub fn seconds(&self) -> f64 {
        self.seconds
    }

    /// The loss history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Why training stopped by itself, if it did.
    pub fn halt(&self) -> Option<Halt> {
        self.halt
    }

    /// Lifts a divergence halt so training goes on from the restored weights; true if there was one.
    pub fn resume(&mut self) -> bool {
        let lifted = matches!(
            self.halt,
            Some(Halt::Diverged { .. } | Halt::EarlyStopped { .. })
        );
        if lifted {
            self.halt = None;
            self.best = None;
        }
        lifted
    }

    /// The loss of the batch the last step trained on, before its update (the training loss of the
    /// weights of step `step() − 1` on the full batch); NaN before the first step.
    pub fn last_loss(&self) -> f64 {
        self.last_loss
    }

    /// Marks the loss history at the current step (a setting changed); `merge` replaces the newest mark's
    /// label instead (the same slider still moving).
    pub fn mark(&mut self, label: String, merge: bool) {
        self.history.mark(self.step, label, merge);
    }
}
