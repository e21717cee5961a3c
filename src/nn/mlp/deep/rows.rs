//! The deep step's elementwise passes over row-major layers (a point's neurons contiguous, a multiple of 16
//! wide), with AVX-512. Each walks a 16-neuron column block down the rows, so the sums over the points stay
//! in registers: [`GROUP`] rows at a time in independent partial sums (consecutive multiply-adds do not
//! wait on each other), added pairwise at the end and then into the gradient.
//!
//! - [`first_layer`]: z = x·w + b, h = σ(z) for the layer with one input.
//! - [`output_backward`]: δ_top = δ·w' ⊙ σ'(z, h), ∂L/∂w' += Σₙ h·δₙ, ∂L/∂b_top += Σₙ δ_top.
//! - [`hidden_backward`]: δ ⊙= σ'(z, h), ∂L/∂b += Σₙ δ and, under the first layer, ∂L/∂w += Σₙ δ·xₙ.
//! - [`row_dots`]: ŷₙ = Σₖ hₙₖ·w'ₖ (16 lanes, then the processor's horizontal sum).
//! - [`transpose`]: Wᵀ for the forward products, 16 × 16 blocks transposed in registers.

use crate::nn::tile::{Finish, LANES};
use std::arch::x86_64::{
    __m512, _mm512_add_ps, _mm512_castpd_ps, _mm512_castps_pd, _mm512_fmadd_ps, _mm512_loadu_ps,
    _mm512_mul_ps, _mm512_reduce_add_ps, _mm512_set1_ps, _mm512_setzero_ps, _mm512_shuffle_f32x4,
    _mm512_storeu_ps, _mm512_unpackhi_pd, _mm512_unpackhi_ps, _mm512_unpacklo_pd,
    _mm512_unpacklo_ps,
};
use std::marker::PhantomData;

/// Rows summed side by side.
const GROUP: usize = 4;
/// Values of one layer the output pass takes at a time (12 KiB: whole rows of z, h and δ together stay in
/// the first cache level for the column blocks after the first; 48 rows of W4's 64 neurons).
const VALUES_IN_CACHE: usize = 3072;

/// What the output layer's backward pass reads: δ = ∂L/∂ŷ per point, the output kernel w', and the top
/// hidden layer's z and h (row-major, `w_out.len()` wide).
pub(super) struct Top<'a> {
    /// ∂L/∂ŷ, one per point.
    pub d_out: &'a [f32],
    /// The output layer's kernel, one weight per top neuron.
    pub w_out: &'a [f32],
    /// The top hidden layer's pre-activations.
    pub z: &'a [f32],
    /// The top hidden layer's activations.
    pub h: &'a [f32],
}

/// The first layer, z = x·w + b and h = σ(z), on the rows of z and h (row-major, `w.len()` wide) for the
/// points x. σ runs 64 values at a time: four independent vectors, so the division in tanh's rational form
/// overlaps the next vectors' polynomials.
///
/// # Safety
/// The CPU must run AVX-512 F.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn first_layer(
    x: &[f32],
    w: &[f32],
    bias: &[f32],
    z: &mut [f32],
    h: &mut [f32],
    value: &impl Fn(f32) -> f32,
) {
    for (zr, &xn) in z.chunks_exact_mut(w.len()).zip(x) {
        for ((z, &w), &c) in zr.iter_mut().zip(w).zip(bias) {
            *z = xn * w + c;
        }
    }
    let (hs, h_rest) = h.as_chunks_mut::<64>();
    let (zs, z_rest) = z.as_chunks::<64>();
    for (hs, zs) in hs.iter_mut().zip(zs) {
        for k in 0..64 {
            hs[k] = value(zs[k]);
        }
    }
    for (h, &z) in h_rest.iter_mut().zip(z_rest) {
        *h = value(z);
    }
}

/// The forward products' finish: z = sums + b is stored as the product, and h = σ(z) beside it, while the
/// sums are still in registers.
pub(super) struct Activate<'a, F> {
    bias: &'a [f32],
    h: *mut f32,
    value: &'a F,
    _h: PhantomData<&'a mut [f32]>,
}

impl<'a, F: Fn(f32) -> f32> Activate<'a, F> {
    /// For a product of `rows` rows and `bias.len()` columns; h (row-major, as wide) takes every row.
    pub(super) fn new(bias: &'a [f32], h: &'a mut [f32], rows: usize, value: &'a F) -> Self {
        assert!(
            h.len() >= rows * bias.len(),
            "h is too short for the product"
        );
        Self {
            bias,
            h: h.as_mut_ptr(),
            value,
            _h: PhantomData,
        }
    }
}

impl<F: Fn(f32) -> f32> Finish for Activate<'_, F> {
    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn vector(&self, sums: __m512, row: usize, col: usize) -> __m512 {
        let width = self.bias.len();
        // SAFETY: `product` passes col + 16 ≤ its columns (the bias's length) and row < its rows, which
        // `new` checked h holds.
        unsafe {
            let z = _mm512_add_ps(sums, _mm512_loadu_ps(self.bias.as_ptr().add(col)));
            let mut zs = [0.0; LANES];
            _mm512_storeu_ps(zs.as_mut_ptr(), z);
            let h: [f32; LANES] = std::array::from_fn(|k| (self.value)(zs[k]));
            _mm512_storeu_ps(self.h.add(row * width + col), _mm512_loadu_ps(h.as_ptr()));
            z
        }
    }
}

/// δ_top ← δ·w' ⊙ σ'(z, h) (row-major, like z), ∂L/∂w' += Σₙ hₙ·δₙ, ∂L/∂b_top += Σₙ δ_top,ₙ.
///
/// # Safety
/// The CPU must run AVX-512 F.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn output_backward(
    top: Top<'_>,
    derivative: &impl Fn(f32, f32) -> f32,
    d_top: &mut [f32],
    grad_w_out: &mut [f32],
    grad_b_top: &mut [f32],
) {
    let (width, points) = (top.w_out.len(), top.d_out.len());
    let size = width * points;
    assert!(width.is_multiple_of(LANES) && grad_w_out.len() == width && grad_b_top.len() == width);
    assert!(top.z.len() >= size && top.h.len() >= size && d_top.len() >= size);
    let step = (VALUES_IN_CACHE / width).max(GROUP);
    for p in (0..points).step_by(step) {
        let rows = step.min(points - p);
        for c in (0..width).step_by(LANES) {
            // SAFETY: every access is at n·width + c..+16 with n < points and c + 16 ≤ width, inside
            // each slice (asserted above); AVX-512 F is the caller's contract.
            unsafe {
                let w = _mm512_loadu_ps(top.w_out.as_ptr().add(c));
                let (mut sum_w, mut sum_b) =
                    ([_mm512_setzero_ps(); GROUP], [_mm512_setzero_ps(); GROUP]);
                let mut row = |n: usize, g: usize| {
                    let (n, at) = (p + n, (p + n) * width + c);
                    let (h, d) = (
                        _mm512_loadu_ps(top.h.as_ptr().add(at)),
                        _mm512_set1_ps(top.d_out[n]),
                    );
                    let slope =
                        lanes_of(derivative, top.z.as_ptr().add(at), top.h.as_ptr().add(at));
                    let r = _mm512_mul_ps(_mm512_mul_ps(d, w), slope);
                    _mm512_storeu_ps(d_top.as_mut_ptr().add(at), r);
                    sum_w[g] = _mm512_fmadd_ps(h, d, sum_w[g]);
                    sum_b[g] = _mm512_add_ps(r, sum_b[g]);
                };
                in_groups(rows, &mut row);
                add_folded(sum_w, grad_w_out.as_mut_ptr().add(c));
                add_folded(sum_b, grad_b_top.as_mut_ptr().add(c));
            }
        }
    }
}

/// δ ← δ ⊙ σ'(z, h) on a panel of rows (row-major, `grad_b.len()` wide), ∂L/∂b += Σₙ δₙ and, with
/// `first` = (x of the panel's points, ∂L/∂w of the first layer), ∂L/∂w += Σₙ δₙ·xₙ.
///
/// # Safety
/// The CPU must run AVX-512 F.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn hidden_backward(
    d: &mut [f32],
    z: &[f32],
    h: &[f32],
    derivative: &impl Fn(f32, f32) -> f32,
    grad_b: &mut [f32],
    first: Option<(&[f32], &mut [f32])>,
) {
    let width = grad_b.len();
    let points = d.len() / width;
    assert!(width.is_multiple_of(LANES) && d.len() == points * width);
    assert!(z.len() >= d.len() && h.len() >= d.len());
    let (x, mut grad_w) = match first {
        Some((x, grad_w)) => {
            assert!(x.len() >= points && grad_w.len() == width);
            (Some(x), Some(grad_w))
        }
        None => (None, None),
    };
    for c in (0..width).step_by(LANES) {
        // SAFETY: as in `output_backward`: every access is at n·width + c..+16 inside each slice.
        unsafe {
            let (mut sum_b, mut sum_w) =
                ([_mm512_setzero_ps(); GROUP], [_mm512_setzero_ps(); GROUP]);
            let mut row = |n: usize, g: usize| {
                let at = n * width + c;
                let slope = lanes_of(derivative, z.as_ptr().add(at), h.as_ptr().add(at));
                let r = _mm512_mul_ps(_mm512_loadu_ps(d.as_ptr().add(at)), slope);
                _mm512_storeu_ps(d.as_mut_ptr().add(at), r);
                sum_b[g] = _mm512_add_ps(r, sum_b[g]);
                if let Some(x) = x {
                    sum_w[g] = _mm512_fmadd_ps(r, _mm512_set1_ps(x[n]), sum_w[g]);
                }
            };
            in_groups(points, &mut row);
            add_folded(sum_b, grad_b.as_mut_ptr().add(c));
            if let Some(grad_w) = grad_w.as_deref_mut() {
                add_folded(sum_w, grad_w.as_mut_ptr().add(c));
            }
        }
    }
}

/// Calls `row(n, g)` for n = 0..points, g = n mod [`GROUP`] (0 for the rows past the last whole group), a
/// constant in each unrolled call, so the partial sums it indexes stay in registers.
#[target_feature(enable = "avx512f")]
#[inline]
fn in_groups(points: usize, row: &mut impl FnMut(usize, usize)) {
    let whole = points / GROUP * GROUP;
    for n in (0..whole).step_by(GROUP) {
        for g in 0..GROUP {
            row(n + g, g);
        }
    }
    for n in whole..points {
        row(n, 0);
    }
}

/// σ'(z, h) on the 16 values at `z` and `h`, through the scalar derivative (which the compiler vectorises).
///
/// # Safety
/// 16 values must be readable at each pointer.
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn lanes_of(derivative: &impl Fn(f32, f32) -> f32, z: *const f32, h: *const f32) -> __m512 {
    // SAFETY: the caller's contract; [f32; 16] has f32's alignment.
    let (z, h) = unsafe { (&*z.cast::<[f32; LANES]>(), &*h.cast::<[f32; LANES]>()) };
    let slope: [f32; LANES] = std::array::from_fn(|k| derivative(z[k], h[k]));
    // SAFETY: AVX-512 F is the caller's contract; `slope` holds 16 values.
    unsafe { _mm512_loadu_ps(slope.as_ptr()) }
}

/// out[..16] += the [`GROUP`] partial sums added pairwise.
///
/// # Safety
/// 16 values must be writable at `out`; the CPU must run AVX-512 F.
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn add_folded(mut sums: [__m512; GROUP], out: *mut f32) {
    let mut half = GROUP;
    while half > 1 {
        half /= 2;
        for g in 0..half {
            sums[g] = _mm512_add_ps(sums[g], sums[g + half]);
        }
    }
    // SAFETY: the caller's contract.
    unsafe { _mm512_storeu_ps(out, _mm512_add_ps(_mm512_loadu_ps(out), sums[0])) };
}

/// out[n] ← Σₖ m[n, k]·w[k] for each row of a row-major `m` (`w.len()` wide, a multiple of 16): the
/// products in 16 lanes, then the lanes added by the processor's horizontal sum.
///
/// # Safety
/// The CPU must run AVX-512 F.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn row_dots(m: &[f32], w: &[f32], out: &mut [f32]) {
    let width = w.len();
    assert!(width.is_multiple_of(LANES) && m.len() >= out.len() * width);
    for (n, o) in out.iter_mut().enumerate() {
        // SAFETY: row n < out.len() lies inside m (asserted above); AVX-512 F is the caller's contract.
        unsafe {
            let mut acc = _mm512_setzero_ps();
            for c in (0..width).step_by(LANES) {
                let (row, weights) = (m.as_ptr().add(n * width + c), w.as_ptr().add(c));
                acc = _mm512_fmadd_ps(_mm512_loadu_ps(row), _mm512_loadu_ps(weights), acc);
            }
            *o = _mm512_reduce_add_ps(acc);
        }
    }
}

/// Rows `first..` of the transpose of the column-major rows × cols matrix `from` (both sides multiples of
/// 16) into `to` (as many whole rows of `cols` as it holds, row-major), a 16 × 16 block at a time in
/// registers: four rounds of lane shuffles (32-bit, 64-bit, then 128-bit pieces twice) turn 16 loaded
/// columns into 16 rows to store.
///
/// # Safety
/// The CPU must run AVX-512 F.
#[target_feature(enable = "avx512f")]
pub(super) unsafe fn transpose(from: &[f32], rows: usize, first: usize, to: &mut [f32]) {
    let cols = from.len() / rows;
    let last = first + to.len() / cols;
    assert!(rows.is_multiple_of(LANES) && cols.is_multiple_of(LANES));
    assert!(first.is_multiple_of(LANES) && last.is_multiple_of(LANES) && last <= rows);
    for j in (0..cols).step_by(LANES) {
        for k in (first..last).step_by(LANES) {
            // SAFETY: columns j..j + 16 ≤ cols, entries k..k + 16 ≤ rows of each; rows k − first ..+16
            // of `to` (last ≤ rows, both multiples of 16), entries j..j + 16 (asserted above).
            unsafe {
                let columns: [__m512; LANES] =
                    std::array::from_fn(|i| _mm512_loadu_ps(from.as_ptr().add((j + i) * rows + k)));
                for (i, row) in transpose_block(columns).into_iter().enumerate() {
                    _mm512_storeu_ps(to.as_mut_ptr().add((k - first + i) * cols + j), row);
                }
            }
        }
    }
}

/// The 16 × 16 block whose row i is `r[i]`, transposed.
#[target_feature(enable = "avx512f")]
#[inline]
fn transpose_block(r: [__m512; LANES]) -> [__m512; LANES] {
    let pairs = |a: __m512, b: __m512, high: bool| {
        let (a, b) = (_mm512_castps_pd(a), _mm512_castps_pd(b));
        _mm512_castpd_ps(if high {
            _mm512_unpackhi_pd(a, b)
        } else {
            _mm512_unpacklo_pd(a, b)
        })
    };
    let mut t = [_mm512_setzero_ps(); LANES];
    for p in 0..LANES / 2 {
        t[2 * p] = _mm512_unpacklo_ps(r[2 * p], r[2 * p + 1]);
        t[2 * p + 1] = _mm512_unpackhi_ps(r[2 * p], r[2 * p + 1]);
    }
    let mut u = [_mm512_setzero_ps(); LANES];
    for b in (0..LANES).step_by(4) {
        u[b] = pairs(t[b], t[b + 2], false);
        u[b + 1] = pairs(t[b], t[b + 2], true);
        u[b + 2] = pairs(t[b + 1], t[b + 3], false);
        u[b + 3] = pairs(t[b + 1], t[b + 3], true);
    }
    let mut v = [_mm512_setzero_ps(); LANES];
    for b in (0..LANES).step_by(8) {
        for i in 0..4 {
            v[b + i] = _mm512_shuffle_f32x4::<0x88>(u[b + i], u[b + 4 + i]);
            v[b + 4 + i] = _mm512_shuffle_f32x4::<0xdd>(u[b + i], u[b + 4 + i]);
        }
    }
    std::array::from_fn(|i| {
        if i < 8 {
            _mm512_shuffle_f32x4::<0x88>(v[i], v[8 + i])
        } else {
            _mm512_shuffle_f32x4::<0xdd>(v[i - 8], v[i])
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_transpose_matches_the_definition() {
        if !crate::nn::simd::has_avx512() {
            return;
        }
        for (rows, cols) in [(16, 16), (64, 32), (48, 256)] {
            let from: Vec<f32> = (0..rows * cols).map(|i| i as f32).collect();
            let mut to = vec![0.0; rows * cols];
            // SAFETY: AVX-512 F checked at the top of the test.
            unsafe { transpose(&from, rows, 0, &mut to) };
            let mut tail = vec![0.0; (rows - 16) * cols];
            // SAFETY: as above.
            unsafe { transpose(&from, rows, 16, &mut tail) };
            assert_eq!(tail, to[16 * cols..]);
            for k in 0..rows {
                for j in 0..cols {
                    assert_eq!(
                        to[k * cols + j],
                        from[j * rows + k],
                        "{rows}×{cols} ({k}, {j})"
                    );
                }
            }
        }
    }
}
