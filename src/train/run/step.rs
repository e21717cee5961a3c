//! A run's training steps and evaluations: one step = one mini-batch (the full batch by default):
//! forward, loss, backward, update, with the history recorded on the way and the divergence checkpoint
//! kept; and the losses and curves of the current weights on the shared data.

use super::{
    CHECKPOINT_EVERY, DIVERGENCE_FACTOR, HEALTHY_RISE, Halt, Run, TRIAL_RATES, TRIAL_STEPS,
};
use crate::nn::{Float, gradients};
use crate::train::data::Data;
use crate::train::history::LossRecord;
use std::time::Instant;

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

/// Widens values to f64 for plotting and export.
fn to_f64<T: Float>(values: &[T]) -> Vec<f64> {
    values.iter().map(|v| v.to_f64()).collect()
}

impl<T: Float> Run<T> {
    /// Runs up to `n` steps on `data`; stops early on divergence or convergence. Returns the steps taken.
    /// The wall time it took is added to the run's clock; the records made meanwhile get their times
    /// spread evenly over it (one clock read per call, not per step).
    pub fn advance(&mut self, data: &Data<T>, n: u64) -> u64 {
        let (started, first_step, clock) = (Instant::now(), self.step, self.seconds);
        let mut done = 0;
        while done < n && self.halt.is_none() {
            // A record describes the weights before this update: the full-batch step computes the training
            // loss on them anyway, so only the other sets need a forward pass, and only when due.
            let due = self.history.due(self.step);
            let before = due.then(|| self.evaluate_others(data));
            let candidate = self.step.is_multiple_of(CHECKPOINT_EVERY);
            if candidate {
                self.checkpoint.fresh.copy_from_slice(self.mlp.params());
            }
            let norms_due = self.history.norms_due(self.step);
            if norms_due {
                self.before.clear();
                self.before.extend_from_slice(self.mlp.params());
            }
            let loss = self.update(data);
            self.last_loss = loss;
            if let Some(mut record) = before {
                if record.train.is_nan() {
                    record.train = loss;
                }
                self.history.push(record);
            }
            if norms_due {
                self.record_norms();
            }
            if candidate {
                self.weigh_candidate(loss);
            }
            self.step += 1;
            done += 1;
            if !loss.is_finite() || loss > DIVERGENCE_FACTOR * self.loss_scale {
                self.roll_back(data, loss);
            } else {
                self.watch_validation(data);
            }
        }
        if done > 0 {
            self.seconds = clock + started.elapsed().as_secs_f64();
            let per_step = (self.seconds - clock) / (self.step - first_step) as f64;
            self.history.time_since(first_step, |step| {
                clock + (step - first_step) as f64 * per_step
            });
        }
        done
    }

    /// Records each layer's gradient norm, from the gradient the step just took (the batch's, at the
    /// weights before it), and how far the step moved each kernel (the weights before it are in
    /// `before`).
    fn record_norms(&mut self) {
        let (mlp, before) = (&self.mlp, &self.before);
        let moved = gradients::each_layer(mlp, |k| {
            (mlp.params()[k].to_f64() - before[k].to_f64()).abs()
        });
        match &self.lm {
            Some(lm) => {
                let grad = gradients::each_layer(mlp, |k| lm.loss_gradient(k));
                self.history.push_norms(self.step, grad, moved);
            }
            None => {
                let g = &self.ws.grad;
                let grad = gradients::each_layer(mlp, |k| g[k].to_f64());
                self.history.push_norms(self.step, grad, moved);
            }
        }
    }

    /// The gradient of the last step's loss (its batch's, at the weights before it), laid out as the
    /// parameters; None before the first step and once the weights were put back since (a reset, a
    /// divergence, early stopping, a new shape).
    pub fn last_gradient(&self) -> Option<Vec<f64>> {
        if !self.has_gradient {
            return None;
        }
        let count = self.mlp.params().len();
        Some(match &self.lm {
            Some(lm) => (0..count).map(|k| lm.loss_gradient(k)).collect(),
            None => self.ws.grad[..count].iter().map(|g| g.to_f64()).collect(),
        })
    }

    /// At a candidate step whose weights (copied to `fresh`) have loss `loss`: the waiting candidate
    /// becomes the checkpoint if the stretch since it stayed healthy (finite, at most [`HEALTHY_RISE`] ×
    /// its loss), and these weights wait in its place if their loss is within the loss scale.
    fn weigh_candidate(&mut self, loss: f64) {
        let c = &mut self.checkpoint;
        if let Some((step, before)) = c.pending.take()
            && loss.is_finite()
            && loss <= HEALTHY_RISE * before
        {
            std::mem::swap(&mut c.params, &mut c.candidate);
            c.step = step;
        }
        if loss.is_finite() && loss <= self.loss_scale {
            std::mem::swap(&mut c.candidate, &mut c.fresh);
            c.pending = Some((self.step, loss));
        }
    }

    /// The largest learning rate below the failed one that, from the weights now (the checkpoint), on a
    /// copy with a fresh optimizer, trains [`TRIAL_STEPS`] steps without diverging and ends with a lower
    /// training loss than it began; None if no rate tried does.
    fn tried_rate(&mut self, data: &Data<T>) -> Option<f64> {
        let failed = self.settings.optim.lr;
        let start = self.evaluate(data).train;
        if !start.is_finite() {
            return None;
        }
        for k in 1..=TRIAL_RATES {
            let lr = failed / 10f64.powf(f64::from(k) / 2.0);
            if lr < crate::limits::LEARNING_RATE.min {
                break;
            }
            let mut trial = self.clone();
            trial.halt = None;
            trial.settings.optim.lr = lr;
            trial.fresh_optimizer(data);
            let exploded = (0..TRIAL_STEPS).any(|_| {
                let loss = trial.update(data);
                !loss.is_finite() || loss > DIVERGENCE_FACTOR * self.loss_scale
            });
            if !exploded && trial.evaluate(data).train < start {
                return Some(lr);
            }
        }
        None
    }

    /// After an exploding step (whose loss, on the weights before it, was `loss`): records the explosion,
    /// returns to the checkpoint with a fresh optimizer and halts, suggesting a rate tried from there.
    fn roll_back(&mut self, data: &Data<T>, loss: f64) {
        let exploded_at = self.step - 1;
        self.history.push(LossRecord {
            step: exploded_at,
            train: loss,
            val: None,
            outside: None,
            seconds: 0.0,
        });
        self.history.mark(exploded_at, "diverged".into(), false);
        self.mlp
            .params_mut()
            .copy_from_slice(&self.checkpoint.params);
        self.fresh_optimizer(data);
        self.checkpoint.pending = None;
        let restored = self.evaluate(data);
        self.history.push(restored);
        let tried = self.lm.is_none();
        let suggested_lr = if tried { self.tried_rate(data) } else { None };
        self.halt = Some(Halt::Diverged {
            step: self.step,
            loss,
            suggested_lr,
            restored_step: self.checkpoint.step,
            rates_tried: tried,
        });
    }

    /// Early stopping (see the module doc of `run`): keeps the weights with the lowest validation loss and
    /// halts with them back once it has not improved for the patience's steps.
    fn watch_validation(&mut self, data: &Data<T>) {
        let patience = self.settings.optim.patience;
        let points = &data.points;
        if patience == 0
            || points.val_x.is_empty()
            || !self.step.is_multiple_of((patience / 20).max(1))
        {
            return;
        }
        let loss = self.settings.optim.loss;
        let validation = loss.value(
            self.mlp.forward(&mut self.eval_ws, &points.val_x),
            &points.val_y,
        );
        let improved = self.best.as_ref().is_none_or(|b| validation < b.validation);
        match &self.best {
            Some(best) if !improved => {
                if self.step - best.step >= patience {
                    self.stop_early(data);
                }
            }
            _ => {
                self.best = Some(super::Best {
                    params: self.mlp.params().to_vec(),
                    step: self.step,
                    validation,
                });
            }
        }
    }

    /// Puts the best weights back, marks the loss history and halts.
    fn stop_early(&mut self, data: &Data<T>) {
        let Some(best) = self.best.clone() else {
            return;
        };
        self.mlp.params_mut().copy_from_slice(&best.params);
        self.fresh_optimizer(data);
        self.history.mark(
            self.step,
            format!("early stop (best: step {})", best.step),
            false,
        );
        let restored = self.evaluate(data);
        self.history.push(restored);
        self.halt = Some(Halt::EarlyStopped {
            step: self.step,
            best_step: best.step,
            validation: best.validation,
        });
    }

    /// The losses a full-batch step does not compute itself (the training loss too under mini-batches).
    fn evaluate_others(&mut self, data: &Data<T>) -> LossRecord {
        let step_sees_all = self.lm.is_some() || self.batcher.is_full();
        self.evaluate_sets(data, !step_sees_all)
    }

    /// One update; returns the loss of the batch before it.
    fn update(&mut self, data: &Data<T>) -> f64 {
        let Self {
            mlp,
            ws,
            batcher,
            optimizer,
            lm,
            settings,
            ..
        } = self;
        let (points, o) = (&data.points, &settings.optim);
        if let Some(lm) = lm {
            let step = lm.step(mlp, ws, &points.train_x, &points.train_y, o.weight_decay);
            if !step.improved {
                self.halt = Some(Halt::Converged {
                    step: self.step + 1,
                });
            }
            self.has_gradient = true;
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
        self.has_gradient = true;
        loss
    }

    /// Losses of the current weights on the training, validation and outside points.
    pub fn evaluate(&mut self, data: &Data<T>) -> LossRecord {
        self.evaluate_sets(data, true)
    }

    /// Losses on the validation and outside points, and on the training points if `train` (else NaN).
    fn evaluate_sets(&mut self, data: &Data<T>, train: bool) -> LossRecord {
        let (mlp, ws, p, loss) = (
            &self.mlp,
            &mut self.eval_ws,
            &data.points,
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
            seconds: self.seconds,
        }
    }

    /// Predictions on the view grid.
    pub fn view_prediction(&mut self, data: &Data<T>) -> Vec<f64> {
        to_f64(self.mlp.forward(&mut self.eval_ws, &data.points.view_x))
    }

    /// Predictions on the view grid, each last-hidden-layer neuron's contribution there (one vector per
    /// neuron) and the output bias, from one forward pass.
    pub fn curves(&mut self, data: &Data<T>) -> Curves {
        let mut flat = Vec::new();
        let view_x = &data.points.view_x;
        let bias = self.mlp.contributions(&mut self.eval_ws, view_x, &mut flat);
        let n = view_x.len();
        Curves {
            prediction: to_f64(self.mlp.last_output(&self.eval_ws, n)),
            contributions: flat.chunks_exact(n.max(1)).map(to_f64).collect(),
            output_bias: bias.to_f64(),
        }
    }
}
