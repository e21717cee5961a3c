//! The deep step's elementwise passes over row-major layers (a point's neurons contiguous, a multiple of 16
//! wide), with AVX-512. The backward passes walk a block of up to 64 columns down the rows, so the sums over
//! the points stay in registers, one per vector of the block (four independent chains, so consecutive
//! additions do not wait on each other), added into the gradient at the end.
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
    let width = w.len();
    assert!(width.is_multiple_of(LANES) && bias.len() == width && h.len() == z.len());
    for ((zr, hr), &xn) in z
        .chunks_exact_mut(width)
        .zip(h.chunks_exact_mut(width))
        .zip(x)
    {
        for c in (0..width).step_by(LANES) {
            // SAFETY: c + 16 ≤ width, the length of w, the bias and each row (asserted above);
            // AVX-512 F is the caller's contract.
            unsafe {
                let (wc, bc) = (w.as_ptr().add(c), bias.as_ptr().add(c));
                let weighted = _mm512_mul_ps(_mm512_set1_ps(xn), _mm512_loadu_ps(wc));
                let z = _mm512_add_ps(weighted, _mm512_loadu_ps(bc));
                _mm512_storeu_ps(zr.as_mut_ptr().add(c), z);
                _mm512_storeu_ps(hr.as_mut_ptr().add(c), lanes_of_value(value, z));
            }
        }
    }
}

/// σ on the 16 lanes of `z`, through the scalar σ (which the compiler vectorises).
#[target_feature(enable = "avx512f")]
#[inline]
fn lanes_of_value(value: &impl Fn(f32) -> f32, z: __m512) -> __m512 {
    let mut zs = [0.0; LANES];
    // SAFETY: `zs` holds 16 values.
    unsafe { _mm512_storeu_ps(zs.as_mut_ptr(), z) };
    let h: [f32; LANES] = std::array::from_fn(|k| value(zs[k]));
    // SAFETY: `h` holds 16 values.
    unsafe { _mm512_loadu_ps(h.as_ptr()) }
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
            _mm512_storeu_ps(self.h.add(row * width + col), lanes_of_value(self.value, z));
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
    let panel = Panel {
        width,
        points,
        d: d_top.as_mut_ptr(),
        z: top.z.as_ptr(),
        h: top.h.as_ptr(),
    };
    let pass = OutputPass {
        d_out: top.d_out,
        w_out: top.w_out,
        derivative,
        grad_w_out: grad_w_out.as_mut_ptr(),
        grad_b_top: grad_b_top.as_mut_ptr(),
    };
    // SAFETY: the panel lies inside every slice, the sums hold `width` values (asserted above);
    // AVX-512 F is the caller's contract.
    unsafe { by_column_blocks(panel, &pass) };
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
    let panel = Panel {
        width,
        points,
        d: d.as_mut_ptr(),
        z: z.as_ptr(),
        h: h.as_ptr(),
    };
    let grad_b = grad_b.as_mut_ptr();
    // SAFETY: the panel lies inside every slice, the sums hold `width` values and x the panel's points
    // (asserted above); AVX-512 F is the caller's contract.
    unsafe {
        match first {
            Some((x, grad_w)) => {
                assert!(x.len() >= points && grad_w.len() == width);
                let (x, grad_w) = (x.as_ptr(), grad_w.as_mut_ptr());
                let pass = HiddenPass::<_, true> {
                    derivative,
                    x,
                    grad_b,
                    grad_w,
                };
                by_column_blocks(panel, &pass);
            }
            None => {
                let pass = HiddenPass::<_, false> {
                    derivative,
                    x: std::ptr::null(),
                    grad_b,
                    grad_w: std::ptr::null_mut(),
                };
                by_column_blocks(panel, &pass);
            }
        }
    }
}

/// Columns in one block of the backward passes: four vectors, each with its sums in registers.
const BLOCK: usize = 4 * LANES;

/// The row-major d, z and h of a backward pass (`width` wide, `points` rows).
#[derive(Clone, Copy)]
struct Panel {
    width: usize,
    points: usize,
    d: *mut f32,
    z: *const f32,
    h: *const f32,
}

/// A backward pass over the columns `c..c + 16·V` of a panel, row after row, V known at compile time so
/// its sums stay in registers.
trait ColumnPass {
    /// Runs the pass on the block of columns starting at `c`.
    ///
    /// # Safety
    /// The block lies inside the panel and the pass's own slices; the CPU runs AVX-512 F.
    unsafe fn block<const V: usize>(&self, panel: Panel, c: usize);
}

/// Runs `pass` on each block of up to [`BLOCK`] columns across the panel.
///
/// # Safety
/// The panel and the pass's slices hold `width` columns (and `points` rows); the CPU runs AVX-512 F.
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn by_column_blocks(panel: Panel, pass: &impl ColumnPass) {
    for c in (0..panel.width).step_by(BLOCK) {
        // SAFETY: c + 16·V ≤ width by the match; the rest is the caller's contract.
        unsafe {
            match (panel.width - c) / LANES {
                1 => pass.block::<1>(panel, c),
                2 => pass.block::<2>(panel, c),
                3 => pass.block::<3>(panel, c),
                _ => pass.block::<4>(panel, c),
            }
        }
    }
}

/// [`output_backward`]'s work on one block: δ = ∂L/∂ŷ per point, the output kernel w', σ', and where
/// ∂L/∂w' and ∂L/∂b_top start.
struct OutputPass<'a, D> {
    d_out: &'a [f32],
    w_out: &'a [f32],
    derivative: &'a D,
    grad_w_out: *mut f32,
    grad_b_top: *mut f32,
}

impl<D: Fn(f32, f32) -> f32> ColumnPass for OutputPass<'_, D> {
    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn block<const V: usize>(&self, panel: Panel, c: usize) {
        // SAFETY: the caller's contract; n < points = d_out.len().
        unsafe {
            let w: [__m512; V] =
                std::array::from_fn(|v| _mm512_loadu_ps(self.w_out.as_ptr().add(c + LANES * v)));
            let (mut sum_w, mut sum_b) = ([_mm512_setzero_ps(); V], [_mm512_setzero_ps(); V]);
            for n in 0..panel.points {
                let d = _mm512_set1_ps(*self.d_out.get_unchecked(n));
                for v in 0..V {
                    let at = n * panel.width + c + LANES * v;
                    let h = _mm512_loadu_ps(panel.h.add(at));
                    let slope = lanes_of(self.derivative, panel.z.add(at), panel.h.add(at));
                    let r = _mm512_mul_ps(_mm512_mul_ps(d, w[v]), slope);
                    _mm512_storeu_ps(panel.d.add(at), r);
                    sum_w[v] = _mm512_fmadd_ps(h, d, sum_w[v]);
                    sum_b[v] = _mm512_add_ps(r, sum_b[v]);
                }
            }
            add_sums(&sum_w, self.grad_w_out.add(c));
            add_sums(&sum_b, self.grad_b_top.add(c));
        }
    }
}

/// [`hidden_backward`]'s work on one block: σ', where ∂L/∂b starts and, under the first layer (FIRST),
/// the points x and where the first layer's ∂L/∂w starts (both unused otherwise).
struct HiddenPass<'a, D, const FIRST: bool> {
    derivative: &'a D,
    x: *const f32,
    grad_b: *mut f32,
    grad_w: *mut f32,
}

impl<D: Fn(f32, f32) -> f32, const FIRST: bool> ColumnPass for HiddenPass<'_, D, FIRST> {
    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn block<const V: usize>(&self, panel: Panel, c: usize) {
        // SAFETY: the caller's contract.
        unsafe {
            let (mut sum_b, mut sum_w) = ([_mm512_setzero_ps(); V], [_mm512_setzero_ps(); V]);
            for n in 0..panel.points {
                for v in 0..V {
                    let at = n * panel.width + c + LANES * v;
                    let slope = lanes_of(self.derivative, panel.z.add(at), panel.h.add(at));
                    let r = _mm512_mul_ps(_mm512_loadu_ps(panel.d.add(at)), slope);
                    _mm512_storeu_ps(panel.d.add(at), r);
                    sum_b[v] = _mm512_add_ps(r, sum_b[v]);
                    if FIRST {
                        sum_w[v] = _mm512_fmadd_ps(r, _mm512_set1_ps(*self.x.add(n)), sum_w[v]);
                    }
                }
            }
            add_sums(&sum_b, self.grad_b.add(c));
            if FIRST {
                add_sums(&sum_w, self.grad_w.add(c));
            }
        }
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

/// out[16·v..][..16] += sums[v] for each vector v.
///
/// # Safety
/// 16·V values must be writable at `out`; the CPU must run AVX-512 F.
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn add_sums<const V: usize>(sums: &[__m512; V], out: *mut f32) {
    for (v, &sum) in sums.iter().enumerate() {
        // SAFETY: the caller's contract.
        unsafe {
            let at = out.add(LANES * v);
            _mm512_storeu_ps(at, _mm512_add_ps(_mm512_loadu_ps(at), sum));
        }
    }
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
