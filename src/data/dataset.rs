//! Turning a data source (a preset, a typed f(x), given points) and sampling settings into the points the
//! network sees.
//!
//! N points are placed on the training interval [a, b] — a grid xᵢ = a + i·(b − a)/(N − 1) with both ends, or
//! seeded uniform draws — and get yᵢ = f(xᵢ) + σ·εᵢ with εᵢ ~ N(0, 1). A seeded fraction of them is held out for
//! validation. A dense grid over the wider view interval carries the noise-free target, so the fit can be
//! drawn beyond the data and the error outside [a, b] measured: the "outside" loss uses the grid points that
//! fall outside the training interval.

pub use super::settings::{DataSettings, Interval, Sampling};
use super::source::{Function, Source};
use crate::seed::{Stream, rng};
use rand::RngExt as _;
use rand::seq::SliceRandom;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

/// Number of points of the evaluation grid over the view interval (dense enough for a smooth curve).
pub const VIEW_POINTS: usize = 601;

/// The points of one experiment, in f64; the trainer converts them to its float type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Training inputs, ascending.
    pub train_x: Vec<f64>,
    /// Training targets (noisy).
    pub train_y: Vec<f64>,
    /// Validation inputs, ascending.
    pub val_x: Vec<f64>,
    /// Validation targets (noisy).
    pub val_y: Vec<f64>,
    /// The evaluation grid over the view interval.
    pub view_x: Vec<f64>,
    /// The noise-free target on the view grid, when a target function is known.
    pub view_y: Option<Vec<f64>>,
    /// The training interval.
    pub domain: Interval,
    /// The view interval.
    pub view: Interval,
    /// Points left out because the function is not finite there (1/x at 0), if any.
    pub left_out: usize,
}

impl Dataset {
    /// The data described by `settings`, with the data stream of its seed: a function sampled on the
    /// training interval (points where it is not finite left out, and counted), or the given points. A
    /// function that is finite nowhere on the interval, or an expression that does not read, is refused.
    pub fn generate(settings: &DataSettings) -> Result<Self, String> {
        let mut rng = rng(settings.seed, Stream::Data);
        let function = settings.source.function()?;
        let (domain, view, x, y) = match (&settings.source, &function) {
            (Source::Points(points), _) => given(points, settings),
            (_, Some(f)) => sampled(f, settings, &mut rng),
            (_, None) => return Err("no data to train on".into()),
        };
        let sampled_count = x.len();
        let (x, y): (Vec<f64>, Vec<f64>) =
            x.into_iter().zip(y).filter(|(_, y)| y.is_finite()).unzip();
        if x.is_empty() {
            return Err(format!(
                "{} is not finite at any of the {sampled_count} points of [{}, {}]",
                settings.source.label(),
                domain.lo,
                domain.hi
            ));
        }
        let validation =
            ((x.len() as f64 * settings.val_fraction).round() as usize).min(x.len() - 1);
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.shuffle(&mut rng);
        let mut is_val = vec![false; x.len()];
        for &i in &order[..validation] {
            is_val[i] = true;
        }
        let pick = |want: bool, v: &[f64]| -> Vec<f64> {
            v.iter()
                .zip(&is_val)
                .filter(|(_, s)| **s == want)
                .map(|(v, _)| *v)
                .collect()
        };
        let view_x = view.grid(VIEW_POINTS);
        let view_y = function.map(|f| view_x.iter().map(|&x| f.eval(x)).collect());
        Ok(Self {
            train_x: pick(false, &x),
            train_y: pick(false, &y),
            val_x: pick(true, &x),
            val_y: pick(true, &y),
            view_x,
            view_y,
            domain,
            view,
            left_out: sampled_count - x.len(),
        })
    }

    /// "3 of 200 points left out: f is not finite there", when some were.
    pub fn note(&self) -> Option<String> {
        let kept = self.train_x.len() + self.val_x.len();
        (self.left_out > 0).then(|| {
            format!(
                "{} of {} points left out: f is not finite there",
                self.left_out,
                kept + self.left_out
            )
        })
    }

    /// A dataset from given points alone (a CSV, clicks on the plot): no validation split, no known target
    /// beyond the points, so no outside error. The intervals are the points' extent, the view twice as wide.
    pub fn from_points(x: Vec<f64>, y: Vec<f64>) -> Result<Self, String> {
        if x.len() != y.len() || x.is_empty() {
            return Err("points need as many y as x, and at least one".into());
        }
        if x.iter().chain(&y).any(|v| !v.is_finite()) {
            return Err("every x and y must be a finite number".into());
        }
        let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let half = if hi > lo { 0.5 * (hi - lo) } else { 1.0 };
        let view = Interval::new(lo - half, hi + half);
        Ok(Self {
            train_x: x,
            train_y: y,
            val_x: Vec::new(),
            val_y: Vec::new(),
            view_x: view.grid(VIEW_POINTS),
            view_y: None,
            domain: Interval::new(lo, hi.max(lo)),
            view,
            left_out: 0,
        })
    }

    /// The view-grid points outside the training interval with their target (where it is finite), for
    /// the outside error.
    pub fn outside(&self) -> (Vec<f64>, Vec<f64>) {
        let Some(view_y) = &self.view_y else {
            return (Vec::new(), Vec::new());
        };
        self.view_x
            .iter()
            .zip(view_y)
            .filter(|(x, y)| !self.domain.contains(**x) && y.is_finite())
            .map(|(x, y)| (*x, *y))
            .unzip()
    }
}

/// A function sampled on the training interval (grid or seeded random x, Gaussian noise on y).
fn sampled(
    f: &Function,
    settings: &DataSettings,
    rng: &mut impl rand::Rng,
) -> (Interval, Interval, Vec<f64>, Vec<f64>) {
    let d = settings.domain;
    let mut x = match settings.sampling {
        Sampling::Grid => d.grid(settings.points),
        Sampling::Random => (0..settings.points)
            .map(|_| rng.random_range(d.lo..=d.hi))
            .collect(),
    };
    x.sort_by(f64::total_cmp);
    let y = x
        .iter()
        .map(|&x| {
            let noise = if settings.noise > 0.0 {
                settings.noise * rng.sample::<f64, _>(StandardNormal)
            } else {
                0.0
            };
            f.eval(x) + noise
        })
        .collect();
    (d, settings.view, x, y)
}

/// Given points, sorted by x. The training interval is the one set if it holds every point, else the
/// points' extent; the view holds the training interval.
fn given(points: &[[f64; 2]], settings: &DataSettings) -> (Interval, Interval, Vec<f64>, Vec<f64>) {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let (lo, hi) = (sorted[0][0], sorted[sorted.len() - 1][0]);
    let set = settings.domain;
    let domain = if set.lo <= lo && hi <= set.hi {
        set
    } else if hi > lo {
        Interval::new(lo, hi)
    } else {
        Interval::new(lo - 0.5, hi + 0.5)
    };
    let view = Interval::new(
        settings.view.lo.min(domain.lo),
        settings.view.hi.max(domain.hi),
    );
    let (x, y) = sorted.iter().map(|p| (p[0], p[1])).unzip();
    (domain, view, x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_includes_both_ends() {
        let g = Interval::new(-3.0, 3.0).grid(200);
        assert_eq!((g[0], g[199], g.len()), (-3.0, 3.0, 200));
        assert!((g[1] - (-3.0 + 6.0 / 199.0)).abs() < 1e-15);
    }

    #[test]
    fn the_validation_split_is_seeded_and_disjoint() {
        let s = DataSettings {
            val_fraction: 0.25,
            noise: 0.1,
            sampling: Sampling::Random,
            ..Default::default()
        };
        let with_seed = |seed| Dataset::generate(&DataSettings { seed, ..s.clone() }).unwrap();
        let a = with_seed(9);
        assert_eq!(a, with_seed(9));
        assert_ne!(a, with_seed(10));
        assert_eq!((a.train_x.len(), a.val_x.len()), (150, 50));
        assert!(a.val_x.iter().all(|v| !a.train_x.contains(v)));
        assert!(a.train_x.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn outside_points_lie_beyond_the_training_interval() {
        let d = Dataset::generate(&DataSettings::default()).unwrap();
        let (x, y) = d.outside();
        assert!(!x.is_empty() && x.iter().all(|x| x.abs() > 3.0));
        assert!(x.iter().zip(&y).all(|(x, y)| (x.sin() - y).abs() < 1e-15));
    }

    #[test]
    fn an_expression_is_sampled_where_it_is_finite_and_says_how_many_were_left_out() {
        let s = DataSettings {
            source: Source::Expression("1/x".into()),
            points: 201,
            ..Default::default()
        };
        let d = Dataset::generate(&s).unwrap();
        assert_eq!((d.train_x.len(), d.left_out), (200, 1), "x = 0 is left out");
        assert_eq!(
            d.note().unwrap(),
            "1 of 201 points left out: f is not finite there"
        );
        let (ox, oy) = d.outside();
        assert!(!ox.is_empty() && oy.iter().all(|y| y.is_finite()));
        let nowhere = DataSettings {
            source: Source::Expression("ln(-1-x^2)".into()),
            ..Default::default()
        };
        assert!(
            Dataset::generate(&nowhere)
                .unwrap_err()
                .contains("not finite at any of the 200 points")
        );
    }

    #[test]
    fn given_points_train_as_they_are_with_no_target_beyond_them() {
        let s = DataSettings {
            source: Source::Points(vec![[2.0, 1.0], [-1.0, 0.5], [5.0, -2.0]].into()),
            ..Default::default()
        };
        let d = Dataset::generate(&s).unwrap();
        assert_eq!(d.train_x, vec![-1.0, 2.0, 5.0], "sorted by x");
        assert_eq!(d.train_y, vec![0.5, 1.0, -2.0]);
        assert_eq!(
            d.domain,
            Interval::new(-1.0, 5.0),
            "the interval follows the points"
        );
        assert_eq!(d.view, Interval::new(-6.0, 6.0));
        assert!(
            d.view_y.is_none() && d.outside().0.is_empty(),
            "no outside error"
        );
        let inside = DataSettings {
            source: Source::Points(vec![[0.0, 1.0], [1.0, 2.0]].into()),
            ..Default::default()
        };
        assert_eq!(
            Dataset::generate(&inside).unwrap().domain,
            Interval::new(-3.0, 3.0),
            "as set"
        );
    }

    #[test]
    fn bad_settings_are_explained() {
        let bad = |f: fn(&mut DataSettings)| {
            let mut s = DataSettings::default();
            f(&mut s);
            s.validate().unwrap_err()
        };
        assert!(bad(|s| s.domain = Interval::new(3.0, -3.0)).contains("smaller to a larger"));
        assert!(bad(|s| s.view = Interval::new(-1.0, 1.0)).contains("must contain"));
        assert!(bad(|s| s.points = 1).contains("points must be between 2 and 100000"));
        assert!(bad(|s| s.noise = -1.0).contains("noise"));
        assert!(bad(|s| s.val_fraction = 1.0).contains("validation"));
        assert!(bad(|s| s.view.hi = 2e6).contains("between -1e6 and 1e6"));
        assert!(Dataset::from_points(vec![1.0], vec![f64::NAN]).is_err());
    }
}
