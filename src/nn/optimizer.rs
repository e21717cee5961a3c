//! First-order optimizers with Keras 3's update rules, applied to the flat parameter vector θ with gradient g:
//!
//! - sgd:      θ ← θ − lr·g
//! - momentum: v ← μ·v − lr·g;  θ ← θ + v
//! - nesterov: v ← μ·v − lr·g;  θ ← θ + μ·v − lr·g
//! - rmsprop:  s ← ρ·s + (1 − ρ)·g²;  θ ← θ − lr·g / √(s + ε)          (ρ 0.9, ε 1e-7)
//! - adam:     m ← m + (1 − β₁)(g − m);  v ← v + (1 − β₂)(g² − v);  α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ);
//!   θ ← θ − α·m / (√v + ε)   (β₁ 0.9, β₂ 0.999, ε 1e-7)
//!
//! Levenberg–Marquardt is second order and needs the Jacobian, not just g: it lives in `lm.rs`.

use super::float::Float;
use serde::{Deserialize, Serialize};

/// Adam's β₁ (Keras default).
pub const ADAM_BETA1: f64 = 0.9;
/// Adam's β₂ (Keras default).
pub const ADAM_BETA2: f64 = 0.999;
/// Adam's and RMSprop's ε (Keras default).
pub const EPSILON: f64 = 1e-7;
/// RMSprop's ρ (Keras default).
pub const RMSPROP_RHO: f64 = 0.9;

/// Which training rule updates the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerKind {
    /// Plain gradient descent.
    Sgd,
    /// Gradient descent with heavy-ball momentum μ.
    Momentum,
    /// Gradient descent with Nesterov momentum μ.
    Nesterov,
    /// Divides each step by a running RMS of its gradient.
    Rmsprop,
    /// Adam, the usual default.
    #[default]
    Adam,
    /// Levenberg–Marquardt: damped Gauss–Newton on the full batch (second order).
    Lm,
}

impl OptimizerKind {
    /// Every optimizer, in the order menus list them.
    pub const ALL: [OptimizerKind; 6] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adam,
        OptimizerKind::Lm,
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::Rmsprop => "rmsprop",
            OptimizerKind::Adam => "adam",
            OptimizerKind::Lm => "lm",
        }
    }

    /// Whether the momentum setting μ matters for this optimizer.
    pub fn uses_momentum(self) -> bool {
        matches!(self, OptimizerKind::Momentum | OptimizerKind::Nesterov)
    }
}

crate::named::named_choice!(OptimizerKind, "optimizer");

/// A first-order optimizer with its state (velocity, moments), sized for one parameter vector.
#[derive(Debug, Clone)]
pub struct Optimizer<T> {
    kind: OptimizerKind,
    lr: T,
    momentum: T,
    steps: u64,
    first: Vec<T>,
    second: Vec<T>,
}

/// What an optimizer carries from one step to the next (a session file keeps it so a run resumes bit for
/// bit): its step count and its moment vectors, widened to f64 (exact for f32).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizerState {
    /// Updates applied (Adam's bias correction depends on it).
    pub steps: u64,
    /// Velocity (momentum, Nesterov), mean square (RMSprop) or first moment (Adam).
    pub first: Vec<f64>,
    /// Adam's second moment.
    pub second: Vec<f64>,
}

impl<T: Float> Optimizer<T> {
    /// The state to save.
    pub fn state(&self) -> OptimizerState {
        let widen = |v: &[T]| v.iter().map(|x| x.to_f64()).collect();
        OptimizerState {
            steps: self.steps,
            first: widen(&self.first),
            second: widen(&self.second),
        }
    }

    /// Takes a saved state back; refused if its vectors do not fit this optimizer.
    pub fn restore(&mut self, state: &OptimizerState) -> Result<(), String> {
        if state.first.len() != self.first.len() || state.second.len() != self.second.len() {
            return Err(format!(
                "the {} optimizer's saved state does not fit this network",
                self.kind
            ));
        }
        self.steps = state.steps;
        for (dst, src) in [
            (&mut self.first, &state.first),
            (&mut self.second, &state.second),
        ] {
            for (d, s) in dst.iter_mut().zip(src) {
                *d = T::from_f64(*s);
            }
        }
        Ok(())
    }

    /// Fresh state for `param_count` parameters. `Lm` is handled elsewhere and behaves like plain SGD here.
    pub fn new(kind: OptimizerKind, lr: f64, momentum: f64, param_count: usize) -> Self {
        let needs_first = !matches!(kind, OptimizerKind::Sgd | OptimizerKind::Lm);
        let needs_second = kind == OptimizerKind::Adam;
        Self {
            kind,
            lr: T::from_f64(lr),
            momentum: T::from_f64(momentum),
            steps: 0,
            first: vec![T::ZERO; if needs_first { param_count } else { 0 }],
            second: vec![T::ZERO; if needs_second { param_count } else { 0 }],
        }
    }

    /// The rule this optimizer applies.
    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    /// Changes the learning rate and momentum without losing the accumulated state (the UI's live sliders).
    pub fn set_rates(&mut self, lr: f64, momentum: f64) {
        self.lr = T::from_f64(lr);
        self.momentum = T::from_f64(momentum);
    }

    /// Applies one update θ ← θ + Δ(g), in the widest vector instructions the CPU runs (the operations
    /// are exactly rounded in every copy, so the result is the same).
    pub fn update(&mut self, params: &mut [T], grad: &[T]) {
        super::kernels::level::widest(
            #[inline(always)]
            || self.update_inline(params, grad),
        );
    }

    #[inline(always)]
    fn update_inline(&mut self, params: &mut [T], grad: &[T]) {
        debug_assert_eq!(params.len(), grad.len());
        let (lr, mu) = (self.lr, self.momentum);
        self.steps += 1;
        match self.kind {
            OptimizerKind::Sgd | OptimizerKind::Lm => {
                for (p, &g) in params.iter_mut().zip(grad) {
                    *p -= lr * g;
                }
            }
            OptimizerKind::Momentum => {
                for ((p, &g), v) in params.iter_mut().zip(grad).zip(&mut self.first) {
                    *v = mu * *v - lr * g;
                    *p += *v;
                }
            }
            OptimizerKind::Nesterov => {
                for ((p, &g), v) in params.iter_mut().zip(grad).zip(&mut self.first) {
                    *v = mu * *v - lr * g;
                    *p += mu * *v - lr * g;
                }
            }
            OptimizerKind::Rmsprop => {
                let (rho, eps) = (T::from_f64(RMSPROP_RHO), T::from_f64(EPSILON));
                let keep = T::ONE - rho;
                for ((p, &g), s) in params.iter_mut().zip(grad).zip(&mut self.first) {
                    *s = rho * *s + keep * g * g;
                    *p -= lr * g / (*s + eps).sqrt();
                }
            }
            OptimizerKind::Adam => {
                let t = self.steps as f64;
                let alpha =
                    lr.to_f64() * (1.0 - ADAM_BETA2.powf(t)).sqrt() / (1.0 - ADAM_BETA1.powf(t));
                let (alpha, eps) = (T::from_f64(alpha), T::from_f64(EPSILON));
                let (k1, k2) = (T::from_f64(1.0 - ADAM_BETA1), T::from_f64(1.0 - ADAM_BETA2));
                let moments = self.first.iter_mut().zip(self.second.iter_mut());
                for ((p, &g), (m, v)) in params.iter_mut().zip(grad).zip(moments) {
                    *m += (g - *m) * k1;
                    *v += (g * g - *v) * k2;
                    *p -= alpha * *m / (v.sqrt() + eps);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_step(kind: OptimizerKind, steps: usize) -> f64 {
        let mut opt = Optimizer::<f64>::new(kind, 0.1, 0.9, 1);
        let mut p = [1.0];
        for _ in 0..steps {
            opt.update(&mut p, &[0.5]);
        }
        p[0]
    }

    #[test]
    fn updates_follow_the_keras_formulas() {
        assert!((one_step(OptimizerKind::Sgd, 1) - 0.95).abs() < 1e-15);
        // momentum: v1 = −0.05, v2 = −0.095 → θ = 1 − 0.145
        assert!((one_step(OptimizerKind::Momentum, 2) - 0.855).abs() < 1e-15);
        // nesterov: θ1 = 1 + 0.9·(−0.05) − 0.05 = 0.905
        assert!((one_step(OptimizerKind::Nesterov, 1) - 0.905).abs() < 1e-15);
        // rmsprop: s = 0.1·0.25 → θ = 1 − 0.1·0.5/√(0.025 + 1e-7)
        let want = 1.0 - 0.05 / (0.025f64 + 1e-7).sqrt();
        assert!((one_step(OptimizerKind::Rmsprop, 1) - want).abs() < 1e-15);
        // adam's first step moves by ≈ lr whatever the gradient's size
        let want = 1.0 - 0.1 * (0.001f64).sqrt() / 0.1 * 0.05 / ((0.001f64 * 0.25).sqrt() + 1e-7);
        assert!((one_step(OptimizerKind::Adam, 1) - want).abs() < 1e-12);
    }

    #[test]
    fn names_round_trip() {
        for kind in OptimizerKind::ALL {
            assert_eq!(kind.name().parse::<OptimizerKind>(), Ok(kind));
        }
    }
}
