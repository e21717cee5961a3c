//! A multilayer perceptron from one input x to one output ŷ: dense layers z = a·W + b, each followed by its
//! activation h = σ(z); the last layer is linear.
//!
//! Shapes, for a batch of B points: a layer with `fan_in` inputs and `fan_out` outputs has a kernel W
//! (fan_in × fan_out, rows = inputs as in a Keras Dense kernel) and a bias b (fan_out). Its input a is
//! B × fan_in and its output z, h are B × fan_out, stored column-major: each neuron's values over the batch
//! are contiguous, so every elementwise loop runs along the points and vectorises.
//!
//! Backward pass (δ = ∂L/∂z of a layer): ∂L/∂W = aᵀ·δ, ∂L/∂b = Σₙ δₙ, and the layer below gets
//! δ' = (δ·Wᵀ) ⊙ σ'(z'). Layers with fan_in = 1 or fan_out = 1 (the first and last) use plain loops; the
//! rest use a packed matrix product. Two shapes train by fused steps instead: a network with one hidden
//! layer in two passes over the points (`shallow`), and an f32 network with two or more hidden layers a
//! multiple of 16 wide, on an AVX-512 CPU, with register-tiled products and the elementwise work folded
//! into them (`deep`). All parameters live in one flat vector (kernel then bias, layer by
//! layer), so an optimizer update is a single loop and the Levenberg–Marquardt Jacobian has one column per
//! entry. Nothing here allocates once a [`Workspace`] exists.
//!
//! Kept whole (a little over 400 lines): the forward pass, the backward pass and the choice between the
//! plain and the fused steps share the layout above, and each pass reads against the other line by line.

use super::activation::Activation;
use super::dense::{GradientSink, JacobianSink, LayerSink, dense_forward, dense_input_grad};
use super::float::{Float, MatRef};
use super::init::Init;
use super::kernels::level::widest;
use super::kernels::threads::{map_on_threads, map2_on_threads, on_threads};
use super::loss::Loss;
pub use super::shape::LayerShape;
use rand::Rng;

/// The network: layer shapes plus one flat parameter vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp<T> {
    pub(in crate::nn) layers: Vec<LayerShape>,
    pub(in crate::nn) params: Vec<T>,
}

/// Preallocated buffers for forward and backward passes over batches of up to `capacity` points.
#[derive(Debug, Clone)]
pub struct Workspace<T> {
    pub(in crate::nn) capacity: usize,
    /// Pre-activations z of each layer (capacity × fan_out, capacity rounded up to whole blocks).
    pub(in crate::nn) z: Vec<Vec<T>>,
    /// Activations h of each layer (as z); the last one is the prediction.
    pub(in crate::nn) h: Vec<Vec<T>>,
    /// δ of the layer being processed.
    pub(in crate::nn) delta: Vec<T>,
    /// δ of the layer below, being built (the one-hidden-layer step keeps its padded x here).
    pub(in crate::nn) delta_below: Vec<T>,
    /// ∂L/∂θ, laid out like the parameter vector.
    pub grad: Vec<T>,
    /// Room for the transpose of the largest hidden-to-hidden kernel (the deep step's forward products).
    pub(in crate::nn) kernel_t: Vec<T>,
    /// Partial sums over blocks of points (the deep step's, [`SUM_BLOCKS`] × 2 × the widest layer).
    pub(in crate::nn) partials: Vec<T>,
}

/// Blocks of points whose sums the deep step keeps apart when its products are cut across threads, added
/// in order afterwards: a fixed number, so the sums are the same bits on any number of threads.
pub(in crate::nn) const SUM_BLOCKS: usize = 16;

impl<T> Workspace<T> {
    /// Panics (a caller's bug, never a user's input) when a batch of `points` does not fit.
    #[inline]
    pub(in crate::nn) fn check_fits(&self, points: usize) {
        assert!(
            points <= self.capacity,
            "batch of {points} exceeds workspace capacity {}",
            self.capacity
        );
    }
}

impl<T: Float> Mlp<T> {
    /// A 1 → hidden… → 1 network: every hidden layer uses `activation`, kernels are drawn by `init`, biases
    /// are zero, the output layer is linear. `hidden` may be empty (a single neuron ŷ = w·x + b).
    pub fn new<R: Rng + ?Sized>(
        hidden: &[usize],
        activation: Activation,
        init: Init,
        rng: &mut R,
    ) -> Self {
        let mut widths = vec![1];
        widths.extend_from_slice(hidden);
        widths.push(1);
        let layers: Vec<(usize, usize, Activation)> = widths
            .windows(2)
            .enumerate()
            .map(|(l, w)| {
                (
                    w[0],
                    w[1],
                    if l + 2 < widths.len() {
                        activation
                    } else {
                        Activation::Linear
                    },
                )
            })
            .collect();
        let mut mlp = Self::zeros(&layers);
        for layer in mlp.layers.clone() {
            for i in 0..layer.fan_in * layer.fan_out {
                mlp.params[layer.kernel_at + i] =
                    T::from_f64(init.draw(layer.fan_in, layer.fan_out, rng));
            }
        }
        mlp
    }

    /// A network of the given (fan_in, fan_out, activation) layers with every parameter zero.
    /// The caller guarantees the chain is consistent (see `files::model` for the checked path).
    pub fn zeros(layers: &[(usize, usize, Activation)]) -> Self {
        let mut at = 0;
        let layers: Vec<LayerShape> = layers
            .iter()
            .map(|&(fan_in, fan_out, activation)| {
                let shape = LayerShape {
                    fan_in,
                    fan_out,
                    activation,
                    kernel_at: at,
                    bias_at: at + fan_in * fan_out,
                };
                at += fan_in * fan_out + fan_out;
                shape
            })
            .collect();
        Self {
            layers,
            params: vec![T::ZERO; at],
        }
    }

    /// The layers, input side first.
    pub fn layers(&self) -> &[LayerShape] {
        &self.layers
    }

    /// Widths of the hidden layers (empty for a single neuron).
    pub fn hidden_widths(&self) -> Vec<usize> {
        self.layers[..self.layers.len() - 1]
            .iter()
            .map(|l| l.fan_out)
            .collect()
    }

    /// All parameters, flat (layer by layer: kernel column-major, then bias).
    pub fn params(&self) -> &[T] {
        &self.params
    }

    /// All parameters, flat, for optimizers and loaders.
    pub fn params_mut(&mut self) -> &mut [T] {
        &mut self.params
    }

    /// Kernel of layer `l` (fan_in × fan_out).
    pub fn kernel(&self, l: usize) -> MatRef<'_, T> {
        let s = self.layers[l];
        MatRef::col_major(&self.params[s.kernel_at..s.bias_at], s.fan_in, s.fan_out)
    }

    /// Bias of layer `l`.
    pub fn bias(&self, l: usize) -> &[T] {
        let s = self.layers[l];
        &self.params[s.bias_at..s.bias_at + s.fan_out]
    }

    /// The same network converted to another float type.
    pub fn cast<U: Float>(&self) -> Mlp<U> {
        Mlp {
            layers: self.layers.clone(),
            params: self
                .params
                .iter()
                .map(|p| U::from_f64(p.to_f64()))
                .collect(),
        }
    }

    /// Buffers for batches of up to `capacity` points (rounded up to whole blocks of the one-hidden-layer
    /// step, which keeps each neuron's column padded to them).
    pub fn workspace(&self, capacity: usize) -> Workspace<T> {
        let widest = self
            .layers
            .iter()
            .map(|l| l.fan_out.max(l.fan_in))
            .max()
            .unwrap_or(1);
        let rows = super::kernels::shallow::padded_len(capacity);
        let largest_inner_kernel = self
            .layers
            .iter()
            .filter(|l| l.fan_in > 1 && l.fan_out > 1)
            .map(|l| l.fan_in * l.fan_out)
            .max()
            .unwrap_or(0);
        Workspace {
            capacity,
            z: self
                .layers
                .iter()
                .map(|l| vec![T::ZERO; rows * l.fan_out])
                .collect(),
            h: self
                .layers
                .iter()
                .map(|l| vec![T::ZERO; rows * l.fan_out])
                .collect(),
            delta: vec![T::ZERO; rows * widest],
            delta_below: vec![T::ZERO; rows * widest],
            grad: vec![T::ZERO; self.params.len()],
            kernel_t: vec![T::ZERO; largest_inner_kernel],
            partials: vec![T::ZERO; SUM_BLOCKS * 2 * widest],
        }
    }

    /// Forward pass over `x` (at most the workspace's capacity); returns the predictions.
    pub fn forward<'w>(&self, ws: &'w mut Workspace<T>, x: &[T]) -> &'w [T] {
        widest(
            #[inline(always)]
            || self.forward_inline(ws, x),
        );
        &ws.h[self.layers.len() - 1][..x.len()]
    }

    #[inline(always)]
    fn forward_inline(&self, ws: &mut Workspace<T>, x: &[T]) {
        let b = x.len();
        ws.check_fits(b);
        for (l, s) in self.layers.iter().enumerate() {
            let (below, this) = ws.h.split_at_mut(l);
            let input = if l == 0 {
                x
            } else {
                &below[l - 1][..b * s.fan_in]
            };
            let z = &mut ws.z[l][..b * s.fan_out];
            dense_forward(input, b, s, &self.params, z);
            let (activation, h) = (s.activation, &mut this[0][..b * s.fan_out]);
            if on_threads(z.len()) {
                map_on_threads(z, h, &|z, h| {
                    widest(
                        #[inline(always)]
                        || activation.apply(z, h),
                    )
                });
            } else {
                activation.apply(z, h);
            }
        }
    }

    /// grad += 2·λ·W on every kernel: the L2 term, which the fused steps (`shallow`, `deep`) add once their
    /// passes have written the gradient.
    pub(in crate::nn) fn add_weight_decay(&self, grad: &mut [T], weight_decay: T) {
        for &s in &self.layers {
            super::dense::add_weight_decay(s, &self.params, grad, weight_decay);
        }
    }

    /// Loss on (x, y), and the gradient ∂L/∂θ left in `ws.grad` (plus the L2 term 2·λ·W on kernels when
    /// `weight_decay` λ > 0; the returned loss excludes it). One full training step minus the update.
    pub fn loss_and_gradient(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> f64 {
        super::kernels::step::loss_and_gradient(self, ws, (x, y), loss, weight_decay)
    }

    /// The loss and gradient by the passes written here (the one-hidden-layer fused step or the layered
    /// pass), inlined into each level's copy by `kernels::step`.
    #[inline(always)]
    pub(in crate::nn) fn loss_and_gradient_inline(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> f64 {
        if self.is_shallow() {
            return self.shallow_loss_and_gradient(ws, x, y, loss, weight_decay);
        }
        let b = x.len();
        self.forward_inline(ws, x);
        let last = self.layers.len() - 1;
        let value = loss.value_and_grad(&ws.h[last][..b], y, &mut ws.delta[..b]);
        let Workspace {
            z,
            h,
            delta,
            delta_below,
            grad,
            ..
        } = ws;
        let mut sink = GradientSink {
            grad,
            params: &self.params,
            weight_decay,
            b,
        };
        self.backward(b, x, z, h, delta, delta_below, &mut sink);
        value
    }

    /// Jacobian of the predictions with respect to every parameter: `jac[n + p·B] = ∂ŷₙ/∂θₚ` (B × P,
    /// column-major, f64 for the Levenberg–Marquardt solve). Returns the predictions in `ws`'s last layer.
    pub fn jacobian(&self, ws: &mut Workspace<T>, x: &[T], jac: &mut [f64]) {
        let b = x.len();
        assert!(
            jac.len() >= b * self.params.len(),
            "jacobian buffer too small"
        );
        self.forward_inline(ws, x);
        ws.delta[..b].fill(T::ONE);
        let Workspace {
            z,
            h,
            delta,
            delta_below,
            ..
        } = ws;
        self.backward(b, x, z, h, delta, delta_below, &mut JacobianSink { jac, b });
    }

    /// Walks the layers from the output down, starting from the δ already in `delta` (B × 1), calling
    /// `sink.visit(shape, layer input a, δ)` for each layer before passing δ to the layer below.
    #[expect(
        clippy::too_many_arguments,
        reason = "the workspace's buffers, borrowed apart so the sink can write the gradient beside them"
    )]
    #[inline(always)]
    fn backward(
        &self,
        b: usize,
        x: &[T],
        z: &[Vec<T>],
        h: &[Vec<T>],
        delta: &mut Vec<T>,
        delta_below: &mut Vec<T>,
        sink: &mut impl LayerSink<T>,
    ) {
        for (l, s) in self.layers.iter().enumerate().rev() {
            let input = if l == 0 { x } else { &h[l - 1][..b * s.fan_in] };
            let d = &delta[..b * s.fan_out];
            sink.visit(*s, input, d);
            if l == 0 {
                break;
            }
            let below = &mut delta_below[..b * s.fan_in];
            dense_input_grad(d, b, s, &self.params, below);
            let activation = self.layers[l - 1].activation;
            let (z, h) = (&z[l - 1][..b * s.fan_in], &h[l - 1][..b * s.fan_in]);
            if on_threads(z.len()) {
                map2_on_threads(z, h, below, &|z, h, d| {
                    widest(
                        #[inline(always)]
                        || activation.backprop(z, h, d),
                    )
                });
            } else {
                activation.backprop(z, h, below);
            }
            std::mem::swap(delta, delta_below);
        }
    }

    /// The predictions of the last [`forward`](Self::forward) (or
    /// [`contributions`](Self::contributions)) over `points` points, without computing them again.
    pub fn last_output<'w>(&self, ws: &'w Workspace<T>, points: usize) -> &'w [T] {
        &ws.h[self.layers.len() - 1][..points]
    }

    /// Predictions at every x (any number of points; allocates its own buffers).
    pub fn predict(&self, x: &[T]) -> Vec<T> {
        let mut ws = self.workspace(x.len());
        self.forward(&mut ws, x).to_vec()
    }

    /// What each neuron of the last hidden layer adds to the output at every x: `out[j·B + n] = w'ⱼ·hⱼ(xₙ)`
    /// (B × width, column-major), and the output bias; Σⱼ out[j·B + n] + bias = ŷ(xₙ). A network with no
    /// hidden layer has one "neuron", the input itself: w·x.
    pub fn contributions(&self, ws: &mut Workspace<T>, x: &[T], out: &mut Vec<T>) -> T {
        let b = x.len();
        self.forward(ws, x);
        let last = self.layers.len() - 1;
        let s = self.layers[last];
        let source = if last == 0 {
            x
        } else {
            &ws.h[last - 1][..b * s.fan_in]
        };
        out.clear();
        for i in 0..s.fan_in {
            let w = self.params[s.kernel_at + i];
            out.extend(source[i * b..(i + 1) * b].iter().map(|&h| w * h));
        }
        self.params[s.bias_at]
    }

    /// For a single hidden layer: each neuron's kink (ReLU-like) or centre (tanh-like), x = −b/w, where its
    /// pre-activation crosses zero; `None` for a neuron with w = 0 or a network of another depth.
    pub fn centres(&self) -> Option<Vec<Option<f64>>> {
        if self.layers.len() != 2 {
            return None;
        }
        let s = self.layers[0];
        Some(
            (0..s.fan_out)
                .map(|j| {
                    let w = self.params[s.kernel_at + j].to_f64();
                    let b = self.params[s.bias_at + j].to_f64();
                    (w != 0.0).then(|| -b / w)
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests;
