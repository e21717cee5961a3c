//! Loss histories that stay small however long training runs: a record every `stride` steps (a power of
//! two, chosen by the trainer so that evaluating costs little next to training), and when the
//! buffer is full every other record is dropped and the stride doubles. After s steps the history holds
//! between CAPACITY/2 and CAPACITY records spread evenly over [0, s], so memory is bounded and a log-scale
//! plot of it still shows the whole run.
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

/// Decimated loss history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    records: Vec<LossRecord>,
    stride: u64,
    #[serde(default)]
    marks: Vec<Mark>,
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
        }
    }

    /// Whether a record is wanted at this step: every step before the first stride (so a slow network's
    /// curve appears from step 1, not after `stride` steps), then every `stride` steps.
    pub fn due(&self, step: u64) -> bool {
        let on_grid = step.is_multiple_of(self.stride) || step < self.stride;
        on_grid && self.records.last().is_none_or(|r| r.step < step)
    }

    /// Adds a record, thinning the history when it is full.
    pub fn push(&mut self, record: LossRecord) {
        if self.records.len() == CAPACITY {
            self.stride *= 2;
            let stride = self.stride;
            self.records.retain(|r| r.step.is_multiple_of(stride));
        }
        self.records.push(record);
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

    #[test]
    fn stays_bounded_and_evenly_spread() {
        let mut h = History::default();
        for step in 0..100_000u64 {
            if h.due(step) {
                h.push(LossRecord {
                    step,
                    train: 1.0,
                    val: None,
                    outside: None,
                    seconds: 0.0,
                });
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
    fn a_slow_network_records_every_step_before_its_first_stride() {
        let mut h = History::with_stride(8);
        let record = |step| LossRecord {
            step,
            train: 1.0,
            val: None,
            outside: None,
            seconds: 0.0,
        };
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
