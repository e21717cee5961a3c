//! Activation functions h = σ(z), each value written beside its derivative σ'(z), named as Keras names them.
//!
//! | name | σ(z) | σ'(z) |
//! |---|---|---|
//! | linear | z | 1 |
//! | relu | max(z, 0) | 1 if z > 0 else 0 |
//! | leaky_relu | z if z > 0 else 0.2·z (Keras 3's slope) | 1 or 0.2 |
//! | elu | z if z > 0 else eᶻ − 1 (α = 1) | 1 or eᶻ = h + 1 |
//! | tanh | tanh z | 1 − h² |
//! | sigmoid | 1 / (1 + e⁻ᶻ) | h·(1 − h) |
//! | softplus | ln(1 + eᶻ), computed as max(z, 0) + ln(1 + e^−|z|) | 1 / (1 + e⁻ᶻ) |
//! | sin | sin z | cos z |
//!
//! The slice kernels run over a whole layer at once, so the match on the activation happens once per layer,
//! never per element.

use super::float::Float;
use serde::{Deserialize, Serialize};

/// Slope of leaky_relu for z < 0 (Keras 3's default `negative_slope`).
pub const LEAKY_SLOPE: f64 = 0.2;

/// The nonlinearity applied after a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// σ(z) = z: a layer without activation (a sum of lines stays a line).
    Linear,
    /// max(z, 0): piecewise linear, one kink per neuron.
    Relu,
    /// z or 0.2·z: ReLU that never goes fully flat.
    LeakyRelu,
    /// z or eᶻ − 1: smooth below zero.
    Elu,
    /// tanh z: smooth, flat tails at ±1.
    #[default]
    Tanh,
    /// 1 / (1 + e⁻ᶻ): tanh's shifted, halved cousin.
    Sigmoid,
    /// ln(1 + eᶻ): a smooth ReLU.
    Softplus,
    /// sin z: periodic, so it can extrapolate a periodic target.
    Sin,
}

impl Activation {
    /// Every activation, in the order menus list them.
    pub const ALL: [Activation; 8] = [
        Activation::Linear,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Softplus,
        Activation::Sin,
    ];

    /// The Keras name ("relu", "leaky_relu", …).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Elu => "elu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Softplus => "softplus",
            Activation::Sin => "sin",
        }
    }

    /// σ(z) for one value.
    pub fn value<T: Float>(self, z: T) -> T {
        self.with_pointwise(OneValue(z))
    }

    /// σ'(z), given z and h = σ(z) (whichever is cheaper to use).
    #[inline(always)]
    pub fn derivative<T: Float>(self, z: T, h: T) -> T {
        self.with_pointwise(OneDerivative(z, h))
    }

    /// Hands σ and σ' to `body` as plain functions, matching on the activation once: a loop inside
    /// `body` is compiled once per activation, branch-free, and vectorises.
    #[inline(always)]
    pub fn with_pointwise<T: Float, B: Pointwise<T>>(self, body: B) -> B::Output {
        let slope = T::from_f64(LEAKY_SLOPE);
        match self {
            Activation::Linear => body.call(|z| z, |_, _| T::ONE),
            Activation::Relu => body.call(relu, |z, _| step(z, T::ZERO)),
            Activation::LeakyRelu => {
                body.call(move |z| leaky(z, slope), move |z, _| step(z, slope))
            }
            Activation::Elu => body.call(elu, |z, h| if z > T::ZERO { T::ONE } else { h + T::ONE }),
            Activation::Tanh => body.call(T::tanh, |_, h| T::ONE - h * h),
            Activation::Sigmoid => body.call(sigmoid, |_, h| h * (T::ONE - h)),
            Activation::Softplus => body.call(softplus, |z, _| sigmoid(z)),
            Activation::Sin => body.call(T::sin, |z, _| z.cos()),
        }
    }

    /// h ← σ(z) over a whole layer.
    #[inline(always)]
    pub fn apply<T: Float>(self, z: &[T], h: &mut [T]) {
        debug_assert_eq!(z.len(), h.len());
        match self {
            Activation::Linear => h.copy_from_slice(z),
            // 32 values at a time, so the division's latency hides behind independent chains
            Activation::Tanh => T::tanh_into(z, h),
            _ => self.with_pointwise(Map { z, h }),
        }
    }

    /// δ ← δ ⊙ σ'(z) over a whole layer (the backward pass through the activation). The match happens
    /// once, outside the loop, so each activation gets its own branch-free, vectorised loop.
    #[inline(always)]
    pub fn backprop<T: Float>(self, z: &[T], h: &[T], delta: &mut [T]) {
        debug_assert!(z.len() == h.len() && h.len() == delta.len());
        if self != Activation::Linear {
            self.with_pointwise(Scale { delta, z, h });
        }
    }
}

/// Code that runs with an activation's σ and σ' (see [`Activation::with_pointwise`]).
pub trait Pointwise<T> {
    /// What the code returns.
    type Output;
    /// Runs the code with σ(z) as `value` and σ'(z, h) as `derivative`.
    fn call(
        self,
        value: impl Fn(T) -> T + Sync,
        derivative: impl Fn(T, T) -> T + Sync,
    ) -> Self::Output;
}

/// σ(z) of one value.
struct OneValue<T>(T);

impl<T: Float> Pointwise<T> for OneValue<T> {
    type Output = T;
    #[inline(always)]
    fn call(self, value: impl Fn(T) -> T + Sync, _: impl Fn(T, T) -> T + Sync) -> T {
        value(self.0)
    }
}

/// σ'(z, h) of one value.
struct OneDerivative<T>(T, T);

impl<T: Float> Pointwise<T> for OneDerivative<T> {
    type Output = T;
    #[inline(always)]
    fn call(self, _: impl Fn(T) -> T + Sync, derivative: impl Fn(T, T) -> T + Sync) -> T {
        derivative(self.0, self.1)
    }
}

/// hᵢ ← σ(zᵢ) over a layer.
struct Map<'a, T> {
    z: &'a [T],
    h: &'a mut [T],
}

impl<T: Float> Pointwise<T> for Map<'_, T> {
    type Output = ();
    #[inline(always)]
    fn call(self, value: impl Fn(T) -> T + Sync, _: impl Fn(T, T) -> T + Sync) {
        for (h, &z) in self.h.iter_mut().zip(self.z) {
            *h = value(z);
        }
    }
}

/// δᵢ ← δᵢ · σ'(zᵢ, hᵢ) over a layer.
struct Scale<'a, T> {
    delta: &'a mut [T],
    z: &'a [T],
    h: &'a [T],
}

impl<T: Float> Pointwise<T> for Scale<'_, T> {
    type Output = ();
    #[inline(always)]
    fn call(self, _: impl Fn(T) -> T + Sync, derivative: impl Fn(T, T) -> T + Sync) {
        for ((d, &z), &h) in self.delta.iter_mut().zip(self.z).zip(self.h) {
            *d *= derivative(z, h);
        }
    }
}

#[inline(always)]
fn relu<T: Float>(z: T) -> T {
    if z > T::ZERO { z } else { T::ZERO }
}

#[inline(always)]
fn leaky<T: Float>(z: T, slope: T) -> T {
    if z > T::ZERO { z } else { slope * z }
}

#[inline(always)]
fn step<T: Float>(z: T, below: T) -> T {
    if z > T::ZERO { T::ONE } else { below }
}

#[inline(always)]
fn elu<T: Float>(z: T) -> T {
    if z > T::ZERO { z } else { z.exp() - T::ONE }
}

#[inline(always)]
fn sigmoid<T: Float>(z: T) -> T {
    T::ONE / (T::ONE + (-z).exp())
}

#[inline(always)]
fn softplus<T: Float>(z: T) -> T {
    relu(z) + (-z.abs()).exp().ln_1p()
}

crate::named::named_choice!(Activation, "activation");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        for act in Activation::ALL {
            for &z in &[-2.3, -0.7, -0.01, 0.013, 0.4, 1.9] {
                let e = 1e-6;
                let numeric = (act.value(z + e) - act.value(z - e)) / (2.0 * e);
                let analytic = act.derivative(z, act.value(z));
                assert!(
                    (numeric - analytic).abs() < 1e-6,
                    "{act} at {z}: {numeric} vs {analytic}"
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for act in Activation::ALL {
            assert_eq!(act.name().parse::<Activation>(), Ok(act));
        }
        assert!(
            "swish"
                .parse::<Activation>()
                .unwrap_err()
                .contains("leaky_relu")
        );
    }

    #[test]
    fn softplus_is_stable_for_large_inputs() {
        assert_eq!(Activation::Softplus.value(1000.0f64), 1000.0);
        assert_eq!(Activation::Softplus.value(-1000.0f64), 0.0);
    }
}
