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
