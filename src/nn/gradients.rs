//! How strongly the loss pulls on each layer: the Frobenius norm of every Dense layer's kernel gradient,
//! ‖∂L/∂Wₗ‖_F = √(Σᵢⱼ (∂L/∂Wₗ,ᵢⱼ)²), of the loss L on given points (plus the weight decay term λ·Σ W², whose
//! gradient is 2λW) at the current weights, input side first. A deep sigmoid network's first layers get
//! orders of magnitude less than its last: the vanishing gradient, in numbers.

use super::{Float, Loss, Mlp};

/// The Frobenius norm of each layer's kernel in `grad` (laid out as `mlp`'s parameters), input side
/// first.
pub fn kernel_norms<T: Float>(mlp: &Mlp<T>, grad: &[T]) -> Vec<f64> {
    mlp.layers()
        .iter()
        .map(|layer| {
            let kernel = &grad[layer.kernel_at..layer.kernel_at + layer.fan_in * layer.fan_out];
            kernel
                .iter()
                .map(|g| g.to_f64().powi(2))
                .sum::<f64>()
                .sqrt()
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
