//! What a one-hidden-layer network does where nobody looks: its tails and its idle neurons.
//!
//! Tails: as x → ±∞ each neuron's z = w·x + b runs to sign(w)·(±∞), where its activation behaves like a
//! line s·z + c (ReLU: s = 1, c = 0 on the right and s = 0 on the left; tanh: s = 0, c = ±1; sigmoid:
//! s = 0, c = 1 or 0; …). So ŷ = b' + Σ w'ⱼ·σ(zⱼ) tends to the asymptote A·x + B with
//! A = Σ w'ⱼ·sⱼ·wⱼ and B = b' + Σ w'ⱼ·(sⱼ·bⱼ + cⱼ) (a neuron with w = 0 adds the constant w'·σ(b)).
//! A ReLU tail is a line whose slope sums w'·w over the neurons active on that side; a tanh tail is the
//! constant b' + Σ w'·sign(w). Deeper networks are measured far out instead; sin has no asymptote.
//!
//! Idle neurons: a ReLU neuron with z ≤ 0 on every training point passes no gradient (dead); a tanh,
//! sigmoid, ELU or softplus neuron whose z lies deep in a flat part on every point (|z| ≥ 3 for tanh, where
//! tanh' < 0.01, and alike) barely learns (saturated).

use super::activation::Activation;
use super::float::Float;
use super::mlp::Mlp;

/// The line a network's prediction tends to on one side: ŷ ≈ slope·x + intercept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Asymptote {
    /// Its slope.
    pub slope: f64,
    /// Its value at x = 0.
    pub intercept: f64,
}

/// Why a neuron no longer learns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// ReLU below zero on every training point: no gradient reaches it.
    Dead,
    /// Deep in a flat part of its activation on every training point: almost no gradient.
    Saturated,
}

impl Idle {
    /// Why, in a sentence for a tooltip.
    pub fn why(self) -> &'static str {
        match self {
            Idle::Dead => {
                "dead: w·x + b ≤ 0 on every training point, so this ReLU outputs 0 and passes no \
                 gradient — it cannot learn again by itself"
            }
            Idle::Saturated => {
                "saturated: w·x + b lies in a flat part of the activation on every training point, so \
                 its gradient is nearly 0 and it learns very slowly"
            }
        }
    }
}

/// The line `act` follows as z → +∞ (`positive`) or −∞: σ(z) ≈ s·z + c; None if it has none.
fn limit(act: Activation, positive: bool) -> Option<(f64, f64)> {
    Some(match (act, positive) {
        (Activation::Linear, _) => (1.0, 0.0),
        (
            Activation::Relu | Activation::Elu | Activation::Softplus | Activation::LeakyRelu,
            true,
        ) => (1.0, 0.0),
        (Activation::Relu | Activation::Softplus, false) => (0.0, 0.0),
        (Activation::LeakyRelu, false) => (0.2, 0.0),
        (Activation::Elu, false) => (0.0, -1.0),
        (Activation::Tanh, true) => (0.0, 1.0),
        (Activation::Tanh, false) => (0.0, -1.0),
        (Activation::Sigmoid, true) => (0.0, 1.0),
        (Activation::Sigmoid, false) => (0.0, 0.0),
        (Activation::Sin, _) => return None,
    })
}

/// The asymptotes [left, right] of `mlp`'s prediction; closed form for at most one hidden layer, measured
/// at |x| = 10⁴ for deeper networks; None when there is none (sin) or it is not finite.
pub fn tails<T: Float>(mlp: &Mlp<T>) -> Option<[Asymptote; 2]> {
    let layers = mlp.layers();
    if layers.len() > 2 {
        return measured(mlp);
    }
    let p: Vec<f64> = mlp.params().iter().map(|v| v.to_f64()).collect();
    if layers.len() == 1 {
        let line = Asymptote {
            slope: p[0],
            intercept: p[1],
        };
        return Some([line, line]);
    }
    let (hidden, out) = (layers[0], layers[1]);
    let act = hidden.activation;
    let width = hidden.fan_out;
    let side = |right: bool| -> Option<Asymptote> {
        let mut tail = Asymptote {
            slope: 0.0,
            intercept: p[out.bias_at],
        };
        for j in 0..width {
            let (w, b, w_out) = (
                p[hidden.kernel_at + j],
                p[hidden.bias_at + j],
                p[out.kernel_at + j],
            );
            if w == 0.0 {
                tail.intercept += w_out * act.value(b);
                continue;
            }
            let (s, c) = limit(act, (w > 0.0) == right)?;
            tail.slope += w_out * s * w;
            tail.intercept += w_out * (s * b + c);
        }
        (tail.slope.is_finite() && tail.intercept.is_finite()).then_some(tail)
    };
    Some([side(false)?, side(true)?])
}

/// The asymptotes of a deeper network, measured far out.
fn measured<T: Float>(mlp: &Mlp<T>) -> Option<[Asymptote; 2]> {
    if mlp.layers().iter().any(|l| l.activation == Activation::Sin) {
        return None;
    }
    const FAR: f64 = 1e4;
    let x: Vec<T> = [-FAR - 1.0, -FAR, FAR, FAR + 1.0].map(T::from_f64).to_vec();
    let y: Vec<f64> = mlp.predict(&x).iter().map(|v| v.to_f64()).collect();
    let left = y[1] - y[0];
    let right = y[3] - y[2];
    let tails = [
        Asymptote {
            slope: left,
            intercept: y[1] + left * FAR,
        },
        Asymptote {
            slope: right,
            intercept: y[2] - right * FAR,
        },
    ];
    tails
        .iter()
        .all(|t| t.slope.is_finite() && t.intercept.is_finite())
        .then_some(tails)
}

/// Which neurons of the one hidden layer are idle on the training inputs `x`, ascending (empty for other
/// depths). z = w·x + b is monotonic along ascending x, so "on every point" is decided at the two ends or
/// by one binary search, not by a pass over every point: the snapshot asks this every frame.
pub fn idle_neurons<T: Float>(mlp: &Mlp<T>, x: &[f64]) -> Vec<Option<Idle>> {
    let layers = mlp.layers();
    if layers.len() != 2 || x.is_empty() {
        return Vec::new();
    }
    let hidden = layers[0];
    let p: Vec<f64> = mlp.params().iter().map(|v| v.to_f64()).collect();
    (0..hidden.fan_out)
        .map(|j| {
            let (w, b) = (p[hidden.kernel_at + j], p[hidden.bias_at + j]);
            let z = |xi: f64| w * xi + b;
            // the largest z is at one end of the ascending inputs
            let at_most = |limit: f64| z(x[0]).max(z(x[x.len() - 1])) <= limit;
            match hidden.activation {
                Activation::Relu => at_most(0.0).then_some(Idle::Dead),
                Activation::Tanh => flat_beyond(x, w, b, 3.0).then_some(Idle::Saturated),
                Activation::Sigmoid => flat_beyond(x, w, b, 5.0).then_some(Idle::Saturated),
                Activation::Elu | Activation::Softplus => at_most(-5.0).then_some(Idle::Saturated),
                Activation::Linear | Activation::LeakyRelu | Activation::Sin => None,
            }
        })
        .collect()
}

/// Whether |w·x + b| ≥ `c` at every one of the ascending inputs `x`: along them z is monotonic, so the
/// points with |z| < c form one run, found (or not) by a binary search.
fn flat_beyond(x: &[f64], w: f64, b: f64, c: f64) -> bool {
    let z = |xi: f64| w * xi + b;
    let inside = if w >= 0.0 {
        let i = x.partition_point(|&xi| z(xi) <= -c);
        i < x.len() && z(x[i]) < c
    } else {
        let i = x.partition_point(|&xi| z(xi) >= c);
        i < x.len() && z(x[i]) > -c
    };
    !inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Init;
    use crate::seed::{Stream, rng};

    fn net(act: Activation, hidden: &[usize]) -> Mlp<f64> {
        let mut mlp = Mlp::new(
            hidden,
            act,
            Init::GlorotUniform,
            &mut rng(3, Stream::Weights),
        );
        for (k, p) in mlp.params_mut().iter_mut().enumerate() {
            *p += 0.01 * k as f64; // non-zero biases
        }
        mlp
    }

    #[test]
    fn the_closed_form_tails_match_the_network_far_out() {
        for act in [
            Activation::Relu,
            Activation::Tanh,
            Activation::Sigmoid,
            Activation::LeakyRelu,
            Activation::Elu,
            Activation::Softplus,
            Activation::Linear,
        ] {
            let mlp = net(act, &[7]);
            let [left, right] = tails(&mlp).unwrap();
            for (x, tail) in [(-1e7, left), (1e7, right)] {
                let y = mlp.predict(&[x])[0];
                let line = tail.slope * x + tail.intercept;
                assert!(
                    (y - line).abs() < 1e-6 * (1.0 + y.abs()),
                    "{act:?} at {x}: {y} against {line}"
                );
            }
        }
        assert!(tails(&net(Activation::Sin, &[4])).is_none());
    }

    #[test]
    fn tanh_tails_are_flat_and_relu_tails_sum_w_out_w_of_the_active_neurons() {
        let [l, r] = tails(&net(Activation::Tanh, &[5])).unwrap();
        assert_eq!((l.slope, r.slope), (0.0, 0.0));
        let mlp = net(Activation::Relu, &[5]);
        let p = mlp.params();
        let right: f64 = (0..5)
            .filter(|&j| p[j] > 0.0)
            .map(|j| p[10 + j] * p[j])
            .sum();
        assert!((tails(&mlp).unwrap()[1].slope - right).abs() < 1e-12);
    }

    #[test]
    fn deeper_tails_are_measured() {
        let mlp = net(Activation::Relu, &[6, 6]);
        let [_, right] = tails(&mlp).unwrap();
        let (a, b) = (mlp.predict(&[2e4])[0], mlp.predict(&[3e4])[0]);
        assert!(((b - a) / 1e4 - right.slope).abs() < 1e-6);
    }

    #[test]
    fn a_relu_below_zero_everywhere_is_dead_and_a_steep_tanh_far_off_is_saturated() {
        let x: Vec<f64> = (0..50).map(|i| -3.0 + 0.12 * i as f64).collect();
        let mut relu = net(Activation::Relu, &[3]);
        relu.params_mut()[0] = 1.0; // w
        relu.params_mut()[3] = -10.0; // b: z ≤ −7 on [−3, 3]
        let idle = idle_neurons(&relu, &x);
        assert_eq!(idle[0], Some(Idle::Dead));
        assert_eq!(idle.iter().filter(|i| i.is_some()).count(), 1);
        let mut tanh = net(Activation::Tanh, &[3]);
        tanh.params_mut()[1] = 0.1;
        tanh.params_mut()[4] = 20.0;
        assert_eq!(idle_neurons(&tanh, &x)[1], Some(Idle::Saturated));
        assert!(idle_neurons(&net(Activation::Relu, &[3, 3]), &x).is_empty());
    }

    #[test]
    fn the_binary_search_agrees_with_a_pass_over_every_point() {
        let x: Vec<f64> = (0..40).map(|i| -3.0 + 0.15 * i as f64).collect();
        for w in [-4.0, -1.3, -0.2, 0.0, 0.2, 1.3, 4.0] {
            for b in [-20.0, -6.0, -3.5, -1.0, 0.0, 1.0, 3.5, 6.0, 20.0] {
                for c in [3.0, 5.0] {
                    let every = x.iter().all(|&xi| (w * xi + b).abs() >= c);
                    assert_eq!(flat_beyond(&x, w, b, c), every, "w {w} b {b} c {c}");
                }
            }
        }
    }
}
