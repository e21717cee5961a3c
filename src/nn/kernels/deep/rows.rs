//! The deep step's elementwise passes over row-major layers (a point's neurons contiguous, a multiple of 16
//! wide), generic over the vector width (`vector::Vector`: AVX-512 or AVX2), each compiled with its
//! instructions switched on. The backward passes walk a block of up to four vectors of columns down the
//! rows, so the sums over the points stay in registers, one per vector of the block (four independent
//! chains, so consecutive additions do not wait on each other), added into the gradient at the end. Every
//! sum runs per column, point after point, so both widths give the same bits.
//!
//! - [`first_layer`]: z = x·w + b, h = σ(z) for the layer with one input.
//! - [`output_backward`]: δ_top = δ·w' ⊙ σ'(z, h), ∂L/∂w' += Σₙ h·δₙ, ∂L/∂b_top += Σₙ δ_top.
//! - [`hidden_backward`]: δ ⊙= σ'(z, h), ∂L/∂b += Σₙ δ and, under the first layer, ∂L/∂w += Σₙ δ·xₙ.
//! - [`row_dots`]: ŷₙ = Σₖ hₙₖ·w'ₖ (16 partial sums, then their halves added pairwise).
//! - [`transpose`]: Wᵀ for the forward products, a vector-square block at a time in registers.
//!
//! Kept whole (a little over 400 lines): the passes share one row layout and one register-blocking
//! pattern, and the bit-for-bit agreement between the vector widths is checked by reading them together.

use crate::nn::kernels::tile::{Finish, LANES};
use crate::nn::kernels::vector::Vector;
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
/// points x, a vector at a time.
///
/// # Safety
/// The CPU must run V's instructions (`Vector::available`).
pub(super) unsafe fn first_layer<V: Vector>(
    x: &[f32],
    w: &[f32],
    bias: &[f32],
    z: &mut [f32],
    h: &mut [f32],
    value: &impl Fn(f32) -> f32,
) {
    let width = w.len();
    assert!(width.is_multiple_of(LANES) && bias.len() == width && h.len() == z.len());
    let rows = z
        .chunks_exact_mut(width)
        .zip(h.chunks_exact_mut(width))
        .zip(x);
    // SAFETY: c + V::LANES ≤ width, the length of w, the bias and each row (asserted above); V's
    // instructions are the caller's contract.
    unsafe {
        V::enabled(
            #[inline(always)]
            || {
                for ((zr, hr), &xn) in rows {
                    for c in (0..width).step_by(V::LANES) {
                        let (wc, bc) = (V::load(w.as_ptr().add(c)), V::load(bias.as_ptr().add(c)));
                        let z = V::splat(xn).mul(wc).add(bc);
                        z.store(zr.as_mut_ptr().add(c));
                        z.map(value).store(hr.as_mut_ptr().add(c));
                    }
                }
            },
        )
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
    #[inline(always)]
    unsafe fn vector<V: Vector>(&self, sums: V, row: usize, col: usize) -> V {
        let width = self.bias.len();
        // SAFETY: `product` passes col + V::LANES ≤ its columns (the bias's length) and row < its rows,
        // which `new` checked h holds.
        unsafe {
            let z = sums.add(V::load(self.bias.as_ptr().add(col)));
            z.map(self.value).store(self.h.add(row * width + col));
            z
        }
    }
}

/// δ_top ← δ·w' ⊙ σ'(z, h) (row-major, like z), ∂L/∂w' += Σₙ hₙ·δₙ, ∂L/∂b_top += Σₙ δ_top,ₙ.
///
/// # Safety
/// The CPU must run V's instructions (`Vector::available`).
pub(super) unsafe fn output_backward<V: Vector>(
    top: Top<'_>,
    derivative: &impl Fn(f32, f32) -> f32,
    d_top: &mut [f32],
    grad_w_out: &mut [f32],
    grad_b_top: &mut [f32],
) {
    let (width, points) = (top.w_out.len(), top.d_out.len());
    assert!(grad_w_out.len() == width && grad_b_top.len() == width);
    let panel = Panel::new(width, points, d_top, top.z, top.h);
    let pass = OutputPass {
        d_out: top.d_out,
        w_out: top.w_out,
        derivative,
        grad_w_out: grad_w_out.as_mut_ptr(),
        grad_b_top: grad_b_top.as_mut_ptr(),
    };
    // SAFETY: the panel lies inside every slice, the sums hold `width` values (asserted above); V's
    // instructions are the caller's contract.
    unsafe {
        V::enabled(
            #[inline(always)]
            || by_column_blocks::<V>(panel, &pass),
        )
    };
}

/// δ ← δ ⊙ σ'(z, h) on a panel of rows (row-major, `grad_b.len()` wide), ∂L/∂b += Σₙ δₙ and, with
/// `first` = (x of the panel's points, ∂L/∂w of the first layer), ∂L/∂w += Σₙ δₙ·xₙ.
///
/// # Safety
/// The CPU must run V's instructions (`Vector::available`).
pub(super) unsafe fn hidden_backward<V: Vector>(
    d: &mut [f32],
    z: &[f32],
    h: &[f32],
    derivative: &impl Fn(f32, f32) -> f32,
    grad_b: &mut [f32],
    first: Option<(&[f32], &mut [f32])>,
) {
    let width = grad_b.len();
    let points = d.len() / width;
    assert_eq!(d.len(), points * width, "δ must hold whole rows");
    let panel = Panel::new(width, points, d, z, h);
    let grad_b = grad_b.as_mut_ptr();
    // SAFETY: the panel lies inside every slice, the sums hold `width` values and x the panel's points
    // (asserted here and above); V's instructions are the caller's contract.
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
                V::enabled(
                    #[inline(always)]
                    || by_column_blocks::<V>(panel, &pass),
                );
            }
            None => {
                let pass = HiddenPass::<_, false> {
                    derivative,
                    x: std::ptr::null(),
                    grad_b,
                    grad_w: std::ptr::null_mut(),
                };
                V::enabled(
                    #[inline(always)]
                    || by_column_blocks::<V>(panel, &pass),
                );
            }
        }
    }
}

/// The row-major d, z and h of a backward pass (`width` wide, `points` rows).
#[derive(Clone, Copy)]
struct Panel {
    width: usize,
    points: usize,
    d: *mut f32,
    z: *const f32,
    h: *const f32,
}

impl Panel {
    /// The first `points` rows of d, z and h, `width` wide (a multiple of 16); panics (a caller's bug)
    /// when a slice is shorter.
    fn new(width: usize, points: usize, d: &mut [f32], z: &[f32], h: &[f32]) -> Self {
        let size = width * points;
        assert!(
            width.is_multiple_of(LANES),
            "rows must come in whole vectors"
        );
        assert!(d.len() >= size && z.len() >= size && h.len() >= size);
        Self {
            width,
            points,
            d: d.as_mut_ptr(),
            z: z.as_ptr(),
            h: h.as_ptr(),
        }
    }
}

/// A backward pass over the columns `c..c + N·V::LANES` of a panel, row after row, N known at compile time
/// so its sums stay in registers.
trait ColumnPass {
    /// Runs the pass on the block of columns starting at `c`.
    ///
    /// # Safety
    /// The block lies inside the panel and the pass's own slices; V's instructions are switched on.
    unsafe fn block<V: Vector, const N: usize>(&self, panel: Panel, c: usize);
}

/// Runs `pass` on each block of up to four vectors of columns across the panel.
///
/// # Safety
/// The panel and the pass's slices hold `width` columns (and `points` rows); V's instructions are switched
/// on.
#[inline(always)]
unsafe fn by_column_blocks<V: Vector>(panel: Panel, pass: &impl ColumnPass) {
    for c in (0..panel.width).step_by(4 * V::LANES) {
        // SAFETY: c + N·V::LANES ≤ width by the match; the rest is the caller's contract.
        unsafe {
            match (panel.width - c) / V::LANES {
                1 => pass.block::<V, 1>(panel, c),
                2 => pass.block::<V, 2>(panel, c),
                3 => pass.block::<V, 3>(panel, c),
                _ => pass.block::<V, 4>(panel, c),
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
    #[inline(always)]
    unsafe fn block<V: Vector, const N: usize>(&self, panel: Panel, c: usize) {
        // SAFETY: the caller's contract; n < points = d_out.len().
        unsafe {
            let w: [V; N] =
                std::array::from_fn(|v| V::load(self.w_out.as_ptr().add(c + V::LANES * v)));
            let (mut sum_w, mut sum_b) = ([V::zero(); N], [V::zero(); N]);
            for n in 0..panel.points {
                let d = V::splat(*self.d_out.get_unchecked(n));
                for v in 0..N {
                    let at = n * panel.width + c + V::LANES * v;
                    let h = V::load(panel.h.add(at));
                    let slope = V::map_pairs(panel.z.add(at), panel.h.add(at), self.derivative);
                    let r = d.mul(w[v]).mul(slope);
                    r.store(panel.d.add(at));
                    sum_w[v] = h.mul_add(d, sum_w[v]);
                    sum_b[v] = r.add(sum_b[v]);
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
    #[inline(always)]
    unsafe fn block<V: Vector, const N: usize>(&self, panel: Panel, c: usize) {
        // SAFETY: the caller's contract.
        unsafe {
            let (mut sum_b, mut sum_w) = ([V::zero(); N], [V::zero(); N]);
            for n in 0..panel.points {
                for v in 0..N {
                    let at = n * panel.width + c + V::LANES * v;
                    let slope = V::map_pairs(panel.z.add(at), panel.h.add(at), self.derivative);
                    let r = V::load(panel.d.add(at)).mul(slope);
                    r.store(panel.d.add(at));
                    sum_b[v] = r.add(sum_b[v]);
                    if FIRST {
                        sum_w[v] = r.mul_add(V::splat(*self.x.add(n)), sum_w[v]);
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

/// out[v·LANES..][..LANES] += sums[v] for each vector v.
///
/// # Safety
/// N·V::LANES values must be writable at `out`; V's instructions are switched on.
#[inline(always)]
unsafe fn add_sums<V: Vector, const N: usize>(sums: &[V; N], out: *mut f32) {
    for (v, &sum) in sums.iter().enumerate() {
        // SAFETY: the caller's contract.
        unsafe {
            let at = out.add(V::LANES * v);
            V::load(at).add(sum).store(at);
        }
    }
}

/// out[n] ← Σₖ m[n, k]·w[k] for each row of a row-major `m` (`w.len()` wide, a multiple of 16): 16
/// partial sums (one AVX-512 vector, two AVX2 ones added lane by lane at the end), then their halves
/// added pairwise, the same bits in either width.
///
/// # Safety
/// The CPU must run V's instructions (`Vector::available`).
pub(super) unsafe fn row_dots<V: Vector>(m: &[f32], w: &[f32], out: &mut [f32]) {
    let width = w.len();
    assert!(width.is_multiple_of(LANES) && m.len() >= out.len() * width);
    let parts = LANES / V::LANES;
    // SAFETY: row n < out.len() lies inside m (asserted above); V's instructions are the caller's
    // contract.
    unsafe {
        V::enabled(
            #[inline(always)]
            || {
                for (n, o) in out.iter_mut().enumerate() {
                    let mut acc = [V::zero(); 2];
                    for c in (0..width).step_by(LANES) {
                        for (p, acc) in acc.iter_mut().enumerate().take(parts) {
                            let at = c + p * V::LANES;
                            let (row, weights) =
                                (m.as_ptr().add(n * width + at), w.as_ptr().add(at));
                            *acc = V::load(row).mul_add(V::load(weights), *acc);
                        }
                    }
                    let total = if parts == 2 {
                        acc[0].add(acc[1])
                    } else {
                        acc[0]
                    };
                    *o = total.sum();
                }
            },
        )
    }
}

/// Rows `first..` of the transpose of the column-major rows × cols matrix `from` (both sides multiples of
/// 16) into `to` (as many whole rows of `cols` as it holds, row-major), a V::LANES-square block at a time
/// in registers.
///
/// # Safety
/// The CPU must run V's instructions (`Vector::available`).
pub(super) unsafe fn transpose<V: Vector>(from: &[f32], rows: usize, first: usize, to: &mut [f32]) {
    let cols = from.len() / rows;
    let last = first + to.len() / cols;
    assert!(rows.is_multiple_of(LANES) && cols.is_multiple_of(LANES));
    assert!(first.is_multiple_of(LANES) && last.is_multiple_of(LANES) && last <= rows);
    // SAFETY: columns j..j + V::LANES ≤ cols, entries k..k + V::LANES ≤ rows of each; rows
    // k − first.. + V::LANES of `to` (last ≤ rows, both multiples of 16), entries j..j + V::LANES (asserted
    // above); V's instructions are the caller's contract.
    unsafe {
        V::enabled(
            #[inline(always)]
            || {
                for j in (0..cols).step_by(V::LANES) {
                    for k in (first..last).step_by(V::LANES) {
                        let block = from.as_ptr().add(j * rows + k);
                        let into = to.as_mut_ptr().add((k - first) * cols + j);
                        V::transpose_block(block, rows, into, cols);
                    }
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::kernels::vector::{Avx2, Avx512};

    fn check_transpose<V: Vector>() {
        if !V::available() {
            return;
        }
        for (rows, cols) in [(16, 16), (64, 32), (48, 256)] {
            let from: Vec<f32> = (0..rows * cols).map(|i| i as f32).collect();
            let mut to = vec![0.0; rows * cols];
            // SAFETY: the CPU runs V's instructions (checked at the top).
            unsafe { transpose::<V>(&from, rows, 0, &mut to) };
            let mut tail = vec![0.0; (rows - 16) * cols];
            // SAFETY: as above.
            unsafe { transpose::<V>(&from, rows, 16, &mut tail) };
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

    #[test]
    fn the_block_transpose_matches_the_definition_in_both_widths() {
        check_transpose::<Avx512>();
        check_transpose::<Avx2>();
    }
}
