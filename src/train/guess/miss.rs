//! The biggest miss of a drawn guess, in one sentence that uses what approxlab knows of networks'
//! shapes: a network without activation is one straight line; beyond the training interval a ReLU
//! network goes on straight from its last kink, and a tanh or sigmoid network levels off toward a
//! constant from its last centre. The guess's shape is read from its drawn points: "curved" when its
//! RMS distance from its own least-squares line exceeds a twentieth of its height, "turning" when it
//! rises and falls by more than a tenth of its height; the trend at the miss (rising, falling, flat)
//! from the slope over ±3 grid points against a twentieth of the prediction's height per view width.

use super::{Guess, GuessScore};
use crate::data::Interval;
use crate::nn::Activation;

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
    let (min, max) = extent(prediction.iter().copied().filter(|v| v.is_finite()));
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
    let (lo, hi) = extent(points.iter().map(|p| p[1]));
    rms > 0.05 * (hi - lo) && rms > 1e-6
}

/// Whether the polyline `points` (by x) rises and falls: its direction turns at least once by more than
/// a tenth of its height.
fn turns(points: &[[f64; 2]]) -> bool {
    let (lo, hi) = extent(points.iter().map(|p| p[1]));
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

/// The smallest and largest of `values` (∞, −∞ when there are none).
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    })
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
    use crate::train::guess::score;

    fn grid() -> Vec<f64> {
        (0..=120).map(|i| -6.0 + 0.1 * f64::from(i)).collect()
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
