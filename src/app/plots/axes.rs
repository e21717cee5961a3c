//! Axis ticks that stay readable at every range and size: grid steps from the 1, 2, 2.5, 5 × 10ᵏ series,
//! chosen from the plot's pixel density so that labels are never closer than a label's width (so there
//! are always labels, never only "0"), compact labels ("20k", "1.5M", "2e-5"), and a logarithmic axis
//! whose ticks are powers of ten when the loss spans decades and 1-2-5 mantissas when it spans less.
//!
//! egui_plot hides a tick label when its mark's `step_size` maps to fewer pixels than the axis's label
//! spacing: labelled marks carry the labelled step, the finer grid lines between them a step too small to
//! be labelled.

use egui_plot::{AxisHints, GridInput, GridMark};

/// Pixels between labelled ticks, at least (compact labels are at most ~40 px wide).
const X_LABEL_PX: f64 = 48.0;
/// Pixels between labelled ticks on a y axis, at least (a label is one text line high).
const Y_LABEL_PX: f64 = 36.0;
/// The pixels per grid unit egui_plot's `base_step_size` stands for (its default grid spacing).
const BASE_STEP_PX: f64 = 8.0;
/// Mantissas of "nice" steps: consecutive ones differ by at most 2×.
const NICE: [f64; 4] = [1.0, 2.0, 2.5, 5.0];

/// The smallest step of the series 1, 2, 2.5, 5 × 10ᵏ that is at least `at_least` (> 0).
pub fn nice_step(at_least: f64) -> f64 {
    let mut scale = 10f64.powf(at_least.log10().floor());
    loop {
        for m in NICE {
            if m * scale >= at_least * (1.0 - 1e-9) {
                return m * scale;
            }
        }
        scale *= 10.0;
    }
}

/// Grid marks for a linear axis: labelled every `label_px` pixels or a little more, four or five finer
/// unlabelled lines between.
fn linear_marks(input: &GridInput, label_px: f64) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let per_px = input.base_step_size / BASE_STEP_PX;
    if !(per_px > 0.0 && per_px.is_finite() && lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    let labelled = nice_step(label_px * per_px);
    let mantissa = (labelled / 10f64.powf(labelled.log10().floor())).round();
    let minor = labelled / if mantissa == 2.0 { 4.0 } else { 5.0 };
    let fine_size = per_px * (BASE_STEP_PX + 1.0);
    let first = (lo / minor).ceil() as i64;
    let last = (hi / minor).floor() as i64;
    if last - first > 10_000 {
        return Vec::new();
    }
    (first..=last)
        .map(|i| {
            let value = i as f64 * minor;
            let on_label = (value / labelled - (value / labelled).round()).abs() < 1e-6;
            GridMark {
                value: if value.abs() < minor * 1e-9 {
                    0.0
                } else {
                    value
                },
                step_size: if on_label { labelled } else { fine_size },
            }
        })
        .collect()
}

/// The x-axis grid of every plot.
pub fn x_grid(input: GridInput) -> Vec<GridMark> {
    linear_marks(&input, X_LABEL_PX)
}

/// The y-axis grid of the linear plots.
pub fn y_grid(input: GridInput) -> Vec<GridMark> {
    linear_marks(&input, Y_LABEL_PX)
}

/// Axis hints whose labels may sit as close as their (compact) width allows.
pub fn x_axis(label: &str) -> AxisHints<'static> {
    AxisHints::new_x()
        .label(label.to_string())
        .label_spacing(X_LABEL_PX as f32 - 6.0..=X_LABEL_PX as f32 + 16.0)
        .formatter(|mark, range| compact(mark.value, mark.step_size, magnitude(range)))
}

/// The largest absolute value of an axis range (decides "k" or "M" for all its labels).
pub fn magnitude(range: &std::ops::RangeInclusive<f64>) -> f64 {
    range.start().abs().max(range.end().abs())
}

/// A tick label as short as its step allows, on an axis whose values reach `magnitude`: "0", "0.25",
/// "−6", "20k", "1.5M", "2e-5".
pub fn compact(value: f64, step: f64, magnitude: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let step = step.abs().max(f64::MIN_POSITIVE);
    let decimals_for = |unit_step: f64| (-unit_step.log10().floor()).max(0.0) as usize + 1;
    let trim = |text: String| -> String {
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    };
    let minus = |text: String| match text.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => text,
    };
    if magnitude >= 1e9 || step < 1e-4 {
        let exponent = value.abs().log10().floor();
        let mantissa = value / 10f64.powf(exponent);
        let decimals = decimals_for(step / 10f64.powf(exponent));
        return minus(format!(
            "{}e{exponent}",
            trim(format!("{mantissa:.decimals$}"))
        ));
    }
    for (scale, suffix, from) in [(1e6, "M", 1e6), (1e3, "k", 1e4)] {
        if magnitude >= from {
            let decimals = decimals_for(step / scale);
            return minus(trim(format!("{:.decimals$}", value / scale)) + suffix);
        }
    }
    let decimals = decimals_for(step);
    minus(trim(format!("{value:.decimals$}")))
}

/// Grid marks for an axis that plots log₁₀ of a value: whole decades when the view spans several of them
/// (every one, or every 2nd, 5th…), 1-2-5 mantissas within a decade or two, 1…9 when it spans less.
pub fn log_grid(input: GridInput) -> Vec<GridMark> {
    log_marks(&input, Y_LABEL_PX)
}

/// [`log_grid`] for an x axis, whose labels need their width between them.
pub fn x_log_grid(input: GridInput) -> Vec<GridMark> {
    log_marks(&input, X_LABEL_PX)
}

/// Log-axis marks whose labels stay `label_px` pixels apart.
fn log_marks(input: &GridInput, label_px: f64) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let per_px = input.base_step_size / BASE_STEP_PX;
    if !(per_px > 0.0 && lo.is_finite() && hi.is_finite() && hi > lo) || hi - lo > 400.0 {
        return Vec::new();
    }
    let decades_per_label = label_px * per_px;
    if decades_per_label >= 0.6 {
        let every = nice_step(decades_per_label).max(1.0).round() as i64;
        let fine = per_px * (BASE_STEP_PX + 1.0);
        return (lo.ceil() as i64..=hi.floor() as i64)
            .map(|decade| GridMark {
                value: decade as f64,
                step_size: if decade % every == 0 {
                    every as f64
                } else {
                    fine
                },
            })
            .collect();
    }
    // Within a decade or two: every mantissa gets a grid line; labels go to 1, then 2 and 5, then the
    // rest, each only where it keeps a label's height from those already placed.
    let mut marks = Vec::new();
    for decade in (lo.floor() as i64)..=(hi.ceil() as i64) {
        for m in 1..10 {
            let value = decade as f64 + f64::from(m).log10();
            if (lo..=hi).contains(&value) {
                marks.push((value, m));
            }
        }
    }
    let rank = |m: i32| match m {
        1 => 0,
        2 | 5 => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| rank(marks[i].1));
    let mut labelled: Vec<f64> = Vec::new();
    for i in order {
        let v = marks[i].0;
        if labelled.iter().all(|l| (l - v).abs() >= decades_per_label) {
            labelled.push(v);
        }
    }
    let fine = per_px * (BASE_STEP_PX + 1.0);
    marks
        .into_iter()
        .map(|(value, _)| GridMark {
            value,
            step_size: if labelled.contains(&value) {
                decades_per_label * 1.01
            } else {
                fine
            },
        })
        .collect()
}

/// The label of a log-axis tick at log₁₀ value `log_value`: "1e-3", "2e-3", "0.5", "20".
pub fn log_label(log_value: f64) -> String {
    let value = 10f64.powf(log_value);
    let exponent = log_value.floor();
    let mantissa = (value / 10f64.powf(exponent) * 10.0).round() / 10.0;
    let (mantissa, exponent) = if mantissa >= 10.0 {
        (1.0, exponent + 1.0)
    } else {
        (mantissa, exponent)
    };
    if (-2.0..3.0).contains(&exponent) {
        let decimals = (-exponent).max(0.0) as usize + usize::from(mantissa.fract() != 0.0);
        let plain = format!("{:.decimals$}", mantissa * 10f64.powf(exponent));
        return if plain.contains('.') {
            plain
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        } else {
            plain
        };
    }
    format!("{mantissa}e{exponent}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(lo: f64, hi: f64, pixels: f64) -> GridInput {
        GridInput {
            bounds: (lo, hi),
            base_step_size: (hi - lo) / pixels * BASE_STEP_PX,
        }
    }

    /// The labels an axis of `pixels` over [lo, hi] shows, as egui_plot decides (spacing ≥ `min_px`).
    fn labels(marks: &[GridMark], lo: f64, hi: f64, pixels: f64, min_px: f64) -> Vec<f64> {
        marks
            .iter()
            .filter(|m| m.step_size / (hi - lo) * pixels > min_px)
            .map(|m| m.value)
            .collect()
    }

    #[test]
    fn nice_steps_follow_1_2_2_5_5() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(1.1), 2.0);
        assert_eq!(nice_step(2.2), 2.5);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(6.0), 10.0);
        assert_eq!(nice_step(0.003), 0.005);
    }

    #[test]
    fn every_linear_range_gets_at_least_three_labels() {
        let x_min_px = X_LABEL_PX - 6.0;
        for (lo, hi) in [
            (-6.0, 6.0),
            (-20_000.0, 20_000.0),
            (0.0, 3.0),
            (0.0, 8_000.0),
            (0.0, 1.2e6),
            (-1e-5, 3e-5),
            (0.999, 1.001),
        ] {
            for pixels in [300.0, 350.0, 900.0, 2000.0] {
                let marks = linear_marks(&input(lo, hi, pixels), X_LABEL_PX);
                let shown = labels(&marks, lo, hi, pixels, x_min_px);
                assert!(shown.len() >= 3, "[{lo}, {hi}] at {pixels} px: {shown:?}");
                let texts: Vec<String> = marks
                    .iter()
                    .filter(|m| shown.contains(&m.value))
                    .map(|m| compact(m.value, m.step_size, lo.abs().max(hi.abs())))
                    .collect();
                let mut unique = texts.clone();
                unique.dedup();
                assert_eq!(unique.len(), texts.len(), "distinct labels: {texts:?}");
            }
        }
    }

    #[test]
    fn labels_are_compact() {
        assert_eq!(compact(20_000.0, 10_000.0, 20_000.0), "20k");
        assert_eq!(compact(-20_000.0, 10_000.0, 20_000.0), "−20k");
        assert_eq!(compact(12_500.0, 2_500.0, 20_000.0), "12.5k");
        assert_eq!(compact(2_500.0, 2_500.0, 8_000.0), "2500");
        assert_eq!(compact(1_500_000.0, 500_000.0, 1.2e7), "1.5M");
        assert_eq!(compact(1_000_000.0, 500_000.0, 2.7e6), "1M");
        assert_eq!(compact(500_000.0, 500_000.0, 2.7e6), "0.5M");
        assert_eq!(compact(0.25, 0.25, 1.0), "0.25");
        assert_eq!(compact(-6.0, 2.0, 6.0), "−6");
        assert_eq!(compact(2e-5, 1e-5, 3e-5), "2e-5");
        assert_eq!(compact(-2e-5, 1e-5, 3e-5), "−2e-5");
        assert_eq!(compact(3.0, 1.0, 6.0), "3");
    }

    #[test]
    fn a_loss_within_one_decade_gets_distinct_mantissa_labels() {
        let (lo, hi) = (0.5f64.log10(), 2.0f64.log10());
        let marks = log_grid(input(lo, hi, 250.0));
        let shown = labels(&marks, lo, hi, 250.0, 20.0);
        let texts: Vec<String> = shown.iter().map(|&v| log_label(v)).collect();
        assert!(texts.len() >= 3, "{texts:?}");
        let mut unique = texts.clone();
        unique.dedup();
        assert_eq!(unique, texts);
        assert!(texts.contains(&"1".to_string()), "{texts:?}");
    }

    #[test]
    fn a_loss_over_many_decades_gets_powers_of_ten() {
        let (lo, hi) = (-7.0, 1.0);
        let marks = log_grid(input(lo, hi, 250.0));
        let shown = labels(&marks, lo, hi, 250.0, 20.0);
        assert!(shown.len() >= 3, "{shown:?}");
        assert!(shown.iter().all(|v| v.fract() == 0.0));
        assert_eq!(log_label(-3.0), "1e-3");
        assert_eq!(log_label(2f64.log10() - 4.0), "2e-4");
        assert_eq!(log_label(0.5f64.log10()), "0.5");
        assert_eq!(log_label(1.0), "10");
        assert_eq!(log_label(0.0), "1");
    }
}
