//! A drawn guess against a network's prediction and against the target, on the view grid.
//!
//! On the view grid xⱼ where the guess g is defined (linear between its points, not extended beyond
//! them), split at the training interval [lo, hi]: RMSE = √(mean (g(xⱼ) − ŷ(xⱼ))²) inside and outside,
//! the largest gap maxⱼ |g(xⱼ) − ŷ(xⱼ)| and where it is, and the same RMSEs against the target f(xⱼ)
//! where there is one. Grid points where the guess, the prediction or the target is not finite are left
//! out of what needs them.

use super::Guess;
use crate::data::Interval;
use crate::nn::Activation;
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
    let points = guess.points();
    let mut sums = [(0.0, 0usize); 4];
    let mut add = |slot: usize, d: f64| {
        if d.is_finite() {
            sums[slot].0 += d * d;
            sums[slot].1 += 1;
        }
    };
    let (mut max_gap, mut max_gap_x, mut scored) = (0.0f64, f64::NAN, 0usize);
    for (j, (&xj, &yj)) in x.iter().zip(prediction).enumerate() {
        let Some(g) = super::interpolate(&points, xj) else {
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

/// Which way a curve goes near a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trend {
    Rising,
    Falling,
    Flat,
}

impl Trend {
    /// The trend of slope `slope`, flat below `flat` in size.
    fn of(slope: f64, flat: f64) -> Self {
        if slope > flat {
            Trend::Rising
        } else if slope < -flat {
            Trend::Falling
        } else {
            Trend::Flat
        }
    }

    fn word(self) -> &'static str {
        match self {
            Trend::Rising => "rising",
            Trend::Falling => "falling",
            Trend::Flat => "flat",
        }
    }
}

/// One sentence on the guess's biggest miss against a network of hidden `activation`: where it is and
/// what went wrong, in what approxlab knows of the tails ("biggest miss at x = 5.2: you drew it rising; a
/// tanh network goes flat beyond its last centre").
pub fn miss_sentence(
    guess: &Guess,
    score: &GuessScore,
    x: &[f64],
    prediction: &[f64],
    domain: Interval,
    activation: Activation,
) -> String {
    let at = score.max_gap_x;
    let Some(j) = x.iter().position(|&v| v == at) else {
        return format!("biggest miss at x = {at:.1}");
    };
    let (lo, hi) = (j.saturating_sub(3), (j + 3).min(x.len() - 1));
    let net_slope = (prediction[hi] - prediction[lo]) / (x[hi] - x[lo]);
    let guess_slope = match (guess.at(x[lo]), guess.at(x[hi])) {
        (Some(a), Some(b)) => (b - a) / (x[hi] - x[lo]),
        _ => net_slope,
    };
    let finite = prediction.iter().copied().filter(|v| v.is_finite());
    let (min, max) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let width = x.last().copied().unwrap_or(1.0) - x.first().copied().unwrap_or(0.0);
    let flat = 0.05 * (max - min).max(0.1) / width.max(1e-9);
    let (drawn, made) = (Trend::of(guess_slope, flat), Trend::of(net_slope, flat));
    let place = format!("biggest miss at x = {at:.1}");
    let gap = guess.at(at).unwrap_or(f64::NAN) - prediction[j];
    let side = if gap > 0.0 { "above" } else { "below" };
    let outside = !domain.contains(at);
    let drawn_points = guess.points();
    if activation == Activation::Linear && curved(&drawn_points) {
        return format!(
            "{place}: you drew a curve; a network without activation draws one straight line, inside \
             the interval and beyond it"
        );
    }
    let piecewise_linear = matches!(activation, Activation::Relu | Activation::LeakyRelu);
    let tail: Vec<[f64; 2]> = drawn_points
        .iter()
        .copied()
        .filter(|p| (p[0] > domain.hi) == (at > domain.hi) && !domain.contains(p[0]))
        .collect();
    if outside && drawn == made && piecewise_linear && curved(&tail) {
        return format!(
            "{place}: you drew it bending beyond the interval; a ReLU network goes on in a straight \
             line beyond its last kink"
        );
    }
    let saturating = matches!(activation, Activation::Tanh | Activation::Sigmoid);
    if outside && saturating && turns(&tail) {
        return format!(
            "{place}: you drew it turning back beyond the interval; a {} network only levels off \
             toward a constant beyond its last centre, it never turns back there",
            activation.name()
        );
    }
    if drawn != made {
        let why = if outside {
            tail_reason(activation, made)
        } else {
            format!("the network's fit is {} there", made.word())
        };
        return format!("{place}: you drew it {}; {why}", drawn.word());
    }
    let region = if outside {
        "beyond the training interval"
    } else {
        "inside the training interval"
    };
    format!(
        "{place}, {region}: you drew it {:.2} {side} the network",
        gap.abs()
    )
}

/// Whether the polyline `points` bends: its RMS distance from its own least-squares line exceeds a
/// twentieth of its height (a parabola's is 7 %, a hand's jitter on a straight stroke under 2 %) and is
/// not a hair's breadth.
fn curved(points: &[[f64; 2]]) -> bool {
    if points.len() < 3 {
        return false;
    }
    let n = points.len() as f64;
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), p| (a + p[0] / n, b + p[1] / n));
    let (sxy, sxx) = points.iter().fold((0.0, 0.0), |(a, b), p| {
        (a + (p[0] - mx) * (p[1] - my), b + (p[0] - mx).powi(2))
    });
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let rms = (points
        .iter()
        .map(|p| (p[1] - my - slope * (p[0] - mx)).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p[1]), b.max(p[1]))
        });
    rms > 0.05 * (hi - lo) && rms > 1e-6
}

/// Whether the polyline `points` (by x) rises and falls: its direction turns at least once by more than
/// a tenth of its height.
fn turns(points: &[[f64; 2]]) -> bool {
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p[1]), b.max(p[1]))
        });
    let tolerance = 0.1 * (hi - lo);
    if tolerance.is_nan() || tolerance <= 0.0 {
        return false;
    }
    // the extremes so far of the current run up or down: a reversal by more than the tolerance turns
    let (mut peak, mut trough) = (f64::NEG_INFINITY, f64::INFINITY);
    let mut rising: Option<bool> = None;
    for p in points {
        let y = p[1];
        peak = peak.max(y);
        trough = trough.min(y);
        match rising {
            None if y - trough > tolerance => (rising, peak) = (Some(true), y),
            None if peak - y > tolerance => (rising, trough) = (Some(false), y),
            Some(true) if peak - y > tolerance => return true,
            Some(false) if y - trough > tolerance => return true,
            _ => {}
        }
    }
    false
}

/// Why a network of `activation` goes `made` beyond its training interval.
fn tail_reason(activation: Activation, made: Trend) -> String {
    let name = match activation {
        Activation::Relu => "ReLU",
        Activation::LeakyRelu => "leaky ReLU",
        Activation::Elu => "ELU",
        other => other.name(),
    };
    match activation {
        Activation::Tanh | Activation::Sigmoid if made == Trend::Flat => {
            format!("a {name} network goes flat beyond its last centre")
        }
        Activation::Tanh | Activation::Sigmoid => {
            format!(
                "this {name} network has not yet gone flat there: its units' centres reach that far"
            )
        }
        Activation::Relu | Activation::LeakyRelu | Activation::Softplus | Activation::Elu => {
            format!(
                "a {name} network goes on in a straight line beyond its last kink, here {}",
                made.word()
            )
        }
        Activation::Linear => "a network without activation is one straight line everywhere".into(),
        Activation::Sin => format!(
            "a sin network keeps oscillating: here it is {}",
            made.word()
        ),
    }
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

    #[test]
    fn the_biggest_miss_beyond_a_tanh_fit_says_it_goes_flat() {
        let x = grid();
        let prediction: Vec<f64> = x.iter().map(|v| v.tanh()).collect();
        let guess = Guess::through(&[[-6.0, -6.0], [6.0, 6.0]]);
        let domain = Interval::new(-3.0, 3.0);
        let s = score(&guess, &x, &prediction, None, domain).unwrap();
        let said = miss_sentence(&guess, &s, &x, &prediction, domain, Activation::Tanh);
        assert!(said.starts_with("biggest miss at x = "), "{said}");
        assert!(
            said.ends_with("you drew it rising; a tanh network goes flat beyond its last centre"),
            "{said}"
        );
        let line = Guess::through(&[[-6.0, 0.5], [6.0, 0.5]]);
        let flat: Vec<f64> = x.iter().map(|_| 0.0).collect();
        let s = score(&line, &x, &flat, None, domain).unwrap();
        let said = miss_sentence(&line, &s, &x, &flat, domain, Activation::Linear);
        assert!(
            said.contains("you drew it 0.50 above the network"),
            "{said}"
        );
    }

    #[test]
    fn a_wave_beyond_a_tanh_fit_is_said_to_turn_back() {
        let x = grid();
        let domain = Interval::new(-3.0, 3.0);
        let tanh: Vec<f64> = x.iter().map(|v| 2.0 * (v / 2.0).tanh()).collect();
        let wave = Guess::through(&x.iter().map(|&v| [v, v.sin()]).collect::<Vec<_>>());
        let s = score(&wave, &x, &tanh, None, domain).unwrap();
        let said = miss_sentence(&wave, &s, &x, &tanh, domain, Activation::Tanh);
        assert!(
            said.contains(
                "you drew it turning back beyond the interval; a tanh network only levels off"
            ),
            "{said}"
        );
        assert!(!turns(&[[0.0, 0.0], [1.0, 1.0], [2.0, 1.95], [3.0, 2.0]]));
    }

    #[test]
    fn a_curve_against_a_linear_network_and_a_bend_beyond_a_relu_fit_are_named() {
        let x = grid();
        let domain = Interval::new(-3.0, 3.0);
        let line: Vec<f64> = x.iter().map(|v| 0.2 * v).collect();
        let wave: Vec<[f64; 2]> = x.iter().map(|&v| [v, v.sin()]).collect();
        let guess = Guess::through(&wave);
        let s = score(&guess, &x, &line, None, domain).unwrap();
        let said = miss_sentence(&guess, &s, &x, &line, domain, Activation::Linear);
        assert!(
            said.contains("you drew a curve; a network without activation draws one straight line"),
            "{said}"
        );
        let bent: Vec<[f64; 2]> = x
            .iter()
            .map(|&v| {
                [
                    v,
                    if v > 3.0 {
                        0.6 + (v - 3.0).powi(2)
                    } else {
                        0.2 * v
                    },
                ]
            })
            .collect();
        let guess = Guess::through(&bent);
        let s = score(&guess, &x, &line, None, domain).unwrap();
        let said = miss_sentence(&guess, &s, &x, &line, domain, Activation::Relu);
        assert!(
            said.contains("you drew it bending beyond the interval; a ReLU network goes on"),
            "{said}"
        );
    }
}
