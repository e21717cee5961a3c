//! Mini-batches: a seeded shuffle of the training indices, redrawn every epoch, served `size` points at a
//! time (the last batch of an epoch may be smaller). The full batch needs no copy: the run then uses the
//! training points directly.

use crate::nn::Float;
use crate::seed::{Stream, rng};
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;

/// Where a batcher is in its epochs (a session file keeps it): the order, the position in it, the
/// generator that draws the next order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BatcherState {
    /// The current epoch's order of the training indices (empty for the full batch).
    pub order: Vec<usize>,
    /// The next index in it.
    pub cursor: usize,
    /// The shuffling stream.
    pub rng: Xoshiro256PlusPlus,
}

/// Mini-batch order: a seeded shuffle of the training indices, redrawn each epoch.
#[derive(Debug, Clone)]
pub(super) struct Batcher<T> {
    /// Points per batch (the training set's size for the full batch).
    pub size: usize,
    order: Vec<usize>,
    cursor: usize,
    rng: Xoshiro256PlusPlus,
    /// The current batch's inputs.
    pub x: Vec<T>,
    /// The current batch's targets.
    pub y: Vec<T>,
}

impl<T: Float> Batcher<T> {
    /// `size` points per batch out of `n` (`OptimSettings::points_per_step`); `size == n` is the full
    /// batch.
    pub fn new(size: usize, n: usize, seed: u64) -> Self {
        let full = size == n;
        Self {
            size,
            order: if full { Vec::new() } else { (0..n).collect() },
            cursor: n,
            rng: rng(seed, Stream::Shuffle),
            x: vec![T::ZERO; if full { 0 } else { size }],
            y: vec![T::ZERO; if full { 0 } else { size }],
        }
    }

    /// The state to save.
    pub fn state(&self) -> BatcherState {
        BatcherState {
            order: self.order.clone(),
            cursor: self.cursor,
            rng: self.rng.clone(),
        }
    }

    /// Takes a saved state back; refused if it does not fit these training points.
    pub fn restore(&mut self, state: BatcherState) -> Result<(), String> {
        let n = self.order.len();
        // the full batch keeps no order (and its cursor means nothing)
        let fits = state.order.len() == n
            && (n == 0 || state.cursor <= n)
            && state.order.iter().all(|&i| i < n);
        if !fits {
            return Err("the saved mini-batch order does not fit the training points".into());
        }
        self.order = state.order;
        self.cursor = state.cursor;
        self.rng = state.rng;
        Ok(())
    }

    pub fn is_full(&self) -> bool {
        self.order.is_empty()
    }

    /// Fills the next batch; returns its length.
    pub fn fill(&mut self, x: &[T], y: &[T]) -> usize {
        if self.cursor >= self.order.len() {
            self.order.shuffle(&mut self.rng);
            self.cursor = 0;
        }
        let take = self.size.min(self.order.len() - self.cursor);
        for (k, &i) in self.order[self.cursor..self.cursor + take]
            .iter()
            .enumerate()
        {
            self.x[k] = x[i];
            self.y[k] = y[i];
        }
        self.cursor += take;
        take
    }
}
