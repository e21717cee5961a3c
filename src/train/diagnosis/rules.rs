//! The rules that name the state, one small function each, tried in the order [`state`] lists them;
//! the thresholds are the named constants of the module above, each with its reason, and the measures
//! they read are in `measures.rs`.

use super::capacity::capacity;
use super::measures::{
    fits, goal_loss, level_at, noise_cost, one_figure, r2_words, recent_drop, stall_start,
};
use super::{
    Evidence, MIN_RECORDS, MIN_STEPS, NEGLIGIBLE, NOISE_MARGIN, OVERFIT_RISE, OVERFIT_TRAIN_FALL,
    SETTLED_DECADES, STALL_DECADES, State, Suggestion, TOO_SLOW_FACTOR, TOO_SLOW_GAP_DECADES,
    UNSTABLE_JUMP, UNSTABLE_JUMPS,
};
use crate::limits::show_3 as show;
use crate::nn::OptimizerKind;
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

/// Overfit: the validation loss (its median over the last tenth of the run) [`OVERFIT_RISE`] above its
/// lowest while the training loss fell [`OVERFIT_TRAIN_FALL`] since then.
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
    // the validation loss now: the median over the last tenth of the run, so its record-to-record
    // wobble does not switch the state on and off at the threshold
    let from = e.step - e.step / 10;
    let mut recent: Vec<f64> = with_val
        .iter()
        .filter(|r| r.0 >= from)
        .map(|r| r.1)
        .collect();
    if recent.is_empty() {
        recent.push(with_val.last()?.1);
    }
    recent.sort_by(f64::total_cmp);
    let val_now = recent[recent.len() / 2];
    let train_now = level_at(e.records, e.step);
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

/// A stalled run: converged if it fits, underfit if the network cannot draw the target, converged
/// when no target is known (noise cannot be told from misfit), else a plateau.
fn stalled(e: &Evidence<'_>) -> Verdict {
    let (then, now) = (level_at(e.records, e.step / 2), level_at(e.records, e.step));
    let since = stall_start(e.records, now);
    let moved = if now > 1.5 * then {
        format!(
            "the loss rose from {} to {} over the last {} steps",
            show(then),
            show(now),
            e.step - e.step / 2
        )
    } else if (then / now).log10() >= STALL_DECADES {
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
