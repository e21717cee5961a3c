//! The one run-time choice of instruction set for the hot loops: the forward and backward passes, the
//! optimizer's update and the activations are compiled three times, portable (SSE2, 4 f32 lanes), with
//! AVX2 + FMA (8 lanes) and with AVX-512 (16 lanes), and [`run_widest`] picks the widest copy the CPU
//! runs, per call, never per element. The arithmetic is the same in every
//! copy (fused multiply-adds are exactly rounded everywhere), so results do not depend on the copy. The
//! one exception: deep f32 nets take the fused deep step (`kernels::deep`, the same bits with AVX2 and
//! AVX-512) and, on a CPU with neither, the layered pass, which agrees with it to rounding.
//!
//! `APPROXLAB_SIMD=avx2` (or `portable`) caps the choice below what the CPU runs, so one machine can
//! measure the copies a narrower CPU would take (as XLA's `--xla_cpu_max_isa` does for JAX).

#[cfg(target_arch = "x86_64")]
use super::vector::{Avx2, Avx512, Vector};
use std::sync::OnceLock;

/// The instruction sets the hot loops are compiled for, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// SSE2 only: the portable copy.
    Portable,
    /// AVX2 and FMA.
    Avx2,
    /// AVX-512 F + VL (with AVX2 and FMA).
    Avx512,
}

impl Level {
    /// Every level, widest first.
    pub const ALL: [Level; 3] = [Level::Avx512, Level::Avx2, Level::Portable];

    /// The level's name, as `APPROXLAB_SIMD` takes it and `bench` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Avx512 => "avx512",
            Level::Avx2 => "avx2",
            Level::Portable => "portable",
        }
    }

    /// The level named by `APPROXLAB_SIMD` ([`Level::name`], or `avx-512` or `sse2`; case ignored), if it
    /// names one.
    fn parse(name: &str) -> Option<Level> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "avx-512" => Some(Level::Avx512),
            "sse2" => Some(Level::Portable),
            _ => None,
        };
        alias.or_else(|| Level::ALL.into_iter().find(|level| level.name() == name))
    }
}

/// The widest level the hot loops may use: `APPROXLAB_SIMD` when it is set to a level (read once), else
/// no cap. A value that names none is reported once on stderr and ignored.
fn cap() -> Level {
    static CAP: OnceLock<Level> = OnceLock::new();
    *CAP.get_or_init(|| match std::env::var("APPROXLAB_SIMD") {
        Ok(name) => Level::parse(&name).unwrap_or_else(|| {
            let names: Vec<&str> = Level::ALL.iter().map(|level| level.name()).collect();
            eprintln!(
                "APPROXLAB_SIMD={name:?} is not one of {}: ignored (using what the CPU runs)",
                names.join(", ")
            );
            Level::Avx512
        }),
        Err(_) => Level::Avx512,
    })
}

/// The widest level this CPU runs under the `APPROXLAB_SIMD` cap: what the hot loops use.
pub fn level() -> Level {
    #[cfg(target_arch = "x86_64")]
    {
        if has_avx512() {
            return Level::Avx512;
        }
        if has_avx2_fma() {
            return Level::Avx2;
        }
    }
    Level::Portable
}

/// Whether this CPU runs AVX2 and FMA instructions (cached by the standard library after the first ask),
/// and the `APPROXLAB_SIMD` cap allows them.
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn has_avx2_fma() -> bool {
    cap() >= Level::Avx2
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("fma")
}

/// Whether this CPU runs the AVX-512 foundation and vector-length instructions (and AVX2 + FMA, which
/// every such CPU has), and the `APPROXLAB_SIMD` cap allows them.
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn has_avx512() -> bool {
    cap() >= Level::Avx512
        && std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512vl")
        && has_avx2_fma()
}

/// Work written once and compiled for each level: the one place the level is chosen ([`run_widest`])
/// calls [`Kernel::vectors`] with the widest vector type the CPU runs, or [`Kernel::portable`].
pub trait Kernel {
    /// What the work returns.
    type Output;

    /// The work in V's instructions.
    ///
    /// # Safety
    /// The CPU must run V's instruction set ([`run_widest`] calls it only then).
    #[cfg(target_arch = "x86_64")]
    unsafe fn vectors<V: Vector>(self) -> Self::Output;

    /// The work without wide vectors (SSE2, or another architecture).
    fn portable(self) -> Self::Output;
}

/// Runs `kernel` at the widest [`level`] this CPU runs: the only dispatch ladder in the engine.
#[inline(always)]
pub fn run_widest<K: Kernel>(kernel: K) -> K::Output {
    #[cfg(target_arch = "x86_64")]
    match level() {
        // SAFETY: `level` returns a level only when the CPU runs it.
        Level::Avx512 => unsafe { kernel.vectors::<Avx512>() },
        // SAFETY: as above.
        Level::Avx2 => unsafe { kernel.vectors::<Avx2>() },
        Level::Portable => kernel.portable(),
    }
    #[cfg(not(target_arch = "x86_64"))]
    kernel.portable()
}

/// A closure as a [`Kernel`]: the same body compiled once per level, each copy with its instructions
/// switched on. Only what is inlined into it is compiled there: the body must be `#[inline(always)]` all
/// the way down, and a library helper that is not (`array::from_fn` in the shallow step was one) runs
/// portable, its multiply-adds as calls to a software `fmaf` (W3 fell from 140k to 3k steps/s).
struct Compiled<F>(F);

impl<R, F: FnOnce() -> R> Kernel for Compiled<F> {
    type Output = R;

    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    unsafe fn vectors<V: Vector>(self) -> R {
        // SAFETY: the caller's contract: the CPU runs V.
        unsafe { V::enabled(self.0) }
    }

    #[inline(always)]
    fn portable(self) -> R {
        (self.0)()
    }
}

/// Runs `job` compiled for the widest level this CPU runs: how the passes, the optimizer's update and
/// the activations of large layers get AVX-512 or AVX2 + FMA from plain loops.
#[inline(always)]
pub fn widest<R>(job: impl FnOnce() -> R) -> R {
    run_widest(Compiled(job))
}
