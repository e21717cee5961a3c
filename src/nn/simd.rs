//! Run-time CPU feature detection for the hot loops: the forward and backward passes are compiled three
//! times, portable (SSE2, 4 f32 lanes), with AVX2 + FMA (8 lanes) and with AVX-512 (16 lanes), and the
//! widest copy the CPU runs is chosen per call, never per element. The arithmetic is the same in every
//! copy (fused multiply-adds are exactly rounded everywhere), so results do not depend on the copy.

/// Whether this CPU runs AVX2 and FMA instructions (cached by the standard library after the first ask).
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn has_avx2_fma() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

/// Whether this CPU runs the AVX-512 foundation and vector-length instructions (and AVX2 + FMA, which
/// every such CPU has).
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn has_avx512() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512vl")
        && has_avx2_fma()
}

use super::activation::Activation;
use super::float::Float;

/// h ← σ(z) in the widest copy this CPU runs: for the parts of a large layer handed to other threads,
/// which run outside the passes' own copies.
pub fn apply_widest<T: Float>(activation: Activation, z: &[T], h: &mut [T]) {
    #[cfg(target_arch = "x86_64")]
    if has_avx512() {
        // SAFETY: the CPU supports AVX-512 F + VL, AVX2 and FMA (checked just above).
        return unsafe { apply_avx512(activation, z, h) };
    }
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        return unsafe { apply_avx2(activation, z, h) };
    }
    activation.apply(z, h);
}

/// δ ← δ ⊙ σ'(z) in the widest copy this CPU runs (see [`apply_widest`]).
pub fn backprop_widest<T: Float>(activation: Activation, z: &[T], h: &[T], delta: &mut [T]) {
    #[cfg(target_arch = "x86_64")]
    if has_avx512() {
        // SAFETY: the CPU supports AVX-512 F + VL, AVX2 and FMA (checked just above).
        return unsafe { backprop_avx512(activation, z, h, delta) };
    }
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        return unsafe { backprop_avx2(activation, z, h, delta) };
    }
    activation.backprop(z, h, delta);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
fn apply_avx512<T: Float>(activation: Activation, z: &[T], h: &mut [T]) {
    activation.apply(z, h);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn apply_avx2<T: Float>(activation: Activation, z: &[T], h: &mut [T]) {
    activation.apply(z, h);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
fn backprop_avx512<T: Float>(activation: Activation, z: &[T], h: &[T], delta: &mut [T]) {
    activation.backprop(z, h, delta);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn backprop_avx2<T: Float>(activation: Activation, z: &[T], h: &[T], delta: &mut [T]) {
    activation.backprop(z, h, delta);
}
