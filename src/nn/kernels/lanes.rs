//! Reductions with a fixed summation order: [`LANES`] independent partial sums (one 8-lane vector, so
//! consecutive additions do not wait on each other) added pairwise at the end. The same order everywhere
//! makes results deterministic and keeps f32 sums within rounding of a BLAS.

use crate::nn::float::Float;

/// Partial sums kept by the reductions below.
pub(in crate::nn) const LANES: usize = 8;

/// Σ f(aᵢ, bᵢ) with [`LANES`] independent partial sums added pairwise at the end (a fixed order, so
/// results are deterministic). Shared by the dense layers' dot products and the loss.
#[inline(always)]
pub(in crate::nn) fn sum_lanes<T: Float>(a: &[T], b: &[T], f: impl Fn(T, T) -> T) -> T {
    let mut acc = [T::ZERO; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..LANES {
            acc[k] += f(x[k], y[k]);
        }
    }
    let mut total = fold(&acc);
    for (&x, &y) in ra.iter().zip(rb) {
        total += f(x, y);
    }
    total
}

/// Σ aᵢ·bᵢ.
#[inline(always)]
pub(in crate::nn) fn dot<T: Float>(a: &[T], b: &[T]) -> T {
    sum_lanes(a, b, |x, y| x * y)
}

/// Σ aᵢ, in the same lane order as [`sum_lanes`].
#[inline(always)]
pub(in crate::nn) fn sum<T: Float>(a: &[T]) -> T {
    let mut acc = [T::ZERO; LANES];
    let chunks = a.chunks_exact(LANES);
    let rest = chunks.remainder();
    for x in chunks {
        for k in 0..LANES {
            acc[k] += x[k];
        }
    }
    let mut total = fold(&acc);
    for &x in rest {
        total += x;
    }
    total
}

/// Adds N (a power of two) partial sums pairwise, each with the one half the array away; for eight:
/// ((a₀ + a₄) + (a₂ + a₆)) + ((a₁ + a₅) + (a₃ + a₇)).
#[inline(always)]
pub(in crate::nn) fn fold<T: Float, const N: usize>(acc: &[T; N]) -> T {
    let mut half = *acc;
    let mut n = N;
    while n > 1 {
        n /= 2;
        for k in 0..n {
            half[k] += half[k + n];
        }
    }
    half[0]
}
