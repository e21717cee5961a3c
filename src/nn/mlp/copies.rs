//! The forward and backward passes compiled again with wider vector instructions: each function here is
//! the same inlined body as the portable pass (`forward_inline`, `loss_and_gradient_inline`) under
//! `#[target_feature]`, so every loop inside is vectorised for AVX2 + FMA (8 f32 lanes) or AVX-512
//! (16 lanes). `Mlp::forward` and `Mlp::loss_and_gradient` pick the widest copy the CPU runs, once per
//! call (see `nn::simd`).

use super::{Mlp, Workspace};
use crate::nn::float::Float;
use crate::nn::loss::Loss;

impl<T: Float> Mlp<T> {
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn forward_avx2(&self, ws: &mut Workspace<T>, x: &[T]) {
        self.forward_inline(ws, x);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    pub(super) fn forward_avx512(&self, ws: &mut Workspace<T>, x: &[T]) {
        self.forward_inline(ws, x);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn loss_and_gradient_avx2(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> f64 {
        self.loss_and_gradient_inline(ws, x, y, loss, weight_decay)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    pub(super) fn loss_and_gradient_avx512(
        &self,
        ws: &mut Workspace<T>,
        x: &[T],
        y: &[T],
        loss: Loss,
        weight_decay: T,
    ) -> f64 {
        self.loss_and_gradient_inline(ws, x, y, loss, weight_decay)
    }
}
