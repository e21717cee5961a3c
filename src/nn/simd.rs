//! Run-time CPU feature detection for the hot loops: the forward and backward passes are compiled twice,
//! once portable and once with AVX2 + FMA enabled (8 f32 lanes instead of SSE2's 4), and the faster copy is
//! chosen per call, never per element.

/// Whether this CPU runs AVX2 and FMA instructions (cached by the standard library after the first ask).
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn has_avx2_fma() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}
