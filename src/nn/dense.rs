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
use super::lanes::{dot, fold, sum};
use super::parallel::gemm_on_threads as gemm;
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
        if self.weight_decay > T::ZERO {
            let twice = self.weight_decay + self.weight_decay;
            let (g, w) = (
                &mut self.grad[s.kernel_at..s.bias_at],
                &self.params[s.kernel_at..s.bias_at],
            );
            for (g, &w) in g.iter_mut().zip(w) {
                *g += twice * w;
            }
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
    for (g, col) in gb.iter_mut().zip(d.chunks_exact(b)) {
        *g = sum(col);
    }
}

/// out[j] ← Σₙ m[n, j]·v[n] for a column-major `rows`-row matrix m (i.e. mᵀ·v), four columns at a time so
/// each load of v feeds four independent accumulators.
#[inline(always)]
fn column_dots<T: Float>(m: &[T], rows: usize, v: &[T], out: &mut [T]) {
    let mut quads = out.chunks_exact_mut(4);
    let mut cols = m.chunks_exact(rows);
    for o in &mut quads {
        let c: [&[T]; 4] = std::array::from_fn(|_| cols.next().unwrap_or(&[]));
        let mut acc = [[T::ZERO; 8]; 4];
        let whole = rows / 8 * 8;
        for i in (0..whole).step_by(8) {
            let vv = &v[i..i + 8];
            for q in 0..4 {
                let cq = &c[q][i..i + 8];
                for k in 0..8 {
                    acc[q][k] = cq[k].mul_add(vv[k], acc[q][k]);
                }
            }
        }
        for q in 0..4 {
            let mut total = fold(&acc[q]);
            for i in whole..rows {
                total += c[q][i] * v[i];
            }
            o[q] = total;
        }
    }
    for (o, col) in quads.into_remainder().iter_mut().zip(cols) {
        *o = dot(col, v);
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
