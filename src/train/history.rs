//! Loss histories that stay small however long training runs: a record every `stride` steps (a power of
//! two, chosen by the trainer so that evaluating costs little next to training), and when the
//! buffer is full every other record is dropped and the stride doubles. After s steps the history holds
//! between CAPACITY/2 and CAPACITY records spread evenly over [0, s], so memory is bounded and a log-scale
//! plot of it still shows the whole run.
//!
//! Beside the losses, at the same steps, each Dense layer's kernel gradient norm and the norm of the update
//! the step made to it ([`LayerNorms`]), read off the step's own gradient; thinned with the records.
//!
//! Marks annotate the history: a setting changed at this step ("lr 0.1", "mae loss"), training diverged
//! here. They are few, kept apart from the records (never thinned) and bounded at [`MARKS_CAPACITY`].

use serde::{Deserialize, Serialize};

/// Most records kept.
pub const CAPACITY: usize = 2048;
/// Most marks kept (the oldest go first).
pub const MARKS_CAPACITY: usize = 64;

/// A labelled moment of the run, drawn as a thin vertical line on the loss plot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// The step at which it happened.
    pub step: u64,
    /// A few words: what changed, or "diverged".
    pub label: String,
}

/// One evaluation of the network on the current weights. Two records are equal when their step and
/// losses are: the wall time differs between two identical runs by nature.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct LossRecord {
    /// Number of updates applied before this evaluation.
    pub step: u64,
    /// Loss on the training points.
    pub train: f64,
    /// Loss on the validation points, if there are any.
    pub val: Option<f64>,
    /// Loss on the view grid outside the training interval, if the target is known there.
    pub outside: Option<f64>,
    /// Wall-clock seconds of training before this evaluation (the loss plot's time axis).
    #[serde(default)]
    pub seconds: f64,
}

impl PartialEq for LossRecord {
    fn eq(&self, other: &Self) -> bool {
        (self.step, self.train, self.val, self.outside)
            == (other.step, other.train, other.val, other.outside)
    }
}

/// Each Dense layer's kernel gradient norm ‖∂L/∂Wₗ‖ and update norm ‖ΔWₗ‖ at recorded steps, input side
/// first, in one flat vector (a record is 2 × `layers` numbers, so recording allocates nothing once the
/// history has its room).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LayerNorms {
    /// Dense layers per record (hidden layers and the output).
    layers: usize,
    /// The steps recorded, oldest first: the gradient of the step that starts there and its update.
    steps: Vec<u64>,
    /// Per step, the gradient norm of each layer, then the update norm of each.
    values: Vec<f64>,
}

impl LayerNorms {
    /// Dense layers per record.
    pub fn layers(&self) -> usize {
        self.layers
    }

    /// The recorded steps, oldest first.
    pub fn steps(&self) -> &[u64] {
        &self.steps
    }

    /// Each layer's gradient norm at the `i`-th recorded step.
    pub fn grad(&self, i: usize) -> &[f64] {
        let at = 2 * self.layers * i;
        &self.values[at..at + self.layers]
    }

    /// Each layer's update norm at the `i`-th recorded step.
    pub fn update(&self, i: usize) -> &[f64] {
        let at = 2 * self.layers * i + self.layers;
        &self.values[at..at + self.layers]
    }

    /// Adds the norms of `step`; a record of another layer count (a network reshaped by hand) starts
    /// the series afresh.
    fn push(
        &mut self,
        step: u64,
        grad: impl Iterator<Item = f64>,
        update: impl Iterator<Item = f64>,
    ) {
        let before = self.values.len();
        self.values.extend(grad);
        let layers = self.values.len() - before;
        self.values.extend(update);
        if self.values.len() - before != 2 * layers {
            self.values.truncate(before);
            return;
        }
        if layers != self.layers {
            self.values.drain(..before);
            self.steps.clear();
            self.layers = layers;
        }
        if self.steps.capacity() == 0 {
            self.steps.reserve(CAPACITY);
            self.values.reserve(2 * layers * CAPACITY);
        }
        self.steps.push(step);
    }

    /// Keeps the records whose step is a multiple of `stride`.
    fn thin(&mut self, stride: u64) {
        let width = 2 * self.layers;
        let mut kept = 0;
        for i in 0..self.steps.len() {
            if self.steps[i].is_multiple_of(stride) {
                self.steps[kept] = self.steps[i];
                self.values
                    .copy_within(i * width..(i + 1) * width, kept * width);
                kept += 1;
            }
        }
        self.steps.truncate(kept);
        self.values.truncate(kept * width);
    }
}

/// Decimated loss history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    records: Vec<LossRecord>,
    stride: u64,
    #[serde(default)]
    marks: Vec<Mark>,
    /// Per-layer gradient and update norms at the recorded training steps (absent in older files).
    #[serde(default)]
    norms: LayerNorms,
}

impl Default for History {
    fn default() -> Self {
        Self::with_stride(1)
    }
}

impl History {
    /// An empty history whose first stride is `stride` rounded up to a power of two (so thinning keeps
    /// records on a regular grid).
    pub fn with_stride(stride: u64) -> Self {
        Self {
            records: Vec::with_capacity(CAPACITY),
            stride: stride.max(1).next_power_of_two(),
            marks: Vec::new(),
            norms: LayerNorms::default(),
        }
    }

    /// Whether a record is wanted at this step: every step before the first stride (so a slow network's
    /// curve appears from step 1, not after `stride` steps), then every `stride` steps.
    pub fn due(&self, step: u64) -> bool {
        let on_grid = step.is_multiple_of(self.stride) || step < self.stride;
        on_grid && self.records.last().is_none_or(|r| r.step < step)
    }

    /// Whether the per-layer norms are wanted at this step: on the records' grid, and not yet recorded
    /// there (the record of step 0 is made before any step, the norms of step 0 by the step itself).
    pub fn norms_due(&self, step: u64) -> bool {
        let on_grid = step.is_multiple_of(self.stride) || step < self.stride;
        on_grid && self.norms.steps.last().is_none_or(|&s| s < step)
    }

    /// Adds a record, thinning the history when it is full.
    pub fn push(&mut self, record: LossRecord) {
        if self.records.len() == CAPACITY {
            self.stride *= 2;
            let stride = self.stride;
            self.records.retain(|r| r.step.is_multiple_of(stride));
            self.norms.thin(stride);
        }
        self.records.push(record);
    }

    /// Adds each layer's gradient and update norm at `step`, a training step just recorded.
    pub fn push_norms(
        &mut self,
        step: u64,
        grad: impl Iterator<Item = f64>,
        update: impl Iterator<Item = f64>,
    ) {
        self.norms.push(step, grad, update);
    }

    /// The per-layer gradient and update norms, at the training steps recorded.
    pub fn norms(&self) -> &LayerNorms {
        &self.norms
    }

    /// The records, oldest first.
    pub fn records(&self) -> &[LossRecord] {
        &self.records
    }

    /// The newest record.
    pub fn last(&self) -> Option<&LossRecord> {
        self.records.last()
    }

    /// Sets the time of every record from `step` on to `time(record step)` (the run measures a call's
    /// time once and spreads it over the steps it took).
    pub fn time_since(&mut self, step: u64, time: impl Fn(u64) -> f64) {
        for r in self.records.iter_mut().rev().take_while(|r| r.step >= step) {
            r.seconds = time(r.step);
        }
    }

    /// Adds a mark at `step`; with `merge`, or when the newest mark is at the same step, the newest mark
    /// takes the new label instead (one mark for one slider drag, one for several edits while paused).
    pub fn mark(&mut self, step: u64, label: String, merge: bool) {
        if let Some(last) = self.marks.last_mut()
            && (merge || last.step == step)
            && last.label != "diverged"
        {
            last.label = label;
            return;
        }
        if self.marks.len() == MARKS_CAPACITY {
            self.marks.remove(0);
        }
        self.marks.push(Mark { step, label });
    }

    /// The marks, oldest first.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of step `step` with training loss 1.
    fn record(step: u64) -> LossRecord {
        LossRecord {
            step,
            train: 1.0,
            val: None,
            outside: None,
            seconds: 0.0,
        }
    }

    #[test]
    fn stays_bounded_and_evenly_spread() {
        let mut h = History::default();
        for step in 0..100_000u64 {
            if h.due(step) {
                h.push(record(step));
            }
        }
        let r = h.records();
        assert!(r.len() <= CAPACITY && r.len() >= CAPACITY / 2);
        assert_eq!(r[0].step, 0);
        let gap = r[1].step - r[0].step;
        assert!(r.windows(2).all(|w| w[1].step - w[0].step == gap));
        assert!(100_000 - r.last().unwrap().step <= gap);
    }

    #[test]
    fn layer_norms_thin_with_the_records_and_keep_their_values() {
        let mut h = History::default();
        h.push(record(0));
        for step in 0..50_000u64 {
            let due = h.due(step);
            let norms_due = h.norms_due(step);
            if due {
                h.push(record(step));
            }
            if norms_due {
                let s = step as f64;
                h.push_norms(
                    step,
                    [s, 2.0 * s].into_iter(),
                    [3.0 * s, 4.0 * s].into_iter(),
                );
            }
        }
        let norms = h.norms();
        let steps: Vec<u64> = h.records().iter().map(|r| r.step).collect();
        assert_eq!(norms.steps(), &steps[..], "the same steps as the losses");
        assert_eq!(norms.layers(), 2);
        for (i, &step) in norms.steps().iter().enumerate() {
            let s = step as f64;
            assert_eq!(norms.grad(i), [s, 2.0 * s]);
            assert_eq!(norms.update(i), [3.0 * s, 4.0 * s]);
        }
        h.push_norms(60_000, [1.0].into_iter(), [1.0].into_iter());
        assert_eq!(
            (h.norms().layers(), h.norms().steps()),
            (1, &[60_000][..]),
            "another shape starts afresh"
        );
    }

    #[test]
    fn a_slow_network_records_every_step_before_its_first_stride() {
        let mut h = History::with_stride(8);
        for step in 0..40u64 {
            if h.due(step) {
                h.push(record(step));
            }
        }
        let steps: Vec<u64> = h.records().iter().map(|r| r.step).collect();
        assert_eq!(steps, vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 24, 32]);
    }

    #[test]
    fn marks_merge_while_a_slider_moves_and_stay_bounded() {
        let mut h = History::default();
        h.mark(10, "lr 0.02".into(), false);
        h.mark(20, "lr 0.05".into(), true);
        h.mark(20, "lr 0.1".into(), true);
        assert_eq!(
            h.marks(),
            [Mark {
                step: 10,
                label: "lr 0.1".into()
            }]
        );
        h.mark(30, "diverged".into(), false);
        h.mark(30, "lr 0.01".into(), true);
        assert_eq!(h.marks().len(), 3, "a divergence is never relabelled");
        for step in 0..200 {
            h.mark(100 + step, format!("change {step}"), false);
        }
        assert_eq!(h.marks().len(), MARKS_CAPACITY);
        assert_eq!(h.marks().last().unwrap().label, "change 199");
    }
}
