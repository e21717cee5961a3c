//! The rules, one small function each, tried in the order [`state`] lists them; the thresholds are
//! the named constants of the module above, each with its reason.

use super::{
    Evidence, FIT_R2, Finding, FindingKind, GAP_FACTOR, MIN_RECORDS, MIN_STEPS, NEGLIGIBLE,
    NOISE_MARGIN, OVERFIT_RISE, OVERFIT_TRAIN_FALL, SETTLED_DECADES, STALL_DECADES, State,
    Suggestion, TOO_SLOW_FACTOR, TOO_SLOW_GAP_DECADES, UNSTABLE_JUMP, UNSTABLE_JUMPS,
};
use crate::limits::show_3 as show;
use crate::nn::explain::Idle;
use crate::nn::{Activation, Init, Loss, OptimizerKind};
use crate::train::history::LossRecord;
use crate::train::run::Halt;

/// A state with its start, its evidence and its suggestion.
pub(super) type Verdict = (State, Option<u64>, String, Option<Suggestion>);

/// The one state of the run: the first rule that holds, in this order — diverged; too early to tell;
/// stopped early; overfit; at the noise floor; unstable; stalled (converged, underfit or plateau); too
/// slow; learning.
pub(super) fn state(e: &Evidence<'_>) -> Verdict {
    if let Some(verdict) = diverged(e) {
        return verdict;
    }
    let Some(last) = e.records.last() else {
        return (State::Learning, None, "not trained yet".into(), None);
    };
    if e.step == 0 {
        return (
            State::Learning,
            None,
            format!("step 0, loss {}: not trained yet", show(last.train)),
            None,
        );
    }
    if e.step < MIN_STEPS || e.records.len() < MIN_RECORDS {
        return (
            State::Learning,
            None,
            format!(
                "step {}: too early to tell (loss {}, from {} at step 0)",
                e.step,
                show(last.train),
                show(e.records[0].train)
            ),
            None,
        );
    }
    if let Some(Halt::EarlyStopped {
        best_step,
        validation,
        ..
    }) = e.halt
    {
        return (
            State::Converged,
            Some(best_step),
            format!(
                "early stopping: the validation loss was lowest ({}) at step {best_step} and did not \
                 improve for {} steps; those weights are back",
                show(validation),
                e.settings.optim.patience
            ),
            None,
        );
    }
    if let Some(verdict) = overfit(e) {
        return verdict;
    }
    if let Some(verdict) = noise_floor(e, last) {
        return verdict;
    }
    if let Some(verdict) = unstable(e) {
        return verdict;
    }
    let drop = recent_drop(e.records, e.step);
    let lm_stalled = matches!(e.halt, Some(Halt::Converged { .. }));
    let settled = fits(e)
        && (drop < SETTLED_DECADES || level_at(e.records, e.step) <= NEGLIGIBLE * e.train_variance);
    if drop < STALL_DECADES || lm_stalled || settled {
        return stalled(e);
    }
    if let Some(verdict) = too_slow(e, drop) {
        return verdict;
    }
    (
        State::Learning,
        None,
        format!(
            "the loss fell from {} to {} over the last {} steps",
            show(level_at(e.records, e.step / 2)),
            show(level_at(e.records, e.step)),
            e.step - e.step / 2
        ),
        None,
    )
}

/// `x` to one significant figure (a rate a person would type: 0.0333 → 0.03).
fn one_figure(x: f64) -> f64 {
    format!("{x:.0e}").parse().unwrap_or(x)
}

/// Diverged: the halt says so, with the rate it found (or a tenth of the one in force).
fn diverged(e: &Evidence<'_>) -> Option<Verdict> {
    let Some(Halt::Diverged {
        step,
        loss,
        suggested_lr,
        restored_step,
        ..
    }) = e.halt
    else {
        return None;
    };
    let o = &e.settings.optim;
    let suggestion = (o.optimizer != OptimizerKind::Lm)
        .then(|| Suggestion::LearningRate(one_figure(suggested_lr.unwrap_or(o.lr / 10.0))));
    Some((
        State::Diverged,
        Some(step),
        format!(
            "the loss exploded to {} at step {step}; the weights of step {restored_step} are back",
            show(loss)
        ),
        suggestion,
    ))
}

/// Overfit: the validation loss [`OVERFIT_RISE`] above its lowest while the training loss fell
/// [`OVERFIT_TRAIN_FALL`] since then.
fn overfit(e: &Evidence<'_>) -> Option<Verdict> {
    let with_val: Vec<(u64, f64, f64)> = e
        .records
        .iter()
        .filter_map(|r| r.val.map(|v| (r.step, v, r.train)))
        .filter(|(_, v, t)| v.is_finite() && t.is_finite())
        .collect();
    if with_val.len() < MIN_RECORDS {
        return None;
    }
    let lowest = with_val
        .iter()
        .copied()
        .reduce(|best, r| if r.1 < best.1 { r } else { best })?;
    let (best_step, best_val, train_then) = lowest;
    let &(_, val_now, train_now) = with_val.last()?;
    let rise = val_now / best_val - 1.0;
    if best_val <= 0.0 || rise < OVERFIT_RISE || train_now > train_then * (1.0 - OVERFIT_TRAIN_FALL)
    {
        return None;
    }
    let suggestion = (e.settings.optim.patience == 0).then(|| {
        let patience = ((best_step / 4).div_ceil(100) * 100).clamp(100, 10_000);
        Suggestion::EarlyStopping(patience)
    });
    Some((
        State::Overfit,
        Some(best_step),
        format!(
            "validation {}, up {} % since its lowest {} at step {best_step}, while training fell from \
             {} to {}",
            show(val_now),
            show(rise * 100.0),
            show(best_val),
            show(train_then),
            show(train_now)
        ),
        suggestion,
    ))
}

/// What the noise alone costs in this loss: the loss of the true function on noisy targets.
fn noise_cost(loss: Loss, sigma: f64) -> f64 {
    let mean_absolute = sigma * (2.0 / std::f64::consts::PI).sqrt();
    match loss {
        Loss::Mse => sigma * sigma,
        Loss::Mae => mean_absolute,
        // Huber (δ = 1) is ½e² for small errors and |e| − ½ for large ones
        Loss::Huber if sigma <= 1.0 => 0.5 * sigma * sigma,
        Loss::Huber => mean_absolute - 0.5,
    }
}

/// Converged at the noise floor: the training loss within [`NOISE_MARGIN`] of the noise's own cost.
fn noise_floor(e: &Evidence<'_>, last: &LossRecord) -> Option<Verdict> {
    if e.noise <= 0.0 {
        return None;
    }
    let cost = noise_cost(e.settings.optim.loss, e.noise);
    let floor = NOISE_MARGIN * cost;
    if last.train > floor {
        return None;
    }
    let since = e.records.iter().find(|r| r.train <= floor).map(|r| r.step);
    let words = if last.train < cost {
        "below the noise floor: some of the noise is being fitted"
    } else {
        "at the noise floor: lower would be fitting the noise"
    };
    Some((
        State::Converged,
        since,
        format!(
            "the training loss {} is {words} (noise σ = {} alone costs {})",
            show(last.train),
            show(e.noise),
            show(cost)
        ),
        None,
    ))
}

/// Unstable: [`UNSTABLE_JUMPS`] or more jumps of [`UNSTABLE_JUMP`]× over the last half of the run,
/// while the fit is not yet at the fit level (a fit that already fits may wobble harmlessly).
fn unstable(e: &Evidence<'_>) -> Option<Verdict> {
    let window: Vec<&LossRecord> = e.records.iter().filter(|r| r.step >= e.step / 2).collect();
    if window.len() < MIN_RECORDS || fits(e) {
        return None;
    }
    let jumps: Vec<(u64, f64)> = window
        .windows(2)
        .filter(|p| p[1].train > UNSTABLE_JUMP * p[0].train)
        .map(|p| (p[1].step, p[1].train / p[0].train))
        .collect();
    if jumps.len() < UNSTABLE_JUMPS {
        return None;
    }
    let largest = jumps.iter().fold(0.0f64, |m, j| m.max(j.1));
    let (lo, hi) = window.iter().fold((f64::INFINITY, 0.0f64), |(l, h), r| {
        (l.min(r.train), h.max(r.train))
    });
    let o = &e.settings.optim;
    let suggestion = (o.optimizer != OptimizerKind::Lm)
        .then(|| Suggestion::LearningRate(one_figure(o.lr / 3.0)));
    Some((
        State::Unstable,
        Some(jumps[0].0),
        format!(
            "the training loss jumped up {} times over the last {} steps (by up to ×{}), between {} \
             and {}: the steps overshoot",
            jumps.len(),
            e.step - e.step / 2,
            show(largest),
            show(lo),
            show(hi)
        ),
        suggestion,
    ))
}

/// The training loss around `step`: the lowest of the records over the twentieth of the run before it
/// (at least the record at or before it). The lowest, because the jumps of a noisy or spiky curve go
/// up: one record caught on a spike must not read as a stall or a rise.
fn level_at(records: &[LossRecord], step: u64) -> f64 {
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
fn fits(e: &Evidence<'_>) -> bool {
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
fn r2_words(e: &Evidence<'_>) -> String {
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
fn stall_start(records: &[LossRecord], now: f64) -> u64 {
    records
        .iter()
        .find(|r| r.train <= 1.1 * now)
        .map_or(0, |r| r.step)
}

/// A stalled run: converged if it fits, underfit if the network cannot draw the target, converged
/// when no target is known (noise cannot be told from misfit), else a plateau.
fn stalled(e: &Evidence<'_>) -> Verdict {
    let (then, now) = (level_at(e.records, e.step / 2), level_at(e.records, e.step));
    let since = stall_start(e.records, now);
    let moved = if (then / now).log10() >= STALL_DECADES {
        format!(
            "the loss still falls, from {} to {} over the last {} steps, far below what the fit shows",
            show(then),
            show(now),
            e.step - e.step / 2
        )
    } else {
        format!(
            "the loss has stayed near {} over the last {} steps (it was {} at step {})",
            show(now),
            e.step - e.step / 2,
            show(then),
            e.step / 2
        )
    };
    if fits(e) {
        return (
            State::Converged,
            Some(since),
            format!("{}; {moved}", r2_words(e)),
            None,
        );
    }
    if let Some((reason, suggestion)) = capacity(e) {
        return (
            State::Underfit,
            Some(since),
            format!("{reason}; {}, {moved}", r2_words(e)),
            suggestion,
        );
    }
    if !e.target_known {
        return (
            State::Converged,
            Some(since),
            format!(
                "{moved}; {}: with given points noise cannot be told from misfit",
                r2_words(e)
            ),
            None,
        );
    }
    let o = &e.settings.optim;
    let suggestion = matches!(o.optimizer, OptimizerKind::Sgd | OptimizerKind::Momentum)
        .then_some(Suggestion::Adam);
    (
        State::Plateau,
        Some(since),
        format!(
            "{moved}, after falling from {}; {}: likely a saddle, training may move again",
            show(e.records[0].train),
            r2_words(e)
        ),
        suggestion,
    )
}

/// Why this network cannot draw the target, if a reason is found: linear; identical units (one neuron
/// repeated); dead units leaving too few; too few pieces (ReLU: a target that turns k times has k + 1
/// monotone stretches, and a fit needs about two straight pieces for each); too few neurons (smooth
/// units: the slope of a sum of n S-curves can change sign about 2n − 1 times, so k turns need about
/// (k + 1)/2 units — four tanh units draw Hagan's six turns).
fn capacity(e: &Evidence<'_>) -> Option<(String, Option<Suggestion>)> {
    let net = &e.settings.net;
    if net.depth == 0 || net.activation == Activation::Linear {
        return Some((
            "the network is linear: any number of linear neurons adds up to one straight line"
                .into(),
            Some(Suggestion::Activation(Activation::Relu)),
        ));
    }
    if e.units.identical {
        return Some((
            format!(
                "its {} units are identical, so they act as one neuron repeated",
                net.width
            ),
            Some(Suggestion::Init(Init::GlorotUniform)),
        ));
    }
    let bends = e.bends?;
    if net.depth != 1 {
        return None;
    }
    let width = net.width;
    let dead = e.idle.iter().filter(|i| **i == Some(Idle::Dead)).count();
    let alive = width - dead.min(width);
    let piecewise = matches!(net.activation, Activation::Relu | Activation::LeakyRelu);
    let (needed, have, could) = if piecewise {
        (2 * (bends + 1), alive + 1, width + 1)
    } else {
        ((bends + 2) / 2, alive, width)
    };
    if have >= needed {
        return None;
    }
    let turns = if bends == 1 {
        "turns once".to_string()
    } else {
        format!("turns {bends} times")
    };
    let (unit, units) = if piecewise {
        ("straight piece", "straight pieces")
    } else {
        ("unit", "units")
    };
    let count = |n: usize| format!("{n} {}", if n == 1 { unit } else { units });
    if dead > 0 && could >= needed {
        let fix = if matches!(net.init, Init::HeNormal | Init::HeUniform) {
            Suggestion::Activation(Activation::LeakyRelu)
        } else {
            Suggestion::Init(Init::HeNormal)
        };
        return Some((
            format!(
                "{dead} of {width} units are dead, leaving {} for a target that {turns} (about {} \
                 needed)",
                count(have),
                needed
            ),
            Some(fix),
        ));
    }
    let wider = Suggestion::Width((2 * needed).max(width + 1).min(1024));
    let what = if piecewise {
        format!(
            "too few pieces: one layer of {width} ReLU draws at most {}, and a target that {turns} \
             needs about {needed}",
            count(width + 1)
        )
    } else {
        format!(
            "too few neurons: {} {} for a target that {turns} (about {needed} needed)",
            width,
            if width == 1 {
                format!("{} unit", net.activation)
            } else {
                format!("{} units", net.activation)
            }
        )
    };
    Some((what, Some(wider)))
}

/// The training loss at which the fit would fit: R² = [`FIT_R2`] in mse terms (for mae and Huber
/// their value at errors of that size), never below the noise floor.
fn goal_loss(e: &Evidence<'_>) -> Option<f64> {
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

/// Too slow: falling, but at this pace the fit level is [`TOO_SLOW_FACTOR`]× the steps so far away,
/// and at least [`TOO_SLOW_GAP_DECADES`] below; not for Levenberg–Marquardt (no rate to raise), a
/// network that cannot reach it anyway, nor given points (their floor is unknown: outliers and noise
/// cannot be fitted).
fn too_slow(e: &Evidence<'_>, drop: f64) -> Option<Verdict> {
    let o = &e.settings.optim;
    if o.optimizer == OptimizerKind::Lm || !e.target_known || capacity(e).is_some() || drop <= 0.0 {
        return None;
    }
    let goal = goal_loss(e)?;
    let now = level_at(e.records, e.step);
    let gap = (now / goal).log10();
    let half = (e.step - e.step / 2) as f64;
    let needed = gap / drop * half;
    if gap < TOO_SLOW_GAP_DECADES || needed < TOO_SLOW_FACTOR * e.step as f64 {
        return None;
    }
    Some((
        State::TooSlow,
        None,
        format!(
            "the loss fell only from {} to {} over the last {half} steps; at that pace it needs about \
             {} more steps to reach the fit level {}",
            show(level_at(e.records, e.step / 2)),
            show(now),
            show(needed),
            show(goal)
        ),
        Some(Suggestion::LearningRate(one_figure(
            (o.lr * 10.0).min(1.0).max(o.lr),
        ))),
    ))
}

/// Every finding that holds.
pub(super) fn findings(e: &Evidence<'_>) -> Vec<Finding> {
    [
        dead_units(e),
        saturated_units(e),
        extrapolation_gap(e),
        symmetric_start(e),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn dead_units(e: &Evidence<'_>) -> Option<Finding> {
    let dead = e.idle.iter().filter(|i| **i == Some(Idle::Dead)).count();
    if dead == 0 {
        return None;
    }
    let init = e.settings.net.init;
    let suggestion = if matches!(init, Init::HeNormal | Init::HeUniform) {
        Suggestion::Activation(Activation::LeakyRelu)
    } else {
        Suggestion::Init(Init::HeNormal)
    };
    Some(Finding {
        kind: FindingKind::DeadUnits,
        evidence: format!(
            "{dead} of {} ReLU units are off on every training point (marked † in the weight table): \
             no gradient reaches them",
            e.idle.len()
        ),
        suggestion: Some(suggestion),
    })
}

fn saturated_units(e: &Evidence<'_>) -> Option<Finding> {
    let flat = e
        .idle
        .iter()
        .filter(|i| **i == Some(Idle::Saturated))
        .count();
    if flat == 0 {
        return None;
    }
    let init = e.settings.net.init;
    let suggestion = (!matches!(init, Init::GlorotUniform | Init::GlorotNormal))
        .then_some(Suggestion::Init(Init::GlorotUniform));
    Some(Finding {
        kind: FindingKind::SaturatedUnits,
        evidence: format!(
            "{flat} of {} {} units are flat on every training point (marked ~ in the weight table): \
             their gradient is nearly 0",
            e.idle.len(),
            e.settings.net.activation
        ),
        suggestion,
    })
}

fn extrapolation_gap(e: &Evidence<'_>) -> Option<Finding> {
    let (inside, outside) = (e.quality.inside?, e.quality.outside?);
    let spread = e.train_variance.sqrt();
    let ratio = outside.rmse / inside.rmse.max(1e-12);
    if ratio < GAP_FACTOR || outside.rmse < 0.05 * spread || e.step < MIN_STEPS {
        return None;
    }
    let net = &e.settings.net;
    let tails = match net.activation {
        _ if net.depth == 0 => "a line goes on straight",
        Activation::Tanh | Activation::Sigmoid => "its tails go flat beyond the last centre",
        Activation::Relu | Activation::LeakyRelu | Activation::Linear | Activation::Elu => {
            "its tails go on straight beyond the last kink"
        }
        Activation::Softplus => "its tails go straight or flat beyond the last centre",
        Activation::Sin => "it repeats its own waves beyond the interval",
    };
    Some(Finding {
        kind: FindingKind::ExtrapolationGap,
        evidence: format!(
            "beyond the interval the error is {} (RMSE), {}× the {} inside: {tails}",
            show(outside.rmse),
            show(ratio),
            show(inside.rmse)
        ),
        suggestion: None,
    })
}

fn symmetric_start(e: &Evidence<'_>) -> Option<Finding> {
    let width = e.settings.net.width;
    if e.units.identical {
        let init = e.settings.net.init;
        return Some(Finding {
            kind: FindingKind::SymmetricStart,
            evidence: format!(
                "all {width} units of the first layer are identical ({init} init): they get the same \
                 gradient and stay identical, one neuron repeated"
            ),
            suggestion: Some(Suggestion::Init(Init::GlorotUniform)),
        });
    }
    let nonlinear = e.settings.net.activation != Activation::Linear;
    if e.units.centres_at_zero && nonlinear && e.step >= MIN_STEPS {
        return Some(Finding {
            kind: FindingKind::SymmetricStart,
            evidence:
                "every bias is still 0, so every centre −b/w sits at x = 0: an odd target on a \
                       grid symmetric about 0 gives the biases no gradient"
                    .into(),
            suggestion: Some(Suggestion::RandomSampling),
        });
    }
    None
}
