//! The data every run of an experiment trains on, built once from the data settings and shared behind an
//! `Arc`: the points in f64 (for plots and files) and in the training precision (what the hot loops read),
//! the outside-the-interval points, and the targets' mean square (the scale divergence is judged by).
//! A data change builds a new value and hands it to every run; a run never regenerates data itself.

use crate::data::{DataSettings, Dataset};
use crate::nn::Float;
use std::sync::Arc;

/// The data converted to the training precision.
#[derive(Debug, Clone)]
pub struct Points<T> {
    /// Training inputs.
    pub train_x: Vec<T>,
    /// Training targets.
    pub train_y: Vec<T>,
    /// Validation inputs.
    pub val_x: Vec<T>,
    /// Validation targets.
    pub val_y: Vec<T>,
    /// The view grid.
    pub view_x: Vec<T>,
    /// View-grid points outside the training interval.
    pub outside_x: Vec<T>,
    /// The target there.
    pub outside_y: Vec<T>,
}

/// One experiment's data, immutable once built.
#[derive(Debug, Clone)]
pub struct Data<T> {
    /// The points in f64, as sampled.
    pub dataset: Dataset,
    /// The same points in the training precision.
    pub points: Points<T>,
    /// Mean of y² over the training points: a loss far above both this and the starting loss diverges.
    pub target_scale: f64,
    /// Variance of the training targets (what R² on the points is measured against).
    pub train_variance: f64,
    /// The turning points of the target inside the training interval, where the target is known.
    pub bends: Option<usize>,
}

impl<T: Float> Data<T> {
    /// The data described by `settings`, sampled with their seed; refuses invalid settings.
    pub fn generate(settings: &DataSettings) -> Result<Arc<Self>, String> {
        settings.validate()?;
        Ok(Self::from_dataset(Dataset::generate(settings)?))
    }

    /// Shares an already sampled (or loaded) dataset.
    pub fn from_dataset(dataset: Dataset) -> Arc<Self> {
        let cast = |v: &[f64]| v.iter().map(|&v| T::from_f64(v)).collect::<Vec<T>>();
        let (ox, oy) = dataset.outside();
        let points = Points {
            train_x: cast(&dataset.train_x),
            train_y: cast(&dataset.train_y),
            val_x: cast(&dataset.val_x),
            val_y: cast(&dataset.val_y),
            view_x: cast(&dataset.view_x),
            outside_x: cast(&ox),
            outside_y: cast(&oy),
        };
        let y = &points.train_y;
        let target_scale =
            y.iter().map(|v| v.to_f64().powi(2)).sum::<f64>() / y.len().max(1) as f64;
        let n = dataset.train_y.len().max(1) as f64;
        let mean = dataset.train_y.iter().sum::<f64>() / n;
        let train_variance = dataset
            .train_y
            .iter()
            .map(|y| (y - mean).powi(2))
            .sum::<f64>()
            / n;
        let bends = dataset.view_y.as_deref().map(|target| {
            let d = dataset.domain;
            crate::train::diagnosis::bends(&dataset.view_x, target, d.lo, d.hi)
        });
        Arc::new(Self {
            dataset,
            points,
            target_scale,
            train_variance,
            bends,
        })
    }

    /// The most points any one evaluation passes through the network (a workspace's capacity).
    pub fn largest_set(&self) -> usize {
        let p = &self.points;
        p.train_x.len().max(p.val_x.len()).max(p.view_x.len())
    }
}
