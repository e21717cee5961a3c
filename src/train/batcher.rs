//! Mini-batches: a seeded shuffle of the training indices, redrawn every epoch, served `size` points at a
//! time (the last batch of an epoch may be smaller). The full batch needs no copy: the run then uses the
//! training points directly.

use crate::nn::Float;
use crate::seed::{Stream, rng};
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;

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
    /// `size` 0 or ≥ n means full batch.
    pub fn new(size: usize, n: usize, seed: u64) -> Self {
        let size = if size == 0 || size >= n { n } else { size };
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
