//! The measures the rules read off a history: the level of the training loss around a step (the lowest
//! record over the last twentieth of the run, so a spike does not read as a rise), the decades it fell
//! over the last half, whether the fit fits (R² ≥ `FIT_R2` against the target or on the points), what
//! the noise alone costs in each loss (σ², σ·√(2/π), ½σ²), the loss at which a fit would fit, and
//! numbers in words.

use super::{Evidence, FIT_R2, NOISE_MARGIN};
use crate::limits::show_3 as show;
use crate::nn::Loss;
use crate::train::history::LossRecord;

/// `x` to one significant figure (a rate a person would type: 0.0333 → 0.03).
pub(super) fn one_figure(x: f64) -> f64 {
    format!("{x:.0e}").parse().unwrap_or(x)
}

/// What the noise alone costs in this loss: the loss of the true function on noisy targets.
pub(super) fn noise_cost(loss: Loss, sigma: f64) -> f64 {
    let mean_absolute = sigma * (2.0 / std::f64::consts::PI).sqrt();
    match loss {
        Loss::Mse => sigma * sigma,
        Loss::Mae => mean_absolute,
        // Huber (δ = 1) is ½e² for small errors and |e| − ½ for large ones
        Loss::Huber if sigma <= 1.0 => 0.5 * sigma * sigma,
        Loss::Huber => mean_absolute - 0.5,
    }
}

/// The training loss around `step`: the lowest of the records over the twentieth of the run before it
/// (at least the record at or before it). The lowest, because the jumps of a noisy or spiky curve go
/// up: one record caught on a spike must not read as a stall or a rise.
pub(super) fn level_at(records: &[LossRecord], step: u64) -> f64 {
    let end = records.partition_point(|r| r.step <= step).max(1);
    let from = step.saturating_sub(step / 20);
    records[..end]
        .iter()
        .rev()
        .take_while(|r| r.step >= from)
        .chain(records[end - 1..end].iter())
        .fold(f64::INFINITY, |m, r| m.min(r.train))
}

/// Decades the training loss fell over the last half of the run (negative if it rose), from the
/// levels at its middle and at its end.
pub(super) fn recent_drop(records: &[LossRecord], step: u64) -> f64 {
    let (then, now) = (level_at(records, step / 2), level_at(records, step));
    if then > 0.0 && now > 0.0 && then.is_finite() && now.is_finite() {
        (then / now).log10()
    } else {
        0.0
    }
}

/// Whether the fit fits the data: R² ≥ [`FIT_R2`] inside the interval against the target, or on the
/// training points (mse: a net that drives the loss on its few points to zero fits them, whatever it
/// does between them).
pub(super) fn fits(e: &Evidence<'_>) -> bool {
    let on_target = e.target_known && e.quality.inside.is_some_and(|q| q.r2 >= FIT_R2);
    on_target || r2_on_points(e).is_some_and(|r2| r2 >= FIT_R2)
}

/// 1 − mse / variance of the training targets, when the loss is the mse.
fn r2_on_points(e: &Evidence<'_>) -> Option<f64> {
    let last = e.records.last()?;
    (e.settings.optim.loss == Loss::Mse && e.train_variance > 0.0)
        .then(|| 1.0 - last.train / e.train_variance)
}

/// R² in words: against the target where it is known, else on the points.
pub(super) fn r2_words(e: &Evidence<'_>) -> String {
    let on_points = r2_on_points(e).map(|r2| format!("R² on the points {}", show_r2(r2)));
    match (e.target_known, e.quality.inside) {
        (true, Some(q)) if q.r2 >= FIT_R2 || on_points.is_none() => {
            format!("R² inside {}", show_r2(q.r2))
        }
        (true, Some(q)) if r2_on_points(e).is_some_and(|r2| r2 >= FIT_R2) => format!(
            "{} (R² inside {}: the points do not pin the target down)",
            on_points.unwrap_or_default(),
            show_r2(q.r2)
        ),
        (true, Some(q)) => format!("R² inside {}", show_r2(q.r2)),
        _ => on_points.unwrap_or_else(|| "no R²".into()),
    }
}

/// R² to three figures, or "> 0.999" where three figures would round it to a perfect 1.
fn show_r2(r2: f64) -> String {
    if (0.999..1.0).contains(&r2) {
        "> 0.999".into()
    } else {
        show(r2)
    }
}

/// The step at which the training loss first came within 10 % of its level now: where the stall began.
pub(super) fn stall_start(records: &[LossRecord], now: f64) -> u64 {
    records
        .iter()
        .find(|r| r.train <= 1.1 * now)
        .map_or(0, |r| r.step)
}

/// The training loss at which the fit would fit: R² = [`FIT_R2`] in mse terms (for mae and Huber
/// their value at errors of that size), never below the noise floor.
pub(super) fn goal_loss(e: &Evidence<'_>) -> Option<f64> {
    if e.train_variance <= 0.0 {
        return None;
    }
    let mse = (1.0 - FIT_R2) * e.train_variance;
    let rmse = mse.sqrt();
    let goal = match e.settings.optim.loss {
        Loss::Mse => mse,
        Loss::Mae => rmse * (2.0 / std::f64::consts::PI).sqrt(),
        Loss::Huber => 0.5 * mse.min(1.0),
    };
    Some(goal.max(NOISE_MARGIN * noise_cost(e.settings.optim.loss, e.noise)))
}
