//! How strongly the loss pulls on each layer: the Frobenius norm of every Dense layer's kernel gradient,
//! ‖∂L/∂Wₗ‖_F = √(Σᵢⱼ (∂L/∂Wₗ,ᵢⱼ)²), of the loss L on given points (plus the weight decay term λ·Σ W², whose
//! gradient is 2λW) at the current weights, input side first; and how far a step moved each kernel,
//! ‖Wₗ(after) − Wₗ(before)‖_F. A deep sigmoid network's first layers get orders of magnitude less than its
//! last: the vanishing gradient, in numbers. (Adam divides each step by the gradient's own running size,
//! so its update norms stay comparable across layers even where the gradients vanish.)

use super::{Float, Loss, Mlp};

/// √(Σ value(k)²) over the kernel entries k of each layer, input side first: the one sum behind every
/// norm here, reading any vector laid out like `mlp`'s parameters.
pub fn each_layer<'a, T: Float>(
    mlp: &'a Mlp<T>,
    value: impl Fn(usize) -> f64 + 'a,
) -> impl Iterator<Item = f64> + 'a {
    mlp.layers().iter().map(move |layer| {
        (layer.kernel_at..layer.kernel_at + layer.fan_in * layer.fan_out)
            .map(|k| value(k).powi(2))
            .sum::<f64>()
            .sqrt()
    })
}

/// The Frobenius norm of each layer's kernel in `grad` (laid out as `mlp`'s parameters), input side
/// first.
pub fn kernel_norms<T: Float>(mlp: &Mlp<T>, grad: &[T]) -> Vec<f64> {
    each_layer(mlp, |k| grad[k].to_f64()).collect()
}

/// For the last hidden layer, each neuron's |∂L/∂w|: the norm of the gradient of its incoming kernel
/// column (one entry when that layer has one input), the same reading the weight table gives |w|.
/// Empty for a network without hidden layers.
pub fn last_hidden_neuron_norms<T: Float>(mlp: &Mlp<T>, grad: &[f64]) -> Vec<f64> {
    let layers = mlp.layers();
    let [.., hidden, _] = layers else {
        return Vec::new();
    };
    let n = hidden.fan_in;
    (0..hidden.fan_out)
        .map(|j| {
            let at = hidden.kernel_at + j * n;
            grad[at..at + n].iter().map(|g| g * g).sum::<f64>().sqrt()
        })
        .collect()
}

/// Each layer's kernel gradient norm of `loss` on (`x`, `y`) with weight decay λ = `weight_decay`, over
/// all the points at once (one forward and one backward pass, no update).
pub fn gradient_norms<T: Float>(
    mlp: &Mlp<T>,
    x: &[T],
    y: &[T],
    loss: Loss,
    weight_decay: T,
) -> Vec<f64> {
    let mut ws = mlp.workspace(x.len());
    mlp.loss_and_gradient(&mut ws, x, y, loss, weight_decay);
    kernel_norms(mlp, &ws.grad)
}
