//! The findings: what is worth knowing about a run whatever its state — dead and saturated units, an
//! error beyond the interval many times the one inside, units that cannot become different — each with
//! its numbers and, where a setting addresses it, a suggestion.

use super::{Evidence, Finding, FindingKind, GAP_FACTOR, MIN_STEPS, Suggestion};
use crate::limits::show_3 as show;
use crate::nn::explain::Idle;
use crate::nn::{Activation, Init};

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
