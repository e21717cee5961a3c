//! Loss histories that stay small however long training runs: a record every `stride` steps (a power of
//! two, chosen by the trainer so that evaluating costs little next to training), and when the
//! buffer is full every other record is dropped and the stride doubles. After s steps the history holds
//! between CAPACITY/2 and CAPACITY records spread evenly over [0, s], so memory is bounded and a log-scale
//! plot of it still shows the whole run.

use serde::{Deserialize, Serialize};

/// Most records kept.
pub const CAPACITY: usize = 2048;

/// One evaluation of the network on the current weights.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LossRecord {
    /// Number of updates applied before this evaluation.
    pub step: u64,
    /// Loss on the training points.
    pub train: f64,
    /// Loss on the validation points, if there are any.
    pub val: Option<f64>,
    /// Loss on the view grid outside the training interval, if the target is known there.
    pub outside: Option<f64>,
}

/// Decimated loss history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    records: Vec<LossRecord>,
    stride: u64,
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
        }
    }

    /// Whether a record is wanted at this step.
    pub fn due(&self, step: u64) -> bool {
        step.is_multiple_of(self.stride) && self.records.last().is_none_or(|r| r.step < step)
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
}
