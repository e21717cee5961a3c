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
        let slope = T::from_f64(LEAKY_SLOPE);
        match self {
            Activation::Linear => z,
            Activation::Relu => relu(z),
            Activation::LeakyRelu => leaky(z, slope),
            Activation::Elu => elu(z),
            Activation::Tanh => {
                let mut h = [z];
                T::tanh_into(&[z], &mut h);
                h[0]
            }
            Activation::Sigmoid => sigmoid(z),
            Activation::Softplus => softplus(z),
            Activation::Sin => z.sin(),
        }
    }

    /// σ'(z), given z and h = σ(z) (whichever is cheaper to use).
    #[inline(always)]
    pub fn derivative<T: Float>(self, z: T, h: T) -> T {
        match self {
            Activation::Linear => T::ONE,
            Activation::Relu => step(z, T::ZERO),
            Activation::LeakyRelu => step(z, T::from_f64(LEAKY_SLOPE)),
            Activation::Elu => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    h + T::ONE
                }
            }
            Activation::Tanh => T::ONE - h * h,
            Activation::Sigmoid => h * (T::ONE - h),
            Activation::Softplus => sigmoid(z),
            Activation::Sin => z.cos(),
        }
    }

    /// h ← σ(z) over a whole layer.
    #[inline(always)]
    pub fn apply<T: Float>(self, z: &[T], h: &mut [T]) {
        debug_assert_eq!(z.len(), h.len());
        let slope = T::from_f64(LEAKY_SLOPE);
        match self {
            Activation::Linear => h.copy_from_slice(z),
            Activation::Relu => map(z, h, relu),
            Activation::LeakyRelu => map(z, h, |v| leaky(v, slope)),
            Activation::Elu => map(z, h, elu),
            Activation::Tanh => T::tanh_into(z, h),
            Activation::Sigmoid => map(z, h, sigmoid),
            Activation::Softplus => map(z, h, softplus),
            Activation::Sin => map(z, h, T::sin),
        }
    }

    /// δ ← δ ⊙ σ'(z) over a whole layer (the backward pass through the activation). The match happens
    /// once, outside the loop, so each activation gets its own branch-free, vectorised loop.
    #[inline(always)]
    pub fn backprop<T: Float>(self, z: &[T], h: &[T], delta: &mut [T]) {
        debug_assert!(z.len() == h.len() && h.len() == delta.len());
        let slope = T::from_f64(LEAKY_SLOPE);
        match self {
            Activation::Linear => {}
            Activation::Relu => scale(delta, z, h, |z, _| step(z, T::ZERO)),
            Activation::LeakyRelu => scale(delta, z, h, |z, _| step(z, slope)),
            Activation::Elu => scale(
                delta,
                z,
                h,
                |z, h| if z > T::ZERO { T::ONE } else { h + T::ONE },
            ),
            Activation::Tanh => scale(delta, z, h, |_, h| T::ONE - h * h),
            Activation::Sigmoid => scale(delta, z, h, |_, h| h * (T::ONE - h)),
            Activation::Softplus => scale(delta, z, h, |z, _| sigmoid(z)),
            Activation::Sin => scale(delta, z, h, |z, _| z.cos()),
        }
    }
}

/// δᵢ ← δᵢ · f(zᵢ, hᵢ).
#[inline(always)]
fn scale<T: Float>(delta: &mut [T], z: &[T], h: &[T], f: impl Fn(T, T) -> T) {
    for ((d, &z), &h) in delta.iter_mut().zip(z).zip(h) {
        *d *= f(z, h);
    }
}

#[inline(always)]
fn map<T: Float>(z: &[T], h: &mut [T], f: impl Fn(T) -> T) {
    for (h, &z) in h.iter_mut().zip(z) {
        *h = f(z);
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
