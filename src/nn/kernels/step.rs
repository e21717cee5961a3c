//! One training step's loss and gradient, dispatched once: at the widest level the CPU runs
//! (`level::run_widest`), the fused deep step when the network is an f32 one of its shape (`deep`),
//! else the layered pass (with the one-hidden-layer fused step inside it, `shallow`) compiled for that
//! level; on a CPU without AVX2, the portable layered pass.

use super::level::{Kernel, run_widest};
#[cfg(target_arch = "x86_64")]
use super::vector::Vector;
use crate::nn::float::Float;
use crate::nn::loss::Loss;
use crate::nn::mlp::{Mlp, Workspace};

/// The step's operands, as one [`Kernel`].
struct Step<'a, T> {
    mlp: &'a Mlp<T>,
    ws: &'a mut Workspace<T>,
    x: &'a [T],
    y: &'a [T],
    loss: Loss,
    weight_decay: T,
}

impl<T: Float> Kernel for Step<'_, T> {
    type Output = f64;

    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    unsafe fn vectors<V: Vector>(self) -> f64 {
        let Step {
            mlp,
            ws,
            x,
            y,
            loss,
            weight_decay,
        } = self;
        if let Some(value) = mlp.deep_loss_and_gradient_in::<V>(ws, x, y, loss, weight_decay) {
            return value;
        }
        // SAFETY: the caller's contract: the CPU runs V.
        unsafe {
            V::enabled(
                #[inline(always)]
                || mlp.loss_and_gradient_inline(ws, x, y, loss, weight_decay),
            )
        }
    }

    #[inline(always)]
    fn portable(self) -> f64 {
        let Step {
            mlp,
            ws,
            x,
            y,
            loss,
            weight_decay,
        } = self;
        mlp.loss_and_gradient_inline(ws, x, y, loss, weight_decay)
    }
}

/// The loss on (x, y) and ∂L/∂θ in `ws.grad` (see [`Mlp::loss_and_gradient`]), at the widest level.
pub fn loss_and_gradient<T: Float>(
    mlp: &Mlp<T>,
    ws: &mut Workspace<T>,
    (x, y): (&[T], &[T]),
    loss: Loss,
    weight_decay: T,
) -> f64 {
    run_widest(Step {
        mlp,
        ws,
        x,
        y,
        loss,
        weight_decay,
    })
}
