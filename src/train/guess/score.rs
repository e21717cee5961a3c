//! A drawn guess against a network's prediction and against the target, on the view grid.
//!
//! On the view grid xⱼ where the guess g is defined (linear between its points, not extended beyond
//! them), split at the training interval [lo, hi]: RMSE = √(mean (g(xⱼ) − ŷ(xⱼ))²) inside and outside,
//! the largest gap maxⱼ |g(xⱼ) − ŷ(xⱼ)| and where it is, and the same RMSEs against the target f(xⱼ)
//! where there is one. Grid points where the guess, the prediction or the target is not finite are left
//! out of what needs them. The biggest miss in words is in `miss.rs`.

use super::Guess;
use crate::data::Interval;
use serde::{Deserialize, Serialize};

/// A guess's scores against one run (and the target).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GuessScore {
    /// RMSE of the guess against the prediction on the training interval (None: no grid point there).
    pub rmse_inside: Option<f64>,
    /// The same beyond the interval.
    pub rmse_outside: Option<f64>,
    /// The largest |guess − prediction| over the grid points scored.
    pub max_gap: f64,
    /// Where it is.
    pub max_gap_x: f64,
    /// RMSE of the guess against the target on the interval (None without a target or a point there).
    pub vs_target_rmse_inside: Option<f64>,
    /// The same beyond the interval.
    pub vs_target_rmse_outside: Option<f64>,
    /// View grid points scored.
    pub scored: usize,
    /// View grid points left out: beyond the guess's ends (or not finite).
    pub left_out: usize,
}

/// The scores of `guess` against `prediction` (and `target`, where known) on the view grid `x`, split at
/// `domain`; None when the guess covers no view point.
pub fn score(
    guess: &Guess,
    x: &[f64],
    prediction: &[f64],
    target: Option<&[f64]>,
    domain: Interval,
) -> Option<GuessScore> {
    let mut sums = [(0.0, 0usize); 4];
    let mut add = |slot: usize, d: f64| {
        if d.is_finite() {
            sums[slot].0 += d * d;
            sums[slot].1 += 1;
        }
    };
    let (mut max_gap, mut max_gap_x, mut scored) = (0.0f64, f64::NAN, 0usize);
    for (j, (&xj, &yj)) in x.iter().zip(prediction).enumerate() {
        let Some(g) = guess.at(xj) else {
            continue;
        };
        if !yj.is_finite() {
            continue;
        }
        scored += 1;
        let side = usize::from(!domain.contains(xj));
        let gap = g - yj;
        add(side, gap);
        if gap.abs() > max_gap || max_gap_x.is_nan() {
            (max_gap, max_gap_x) = (gap.abs(), xj);
        }
        if let Some(t) = target.and_then(|t| t.get(j)) {
            add(2 + side, g - t);
        }
    }
    if scored == 0 {
        return None;
    }
    let rmse = |(sum, n): (f64, usize)| (n > 0).then(|| (sum / n as f64).sqrt());
    Some(GuessScore {
        rmse_inside: rmse(sums[0]),
        rmse_outside: rmse(sums[1]),
        max_gap,
        max_gap_x,
        vs_target_rmse_inside: rmse(sums[2]),
        vs_target_rmse_outside: rmse(sums[3]),
        scored,
        left_out: x.len() - scored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Vec<f64> {
        (0..=120).map(|i| -6.0 + 0.1 * f64::from(i)).collect()
    }

    #[test]
    fn scores_equal_a_direct_computation_on_the_grid() {
        let x = grid();
        let prediction: Vec<f64> = x.iter().map(|v| v.tanh()).collect();
        let target: Vec<f64> = x.iter().map(|v| v.sin()).collect();
        let guess = Guess::through(&[[-5.0, -1.0], [5.0, 1.0]]);
        let s = score(
            &guess,
            &x,
            &prediction,
            Some(&target),
            Interval::new(-3.0, 3.0),
        )
        .unwrap();
        let (mut sum, mut n, mut sum_t, mut n_out, mut sum_out, mut sum_t_out) =
            (0.0, 0, 0.0, 0, 0.0, 0.0);
        let (mut gap, mut gap_x) = (0.0f64, 0.0);
        for (i, &xi) in x.iter().enumerate() {
            if !(-5.0..=5.0).contains(&xi) {
                continue;
            }
            let g = xi / 5.0;
            if (g - prediction[i]).abs() > gap {
                (gap, gap_x) = ((g - prediction[i]).abs(), xi);
            }
            if (-3.0..=3.0).contains(&xi) {
                sum += (g - prediction[i]).powi(2);
                sum_t += (g - target[i]).powi(2);
                n += 1;
            } else {
                sum_out += (g - prediction[i]).powi(2);
                sum_t_out += (g - target[i]).powi(2);
                n_out += 1;
            }
        }
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-12;
        assert!(close(s.rmse_inside, (sum / n as f64).sqrt()));
        assert!(close(s.rmse_outside, (sum_out / n_out as f64).sqrt()));
        assert!(close(s.vs_target_rmse_inside, (sum_t / n as f64).sqrt()));
        assert!(close(
            s.vs_target_rmse_outside,
            (sum_t_out / n_out as f64).sqrt()
        ));
        assert!((s.max_gap - gap).abs() < 1e-12 && (s.max_gap_x - gap_x).abs() < 1e-12);
        assert_eq!((s.scored, s.left_out), (n + n_out, x.len() - n - n_out));
    }

    #[test]
    fn a_guess_that_covers_no_view_point_has_no_score() {
        let x = grid();
        let guess = Guess::through(&[[7.0, 0.0], [8.0, 1.0]]);
        assert!(score(&guess, &x, &x, None, Interval::new(-3.0, 3.0)).is_none());
    }
}
