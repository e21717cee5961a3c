//! Kernel initialisers, with Keras 3's names and definitions (biases always start at zero).
//!
//! | name | draw |
//! |---|---|
//! | zeros | 0 |
//! | random_uniform | U(−0.05, 0.05) |
//! | random_normal | N(0, 0.05²) |
//! | glorot_uniform | U(−l, l), l = √(6 / (fan_in + fan_out)) — Keras' Dense default |
//! | glorot_normal | truncated normal, σ = √(2 / (fan_in + fan_out)) |
//! | he_uniform | U(−l, l), l = √(6 / fan_in) |
//! | he_normal | truncated normal, σ = √(2 / fan_in) |
//! | lecun_normal | truncated normal, σ = √(1 / fan_in) |
//!
//! "Truncated normal" is Keras' VarianceScaling: z ~ N(0, 1) redrawn while |z| > 2, then scaled by
//! σ / 0.87962566103423978 (the std of a standard normal truncated at ±2), so the drawn weights have std σ.

use rand::{Rng, RngExt as _};
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

/// Std of a standard normal truncated to [−2, 2]; Keras divides by it so truncated draws keep the std.
pub const TRUNCATED_NORMAL_STD: f64 = 0.879_625_661_034_239_8;

/// How a layer's kernel is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// Every weight 0 (every neuron then stays identical: a lesson, not a choice).
    Zeros,
    /// U(−0.05, 0.05).
    RandomUniform,
    /// N(0, 0.05²).
    RandomNormal,
    /// U(±√(6/(fan_in+fan_out))), Keras' default.
    GlorotUniform,
    /// Truncated normal, std √(2/(fan_in+fan_out)).
    GlorotNormal,
    /// U(±√(6/fan_in)).
    HeUniform,
    /// Truncated normal, std √(2/fan_in).
    #[default]
    HeNormal,
    /// Truncated normal, std √(1/fan_in).
    LecunNormal,
}

impl Init {
    /// Every initialiser, in the order menus list them.
    pub const ALL: [Init; 8] = [
        Init::Zeros,
        Init::RandomUniform,
        Init::RandomNormal,
        Init::GlorotUniform,
        Init::GlorotNormal,
        Init::HeUniform,
        Init::HeNormal,
        Init::LecunNormal,
    ];

    /// The Keras name ("glorot_uniform", …).
    pub fn name(self) -> &'static str {
        match self {
            Init::Zeros => "zeros",
            Init::RandomUniform => "random_uniform",
            Init::RandomNormal => "random_normal",
            Init::GlorotUniform => "glorot_uniform",
            Init::GlorotNormal => "glorot_normal",
            Init::HeUniform => "he_uniform",
            Init::HeNormal => "he_normal",
            Init::LecunNormal => "lecun_normal",
        }
    }

    /// The largest |w| this initialiser can draw for a layer of this shape (∞ for an untruncated normal).
    pub fn bound(self, fan_in: usize, fan_out: usize) -> f64 {
        let (fi, fo) = (fan_in as f64, fan_out as f64);
        match self {
            Init::Zeros => 0.0,
            Init::RandomUniform => 0.05,
            Init::RandomNormal => f64::INFINITY,
            Init::GlorotUniform => (6.0 / (fi + fo)).sqrt(),
            Init::HeUniform => (6.0 / fi).sqrt(),
            Init::GlorotNormal => 2.0 * (2.0 / (fi + fo)).sqrt() / TRUNCATED_NORMAL_STD,
            Init::HeNormal => 2.0 * (2.0 / fi).sqrt() / TRUNCATED_NORMAL_STD,
            Init::LecunNormal => 2.0 * (1.0 / fi).sqrt() / TRUNCATED_NORMAL_STD,
        }
    }

    /// Draws one weight of a fan_in → fan_out layer.
    pub fn draw<R: Rng + ?Sized>(self, fan_in: usize, fan_out: usize, rng: &mut R) -> f64 {
        let (fi, fo) = (fan_in as f64, fan_out as f64);
        match self {
            Init::Zeros => 0.0,
            Init::RandomUniform => rng.random_range(-0.05..0.05),
            Init::RandomNormal => 0.05 * rng.sample::<f64, _>(StandardNormal),
            Init::GlorotUniform | Init::HeUniform => {
                let limit = self.bound(fan_in, fan_out);
                rng.random_range(-limit..limit)
            }
            Init::GlorotNormal => {
                truncated_normal(rng) * (2.0 / (fi + fo)).sqrt() / TRUNCATED_NORMAL_STD
            }
            Init::HeNormal => truncated_normal(rng) * (2.0 / fi).sqrt() / TRUNCATED_NORMAL_STD,
            Init::LecunNormal => truncated_normal(rng) * (1.0 / fi).sqrt() / TRUNCATED_NORMAL_STD,
        }
    }
}

/// A standard normal draw, redrawn while it falls beyond ±2.
fn truncated_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    loop {
        let z: f64 = rng.sample(StandardNormal);
        if z.abs() <= 2.0 {
            return z;
        }
    }
}

crate::named::named_choice!(Init, "init");

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    #[test]
    fn every_draw_lies_within_its_bound_and_has_the_keras_std() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let (fi, fo) = (64, 32);
        for init in Init::ALL {
            let draws: Vec<f64> = (0..40_000).map(|_| init.draw(fi, fo, &mut rng)).collect();
            let bound = init.bound(fi, fo);
            assert!(
                draws.iter().all(|w| w.abs() <= bound),
                "{init} exceeds {bound}"
            );
            let std = (draws.iter().map(|w| w * w).sum::<f64>() / draws.len() as f64).sqrt();
            let want = match init {
                Init::Zeros => 0.0,
                Init::RandomUniform => 0.05 / 3f64.sqrt(),
                Init::RandomNormal => 0.05,
                Init::GlorotUniform | Init::GlorotNormal => (2.0 / 96.0f64).sqrt(),
                Init::HeUniform | Init::HeNormal => (2.0 / 64.0f64).sqrt(),
                Init::LecunNormal => (1.0 / 64.0f64).sqrt(),
            };
            assert!(
                (std - want).abs() <= 0.02 * want.max(1e-9),
                "{init}: std {std}, want {want}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for init in Init::ALL {
            assert_eq!(init.name().parse::<Init>(), Ok(init));
        }
    }
}
