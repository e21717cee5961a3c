//! The per-layer kernels of a dense layer z = a·W + b over a batch of B points, all column-major (each
//! neuron's values over the batch contiguous):
//!
//! - forward:        z ← a·W + b
//! - parameters:     ∂L/∂W = aᵀ·δ,  ∂L/∂b = Σₙ δₙ
//! - input gradient: δ_below = δ·Wᵀ
//! - what the backward pass does with each layer: accumulate the gradient, or fill Jacobian columns
//!
//! Layers with one input or one output (the first and last) are matrix–vector work done with plain loops
//! that vectorise along the points; the others call the packed matrix product. The output layer and the
//! column dots accumulate with fused multiply-adds and add the bias after the sum, the order a BLAS uses, so
//! f32 results stay within rounding of the Keras/numpy reference.

use super::float::{Float, MatRef};
use super::kernels::lanes::{LANES, dot, fold, sum};
use super::kernels::threads::gemm_on_threads as gemm;
use super::shape::LayerShape;

/// What the backward pass does with each layer's input a and δ. A trait with inlined methods rather than
/// a closure, so the body is compiled into the AVX2 copy of the pass with the caller's target features.
pub(super) trait LayerSink<T> {
    /// Called for each layer, output side first, with the layer's input and its δ.
    fn visit(&mut self, s: LayerShape, a: &[T], d: &[T]);
}

/// Accumulates ∂L/∂θ (plus the weight-decay term 2·λ·W on kernels).
pub(super) struct GradientSink<'a, T> {
    /// ∂L/∂θ, laid out like the parameters.
    pub grad: &'a mut [T],
    /// The parameters (for the weight-decay term).
    pub params: &'a [T],
    /// L2 weight decay λ.
    pub weight_decay: T,
    /// Points in the batch.
    pub b: usize,
}

impl<T: Float> LayerSink<T> for GradientSink<'_, T> {
    #[inline(always)]
    fn visit(&mut self, s: LayerShape, a: &[T], d: &[T]) {
        dense_param_grad(
            a,
            d,
            self.b,
            s,
            &mut self.grad[s.kernel_at..s.bias_at + s.fan_out],
        );
        add_weight_decay(s, self.params, self.grad, self.weight_decay);
    }
}

/// ∂L/∂W += 2·λ·W on one layer's kernel (L2 weight decay λ; nothing when λ = 0).
#[inline(always)]
pub(super) fn add_weight_decay<T: Float>(
    s: LayerShape,
    params: &[T],
    grad: &mut [T],
    weight_decay: T,
) {
    if weight_decay > T::ZERO {
        let twice = weight_decay + weight_decay;
        let (g, w) = (
            &mut grad[s.kernel_at..s.bias_at],
            &params[s.kernel_at..s.bias_at],
        );
        for (g, &w) in g.iter_mut().zip(w) {
            *g += twice * w;
        }
    }
}

/// Fills the per-point Jacobian columns: ∂ŷₙ/∂Wᵢⱼ = aₙᵢ·δₙⱼ and ∂ŷₙ/∂bⱼ = δₙⱼ (δ seeded with 1 at the output).
pub(super) struct JacobianSink<'a> {
    /// B × P, column-major.
    pub jac: &'a mut [f64],
    /// Points in the batch.
    pub b: usize,
}

impl<T: Float> LayerSink<T> for JacobianSink<'_> {
    #[inline(always)]
    fn visit(&mut self, s: LayerShape, a: &[T], d: &[T]) {
        let b = self.b;
        for j in 0..s.fan_out {
            let dj = &d[j * b..(j + 1) * b];
            for i in 0..s.fan_in {
                let ai = &a[i * b..(i + 1) * b];
                let col = &mut self.jac[(s.kernel_at + i + j * s.fan_in) * b..][..b];
                for ((c, &a), &d) in col.iter_mut().zip(ai).zip(dj) {
                    *c = (a * d).to_f64();
                }
            }
            for (c, &d) in self.jac[(s.bias_at + j) * b..][..b].iter_mut().zip(dj) {
                *c = d.to_f64();
            }
        }
    }
}

/// z ← a·W + b for one layer over a batch of `b` points.
#[inline(always)]
pub(super) fn dense_forward<T: Float>(
    a: &[T],
    b: usize,
    s: &LayerShape,
    params: &[T],
    z: &mut [T],
) {
    let kernel = &params[s.kernel_at..s.bias_at];
    let bias = &params[s.bias_at..s.bias_at + s.fan_out];
    if s.fan_in == 1 {
        for (j, col) in z.chunks_exact_mut(b).enumerate() {
            let (w, c) = (kernel[j], bias[j]);
            for (z, &a) in col.iter_mut().zip(a) {
                *z = a * w + c;
            }
        }
    } else if s.fan_out == 1 {
        z.fill(T::ZERO);
        for (i, col) in a.chunks_exact(b).enumerate() {
            let w = kernel[i];
            for (z, &a) in z.iter_mut().zip(col) {
                *z = a.mul_add(w, *z);
            }
        }
        for z in z.iter_mut() {
            *z += bias[0];
        }
    } else {
        for (col, &c) in z.chunks_exact_mut(b).zip(bias) {
            col.fill(c);
        }
        let w = MatRef::col_major(kernel, s.fan_in, s.fan_out);
        gemm(
            T::ONE,
            MatRef::col_major(a, b, s.fan_in),
            w,
            T::ONE,
            z,
            b,
            s.fan_out,
        );
    }
}

/// ∂L/∂W = aᵀ·δ and ∂L/∂b = Σₙ δₙ for one layer, written to `g` (kernel then bias).
#[inline(always)]
fn dense_param_grad<T: Float>(a: &[T], d: &[T], b: usize, s: LayerShape, g: &mut [T]) {
    let (gk, gb) = g.split_at_mut(s.fan_in * s.fan_out);
    if s.fan_out == 1 {
        column_dots(a, b, d, gk);
    } else if s.fan_in == 1 {
        column_dots(d, b, a, gk);
    } else {
        let (am, dm) = (
            MatRef::col_major(a, b, s.fan_in),
            MatRef::col_major(d, b, s.fan_out),
        );
        gemm(T::ONE, am.t(), dm, T::ZERO, gk, s.fan_in, s.fan_out);
    }
    column_sums(d, b, gb);
}

/// out[j] ← Σₙ m[n, j]·v[n] for a column-major `rows`-row matrix m (i.e. mᵀ·v). Each column is summed
/// with fused multiply-adds in [`LANES`] partial sums over its whole chunks, folded pairwise, then the rows
/// left over added in order; columns go four at a time, so each load of v feeds four independent chains,
/// and the last one to three columns by [`dot`] (the order every earlier version used, so results stay
/// bit for bit).
#[inline(always)]
fn column_dots<T: Float>(m: &[T], rows: usize, v: &[T], out: &mut [T]) {
    let (v_chunks, v_rest) = v[..rows].as_chunks::<LANES>();
    let quads = out.len() / 4;
    for (q, o) in out[..quads * 4].chunks_exact_mut(4).enumerate() {
        let c = quad_columns(&m[q * 4 * rows..(q + 1) * 4 * rows], rows);
        let mut acc = [[T::ZERO; LANES]; 4];
        for (i, vv) in v_chunks.iter().enumerate() {
            for q in 0..4 {
                let cq = &c[q].0[i];
                for k in 0..LANES {
                    acc[q][k] = cq[k].mul_add(vv[k], acc[q][k]);
                }
            }
        }
        finish_quad(&acc, c.map(|(_, rest)| rest), Some(v_rest), o);
    }
    let done = quads * 4;
    for (o, col) in out[done..]
        .iter_mut()
        .zip(m[done * rows..].chunks_exact(rows))
    {
        *o = dot(col, v);
    }
}

/// out[j] ← Σₙ m[n, j] for a column-major `rows`-row matrix m (the bias gradients): each column in the
/// order of [`sum`], four columns side by side as in [`column_dots`].
#[inline(always)]
fn column_sums<T: Float>(m: &[T], rows: usize, out: &mut [T]) {
    let quads = out.len() / 4;
    for (q, o) in out[..quads * 4].chunks_exact_mut(4).enumerate() {
        let c = quad_columns(&m[q * 4 * rows..(q + 1) * 4 * rows], rows);
        let mut acc = [[T::ZERO; LANES]; 4];
        for i in 0..c[0].0.len() {
            for q in 0..4 {
                let cq = &c[q].0[i];
                for k in 0..LANES {
                    acc[q][k] += cq[k];
                }
            }
        }
        finish_quad(&acc, c.map(|(_, rest)| rest), None, o);
    }
    let done = quads * 4;
    for (o, col) in out[done..]
        .iter_mut()
        .zip(m[done * rows..].chunks_exact(rows))
    {
        *o = sum(col);
    }
}

/// Four columns of `rows` values each, as whole chunks of [`LANES`] and the rows left over.
#[inline(always)]
fn quad_columns<T>(quad: &[T], rows: usize) -> [(&[[T; LANES]], &[T]); 4] {
    let (c0, rest) = quad.split_at(rows);
    let (c1, rest) = rest.split_at(rows);
    let (c2, c3) = rest.split_at(rows);
    [c0, c1, c2, c3].map(|col| col.as_chunks::<LANES>())
}

/// Four columns' totals: the partial sums folded, then the rows left over (fewer than [`LANES`]) added in
/// order, each times its `v` when there is one. Kept out of line: written side by side, the totals would
/// lead the compiler to vectorise the whole sum across the four columns (with shuffles) instead of along
/// each, which measured twice as slow.
#[inline(never)]
fn finish_quad<T: Float>(acc: &[[T; LANES]; 4], rests: [&[T]; 4], v: Option<&[T]>, out: &mut [T]) {
    for ((o, acc), rest) in out.iter_mut().zip(acc).zip(rests) {
        let mut total = fold(acc);
        match v {
            Some(v) => {
                for (&a, &b) in rest.iter().zip(v) {
                    total += a * b;
                }
            }
            None => {
                for &a in rest {
                    total += a;
                }
            }
        }
        *o = total;
    }
}

/// δ_below ← δ·Wᵀ (B × fan_in) for one layer.
#[inline(always)]
pub(super) fn dense_input_grad<T: Float>(
    d: &[T],
    b: usize,
    s: &LayerShape,
    params: &[T],
    below: &mut [T],
) {
    let kernel = &params[s.kernel_at..s.bias_at];
    if s.fan_out == 1 {
        for (i, col) in below.chunks_exact_mut(b).enumerate() {
            let w = kernel[i];
            for (o, &d) in col.iter_mut().zip(d) {
                *o = d * w;
            }
        }
    } else {
        let w = MatRef::col_major(kernel, s.fan_in, s.fan_out);
        gemm(
            T::ONE,
            MatRef::col_major(d, b, s.fan_out),
            w.t(),
            T::ZERO,
            below,
            b,
            s.fan_in,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One column the way [`column_dots`] documents it: fused multiply-adds in lanes, folded, the rest
    /// added in order.
    fn lane_dot(col: &[f32], v: &[f32]) -> f32 {
        let mut acc = [0.0f32; LANES];
        let whole = col.len() / LANES * LANES;
        for i in (0..whole).step_by(LANES) {
            for k in 0..LANES {
                acc[k] = col[i + k].mul_add(v[i + k], acc[k]);
            }
        }
        let mut total = fold(&acc);
        for i in whole..col.len() {
            total += col[i] * v[i];
        }
        total
    }

    #[test]
    fn column_sums_and_dots_keep_each_columns_order() {
        for rows in [1, 7, 8, 9, 200, 203] {
            for cols in 1..=9 {
                let m: Vec<f32> = (0..rows * cols).map(|i| (i as f32 * 0.37).sin()).collect();
                let v: Vec<f32> = (0..rows).map(|i| (i as f32 * 0.11).cos()).collect();
                let mut sums = vec![0.0; cols];
                column_sums(&m, rows, &mut sums);
                let mut dots = vec![0.0; cols];
                column_dots(&m, rows, &v, &mut dots);
                for (j, col) in m.chunks_exact(rows).enumerate() {
                    assert_eq!(
                        sums[j].to_bits(),
                        sum(col).to_bits(),
                        "sum {rows}x{cols} col {j}"
                    );
                    let expected = if j < cols / 4 * 4 {
                        lane_dot(col, &v)
                    } else {
                        dot(col, &v)
                    };
                    assert_eq!(
                        dots[j].to_bits(),
                        expected.to_bits(),
                        "dot {rows}x{cols} col {j}"
                    );
                }
            }
        }
    }
}
