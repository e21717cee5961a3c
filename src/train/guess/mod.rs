//! A prediction the learner draws before watching the network answer (issue 28): a curve over the view,
//! kept on the view's grid, drawn in freehand strokes.
//!
//! A stroke is a polyline (x₀, y₀), (x₁, y₁), … in the plot's coordinates. Each grid x that a segment
//! spans (to within half a grid step) takes the segment's linear interpolation (or extension), later
//! segments over earlier ones, so drawing over a part replaces that part (and going back over it replaces
//! it again). The values the stroke set are then smoothed once by a three-point moving average (its two ends kept): a hand's jitter fades while a
//! straight stroke stays exactly straight, since the mean of three collinear points lies on their line.
//! Between drawn grid points the guess is linear and it is not extended beyond them:
//! [`Guess::at`] is the curve that is shown and scored.

mod miss;
mod score;

pub use miss::miss_sentence;
pub use score::{GuessScore, score};

/// `guess` against a network of hidden `activation` whose `prediction` on the view grid `x` is given
/// (and the `target`, where known): its scores and its biggest miss in words, as the window and
/// `train --guess` show them; None when the guess covers no view point.
pub fn answer(
    guess: &Guess,
    x: &[f64],
    prediction: &[f64],
    target: Option<&[f64]>,
    domain: crate::data::Interval,
    activation: crate::nn::Activation,
) -> Option<(GuessScore, String)> {
    let s = score(guess, x, prediction, target, domain)?;
    let miss = miss_sentence(guess, &s, x, prediction, domain, activation);
    Some((s, miss))
}

use serde::{Deserialize, Serialize};

/// A drawn guess: the grid it was drawn on and its value at each grid x (None where nothing is drawn).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Guess {
    /// The view's grid when it was drawn, ascending.
    grid: Vec<f64>,
    /// The guess at each grid x, where drawn.
    y: Vec<Option<f64>>,
}

impl Guess {
    /// An empty guess on `grid` (the view's x, ascending).
    pub fn on(grid: &[f64]) -> Self {
        Self {
            grid: grid.to_vec(),
            y: vec![None; grid.len()],
        }
    }

    /// A guess through given (x, y) points (a file's), sorted by x: the curve between them is linear
    /// and nothing is drawn beyond them. Non-finite points are dropped.
    pub fn through(points: &[[f64; 2]]) -> Self {
        let mut points: Vec<[f64; 2]> = points
            .iter()
            .copied()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .collect();
        points.sort_by(|a, b| a[0].total_cmp(&b[0]));
        points.dedup_by(|b, a| a[0] == b[0]);
        Self {
            grid: points.iter().map(|p| p[0]).collect(),
            y: points.iter().map(|p| Some(p[1])).collect(),
        }
    }

    /// Whether nothing is drawn.
    pub fn is_empty(&self) -> bool {
        self.y.iter().all(Option::is_none)
    }

    /// The drawn points, by x: the curve the fit plot shows.
    pub fn points(&self) -> Vec<[f64; 2]> {
        self.grid
            .iter()
            .zip(&self.y)
            .filter_map(|(&x, y)| y.map(|y| [x, y]))
            .collect()
    }

    /// The guess at `x`: linear between the drawn points, None beyond the first and the last.
    pub fn at(&self, x: f64) -> Option<f64> {
        // the drawn grid points either side of x, found on the grid itself (no list of points made)
        let i = self.grid.partition_point(|&g| g < x);
        let right = (i..self.grid.len()).find(|&k| self.y[k].is_some())?;
        let (xb, yb) = (self.grid[right], self.y[right]?);
        if xb == x {
            return Some(yb);
        }
        let left = (0..i).rev().find(|&k| self.y[k].is_some())?;
        let (xa, ya) = (self.grid[left], self.y[left]?);
        Some(ya + (yb - ya) * (x - xa) / (xb - xa))
    }

    /// Draws one stroke (plot coordinates, in the order the pointer went) on `grid`: the grid points it
    /// spans take its values, smoothed, and the rest keep theirs. A guess drawn on another grid (the view
    /// changed since) is first carried over to this one.
    pub fn draw(&mut self, stroke: &[[f64; 2]], grid: &[f64]) {
        if self.grid != grid {
            let old = self.clone();
            *self = Self::on(grid);
            for (y, &x) in self.y.iter_mut().zip(grid) {
                *y = old.at(x);
            }
        }
        let stroke: Vec<[f64; 2]> = stroke
            .iter()
            .copied()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .collect();
        let mut touched = vec![false; grid.len()];
        let mut set = |i: usize, y: f64, y_of: &mut [Option<f64>]| {
            y_of[i] = Some(y);
            touched[i] = true;
        };
        if let [only] = stroke[..]
            && let Some(i) = nearest(grid, only[0])
        {
            set(i, only[1], &mut self.y);
        }
        // a stroke snaps to the grid: a grid point within half a grid step of its span is drawn (the
        // pointer's pixel at the view's end lands on the last grid point)
        let half_step = match (grid.first(), grid.last()) {
            (Some(a), Some(b)) if grid.len() > 1 => 0.5 * (b - a) / (grid.len() - 1) as f64,
            _ => 0.0,
        };
        for pair in stroke.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (lo, hi) = (a[0].min(b[0]) - half_step, a[0].max(b[0]) + half_step);
            let first = grid.partition_point(|&x| x < lo);
            for (i, &x) in grid.iter().enumerate().skip(first) {
                if x > hi {
                    break;
                }
                let y = if b[0] != a[0] {
                    a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])
                } else {
                    b[1]
                };
                set(i, y, &mut self.y);
            }
        }
        self.smooth(&touched);
    }

    /// One pass of a three-point moving average over the runs of grid points a stroke set, each run's
    /// ends kept.
    fn smooth(&mut self, touched: &[bool]) {
        let before = self.y.clone();
        for i in 1..before.len().saturating_sub(1) {
            if !(touched[i - 1] && touched[i] && touched[i + 1]) {
                continue;
            }
            if let (Some(a), Some(b), Some(c)) = (before[i - 1], before[i], before[i + 1]) {
                self.y[i] = Some((a + b + c) / 3.0);
            }
        }
    }
}

/// A guess as a person keeps it: the curve, the step it was drawn at, and from which step its score
/// shows even before a run converges (the user's "Score now", a tour step's checked step).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prediction {
    /// The drawn curve.
    pub curve: Guess,
    /// The run's step when it was drawn ("where will it go from here?").
    pub drawn_at_step: u64,
    /// Show the score from this step on; None: once the run converges.
    pub score_from_step: Option<u64>,
}

impl Prediction {
    /// Whether a run at `step`, `converged` or not, shows this guess's score.
    pub fn scored(&self, step: u64, converged: bool) -> bool {
        !self.curve.is_empty() && (converged || self.score_from_step.is_some_and(|s| step >= s))
    }
}

/// The index of the grid point nearest `x`, if the grid has one.
fn nearest(grid: &[f64], x: f64) -> Option<usize> {
    (0..grid.len()).min_by(|&i, &j| (grid[i] - x).abs().total_cmp(&(grid[j] - x).abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Vec<f64> {
        (0..=120).map(|i| -6.0 + 0.1 * f64::from(i)).collect()
    }

    #[test]
    fn a_straight_stroke_is_the_line_on_every_grid_point_it_spans() {
        let mut g = Guess::on(&grid());
        let stroke: Vec<[f64; 2]> = (0..=40)
            .map(|i| {
                let x = -6.0 + 0.3 * f64::from(i);
                [x, 0.5 * x - 1.0]
            })
            .collect();
        g.draw(&stroke, &grid());
        for x in grid() {
            assert!((g.at(x).unwrap() - (0.5 * x - 1.0)).abs() < 1e-9, "at {x}");
        }
    }

    #[test]
    fn a_second_stroke_replaces_only_what_it_spans_and_jitter_is_smoothed() {
        let mut g = Guess::on(&grid());
        g.draw(&[[-6.0, 1.0], [6.0, 1.0]], &grid());
        g.draw(&[[0.0, -1.0], [1.0, 1.0], [2.0, -1.0], [3.0, 1.0]], &grid());
        assert_eq!(g.at(-3.0), Some(1.0));
        assert!((g.at(5.0).unwrap() - 1.0).abs() < 1e-12);
        let peak = g.at(1.0).unwrap();
        assert!(
            peak < 1.0 && peak > 0.5,
            "the zigzag's corner is rounded: {peak}"
        );
        assert!(
            (g.at(0.0).unwrap() + 1.0).abs() < 1e-12,
            "a stroke's end is kept"
        );
    }

    #[test]
    fn going_back_over_a_part_replaces_it_and_nothing_is_extended() {
        let mut g = Guess::on(&grid());
        g.draw(&[[-1.0, 0.0], [1.0, 0.0], [0.0, 2.0]], &grid());
        assert!((g.at(0.5).unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(g.at(-2.0), None);
        assert_eq!(g.at(1.5), None);
        assert!(Guess::on(&grid()).is_empty());
    }

    #[test]
    fn a_stroke_ending_a_hair_short_of_the_view_still_reaches_its_end_and_a_vertical_one_is_finite()
    {
        let mut g = Guess::on(&grid());
        g.draw(&[[-5.999_999, 0.0], [5.999_999, 1.0]], &grid());
        assert_eq!(g.points().len(), grid().len());
        let mut v = Guess::on(&grid());
        v.draw(&[[1.0, 0.0], [1.0, 2.0]], &grid());
        assert_eq!(v.points(), vec![[1.0, 2.0]]);
    }

    #[test]
    fn a_file_guess_is_linear_between_its_points_and_ends_at_them() {
        let g = Guess::through(&[[1.0, 2.0], [-1.0, 0.0], [f64::NAN, 3.0]]);
        assert_eq!(g.at(0.0), Some(1.0));
        assert_eq!(g.at(1.5), None);
        assert_eq!(g.points().len(), 2);
    }
}
