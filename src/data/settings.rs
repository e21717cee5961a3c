//! What decides the data: where they come from, how many points and where, noise, the validation share,
//! the training and view intervals, and the data's own seed — with the checks that explain a bad value.

use super::source::Source;
use crate::limits;
use serde::{Deserialize, Serialize};

/// A closed interval [lo, hi] with lo < hi.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Left end.
    pub lo: f64,
    /// Right end.
    pub hi: f64,
}

impl Interval {
    /// [lo, hi].
    pub const fn new(lo: f64, hi: f64) -> Self {
        Self { lo, hi }
    }

    /// Whether x lies in [lo, hi].
    pub fn contains(&self, x: f64) -> bool {
        (self.lo..=self.hi).contains(&x)
    }

    /// N evenly spaced points including both ends (one point: the middle).
    pub fn grid(&self, n: usize) -> Vec<f64> {
        if n == 1 {
            return vec![0.5 * (self.lo + self.hi)];
        }
        (0..n)
            .map(|i| self.lo + i as f64 * (self.hi - self.lo) / (n - 1) as f64)
            .collect()
    }
}

/// How the training x are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Sampling {
    /// Evenly spaced, both ends included.
    #[default]
    Grid,
    /// Uniform random draws (seeded).
    Random,
}

/// Everything that decides the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataSettings {
    /// Where the data come from: a preset, a typed f(x), or given points.
    pub source: Source,
    /// Number of points drawn on the training interval (training + validation) from a function.
    pub points: usize,
    /// Grid or random placement.
    pub sampling: Sampling,
    /// Standard deviation σ of the Gaussian noise added to y.
    pub noise: f64,
    /// Fraction of the points held out for validation, in [0, 0.9].
    pub val_fraction: f64,
    /// Where the training points lie.
    pub domain: Interval,
    /// What is drawn (and where the outside error is measured); contains the domain.
    pub view: Interval,
    /// Seed of the data's random choices: random sampling, noise, the validation split. Apart from the
    /// weights' seed, so a comparison or a sweep can vary one and keep the other.
    pub seed: u64,
}

impl Default for DataSettings {
    fn default() -> Self {
        Self {
            source: Source::default(),
            points: 200,
            sampling: Sampling::Grid,
            noise: 0.0,
            val_fraction: 0.0,
            domain: Interval::new(-3.0, 3.0),
            view: Interval::new(-6.0, 6.0),
            seed: 42,
        }
    }
}

impl DataSettings {
    /// Checks every field, explaining the first problem in words a user can act on.
    pub fn validate(&self) -> Result<(), String> {
        let finite = |v: f64| v.is_finite();
        let Interval { lo, hi } = self.domain;
        let Interval { lo: vlo, hi: vhi } = self.view;
        for end in [lo, hi, vlo, vhi] {
            limits::INTERVAL_END.check(end)?;
        }
        if !(finite(lo) && finite(hi)) || lo >= hi {
            return Err(format!(
                "the training interval must go from a smaller to a larger number (got {lo}, {hi})"
            ));
        }
        if !(finite(vlo) && finite(vhi)) || vlo >= vhi {
            return Err(format!(
                "the view interval must go from a smaller to a larger number (got {vlo}, {vhi})"
            ));
        }
        if vlo > lo || vhi < hi {
            return Err(format!(
                "the view interval [{vlo}, {vhi}] must contain the training interval [{lo}, {hi}]"
            ));
        }
        self.source.validate()?;
        limits::POINTS.check(self.points as f64)?;
        limits::NOISE.check(self.noise)?;
        limits::VALIDATION.check(self.val_fraction)?;
        limits::SEED.check(self.seed as f64)?;
        if self.train_count() < 1 {
            return Err("no training point would be left after the validation split".into());
        }
        Ok(())
    }

    /// How many points there are: the given ones, or the number sampled from a function.
    pub fn point_count(&self) -> usize {
        match &self.source {
            Source::Points(p) => p.len(),
            _ => self.points,
        }
    }

    /// How many of the points go to validation.
    pub fn val_count(&self) -> usize {
        (self.point_count() as f64 * self.val_fraction).round() as usize
    }

    /// How many of the points are trained on.
    pub fn train_count(&self) -> usize {
        self.point_count().saturating_sub(self.val_count())
    }
}
