//! The training core: owns the data, the network, its initial weights and the optimizer, advances by n
//! steps, keeps the loss histories and stops itself when training diverges.
//!
//! Divergence: a step whose loss is not finite or above [`DIVERGENCE_FACTOR`] × the loss scale (the larger
//! of the starting loss and the targets' mean square) halts training. The weights it left are garbage, so
//! the trainer goes back to its checkpoint: the newest weights, saved every [`CHECKPOINT_EVERY`] steps,
//! whose loss was no higher than the loss scale. The optimizer starts afresh there (momentum built up
//! during the explosion would carry it straight back), and the explosion stays in the history and as a
//! mark, so the loss plot shows what happened.
//!
//! One step = one mini-batch (the full batch by default): forward, loss, backward, update. Every random
//! choice comes from the settings' seed, so the same settings give a bit-identical history. The window's
//! thread, the command line and the tests all drive this same type; it holds no thread or handle.

use super::batcher::{Batcher, Points};
use super::history::{History, LossRecord};
use super::settings::Settings;
use crate::data::Dataset;
use crate::nn::{Float, LevenbergMarquardt, Mlp, Optimizer, OptimizerKind, Workspace};
use crate::seed::{Stream, rng};
use std::fmt;

/// A loss this many times the starting scale counts as divergence.
pub const DIVERGENCE_FACTOR: f64 = 1e4;
/// Evaluating the history's extra losses may cost at most this fraction of the training work.
pub const EVALUATION_SHARE: f64 = 0.1;
/// Steps between candidate checkpoints (a copy of the parameters; cheap next to this many steps).
pub const CHECKPOINT_EVERY: u64 = 64;

/// Why training stopped by itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Halt {
    /// The loss became non-finite or exploded.
    Diverged {
        /// The step whose loss gave it away.
        step: u64,
        /// That loss.
        loss: f64,
        /// A learning rate ten times smaller, to try next.
        suggested_lr: f64,
        /// The step whose weights were restored (the last good ones, before the explosion).
        restored_step: u64,
    },
    /// Levenberg–Marquardt found no step that lowers the loss: a minimum.
    Converged {
        /// The step at which it stalled.
        step: u64,
    },
}

impl fmt::Display for Halt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Halt::Diverged {
                step,
                loss,
                suggested_lr,
                restored_step,
            } => write!(
                f,
                "training diverged at step {step} (loss {loss:.3e}); the weights of step {restored_step}, \
                 before the explosion, are back; try a learning rate of {suggested_lr:.1e} or less"
            ),
            Halt::Converged { step } => {
                write!(
                    f,
                    "Levenberg–Marquardt converged at step {step}: no step lowers the loss any further"
                )
            }
        }
    }
}

/// What applying new settings did to the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing differed.
    Unchanged,
    /// The network kept its weights and adapts to the new data or optimizer.
    KeptWeights,
    /// Shape, activation, init or seed changed: new initial weights, step 0.
    Reinitialised,
}

/// Owns everything one training run needs; see the module doc.
#[derive(Debug, Clone)]
pub struct Trainer<T: Float> {
    settings: Settings,
    dataset: Dataset,
    points: Points<T>,
    initial: Mlp<T>,
    mlp: Mlp<T>,
    ws: Workspace<T>,
    eval_ws: Workspace<T>,
    optimizer: Optimizer<T>,
    lm: Option<LevenbergMarquardt>,
    batcher: Batcher<T>,
    step: u64,
    history: History,
    loss_scale: f64,
    halt: Option<Halt>,
    checkpoint: Checkpoint<T>,
}

/// The last good weights, and a candidate copy waiting for its loss to prove good.
#[derive(Debug, Clone)]
struct Checkpoint<T> {
    params: Vec<T>,
    step: u64,
    candidate: Vec<T>,
}

impl<T: Float> Checkpoint<T> {
    fn at(params: &[T], step: u64) -> Self {
        Self {
            params: params.to_vec(),
            step,
            candidate: params.to_vec(),
        }
    }
}

impl<T: Float> Trainer<T> {
    /// A trainer for `settings`: data sampled and weights drawn from its seed. Refuses invalid settings.
    pub fn new(settings: Settings) -> Result<Self, String> {
        settings.validate()?;
        let dataset = Dataset::generate(&settings.data, settings.seed);
        let mut weights = rng(settings.seed, Stream::Weights);
        let mlp = Mlp::new(
            &settings.net.hidden(),
            settings.net.activation,
            settings.net.init,
            &mut weights,
        );
        Self::assemble(settings, dataset, mlp)
    }

    /// A trainer for given data and a given network (a loaded model, the benchmark's fixed weights); the
    /// network's shape overrides `settings.net`. Refuses invalid data or optimizer settings.
    pub fn assemble(mut settings: Settings, dataset: Dataset, mlp: Mlp<T>) -> Result<Self, String> {
        settings.validate_except_net(mlp.params().len())?;
        let hidden = mlp.hidden_widths();
        settings.net.depth = hidden.len();
        settings.net.width = hidden.first().copied().unwrap_or(1);
        settings.net.activation = mlp.layers()[0].activation;
        let points = Points::new(&dataset);
        let n = points.train_x.len();
        let batcher = Batcher::new(settings.optim.batch, n, settings.seed);
        let eval_cap = n.max(points.val_x.len()).max(points.view_x.len());
        let o = &settings.optim;
        let mut trainer = Self {
            ws: mlp.workspace(batcher.size),
            eval_ws: mlp.workspace(eval_cap),
            optimizer: Optimizer::new(o.optimizer, o.lr, o.momentum, mlp.params().len()),
            lm: None,
            initial: mlp.clone(),
            mlp,
            batcher,
            points,
            dataset,
            settings,
            step: 0,
            history: History::default(),
            loss_scale: 0.0,
            halt: None,
            checkpoint: Checkpoint::at(&[], 0),
        };
        trainer.restart();
        Ok(trainer)
    }

    /// Back to the initial weights, step 0, fresh optimizer state and shuffling: a run from here repeats
    /// the original one exactly.
    pub fn reset(&mut self) {
        self.mlp = self.initial.clone();
        self.restart();
    }

    /// An optimizer with fresh state (moments, damping) for the settings in force.
    fn fresh_optimizer(&mut self) {
        let (o, params) = (&self.settings.optim, self.mlp.params().len());
        self.optimizer = Optimizer::new(o.optimizer, o.lr, o.momentum, params);
        self.lm = (o.optimizer == OptimizerKind::Lm)
            .then(|| LevenbergMarquardt::new(params, self.points.train_x.len()).ok())
            .flatten();
    }

    fn restart(&mut self) {
        self.fresh_optimizer();
        let o = &self.settings.optim;
        self.batcher = Batcher::new(o.batch, self.points.train_x.len(), self.settings.seed);
        self.step = 0;
        self.halt = None;
        self.history = History::with_stride(self.record_stride());
        let first = self.evaluate();
        self.loss_scale = self.loss_scale_for(first.train);
        self.history.push(first);
        self.checkpoint = Checkpoint::at(self.mlp.params(), 0);
    }

    /// The scale a diverging loss is measured against: the larger of the current loss and the targets'
    /// mean square (so a bigger target is not mistaken for divergence).
    fn loss_scale_for(&self, current: f64) -> f64 {
        let y = &self.points.train_y;
        let target_scale =
            y.iter().map(|v| v.to_f64().powi(2)).sum::<f64>() / y.len().max(1) as f64;
        current.max(target_scale).max(1e-3)
    }

    /// Steps between history records: evaluating the points a step does not already see (validation,
    /// outside, and the full training set when steps use mini-batches) stays under [`EVALUATION_SHARE`]
    /// of the training work.
    fn record_stride(&self) -> u64 {
        let p = &self.points;
        let mut extra = p.val_x.len() + p.outside_x.len();
        if !self.batcher.is_full() {
            extra += p.train_x.len();
        }
        (extra as f64 / (EVALUATION_SHARE * self.batcher.size as f64)).ceil() as u64
    }

    /// Applies new settings: a new shape, init or seed re-initialises (step 0); anything else keeps the
    /// weights. Invalid settings are refused and nothing changes.
    pub fn apply(&mut self, next: Settings) -> Result<Change, String> {
        if next == self.settings {
            return Ok(Change::Unchanged);
        }
        if self.settings.reinitialises(&next) {
            *self = Self::new(next)?;
            return Ok(Change::Reinitialised);
        }
        next.validate_except_net(self.mlp.params().len())?;
        let old = std::mem::replace(&mut self.settings, next);
        let data_changed = old.data != self.settings.data;
        if data_changed {
            self.dataset = Dataset::generate(&self.settings.data, self.settings.seed);
            self.points = Points::new(&self.dataset);
            let p = &self.points;
            let cap = p.train_x.len().max(p.val_x.len()).max(p.view_x.len());
            self.eval_ws = self.mlp.workspace(cap);
        }
        if data_changed || old.optim.batch != self.settings.optim.batch {
            let n = self.points.train_x.len();
            self.batcher = Batcher::new(self.settings.optim.batch, n, self.settings.seed);
            self.ws = self.mlp.workspace(self.batcher.size);
        }
        if old.optim.optimizer != self.settings.optim.optimizer {
            self.fresh_optimizer();
        }
        self.optimizer
            .set_rates(self.settings.optim.lr, self.settings.optim.momentum);
        if data_changed {
            let now = self.evaluate().train;
            self.loss_scale = self.loss_scale_for(now);
        }
        self.halt = None;
        self.checkpoint = Checkpoint::at(self.mlp.params(), self.step);
        Ok(Change::KeptWeights)
    }

    /// Runs up to `n` steps; stops early on divergence or convergence. Returns the steps taken.
    pub fn advance(&mut self, n: u64) -> u64 {
        let mut done = 0;
        while done < n && self.halt.is_none() {
            // A record describes the weights before this update: the full-batch step computes the training
            // loss on them anyway, so only the other sets need a forward pass, and only when due.
            let due = self.history.due(self.step);
            let before = due.then(|| self.evaluate_others());
            let candidate = self.step.is_multiple_of(CHECKPOINT_EVERY);
            if candidate {
                self.checkpoint.candidate.copy_from_slice(self.mlp.params());
            }
            let loss = self.update();
            if let Some(mut record) = before {
                if record.train.is_nan() {
                    record.train = loss;
                }
                self.history.push(record);
            }
            if candidate && loss.is_finite() && loss <= self.loss_scale {
                let c = &mut self.checkpoint;
                std::mem::swap(&mut c.params, &mut c.candidate);
                c.step = self.step;
            }
            self.step += 1;
            done += 1;
            if !loss.is_finite() || loss > DIVERGENCE_FACTOR * self.loss_scale {
                self.roll_back(loss);
            }
        }
        done
    }

    /// After an exploding step (whose loss, on the weights before it, was `loss`): records the explosion,
    /// returns to the checkpoint with a fresh optimizer and halts.
    fn roll_back(&mut self, loss: f64) {
        let exploded_at = self.step - 1;
        self.history.push(LossRecord {
            step: exploded_at,
            train: loss,
            val: None,
            outside: None,
        });
        self.history.mark(exploded_at, "diverged".into(), false);
        self.mlp
            .params_mut()
            .copy_from_slice(&self.checkpoint.params);
        self.fresh_optimizer();
        let restored = self.evaluate();
        self.history.push(restored);
        self.halt = Some(Halt::Diverged {
            step: self.step,
            loss,
            suggested_lr: self.settings.optim.lr / 10.0,
            restored_step: self.checkpoint.step,
        });
    }

    /// Lifts a divergence halt so training goes on from the restored weights; true if there was one.
    pub fn resume(&mut self) -> bool {
        let diverged = matches!(self.halt, Some(Halt::Diverged { .. }));
        if diverged {
            self.halt = None;
        }
        diverged
    }

    /// Marks the loss history at the current step (a setting changed); `merge` replaces the newest mark's
    /// label instead (the same slider still moving).
    pub fn mark(&mut self, label: String, merge: bool) {
        self.history.mark(self.step, label, merge);
    }

    /// The losses a full-batch step does not compute itself (the training loss too under mini-batches).
    fn evaluate_others(&mut self) -> LossRecord {
        let step_sees_all = self.lm.is_some() || self.batcher.is_full();
        self.evaluate_sets(!step_sees_all)
    }

    /// One update; returns the loss of the batch before it.
    fn update(&mut self) -> f64 {
        let Self {
            mlp,
            ws,
            points,
            batcher,
            optimizer,
            lm,
            settings,
            ..
        } = self;
        let o = &settings.optim;
        if let Some(lm) = lm {
            let step = lm.step(mlp, ws, &points.train_x, &points.train_y, o.weight_decay);
            if !step.improved {
                self.halt = Some(Halt::Converged {
                    step: self.step + 1,
                });
            }
            return step.loss_before;
        }
        let (x, y) = if batcher.is_full() {
            (&points.train_x[..], &points.train_y[..])
        } else {
            let len = batcher.fill(&points.train_x, &points.train_y);
            (&batcher.x[..len], &batcher.y[..len])
        };
        let loss = mlp.loss_and_gradient(ws, x, y, o.loss, T::from_f64(o.weight_decay));
        optimizer.update(mlp.params_mut(), &ws.grad);
        loss
    }

    /// Losses of the current weights on the training, validation and outside points.
    pub fn evaluate(&mut self) -> LossRecord {
        self.evaluate_sets(true)
    }

    /// Losses on the validation and outside points, and on the training points if `train` (else NaN).
    fn evaluate_sets(&mut self, train: bool) -> LossRecord {
        let (mlp, ws, p, loss) = (
            &self.mlp,
            &mut self.eval_ws,
            &self.points,
            self.settings.optim.loss,
        );
        let mut on = |x: &[T], y: &[T]| (!x.is_empty()).then(|| loss.value(mlp.forward(ws, x), y));
        LossRecord {
            step: self.step,
            train: if train {
                on(&p.train_x, &p.train_y).unwrap_or(f64::NAN)
            } else {
                f64::NAN
            },
            val: on(&p.val_x, &p.val_y),
            outside: on(&p.outside_x, &p.outside_y),
        }
    }

    /// Predictions on the view grid.
    pub fn view_prediction(&mut self) -> Vec<f64> {
        to_f64(self.mlp.forward(&mut self.eval_ws, &self.points.view_x))
    }

    /// Predictions on the view grid, each last-hidden-layer neuron's contribution there (one vector per
    /// neuron) and the output bias, from one forward pass.
    pub fn curves(&mut self) -> Curves {
        let mut flat = Vec::new();
        let view_x = &self.points.view_x;
        let bias = self.mlp.contributions(&mut self.eval_ws, view_x, &mut flat);
        let n = view_x.len();
        Curves {
            prediction: to_f64(self.mlp.last_output(&self.eval_ws, n)),
            contributions: flat.chunks_exact(n.max(1)).map(to_f64).collect(),
            output_bias: bias.to_f64(),
        }
    }

    /// The settings in force (with `net` describing the actual network).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The data.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The network as it is now.
    pub fn mlp(&self) -> &Mlp<T> {
        &self.mlp
    }

    /// Updates applied so far.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// The loss history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Why training stopped by itself, if it did.
    pub fn halt(&self) -> Option<Halt> {
        self.halt
    }
}

/// Widens values to f64 for plotting and export.
fn to_f64<T: Float>(values: &[T]) -> Vec<f64> {
    values.iter().map(|v| v.to_f64()).collect()
}

/// The network evaluated on the view grid, ready to plot or export.
#[derive(Debug, Clone, PartialEq)]
pub struct Curves {
    /// ŷ at every view-grid x.
    pub prediction: Vec<f64>,
    /// One curve per neuron of the last hidden layer: w'ⱼ·hⱼ(x).
    pub contributions: Vec<Vec<f64>>,
    /// The output bias b' (Σ contributions + b' = ŷ).
    pub output_bias: f64,
}
