//! The scalar types the engine trains in: `f32` (the default, as in Keras and PyTorch) and `f64` (for
//! gradient checks against finite differences).
//!
//! Besides arithmetic, a scalar knows a fused multiply-add and tanh over a whole slice; matrices are
//! [`MatRef`] views of strided slices, multiplied by the machine (`kernels::gemm`).
//! For `f32` tanh uses a rational approximation x·p(x²)/q(x²) (odd degree 13 over even degree 6, |x| clamped
//! to 7.9, beyond which tanh is within 3e-7 of ±1): eleven fused multiply-adds and one division per
//! element, so the loop vectorises, within 5 ulp. `f64` calls the exact library tanh.

use std::fmt::{Debug, Display};
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

/// A floating-point type the network can be trained in.
pub trait Float:
    Copy
    + Send
    + Sync
    + 'static
    + Debug
    + Display
    + Default
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + Sum
{
    /// Name as the benchmark and the JSON output spell it ("float32" / "float64").
    const NAME: &'static str;
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// Nearest value of this type to `v`.
    fn from_f64(v: f64) -> Self;
    /// Exact widening to f64.
    fn to_f64(self) -> f64;
    /// e^self.
    fn exp(self) -> Self;
    /// ln(1 + self), accurate near 0.
    fn ln_1p(self) -> Self;
    /// sin(self).
    fn sin(self) -> Self;
    /// cos(self).
    fn cos(self) -> Self;
    /// Square root.
    fn sqrt(self) -> Self;
    /// self·a + b with one rounding.
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// |self|.
    fn abs(self) -> Self;
    /// Whether the value is neither infinite nor NaN.
    fn is_finite(self) -> bool;
    /// tanh(self): the f32 rational approximation [`tanh_f32`], the library tanh for f64.
    fn tanh(self) -> Self;
    /// out[i] ← tanh(z[i]) for every element.
    #[inline(always)]
    fn tanh_into(z: &[Self], out: &mut [Self]) {
        for (o, &v) in out.iter_mut().zip(z) {
            *o = v.tanh();
        }
    }
    /// The slice as f32 when this type is f32 (the deep step's kernels are f32 only); `None` for f64.
    fn as_f32(values: &[Self]) -> Option<&[f32]>;
}

/// A matrix stored in a slice: `data[i·row_stride + j·col_stride]` is entry (i, j) of a rows×cols matrix.
#[derive(Clone, Copy)]
pub struct MatRef<'a, T> {
    /// The backing elements.
    pub data: &'a [T],
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Step between consecutive rows.
    pub row_stride: usize,
    /// Step between consecutive columns.
    pub col_stride: usize,
}

impl<'a, T> MatRef<'a, T> {
    /// A column-major rows×cols matrix (each column contiguous).
    pub fn col_major(data: &'a [T], rows: usize, cols: usize) -> Self {
        Self {
            data,
            rows,
            cols,
            row_stride: 1,
            col_stride: rows,
        }
    }

    /// Columns `from..to` of the matrix, without copying.
    pub fn columns(self, from: usize, to: usize) -> Self {
        let start = (from * self.col_stride).min(self.data.len());
        Self {
            data: &self.data[start..],
            cols: to - from,
            ..self
        }
    }

    /// Rows `from..to` of the matrix, without copying.
    pub fn rows_of(self, from: usize, to: usize) -> Self {
        let start = (from * self.row_stride).min(self.data.len());
        Self {
            data: &self.data[start..],
            rows: to - from,
            ..self
        }
    }

    /// The transpose, without copying.
    pub fn t(self) -> Self {
        Self {
            data: self.data,
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
        }
    }

    /// Whether every entry of the shape lies inside the slice.
    pub fn fits(&self) -> bool {
        self.rows == 0
            || self.cols == 0
            || (self.rows - 1) * self.row_stride + (self.cols - 1) * self.col_stride
                < self.data.len()
    }
}

/// Largest |x| for which the f32 rational tanh is evaluated; beyond it tanh(x) = ±1 in f32.
const TANH_CLAMP: f32 = 7.905_311;

/// tanh(x) ≈ x·p(x²)/q(x²) for f32, written so a loop over it vectorises (no branches); within 5 ulp of
/// the exact value (mean 1.1 ulp). The polynomials use fused multiply-adds, which are exactly rounded on
/// every CPU (hardware FMA in the AVX2+FMA copy of the hot loops, a correctly rounded software fma
/// elsewhere), so runs are bit-identical on any machine.
#[inline(always)]
#[expect(
    clippy::excessive_precision,
    reason = "coefficients as fitted; f32 rounds them the same way everywhere"
)]
pub fn tanh_f32(x: f32) -> f32 {
    let x = x.clamp(-TANH_CLAMP, TANH_CLAMP);
    let x2 = x * x;
    let mut p = -2.760_768_5e-16_f32;
    p = p.mul_add(x2, 2.000_187_9e-13);
    p = p.mul_add(x2, -8.604_672e-11);
    p = p.mul_add(x2, 5.122_297e-8);
    p = p.mul_add(x2, 1.485_722_4e-5);
    p = p.mul_add(x2, 6.372_619_3e-4);
    p = p.mul_add(x2, 4.893_524_6e-3);
    let mut q = 1.198_258_4e-6_f32;
    q = q.mul_add(x2, 1.185_347e-4);
    q = q.mul_add(x2, 2.268_434_6e-3);
    q = q.mul_add(x2, 4.893_525e-3);
    x * p / q
}

/// The parts of [`Float`] that read the same for f32 and f64; `$rest` holds the ones that differ.
macro_rules! float_impl {
    ($t:ty, $name:literal; $($rest:item)*) => {
        impl Float for $t {
            const NAME: &'static str = $name;
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline]
            fn to_f64(self) -> f64 {
                f64::from(self)
            }
            #[inline]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline]
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            #[inline]
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            #[inline]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn mul_add(self, a: Self, b: Self) -> Self {
                <$t>::mul_add(self, a, b)
            }
            #[inline]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            $($rest)*
        }
    };
}

float_impl! {
    f32, "float32";

    #[inline]
    fn from_f64(v: f64) -> Self {
        v as f32
    }

    #[inline]
    fn as_f32(values: &[Self]) -> Option<&[f32]> {
        Some(values)
    }

    #[inline(always)]
    fn tanh(self) -> Self {
        tanh_f32(self)
    }

    #[inline(always)]
    fn tanh_into(z: &[Self], out: &mut [Self]) {
        // 32 values per iteration: four independent 8-lane chains hide the division's latency.
        let whole = z.len().min(out.len()) / 32 * 32;
        let ((zh, zt), (oh, ot)) = (z.split_at(whole), out.split_at_mut(whole));
        for (zs, os) in zh.chunks_exact(32).zip(oh.chunks_exact_mut(32)) {
            for k in 0..32 {
                os[k] = tanh_f32(zs[k]);
            }
        }
        for (o, &v) in ot.iter_mut().zip(zt) {
            *o = tanh_f32(v);
        }
    }
}

float_impl! {
    f64, "float64";

    #[inline]
    fn from_f64(v: f64) -> Self {
        v
    }

    #[inline]
    fn as_f32(_: &[Self]) -> Option<&[f32]> {
        None
    }

    #[inline(always)]
    fn tanh(self) -> Self {
        f64::tanh(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_tanh_is_within_a_few_ulps_of_the_exact_one() {
        let mut worst = 0.0f64;
        for i in -200_000..=200_000 {
            let x = i as f32 * 5e-5;
            let exact = (x as f64).tanh();
            worst = worst.max((tanh_f32(x) as f64 - exact).abs());
        }
        assert!(worst < 6e-7, "worst abs error {worst}");
        for far in [8.0f32, 50.0, f32::MAX] {
            let h = tanh_f32(far);
            assert!(h <= 1.0 && 1.0 - h < 2e-7, "tanh({far}) = {h}");
            assert_eq!(tanh_f32(-far), -h);
        }
        assert_eq!(tanh_f32(0.0), 0.0);
    }
}
