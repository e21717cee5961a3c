//! What a sweep varies: one setting (width, depth, learning rate, momentum, batch, points, noise, weight
//! decay) or the network's shape at (about) a fixed parameter count ("deep against wide": depth d, and the
//! width w whose 1-w-…-w-1 network has the parameter count closest to the budget). Values are listed
//! ("1,2,4,8") or a range of n values, evenly spaced or evenly spaced in log ("1e-4..1:9:log").

use crate::train::Settings;

/// A setting a sweep can vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepParam {
    /// Neurons per hidden layer.
    Width,
    /// Hidden layers.
    Depth,
    /// Learning rate.
    Lr,
    /// Momentum μ.
    Momentum,
    /// Points per step (0: the full batch).
    Batch,
    /// Points drawn on the training interval.
    Points,
    /// Noise σ.
    Noise,
    /// L2 weight decay λ.
    WeightDecay,
    /// Depth at (about) this many parameters: the width follows the depth.
    Shape {
        /// The parameter budget.
        params: usize,
    },
}

/// The names the command line and the window use, in the window's order.
pub const NAMES: [&str; 9] = [
    "width",
    "depth",
    "lr",
    "momentum",
    "batch",
    "points",
    "noise",
    "weight_decay",
    "shape",
];

impl SweepParam {
    /// The parameter called `name`; "shape" takes its budget from `params`.
    pub fn from_name(name: &str, params: usize) -> Result<Self, String> {
        Ok(match name {
            "width" => Self::Width,
            "depth" => Self::Depth,
            "lr" => Self::Lr,
            "momentum" => Self::Momentum,
            "batch" => Self::Batch,
            "points" => Self::Points,
            "noise" => Self::Noise,
            "weight_decay" => Self::WeightDecay,
            "shape" => Self::Shape { params },
            _ => {
                return Err(format!(
                    "'{name}' is not a sweep parameter (one of {})",
                    NAMES.join(", ")
                ));
            }
        })
    }

    /// Its name (as `from_name` reads it).
    pub fn name(self) -> &'static str {
        match self {
            Self::Width => "width",
            Self::Depth => "depth",
            Self::Lr => "lr",
            Self::Momentum => "momentum",
            Self::Batch => "batch",
            Self::Points => "points",
            Self::Noise => "noise",
            Self::WeightDecay => "weight_decay",
            Self::Shape { .. } => "shape",
        }
    }

    /// Whether its values are whole numbers.
    pub fn whole(self) -> bool {
        matches!(
            self,
            Self::Width | Self::Depth | Self::Batch | Self::Points | Self::Shape { .. }
        )
    }

    /// Whether its values are best read on a log axis (they span decades).
    pub fn log_axis(self, values: &[f64]) -> bool {
        let positive = values.iter().all(|&v| v > 0.0);
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, 0.0_f64), |(l, h), &v| (l.min(v), h.max(v)));
        positive && hi / lo >= 20.0
    }

    /// `base` with this parameter set to `value`; the settings' own checks say what is out of range.
    pub fn apply(self, base: &Settings, value: f64) -> Result<Settings, String> {
        let mut s = base.clone();
        let whole = || -> Result<usize, String> {
            if value >= 0.0 && value.fract() == 0.0 && value <= 1e9 {
                Ok(value as usize)
            } else {
                Err(format!("{} takes whole numbers, not {value}", self.name()))
            }
        };
        match self {
            Self::Width => s.net.width = whole()?,
            Self::Depth => s.net.depth = whole()?,
            Self::Lr => s.optim.lr = value,
            Self::Momentum => s.optim.momentum = value,
            Self::Batch => s.optim.batch = whole()?,
            Self::Points => s.data.points = whole()?,
            Self::Noise => s.data.noise = value,
            Self::WeightDecay => s.optim.weight_decay = value,
            Self::Shape { params } => {
                s.net.depth = whole()?;
                s.net.width = width_for_params(s.net.depth, params);
            }
        }
        s.validate()
            .map_err(|e| format!("{} = {}: {e}", self.name(), show(value)))?;
        Ok(s)
    }

    /// The label of one value ("3×7" for a shape).
    pub fn label(self, value: f64) -> String {
        match self {
            Self::Shape { params } => {
                let depth = value as usize;
                format!("{depth}×{}", width_for_params(depth, params))
            }
            _ => show(value),
        }
    }
}

/// The width w whose network of `depth` hidden layers of w neurons (one input, one output) has the
/// parameter count closest to `params` (3w + 1 for one layer, plus w² + w for each further one).
pub fn width_for_params(depth: usize, params: usize) -> usize {
    let count = |w: usize| {
        if depth == 0 {
            2
        } else {
            3 * w + 1 + (depth - 1) * (w * w + w)
        }
    };
    let mut best = 1;
    for w in 1..=1024 {
        if count(w).abs_diff(params) < count(best).abs_diff(params) {
            best = w;
        }
        if count(w) > params {
            break;
        }
    }
    best
}

/// Values from text: "a,b,c" listed, or "lo..hi:n" (n values evenly spaced, ends included) or
/// "lo..hi:n:log" (evenly spaced in log). Whole-number parameters round and drop repeats.
pub fn parse_values(param: SweepParam, text: &str) -> Result<Vec<f64>, String> {
    let bad = |why: &str| format!("values '{text}' for {}: {why}", param.name());
    let text = text.trim();
    if text.contains("..") && !text.contains(':') {
        return Err(bad("a range is lo..hi:n or lo..hi:n:log"));
    }
    let mut values: Vec<f64> = if let Some((range, rest)) = text.split_once(':') {
        let (lo, hi) = range
            .split_once("..")
            .ok_or_else(|| bad("a range is lo..hi:n or lo..hi:n:log"))?;
        let number = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(&format!("'{}' is not a number", t.trim())))
        };
        let (lo, hi) = (number(lo)?, number(hi)?);
        let (count, log) = match rest.split_once(':') {
            Some((n, "log")) => (n, true),
            Some((n, "lin")) => (n, false),
            Some(_) => return Err(bad("the spacing is lin or log")),
            None => (rest, false),
        };
        let n: usize = count
            .trim()
            .parse()
            .ok()
            .filter(|n| (2..=MAX_VALUES).contains(n))
            .ok_or_else(|| bad(&format!("the count must be 2 to {MAX_VALUES}")))?;
        if lo >= hi {
            return Err(bad("the range's start must be below its end"));
        }
        if log && lo <= 0.0 {
            return Err(bad("a log range needs a start above 0"));
        }
        (0..n)
            .map(|i| {
                let t = i as f64 / (n - 1) as f64;
                if log {
                    (lo.ln() + t * (hi.ln() - lo.ln())).exp()
                } else {
                    lo + t * (hi - lo)
                }
            })
            .collect()
    } else {
        text.split(',')
            .map(|t| {
                t.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(&format!("'{}' is not a number", t.trim())))
            })
            .collect::<Result<_, _>>()?
    };
    if param.whole() {
        for v in &mut values {
            *v = v.round();
        }
        values.dedup();
    }
    if values.is_empty() || values.len() > MAX_VALUES {
        return Err(bad(&format!("give 1 to {MAX_VALUES} values")));
    }
    Ok(values)
}

/// Most values along one axis.
pub const MAX_VALUES: usize = 64;

/// A value as a user types it: integers plainly, others with up to 4 significant digits.
pub fn show(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{v:.0}")
    } else if v != 0.0 && (v.abs() < 1e-3 || v.abs() >= 1e5) {
        let text = format!("{v:.3e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        format!("{mantissa}e{exponent}")
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_listed_or_a_range_evenly_spaced_or_log_spaced() {
        assert_eq!(
            parse_values(SweepParam::Width, "1, 2,4").unwrap(),
            vec![1.0, 2.0, 4.0]
        );
        let momentum = parse_values(SweepParam::Momentum, "0..0.9:4").unwrap();
        assert!(
            momentum
                .iter()
                .zip([0.0, 0.3, 0.6, 0.9])
                .all(|(a, b)| (a - b).abs() < 1e-12)
        );
        let lr = parse_values(SweepParam::Lr, "1e-4..1:5:log").unwrap();
        let expected = [1e-4, 1e-3, 1e-2, 1e-1, 1.0];
        assert!(
            lr.iter()
                .zip(expected)
                .all(|(a, b)| (a / b - 1.0).abs() < 1e-12)
        );
        assert_eq!(
            parse_values(SweepParam::Width, "1..4:7").unwrap(),
            vec![1.0, 2.0, 3.0, 4.0],
            "whole numbers round and drop repeats"
        );
    }

    #[test]
    fn bad_values_and_names_say_what_is_wrong() {
        let e = |p, t| parse_values(p, t).unwrap_err();
        assert!(e(SweepParam::Lr, "0.1,x").contains("'x' is not a number"));
        assert!(e(SweepParam::Lr, "0..1:5:log").contains("above 0"));
        assert!(e(SweepParam::Lr, "1..0.1:5").contains("below its end"));
        assert!(e(SweepParam::Lr, "0.1..1:1").contains("2 to 64"));
        assert!(e(SweepParam::Lr, "0.1..1").contains("lo..hi:n"));
        assert!(
            SweepParam::from_name("height", 0)
                .unwrap_err()
                .contains("not a sweep parameter")
        );
        let s = Settings::default();
        assert!(
            SweepParam::Width
                .apply(&s, 2.5)
                .unwrap_err()
                .contains("whole numbers")
        );
        assert!(
            SweepParam::Lr
                .apply(&s, 1e3)
                .unwrap_err()
                .contains("learning rate")
        );
    }

    #[test]
    fn values_show_as_typed() {
        assert_eq!(show(4.0), "4");
        assert_eq!(show(0.01), "0.01");
        assert_eq!(show(1e-4), "1e-4");
        assert_eq!(show(3.16227766e-4), "3.162e-4");
        assert_eq!(show(0.31622776), "0.3162");
    }

    #[test]
    fn a_shape_keeps_about_the_parameter_budget_at_every_depth() {
        for depth in 1..=4 {
            let w = width_for_params(depth, 151);
            let s = SweepParam::Shape { params: 151 }
                .apply(&Settings::default(), depth as f64)
                .unwrap();
            assert_eq!((s.net.depth, s.net.width), (depth, w));
            let count = s.net.param_count() as f64;
            assert!((count / 151.0 - 1.0).abs() < 0.25, "{depth}×{w}: {count}");
        }
        assert_eq!(width_for_params(1, 151), 50);
    }
}
