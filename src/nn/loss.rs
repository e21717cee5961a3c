//! Losses over N points with residuals rₙ = predₙ − targetₙ, and their gradients ∂L/∂predₙ
//! (Keras conventions, no ½ factor in MSE):
//!
//! - mse:   L = (1/N)·Σ rₙ²,                           ∂L/∂predₙ = 2·rₙ / N
//! - mae:   L = (1/N)·Σ |rₙ|,                          ∂L/∂predₙ = sign(rₙ) / N
//! - huber: L = (1/N)·Σ ½rₙ² if |rₙ| ≤ 1 else |rₙ| − ½, ∂L/∂predₙ = clamp(rₙ, −1, 1) / N  (δ = 1)

use super::float::Float;
use super::kernels::lanes::sum_lanes;
use serde::{Deserialize, Serialize};

/// Huber's δ: quadratic below, linear above (Keras' default).
pub const HUBER_DELTA: f64 = 1.0;

/// What training minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Mean squared error, the default.
    #[default]
    Mse,
    /// Mean absolute error: robust to outliers, constant-size gradients.
    Mae,
    /// Huber (δ = 1): squared near zero, absolute far away.
    Huber,
}

impl Loss {
    /// Every loss, in the order menus list them.
    pub const ALL: [Loss; 3] = [Loss::Mse, Loss::Mae, Loss::Huber];

    /// The Keras name.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::Mae => "mae",
            Loss::Huber => "huber",
        }
    }

    /// The loss of one residual r = pred − target (before averaging).
    #[inline(always)]
    pub fn point<T: Float>(self, r: T) -> T {
        let half = T::from_f64(0.5);
        match self {
            Loss::Mse => r * r,
            Loss::Mae => r.abs(),
            Loss::Huber => {
                let a = r.abs();
                if a <= T::from_f64(HUBER_DELTA) {
                    half * r * r
                } else {
                    a - half
                }
            }
        }
    }

    /// Mean loss of `pred` against `target`.
    pub fn value<T: Float>(self, pred: &[T], target: &[T]) -> f64 {
        let sum: f64 = pred
            .iter()
            .zip(target)
            .map(|(&p, &t)| self.point(p - t).to_f64())
            .sum();
        sum / pred.len().max(1) as f64
    }

    /// Mean loss, and `grad[n] ← ∂L/∂pred[n]`.
    #[inline(always)]
    pub fn value_and_grad<T: Float>(self, pred: &[T], target: &[T], grad: &mut [T]) -> f64 {
        let n = pred.len();
        let inv_n = T::from_f64(1.0 / n.max(1) as f64);
        match self {
            Loss::Mse => {
                let scale = T::from_f64(2.0) * inv_n;
                for ((g, &p), &t) in grad.iter_mut().zip(pred).zip(target) {
                    *g = scale * (p - t);
                }
            }
            Loss::Mae | Loss::Huber => {
                let cap = if self == Loss::Mae {
                    T::ZERO
                } else {
                    T::from_f64(HUBER_DELTA)
                };
                for ((g, &p), &t) in grad.iter_mut().zip(pred).zip(target) {
                    let r = p - t;
                    let slope = if r > cap {
                        T::ONE
                    } else if r < -cap {
                        -T::ONE
                    } else if cap > T::ZERO {
                        r / cap
                    } else {
                        T::ZERO
                    };
                    *g = slope * inv_n;
                }
            }
        }
        sum_lanes(pred, target, |p, t| self.point(p - t)).to_f64() * inv_n.to_f64()
    }
}

crate::named::named_choice!(Loss, "loss");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_match_central_differences() {
        let target = [0.3, -1.2, 2.0, 0.0];
        let pred = [0.1, 0.9, -0.4, 0.05];
        for loss in Loss::ALL {
            let mut grad = [0.0; 4];
            let v = loss.value_and_grad(&pred, &target, &mut grad);
            assert!((v - loss.value(&pred, &target)).abs() < 1e-12);
            for i in 0..4 {
                let e = 1e-6;
                let mut up = pred;
                up[i] += e;
                let mut down = pred;
                down[i] -= e;
                let numeric = (loss.value(&up, &target) - loss.value(&down, &target)) / (2.0 * e);
                assert!((numeric - grad[i]).abs() < 1e-6, "{loss} point {i}");
            }
        }
    }

    #[test]
    fn mse_has_no_half_factor() {
        assert_eq!(Loss::Mse.value(&[3.0f64], &[1.0]), 4.0);
        assert_eq!(Loss::Huber.value(&[3.0f64], &[1.0]), 1.5);
        assert_eq!(Loss::Mae.value(&[3.0f64], &[1.0]), 2.0);
    }
}
