//! Whether the network can draw the target at all: the reason a stalled run is underfit rather than on
//! a plateau, counted from the target's turns inside the interval and the units still alive.

use super::{Evidence, Suggestion};
use crate::nn::explain::Idle;
use crate::nn::{Activation, Init};

/// Why this network cannot draw the target, if a reason is found: linear; identical units (one neuron
/// repeated); dead units leaving too few; too few pieces (ReLU: a target that turns k times has k + 1
/// monotone stretches, and a fit needs about two straight pieces for each); too few neurons (smooth
/// units: the slope of a sum of n S-curves can change sign about 2n − 1 times, so k turns need about
/// (k + 1)/2 units — four tanh units draw Hagan's six turns).
pub(super) fn capacity(e: &Evidence<'_>) -> Option<(String, Option<Suggestion>)> {
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
