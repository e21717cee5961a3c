//! One training step of a network with one hidden layer, 1 → H → 1, in two passes over the points with
//! [`BLOCK`] points side by side (one AVX-512 register of f32), instead of a pass per layer and per
//! kernel:
//!
//! - forward, a block of points at a time: for each neuron j, zⱼ = x·wⱼ + bⱼ, hⱼ = σ(zⱼ), and
//!   ŷ ← hⱼ·w'ⱼ + ŷ (fused), then ŷ + b'. The prediction stays in registers across the neurons; z and h
//!   are kept for the backward pass. Same operations, in the same order, as the layered pass, so ŷ and
//!   the loss are bit for bit the layered ones.
//! - backward, a neuron at a time over every block: ∂L/∂w'ⱼ = Σₙ hₙⱼ·δₙ, eₙⱼ = δₙ·σ'(zₙⱼ),
//!   ∂L/∂wⱼ = w'ⱼ·Σₙ eₙⱼ·xₙ, ∂L/∂bⱼ = w'ⱼ·Σₙ eₙⱼ (w'ⱼ taken out of the sums: one multiply per neuron, not
//!   per point), with [`BLOCK`] partial sums each (lane k sums points k, k + 16, …) folded pairwise at
//!   the end. For tanh, e = δ·(1 − h²) is computed as δ − (h·δ)·h, one multiply-add reusing the h·δ of
//!   ∂L/∂w'. The layered pass keeps 8 partial sums and multiplies by w' first, so the gradients differ
//!   from it by rounding only; they are the same on every CPU and in every copy of the pass.
//!
//! Each neuron's column of z and h is padded to whole blocks, so no loop handles a partial block: the
//! points past the last one have x = 0 and δ = 0, so they add exact zeros to every sum (their z = b and
//! h = σ(b) are never read as predictions). The padded x is kept in the workspace's `delta_below`,
//! which a network of this shape does not otherwise use.

use super::lanes::{fold, sum};
use crate::nn::activation::{Activation, Pointwise};
use crate::nn::float::Float;
use crate::nn::loss::Loss;
use crate::nn::mlp::{Mlp, Workspace};

/// Points handled side by side: 16 f32 fill one AVX-512 register (two AVX2 ones, four SSE ones).
const BLOCK: usize = 16;

impl<T: Float> Mlp<T> {
    /// Whether this network is 1 → H → 1, the shape the two-pass step handles.
    pub(in crate::nn) fn is_shallow(&self) -> bool {
        self.layers.len() == 2 && self.layers[0].fan_in == 1
    }

    /// The loss on (x, y) and ∂L/∂θ in `ws.grad`, for a 1 → H → 1 network (see the module doc); leaves
    /// the predictions in `ws` as the layered pass does.
    #[inline(always)]
    pub(in crate::nn) fn shallow_loss_and_gradient(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> f64 {
        let b = x.len();
        ws.check_fits(b);
        let activation = self.layers[0].activation;
        activation.with_pointwise(Forward { mlp: self, ws, x });
        let value = loss.value_and_grad(&ws.h[1][..b], y, &mut ws.delta[..b]);
        activation.with_pointwise(Backward {
            mlp: self,
            ws,
            points: b,
        });
        self.add_weight_decay(&mut ws.grad, weight_decay);
        value
    }
}

/// The forward pass: z, h of the hidden layer and ŷ, a block of points at a time.
struct Forward<'a, T> {
    mlp: &'a Mlp<T>,
    ws: &'a mut Workspace<T>,
    x: &'a [T],
}

impl<T: Float> Pointwise<T> for Forward<'_, T> {
    type Output = ();
    #[inline(always)]
    fn call(self, value: impl Fn(T) -> T + Sync, _: impl Fn(T, T) -> T + Sync) {
        let Self { mlp, ws, x } = self;
        let b = x.len();
        let rows = padded_len(b);
        let (hidden, out) = (mlp.layers[0], mlp.layers[1]);
        let (w_in, b_in) = (
            &mlp.params[hidden.kernel_at..hidden.bias_at],
            &mlp.params[hidden.bias_at..hidden.bias_at + hidden.fan_out],
        );
        let (w_out, b_out) = (
            &mlp.params[out.kernel_at..out.bias_at],
            mlp.params[out.bias_at],
        );
        let x_padded = &mut ws.delta_below[..rows];
        x_padded[..b].copy_from_slice(x);
        x_padded[b..].fill(T::ZERO);
        let (z_hidden, z_out) = ws.z.split_at_mut(1);
        let (h_hidden, h_out) = ws.h.split_at_mut(1);
        let columns = hidden.fan_out * rows;
        let (z_hidden, h_hidden) = (&mut z_hidden[0][..columns], &mut h_hidden[0][..columns]);
        let (z_out, h_out) = (&mut z_out[0][..rows], &mut h_out[0][..rows]);
        for (i, xs) in x_padded.as_chunks::<BLOCK>().0.iter().enumerate() {
            let mut pred = [T::ZERO; BLOCK];
            for (j, ((&w, &c), &v)) in w_in.iter().zip(b_in).zip(w_out).enumerate() {
                // plain loops, not `array::from_fn`: it is not inlined into the level's copy, and tanh's
                // multiply-adds outside it become calls to a software fmaf
                let (mut z, mut h) = ([T::ZERO; BLOCK], [T::ZERO; BLOCK]);
                for k in 0..BLOCK {
                    z[k] = xs[k] * w + c;
                    h[k] = value(z[k]);
                }
                for k in 0..BLOCK {
                    pred[k] = h[k].mul_add(v, pred[k]);
                }
                let at = j * rows + i * BLOCK;
                z_hidden[at..at + BLOCK].copy_from_slice(&z);
                h_hidden[at..at + BLOCK].copy_from_slice(&h);
            }
            let pred = pred.map(|p| p + b_out);
            z_out[i * BLOCK..(i + 1) * BLOCK].copy_from_slice(&pred);
        }
        h_out.copy_from_slice(z_out);
    }
}

/// The backward pass: ∂L/∂θ from δ = ∂L/∂ŷ (in `ws.delta`) and the z, h the forward pass left, a neuron
/// at a time.
struct Backward<'a, T> {
    mlp: &'a Mlp<T>,
    ws: &'a mut Workspace<T>,
    points: usize,
}

impl<T: Float> Pointwise<T> for Backward<'_, T> {
    type Output = ();
    #[inline(always)]
    fn call(self, _: impl Fn(T) -> T + Sync, derivative: impl Fn(T, T) -> T + Sync) {
        if self.mlp.layers[0].activation == Activation::Tanh {
            // δ·(1 − h²) as δ − (h·δ)·h: one multiply-add, reusing h·δ from ∂L/∂w'
            self.sums(
                #[inline(always)]
                |d, _, h, hd| (-hd).mul_add(h, d),
            );
        } else {
            self.sums(
                #[inline(always)]
                |d, z, h, _| d * derivative(z, h),
            );
        }
    }
}

impl<T: Float> Backward<'_, T> {
    /// The sums of the module doc, with `scaled(δ, z, h, h·δ)` = δ·σ'(z, h) for each point; w'ⱼ
    /// multiplies each neuron's two sums once, after the points.
    #[inline(always)]
    fn sums(self, scaled: impl Fn(T, T, T, T) -> T) {
        let Self { mlp, ws, points } = self;
        let rows = padded_len(points);
        let (hidden, out) = (mlp.layers[0], mlp.layers[1]);
        let w_out = &mlp.params[out.kernel_at..out.bias_at];
        let delta = &mut ws.delta[..rows];
        delta[points..].fill(T::ZERO);
        let (z, h, x) = (&ws.z[0], &ws.h[0], &ws.delta_below[..rows]);
        let grad = &mut ws.grad;
        let (delta_blocks, x_blocks) = (delta.as_chunks::<BLOCK>().0, x.as_chunks::<BLOCK>().0);
        for (j, &v) in w_out.iter().enumerate() {
            let z_blocks = z[j * rows..(j + 1) * rows].as_chunks::<BLOCK>().0;
            let h_blocks = h[j * rows..(j + 1) * rows].as_chunks::<BLOCK>().0;
            let mut g_out = [T::ZERO; BLOCK];
            let mut g_w = [T::ZERO; BLOCK];
            let mut g_b = [T::ZERO; BLOCK];
            for (((zs, hs), ds), xs) in z_blocks
                .iter()
                .zip(h_blocks)
                .zip(delta_blocks)
                .zip(x_blocks)
            {
                for k in 0..BLOCK {
                    let hd = hs[k] * ds[k];
                    let d = scaled(ds[k], zs[k], hs[k], hd);
                    g_out[k] += hd;
                    g_w[k] = d.mul_add(xs[k], g_w[k]);
                    g_b[k] += d;
                }
            }
            grad[out.kernel_at + j] = fold(&g_out);
            grad[hidden.kernel_at + j] = v * fold(&g_w);
            grad[hidden.bias_at + j] = v * fold(&g_b);
        }
        grad[out.bias_at] = sum(&delta[..points]);
    }
}

/// `points` rounded up to whole blocks: the length of each neuron's column in this step.
pub(in crate::nn) fn padded_len(points: usize) -> usize {
    points.div_ceil(BLOCK) * BLOCK
}
