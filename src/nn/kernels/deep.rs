//! One training step of a deeper f32 network, 1 → H₁ → … → Hₗ → 1 with two or more hidden layers, each a
//! multiple of 16 wide (W4's 64 × 64, W5's 256 × 256 × 256), on a CPU with AVX-512 or AVX2 (the same code
//! in either width, `vector::Vector`, the same bits): every product is a register-tiled `tile::product`
//! with no packing, and the elementwise work is done where its operands already are, in registers or the
//! first cache level.
//!
//! Here the hidden layers' z, h and δ are stored row-major (a point's neurons contiguous, B × H), unlike
//! the layered pass, so each of a hidden layer's three products has 16 contiguous entries to load where
//! the tile needs them:
//!
//! - forward: the first layer z = x·w + b, h = σ(z) point by point; then each z = h_below·W + b in tiles
//!   of 6 points × 64 neurons (16 with AVX2) over Wᵀ (transposed once per step), the tile adding b and
//!   storing h = σ(z) beside z while the sums are in registers (`tile::Finish`); the output ŷ = h·w' + b'
//!   a dot per point.
//! - the output layer backward, one pass over the points: ∂L/∂w' = Σ h·δ, δ_top = δ·w' ⊙ σ'(z, h),
//!   ∂L/∂b_top = Σ δ_top.
//! - each hidden layer backward: ∂L/∂W = h_belowᵀ·δ in tiles of 6 neurons × 64 inputs (16) summed over
//!   the points (256 at a time), written straight into the column-major gradient; then
//!   δ_below = (δ·Wᵀ) ⊙ σ'(z_below, h_below) over W as stored, a panel of ~12 KiB at a time, each panel
//!   adding into ∂L/∂b_below = Σ δ_below (and, under the first layer, ∂L/∂w₁ = Σ δ_below·x) while it is
//!   in the first cache level.
//!
//! Products of 2²³ multiply-adds or more (W5's) are cut by rows of their result across the rayon pool's
//! threads, as the layered pass's are; every entry is computed the same way on any number of threads, and
//! the sums over the points run on one, so the results are the same bits. The sums run in another order
//! than the layered pass's (point by point, where it keeps 8 or 16 partial sums), so results agree with
//! it to rounding, not bit for bit.

use super::tile::{LANES, Plain, Shape, Strided, TILE_ROWS, product};
use super::vector::Vector;
use crate::nn::activation::{Activation, Pointwise};
use crate::nn::float::Float;
use crate::nn::loss::Loss;
use crate::nn::mlp::{Mlp, Workspace};
use std::any::Any;
use std::marker::PhantomData;

mod parts;
mod rows;

use parts::{add_blocks, in_blocks, in_chunk_pairs, in_chunks, rows_per_part};

/// Points per chunk of the weight-gradient sums.
const CHUNK: usize = 256;

impl<T: Float> Mlp<T> {
    /// The deep step in V's vectors, when the CPU runs them and this is an f32 network of its shape;
    /// `None` (nothing done) otherwise.
    pub(in crate::nn) fn deep_loss_and_gradient_in<V: Vector>(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> Option<f64> {
        if !V::available() {
            return None;
        }
        let mlp = (self as &dyn Any).downcast_ref::<Mlp<f32>>()?;
        if !mlp.takes_deep_step() {
            return None;
        }
        let ws = (ws as &mut dyn Any).downcast_mut::<Workspace<f32>>()?;
        let (x, y) = (T::as_f32(x)?, T::as_f32(y)?);
        let weight_decay = weight_decay.to_f64() as f32;
        ws.check_fits(x.len());
        let activation = mlp.layers[0].activation;
        // SAFETY: the CPU runs V's instructions (checked at the top).
        Some(unsafe {
            V::enabled(
                #[inline(always)]
                || {
                    let step = Step::<V> {
                        mlp,
                        ws: &mut *ws,
                        x,
                        y,
                        loss,
                        width: PhantomData,
                    };
                    let value = activation.with_pointwise(step);
                    mlp.add_weight_decay(&mut ws.grad, weight_decay);
                    value
                },
            )
        })
    }
}

impl Mlp<f32> {
    /// Whether the deep step handles this network: two or more hidden layers of one activation, each a
    /// multiple of 16 wide (a whole number of vectors in either width), and a linear output.
    pub(in crate::nn) fn takes_deep_step(&self) -> bool {
        let (hidden, out) = self.layers.split_at(self.layers.len() - 1);
        hidden.len() >= 2
            && hidden[0].fan_in == 1
            && out[0].activation == Activation::Linear
            && hidden
                .iter()
                .all(|s| s.fan_out % LANES == 0 && s.activation == hidden[0].activation)
    }
}

/// The step in V's vectors with σ and σ' known: forward, loss, backward; returns the loss.
struct Step<'a, V> {
    mlp: &'a Mlp<f32>,
    ws: &'a mut Workspace<f32>,
    x: &'a [f32],
    y: &'a [f32],
    loss: Loss,
    width: PhantomData<V>,
}

impl<V: Vector> Pointwise<f32> for Step<'_, V> {
    type Output = f64;
    #[inline(always)]
    fn call(
        self,
        value: impl Fn(f32) -> f32 + Sync,
        derivative: impl Fn(f32, f32) -> f32 + Sync,
    ) -> f64 {
        let Self {
            mlp,
            ws,
            x,
            y,
            loss,
            ..
        } = self;
        forward::<V>(mlp, ws, x, &value);
        let (b, last) = (x.len(), mlp.layers.len() - 1);
        let loss_value = loss.value_and_grad(&ws.h[last][..b], y, &mut ws.delta_below[..b]);
        backward::<V>(mlp, ws, x, &derivative);
        loss_value
    }
}

/// The forward pass: z, h of every hidden layer (row-major) and ŷ in the last layer's h.
#[inline(always)]
fn forward<V: Vector>(
    mlp: &Mlp<f32>,
    ws: &mut Workspace<f32>,
    x: &[f32],
    value: &(impl Fn(f32) -> f32 + Sync),
) {
    let (b, params, last) = (x.len(), &mlp.params, mlp.layers.len() - 1);
    let first = mlp.layers[0];
    let width = first.fan_out;
    let (w, c) = (
        &params[first.kernel_at..first.bias_at],
        &params[first.bias_at..first.bias_at + width],
    );
    let (z, h) = (&mut ws.z[0][..b * width], &mut ws.h[0][..b * width]);
    // cut as the next layer's product is, so each thread finds its rows in its own caches
    let next = mlp.layers[1];
    let part = rows_per_part(b, next.fan_in * next.fan_out);
    in_chunk_pairs(z, part * width, h, part * width, &|i, z, h| {
        // SAFETY: the deep step runs only where the CPU runs V's instructions.
        unsafe { rows::first_layer::<V>(&x[i * part..], w, c, z, h, &value) }
    });
    for l in 1..last {
        let s = mlp.layers[l];
        let (fan_in, width) = (s.fan_in, s.fan_out);
        let (kernel, kernel_t) = (
            &params[s.kernel_at..s.bias_at],
            &mut ws.kernel_t[..fan_in * width],
        );
        let part = rows_per_part(b, fan_in * width);
        // 16 rows of Wᵀ per task when the product is cut across threads
        let rows_t = if part >= b { fan_in } else { LANES };
        in_chunks(kernel_t, rows_t * width, &|i, to| {
            // SAFETY: the deep step runs only where the CPU runs V's instructions.
            unsafe { rows::transpose::<V>(kernel, fan_in, i * rows_t, to) }
        });
        let bias = &params[s.bias_at..s.bias_at + width];
        let (below, this) = ws.h.split_at_mut(l);
        let (input, h) = (&below[l - 1][..b * fan_in], &mut this[0][..b * width]);
        let z = &mut ws.z[l][..b * width];
        let job = |first: usize, z: &mut [f32], h: &mut [f32]| {
            let rows = z.len() / width;
            let a = Strided {
                data: &input[first * fan_in..],
                row_step: fan_in,
                k_step: 1,
            };
            let shape = Shape {
                rows,
                depth: fan_in,
                cols: width,
            };
            let finish = rows::Activate::new(bias, h, rows, &value);
            // SAFETY: the deep step runs only where the CPU runs V's instructions.
            unsafe { product::<V>(a, kernel_t, width, z, width, shape, false, &finish) };
        };
        in_chunk_pairs(z, part * width, h, part * width, &|i, z, h| {
            job(i * part, z, h)
        });
    }
    let out = mlp.layers[last];
    let (w, c) = (&params[out.kernel_at..out.bias_at], params[out.bias_at]);
    let (below, this) = ws.h.split_at_mut(last);
    let (top, prediction) = (&below[last - 1][..b * out.fan_in], &mut this[0][..b]);
    // SAFETY: the deep step runs only where the CPU runs V's instructions.
    unsafe { rows::row_dots::<V>(top, w, prediction) };
    for p in prediction.iter_mut() {
        *p += c;
    }
    ws.z[last][..b].copy_from_slice(prediction);
}

/// The backward pass, from δ = ∂L/∂ŷ in `ws.delta_below` to ∂L/∂θ in `ws.grad`.
#[inline(always)]
fn backward<V: Vector>(
    mlp: &Mlp<f32>,
    ws: &mut Workspace<f32>,
    x: &[f32],
    derivative: &(impl Fn(f32, f32) -> f32 + Sync),
) {
    let Workspace {
        z,
        h,
        delta,
        delta_below,
        grad,
        partials,
        ..
    } = ws;
    let (b, params, last) = (x.len(), &mlp.params, mlp.layers.len() - 1);
    // the hidden kernels' gradients are written whole by their first chunk of points; the rest is summed
    for (l, s) in mlp.layers.iter().enumerate() {
        let first = if l == 0 || l == last {
            s.kernel_at
        } else {
            s.bias_at
        };
        grad[first..s.bias_at + s.fan_out].fill(0.0);
    }
    let (out, top) = (mlp.layers[last], mlp.layers[last - 1]);
    let width = out.fan_in;
    let w_out = &params[out.kernel_at..out.bias_at];
    let (below_out, grad_out) = grad.split_at_mut(out.kernel_at);
    let grad_bias_top = &mut below_out[top.bias_at..top.bias_at + width];
    let (d_out, d_top) = (&delta_below[..b], &mut delta[..b * width]);
    let (z_top, h_top) = (&z[last - 1][..b * width], &h[last - 1][..b * width]);
    let output_block = |first: usize, d_top: &mut [f32], sums: &mut [f32]| {
        let (rows, (sum_w, sum_b)) = (d_top.len() / width, sums.split_at_mut(width));
        let top = rows::Top {
            d_out: &d_out[first..first + rows],
            w_out,
            z: &z_top[first * width..],
            h: &h_top[first * width..],
        };
        // SAFETY: the deep step runs only where the CPU runs V's instructions.
        unsafe { rows::output_backward::<V>(top, derivative, d_top, sum_w, sum_b) };
    };
    let sums = in_blocks(d_top, partials, width, top.fan_in, &output_block);
    add_blocks(sums, &mut grad_out[..width], Some(grad_bias_top));
    grad_out[width] = d_out.iter().sum();
    for l in (1..last).rev() {
        let (s, under) = (mlp.layers[l], mlp.layers[l - 1]);
        let (fan_in, width) = (s.fan_in, s.fan_out);
        let d = &delta[..b * width];
        let h_under = &h[l - 1][..b * fan_in];
        let weight_gradient = |first: usize, g: &mut [f32]| {
            // at least once: with no points, the product of depth 0 writes the zeros
            for p in (0..b.max(1)).step_by(CHUNK) {
                let a = Strided {
                    data: &d[p * width + first..],
                    row_step: 1,
                    k_step: width,
                };
                let shape = Shape {
                    rows: g.len() / fan_in,
                    depth: CHUNK.min(b - p),
                    cols: fan_in,
                };
                let hp = &h_under[p * fan_in..];
                // SAFETY: the deep step runs only where the CPU runs V's instructions.
                unsafe { product::<V>(a, hp, fan_in, g, fan_in, shape, p > 0, &Plain) };
            }
        };
        let g = &mut grad[s.kernel_at..s.bias_at];
        let part = rows_per_part(width, b * fan_in);
        in_chunks(g, part * fan_in, &|i, g| weight_gradient(i * part, g));
        let kernel = &params[s.kernel_at..s.bias_at];
        let (grad_w_under, grad_b_under) = grad[under.kernel_at..under.bias_at + fan_in]
            .split_at_mut(under.bias_at - under.kernel_at);
        let (z_under, d_under) = (&z[l - 1][..b * fan_in], &mut delta_below[..b * fan_in]);
        let input_gradient = |first: usize, d_under: &mut [f32]| {
            let a = Strided {
                data: &d[first * width..],
                row_step: width,
                k_step: 1,
            };
            let shape = Shape {
                rows: d_under.len() / fan_in,
                depth: width,
                cols: fan_in,
            };
            // SAFETY: the deep step runs only where the CPU runs V's instructions.
            unsafe { product::<V>(a, kernel, fan_in, d_under, fan_in, shape, false, &Plain) };
        };
        let panel_rows = panel_rows(fan_in);
        let hidden_block = |first: usize, d_under: &mut [f32], sums: &mut [f32]| {
            let (rows, (sum_b, sum_w)) = (d_under.len() / fan_in, sums.split_at_mut(fan_in));
            for p in (0..rows).step_by(panel_rows) {
                let (n, panel_end) = (first + p, (p + panel_rows).min(rows));
                let (panel, at) = (p * fan_in..panel_end * fan_in, (first + p) * fan_in);
                let d_panel = &mut d_under[panel];
                input_gradient(n, d_panel);
                let x_panel = (l == 1).then(|| (&x[n..first + panel_end], &mut *sum_w));
                // SAFETY: the deep step runs only where the CPU runs V's instructions.
                unsafe {
                    rows::hidden_backward::<V>(
                        d_panel,
                        &z_under[at..],
                        &h_under[at..],
                        derivative,
                        sum_b,
                        x_panel,
                    )
                };
            }
        };
        let sums = in_blocks(d_under, partials, fan_in, width, &hidden_block);
        add_blocks(sums, grad_b_under, (l == 1).then_some(grad_w_under));
        std::mem::swap(delta, delta_below);
    }
}

/// Points in one panel of the input-gradient products into a layer `width` neurons wide, after which the
/// panel's elementwise work runs while it is still in the first cache level: about 3072 values (12 KiB)
/// per matrix, in whole tiles (48 points of W4's 64 neurons, 12 of W5's 256; measured 3 % faster on W5
/// than 48 points).
fn panel_rows(width: usize) -> usize {
    (3072 / width).max(1).div_ceil(TILE_ROWS) * TILE_ROWS
}
