//! A run written down: everything it carries from one step to the next — settings, initial and current
//! weights, optimizer and batcher state, Levenberg–Marquardt's damping, the checkpoint, the history with
//! its marks, the step and the clock — so a run read back trains on bit for bit as if never stopped.
//! Numbers are widened to f64 (exact for f32 weights).

use super::{Checkpoint, Halt, Run};
use crate::nn::optimizer::OptimizerState;
use crate::nn::{Float, Mlp};
use crate::train::batcher::BatcherState;
use crate::train::data::Data;
use crate::train::history::History;
use crate::train::settings::RunSettings;
use serde::{Deserialize, Serialize};

/// See the module doc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    /// The settings in force (their `net` describes the network). Files of version 1 also held the
    /// data settings here, a copy of the lab's; they are read and ignored.
    pub settings: RunSettings,
    /// The weights Reset returns to.
    pub initial: Vec<f64>,
    /// The weights now.
    pub params: Vec<f64>,
    /// The optimizer's moments and step count.
    pub optimizer: OptimizerState,
    /// Levenberg–Marquardt's damping, when it is the optimizer.
    pub damping: Option<f64>,
    /// Where the mini-batches are.
    pub batcher: BatcherState,
    /// Updates applied.
    pub step: u64,
    /// Wall-clock seconds of training.
    pub seconds: f64,
    /// The loss history and its marks.
    pub history: History,
    /// The scale divergence is judged by.
    pub loss_scale: f64,
    /// Why it stopped, if it did.
    pub halt: Option<Halt>,
    /// The last good weights and their step.
    pub checkpoint: (Vec<f64>, u64),
    /// Early stopping's best weights so far, their step and validation loss (absent in older files).
    #[serde(default)]
    pub best: Option<(Vec<f64>, u64, f64)>,
    /// When this run is member 0 of an ensemble: the other members (weight seeds s+1 …), each written
    /// down the same way (absent for a single run and in older files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ensemble: Vec<RunState>,
}

fn widen<T: Float>(v: &[T]) -> Vec<f64> {
    v.iter().map(|x| x.to_f64()).collect()
}

impl<T: Float> Run<T> {
    /// The run written down.
    pub fn state(&self) -> RunState {
        RunState {
            settings: self.settings.clone(),
            initial: widen(self.initial.params()),
            params: widen(self.mlp.params()),
            optimizer: self.optimizer.state(),
            damping: self.lm.as_ref().map(|lm| lm.damping()),
            batcher: self.batcher.state(),
            step: self.step,
            seconds: self.seconds,
            history: self.history.clone(),
            loss_scale: self.loss_scale,
            halt: self.halt,
            checkpoint: (widen(&self.checkpoint.params), self.checkpoint.step),
            best: self
                .best
                .as_ref()
                .map(|b| (widen(&b.params), b.step, b.validation)),
            ensemble: Vec::new(),
        }
    }

    /// A run read back from `state`, on `data`; refused, with the reason, if the state does not fit its
    /// own settings or the data.
    pub fn restore(state: RunState, data: &Data<T>) -> Result<Self, String> {
        let mut run = Self::new(state.settings.clone().check()?, data);
        let count = run.mlp.params().len();
        let fits = |v: &[f64]| v.len() == count && v.iter().all(|x| x.is_finite());
        if !fits(&state.initial) || !fits(&state.params) || !fits(&state.checkpoint.0) {
            return Err(format!(
                "its weights do not fit a network of {count} parameters (or are not finite)"
            ));
        }
        let narrow = |v: &[f64], mlp: &mut Mlp<T>| {
            for (d, s) in mlp.params_mut().iter_mut().zip(v) {
                *d = T::from_f64(*s);
            }
        };
        narrow(&state.initial, &mut run.initial);
        narrow(&state.params, &mut run.mlp);
        run.optimizer.restore(&state.optimizer)?;
        if let (Some(lm), Some(mu)) = (run.lm.as_mut(), state.damping) {
            lm.set_damping(mu);
        }
        run.batcher.restore(state.batcher)?;
        run.step = state.step;
        run.seconds = state.seconds;
        run.history = state.history;
        run.loss_scale = state.loss_scale;
        run.halt = state.halt;
        let mut checkpoint = Checkpoint::at(run.mlp.params(), state.checkpoint.1);
        for (d, s) in checkpoint.params.iter_mut().zip(&state.checkpoint.0) {
            *d = T::from_f64(*s);
        }
        run.checkpoint = checkpoint;
        if let Some((params, step, validation)) = state.best {
            if !fits(&params) {
                return Err("its early-stopping weights do not fit the network".into());
            }
            run.best = Some(super::Best {
                params: params.iter().map(|&v| T::from_f64(v)).collect(),
                step,
                validation,
            });
        }
        Ok(run)
    }
}
