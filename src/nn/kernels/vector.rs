//! f32 vectors for the deep step's kernels (`tile`, `deep`), one type per instruction set: AVX-512
//! (16 lanes) and AVX2 + FMA (8 lanes). The kernels are written once, generic over [`Vector`], and each
//! is compiled once per type inside [`Vector::enabled`], which switches that instruction set on for the
//! code it runs (every kernel below it is `#[inline(always)]`, so it is compiled there, not called). In a
//! profile, each kernel therefore shows as one `<Avx512 as Vector>::enabled` (or `Avx2`); the call graph
//! (`perf --call-graph`) names which.
//!
//! Every operation rounds the same way in either width: a multiply-add is one fused rounding, a sum of
//! lanes adds halves pairwise (lane i with lane i + n/2, down to one), and the kernels keep sums per
//! column, not per lane. So the deep step gives the same bits with AVX2 as with AVX-512.

use std::arch::x86_64::{
    __m256, __m512, _mm_add_ps, _mm_add_ss, _mm_cvtss_f32, _mm_movehl_ps, _mm_shuffle_ps,
    _mm256_add_ps, _mm256_castpd_ps, _mm256_castps256_ps128, _mm256_extractf128_ps,
    _mm256_fmadd_ps, _mm256_loadu_ps, _mm256_mul_ps, _mm256_permute2f128_ps, _mm256_set1_ps,
    _mm256_setzero_ps, _mm256_shuffle_ps, _mm256_storeu_ps, _mm256_unpackhi_ps, _mm256_unpacklo_ps,
    _mm512_add_ps, _mm512_castpd_ps, _mm512_castps_pd, _mm512_castps512_ps256,
    _mm512_extractf64x4_pd, _mm512_fmadd_ps, _mm512_loadu_ps, _mm512_mul_ps, _mm512_set1_ps,
    _mm512_setzero_ps, _mm512_shuffle_f32x4, _mm512_storeu_ps, _mm512_unpackhi_pd,
    _mm512_unpackhi_ps, _mm512_unpacklo_pd, _mm512_unpacklo_ps,
};
use std::mem::MaybeUninit;

/// An f32 vector of one instruction set, with the few operations the deep step's kernels use. Every
/// operation is unsafe: it needs [`Vector::enabled`] around it (the CPU runs the instruction set), and
/// the pointer ones need `LANES` values there.
pub trait Vector: Copy {
    /// f32 lanes in one vector.
    const LANES: usize;
    /// Vectors across one row of a register tile: a 6-row tile holds 6 · this sums in registers, plus
    /// this many loads of B and one broadcast (24 + 5 of AVX-512's 32 registers, 12 + 3 of AVX2's 16).
    const TILE_VECTORS: usize;

    /// Whether this CPU runs the instruction set (under the `APPROXLAB_SIMD` cap).
    fn available() -> bool;

    /// Runs `job` with the instruction set switched on.
    ///
    /// # Safety
    /// The CPU must run it ([`Vector::available`]).
    unsafe fn enabled<R>(job: impl FnOnce() -> R) -> R;

    /// All lanes 0.
    unsafe fn zero() -> Self;
    /// All lanes `x`.
    unsafe fn splat(x: f32) -> Self;
    /// `LANES` values from `at`.
    unsafe fn load(at: *const f32) -> Self;
    /// Stores the lanes at `at`.
    unsafe fn store(self, at: *mut f32);
    /// Lane by lane self + other.
    unsafe fn add(self, other: Self) -> Self;
    /// Lane by lane self · other.
    unsafe fn mul(self, other: Self) -> Self;
    /// Lane by lane self · b + c, rounded once.
    unsafe fn mul_add(self, b: Self, c: Self) -> Self;
    /// `f` on each lane (a scalar function the compiler vectorises).
    #[inline(always)]
    unsafe fn map(self, f: &impl Fn(f32) -> f32) -> Self {
        // uninitialised until written: a zeroed buffer left a call to memset in the forward products
        const { assert!(Self::LANES <= MAX_LANES) };
        let mut lanes = [MaybeUninit::<f32>::uninit(); MAX_LANES];
        let mut mapped = [MaybeUninit::<f32>::uninit(); MAX_LANES];
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        unsafe {
            self.store(lanes.as_mut_ptr().cast());
            for k in 0..Self::LANES {
                mapped[k].write(f(lanes[k].assume_init()));
            }
            Self::load(mapped.as_ptr().cast())
        }
    }
    /// `f(z[k], h[k])` for the `LANES` values at `z` and `h`.
    #[inline(always)]
    unsafe fn map_pairs(z: *const f32, h: *const f32, f: &impl Fn(f32, f32) -> f32) -> Self {
        const { assert!(Self::LANES <= MAX_LANES) };
        let mut mapped = [MaybeUninit::<f32>::uninit(); MAX_LANES];
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        unsafe {
            for (k, value) in mapped.iter_mut().enumerate().take(Self::LANES) {
                value.write(f(*z.add(k), *h.add(k)));
            }
            Self::load(mapped.as_ptr().cast())
        }
    }
    /// The sum of the lanes, halves added pairwise (lane i with lane i + LANES/2, down to one).
    unsafe fn sum(self) -> f32;
    /// The LANES × LANES block whose row i is at `from + i·from_step`, stored transposed: its column i
    /// becomes the row at `to + i·to_step`.
    unsafe fn transpose_block(from: *const f32, from_step: usize, to: *mut f32, to_step: usize);
}

/// The most lanes of any [`Vector`]: the size of the scratch arrays its default methods share.
const MAX_LANES: usize = 16;

/// 16 f32 lanes of AVX-512 F (run with AVX-512 VL, AVX2 and FMA switched on too).
#[derive(Clone, Copy)]
pub struct Avx512(__m512);

/// 8 f32 lanes of AVX2 with FMA.
#[derive(Clone, Copy)]
pub struct Avx2(__m256);

impl Vector for Avx512 {
    const LANES: usize = 16;
    const TILE_VECTORS: usize = 4;

    fn available() -> bool {
        super::level::has_avx512()
    }

    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    unsafe fn enabled<R>(job: impl FnOnce() -> R) -> R {
        job()
    }

    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm512_setzero_ps() })
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm512_set1_ps(x) })
    }
    #[inline(always)]
    unsafe fn load(at: *const f32) -> Self {
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        Self(unsafe { _mm512_loadu_ps(at) })
    }
    #[inline(always)]
    unsafe fn store(self, at: *mut f32) {
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        unsafe { _mm512_storeu_ps(at, self.0) }
    }
    #[inline(always)]
    unsafe fn add(self, other: Self) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm512_add_ps(self.0, other.0) })
    }
    #[inline(always)]
    unsafe fn mul(self, other: Self) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm512_mul_ps(self.0, other.0) })
    }
    #[inline(always)]
    unsafe fn mul_add(self, b: Self, c: Self) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm512_fmadd_ps(self.0, b.0, c.0) })
    }
    #[inline(always)]
    unsafe fn sum(self) -> f32 {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        unsafe {
            let high = _mm512_extractf64x4_pd::<1>(_mm512_castps_pd(self.0));
            let half = Avx2(_mm256_add_ps(
                _mm512_castps512_ps256(self.0),
                _mm256_castpd_ps(high),
            ));
            half.sum()
        }
    }
    #[inline(always)]
    unsafe fn transpose_block(from: *const f32, from_step: usize, to: *mut f32, to_step: usize) {
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        unsafe {
            let rows: [__m512; 16] =
                std::array::from_fn(|i| _mm512_loadu_ps(from.add(i * from_step)));
            for (i, column) in transpose_16(rows).into_iter().enumerate() {
                _mm512_storeu_ps(to.add(i * to_step), column);
            }
        }
    }
}

/// The 16 × 16 block whose row i is `r[i]`, transposed: four rounds of lane shuffles (32-bit, 64-bit,
/// then 128-bit pieces twice).
#[inline(always)]
unsafe fn transpose_16(r: [__m512; 16]) -> [__m512; 16] {
    // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
    unsafe {
        let pairs = |a: __m512, b: __m512, high: bool| {
            let (a, b) = (_mm512_castps_pd(a), _mm512_castps_pd(b));
            _mm512_castpd_ps(if high {
                _mm512_unpackhi_pd(a, b)
            } else {
                _mm512_unpacklo_pd(a, b)
            })
        };
        let mut t = [_mm512_setzero_ps(); 16];
        for p in 0..8 {
            t[2 * p] = _mm512_unpacklo_ps(r[2 * p], r[2 * p + 1]);
            t[2 * p + 1] = _mm512_unpackhi_ps(r[2 * p], r[2 * p + 1]);
        }
        let mut u = [_mm512_setzero_ps(); 16];
        for b in (0..16).step_by(4) {
            u[b] = pairs(t[b], t[b + 2], false);
            u[b + 1] = pairs(t[b], t[b + 2], true);
            u[b + 2] = pairs(t[b + 1], t[b + 3], false);
            u[b + 3] = pairs(t[b + 1], t[b + 3], true);
        }
        let mut v = [_mm512_setzero_ps(); 16];
        for b in (0..16).step_by(8) {
            for i in 0..4 {
                v[b + i] = _mm512_shuffle_f32x4::<0x88>(u[b + i], u[b + 4 + i]);
                v[b + 4 + i] = _mm512_shuffle_f32x4::<0xdd>(u[b + i], u[b + 4 + i]);
            }
        }
        std::array::from_fn(|i| {
            if i < 8 {
                _mm512_shuffle_f32x4::<0x88>(v[i], v[8 + i])
            } else {
                _mm512_shuffle_f32x4::<0xdd>(v[i - 8], v[i])
            }
        })
    }
}

impl Vector for Avx2 {
    const LANES: usize = 8;
    const TILE_VECTORS: usize = 2;

    fn available() -> bool {
        super::level::has_avx2_fma()
    }

    #[target_feature(enable = "avx2,fma")]
    unsafe fn enabled<R>(job: impl FnOnce() -> R) -> R {
        job()
    }

    #[inline(always)]
    unsafe fn zero() -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm256_setzero_ps() })
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm256_set1_ps(x) })
    }
    #[inline(always)]
    unsafe fn load(at: *const f32) -> Self {
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        Self(unsafe { _mm256_loadu_ps(at) })
    }
    #[inline(always)]
    unsafe fn store(self, at: *mut f32) {
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        unsafe { _mm256_storeu_ps(at, self.0) }
    }
    #[inline(always)]
    unsafe fn add(self, other: Self) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm256_add_ps(self.0, other.0) })
    }
    #[inline(always)]
    unsafe fn mul(self, other: Self) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm256_mul_ps(self.0, other.0) })
    }
    #[inline(always)]
    unsafe fn mul_add(self, b: Self, c: Self) -> Self {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        Self(unsafe { _mm256_fmadd_ps(self.0, b.0, c.0) })
    }
    #[inline(always)]
    unsafe fn sum(self) -> f32 {
        // SAFETY: the caller's contract: the instruction set is on (`Vector::enabled`)
        unsafe {
            let quad = _mm_add_ps(
                _mm256_castps256_ps128(self.0),
                _mm256_extractf128_ps::<1>(self.0),
            );
            let pair = _mm_add_ps(quad, _mm_movehl_ps(quad, quad));
            _mm_cvtss_f32(_mm_add_ss(pair, _mm_shuffle_ps::<0b01>(pair, pair)))
        }
    }
    #[inline(always)]
    unsafe fn transpose_block(from: *const f32, from_step: usize, to: *mut f32, to_step: usize) {
        // SAFETY: the caller's contract: the instruction set is on and the pointers hold the values read or written
        unsafe {
            let r: [__m256; 8] = std::array::from_fn(|i| _mm256_loadu_ps(from.add(i * from_step)));
            let mut t = [_mm256_setzero_ps(); 8];
            for p in 0..4 {
                t[2 * p] = _mm256_unpacklo_ps(r[2 * p], r[2 * p + 1]);
                t[2 * p + 1] = _mm256_unpackhi_ps(r[2 * p], r[2 * p + 1]);
            }
            let mut u = [_mm256_setzero_ps(); 8];
            for b in (0..8).step_by(4) {
                u[b] = _mm256_shuffle_ps::<0x44>(t[b], t[b + 2]);
                u[b + 1] = _mm256_shuffle_ps::<0xee>(t[b], t[b + 2]);
                u[b + 2] = _mm256_shuffle_ps::<0x44>(t[b + 1], t[b + 3]);
                u[b + 3] = _mm256_shuffle_ps::<0xee>(t[b + 1], t[b + 3]);
            }
            for i in 0..4 {
                let low = _mm256_permute2f128_ps::<0x20>(u[i], u[4 + i]);
                let high = _mm256_permute2f128_ps::<0x31>(u[i], u[4 + i]);
                _mm256_storeu_ps(to.add(i * to_step), low);
                _mm256_storeu_ps(to.add((4 + i) * to_step), high);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block transpose and the lane sum, for one vector type.
    fn check<V: Vector>() {
        if !V::available() {
            return;
        }
        let n = V::LANES;
        let from: Vec<f32> = (0..n * (n + 3)).map(|i| i as f32).collect();
        let mut to = vec![-1.0; n * (n + 5)];
        // SAFETY: the CPU runs V's instructions (checked above); n rows of n + 3 and n + 5 values.
        unsafe {
            V::enabled(|| V::transpose_block(from.as_ptr(), n + 3, to.as_mut_ptr(), n + 5));
        }
        for i in 0..n {
            for j in 0..n {
                assert_eq!(to[i * (n + 5) + j], from[j * (n + 3) + i], "({i}, {j})");
            }
        }
        let lanes: Vec<f32> = (0..n).map(|k| 1.0 / (k as f32 + 3.0)).collect();
        let mut half = lanes.clone();
        while half.len() > 1 {
            let m = half.len() / 2;
            half = (0..m).map(|k| half[k] + half[k + m]).collect();
        }
        // SAFETY: as above; `lanes` holds n values.
        let sum = unsafe { V::enabled(|| V::load(lanes.as_ptr()).sum()) };
        assert_eq!(sum.to_bits(), half[0].to_bits());
    }

    #[test]
    fn both_widths_transpose_and_sum_as_defined() {
        check::<Avx512>();
        check::<Avx2>();
    }
}
