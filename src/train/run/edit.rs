//! Changes to a run from outside its training: new data (handed to every run), new settings (a new
//! shape, init or seed draws new weights; a width change may keep the neurons, `nn::resize`; anything
//! else keeps the weights), weights set by hand and a neuron added on the plot. Each leaves the run
//! consistent: workspaces sized, the optimizer afresh where its state belongs to old weights, the halt
//! lifted and the divergence checkpoint taken anew.

use super::{Batcher, Change, Checkpoint, Run};
use crate::nn::Float;
use crate::nn::resize::resize_hidden;
use crate::seed::{Stream, rng};
use crate::train::checked::CheckedRun;
use crate::train::data::Data;
use crate::train::settings::RunSettings;

impl<T: Float> Run<T> {
    /// Trains on new data from now on (a data change, handed to every run): the weights stay, the loss
    /// scale follows the new data, mini-batches restart over the new points.
    pub fn set_data(&mut self, data: &Data<T>) {
        self.best = None;
        self.eval_ws = self.mlp.workspace(data.largest_set());
        let n = data.points.train_x.len();
        self.batcher = Batcher::new(
            self.settings.optim.points_per_step(n),
            n,
            self.settings.seed,
        );
        self.size_workspace(data);
        if self.lm.is_some() {
            self.fresh_optimizer(data);
        }
        let now = self.evaluate(data).train;
        self.loss_scale = now.max(data.target_scale).max(1e-3);
        self.halt = None;
        self.checkpoint = Checkpoint::at(self.mlp.params(), self.step);
    }

    /// Applies new network and optimizer settings. A new shape, init or seed re-initialises (step 0), unless only the width changed and
    /// `keep_neurons` asks to keep them; anything else keeps the weights. Invalid settings are refused and
    /// nothing changes.
    pub fn apply(
        &mut self,
        next: CheckedRun,
        data: &Data<T>,
        keep_neurons: bool,
    ) -> Result<Change, String> {
        if *next == self.settings {
            return Ok(Change::Unchanged);
        }
        if self.settings.reinitialises(&next) {
            let (a, b) = (&self.settings.net, &next.net);
            let only_width = a.width != b.width
                && a.depth == b.depth
                && a.depth > 0
                && (a.activation, a.init) == (b.activation, b.init)
                && self.settings.seed == next.seed
                && self.settings.optim == next.optim;
            if keep_neurons && only_width {
                return Ok(Change::Resized(self.resize(next.into_inner(), data)));
            }
            *self = Self::new(next, data);
            return Ok(Change::Reinitialised);
        }
        // the settings are checked; whether Levenberg–Marquardt fits this network (a loaded model, neurons
        // added by hand) the settings alone cannot say
        if next.optim.optimizer == crate::nn::OptimizerKind::Lm {
            next.check_lm(self.mlp.params().len())?;
        }
        let next = next.into_inner();
        let old = std::mem::replace(&mut self.settings, next);
        if old.optim.batch != self.settings.optim.batch {
            let n = data.points.train_x.len();
            self.batcher = Batcher::new(
                self.settings.optim.points_per_step(n),
                n,
                self.settings.seed,
            );
            self.size_workspace(data);
        }
        if old.optim.optimizer != self.settings.optim.optimizer {
            self.fresh_optimizer(data);
        }
        let o = &self.settings.optim;
        self.optimizer.set_rates(o.lr, o.momentum);
        self.halt = None;
        self.checkpoint = Checkpoint::at(self.mlp.params(), self.step);
        Ok(Change::KeptWeights)
    }

    /// A width change that keeps the neurons: current and initial weights resized alike (new neurons
    /// drawn from the weights' seed), the step and history kept, the optimizer started afresh. Returns
    /// a sentence saying which neurons came or went.
    fn resize(&mut self, next: RunSettings, data: &Data<T>) -> String {
        let (from, to) = (self.settings.net.width, next.net.width);
        let init = next.net.init;
        let mut draw = rng(next.seed ^ self.step, Stream::Weights);
        let (mlp, removed) = resize_hidden(&self.mlp, to, init, &mut draw);
        self.initial = resize_hidden(&self.initial, to, init, &mut draw).0;
        self.mlp = mlp;
        self.settings = next;
        self.size_workspace(data);
        self.eval_ws = self.mlp.workspace(data.largest_set());
        self.fresh_optimizer(data);
        self.halt = None;
        self.checkpoint = Checkpoint::at(self.mlp.params(), self.step);
        if to > from {
            format!(
                "width from {from} to {to}, neurons kept: {} new ones per layer, with zero outgoing \
                 weights (the prediction is unchanged)",
                to - from
            )
        } else {
            let lists: Vec<String> = removed
                .iter()
                .map(|r| {
                    let names: Vec<String> = r.iter().map(|j| (j + 1).to_string()).collect();
                    names.join(", ")
                })
                .collect();
            let which = if lists.len() == 1 {
                format!("removed neurons {}", lists[0])
            } else {
                let per_layer: Vec<String> = lists
                    .iter()
                    .enumerate()
                    .map(|(l, names)| format!("layer {}: {names}", l + 1))
                    .collect();
                format!("removed {}", per_layer.join("; "))
            };
            format!(
                "width from {from} to {to}, neurons kept: {which} (the smallest outgoing weights)"
            )
        }
    }

    /// Sets the weights by hand (a drag on the plot, a typed cell): the same shape, every value finite.
    /// The optimizer starts afresh from them (its moments belong to the old weights); the step stays.
    pub fn set_params(&mut self, params: &[T], data: &Data<T>) -> Result<(), String> {
        if params.len() != self.mlp.params().len() {
            return Err(format!(
                "{} weights given for a network of {}",
                params.len(),
                self.mlp.params().len()
            ));
        }
        if params.iter().any(|v| !v.to_f64().is_finite()) {
            return Err("every weight must be a finite number".into());
        }
        self.mlp.params_mut().copy_from_slice(params);
        self.fresh_optimizer(data);
        self.halt = None;
        self.checkpoint = Checkpoint::at(self.mlp.params(), self.step);
        Ok(())
    }

    /// A new hidden neuron centred at x = `at` (one hidden layer only): input weight `w`, bias −w·at and
    /// zero outgoing weight, so the prediction does not change; the width grows by one. Returns its
    /// number (1-based).
    pub fn add_neuron(&mut self, at: f64, w: f64, data: &Data<T>) -> Result<usize, String> {
        if self.mlp.layers().len() != 2 {
            return Err("neurons can be added by hand to a network of one hidden layer".into());
        }
        let width = self.settings.net.width + 1;
        crate::limits::WIDTH.check(width as f64)?;
        if !(at.is_finite() && w.is_finite()) {
            return Err("the new neuron's place must be a finite number".into());
        }
        let mut next = self.settings.clone();
        next.net.width = width;
        self.resize(next, data);
        let hidden = self.mlp.layers()[0];
        let j = width - 1;
        let p = self.mlp.params_mut();
        p[hidden.kernel_at + j] = T::from_f64(w);
        p[hidden.bias_at + j] = T::from_f64(-w * at);
        self.checkpoint = Checkpoint::at(self.mlp.params(), self.step);
        Ok(width)
    }
}
