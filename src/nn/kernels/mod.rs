//! The machine under the math: how the engine's sums and products run fast on this CPU, apart from what
//! they compute (the files one folder up). Nothing here changes a result beyond rounding, and most of it
//! not even that:
//!
//! - `level`: the instruction sets (portable SSE2, AVX2 + FMA, AVX-512), the `APPROXLAB_SIMD` cap and the
//!   one run-time choice between them ([`level::run_widest`], [`level::widest`]);
//! - `vector`: f32 vectors of each set, for kernels written once over [`vector::Vector`];
//! - `lanes`: sums kept in 8 or 16 partial sums so plain loops vectorise, folded pairwise;
//! - `tile`: register-tiled products for the deep step;
//! - `shallow` and `deep`: the fused training steps of a one-hidden-layer network and of deep f32 ones,
//!   and `step`, which picks between them and the layered pass;
//! - `gemm` and `threads`: the layered pass's products, cut across the rayon pool's threads;
//! - `peak`: the core's measured fused-multiply-add peak, for the benchmark's "% of peak".

#[cfg(target_arch = "x86_64")]
mod deep;
mod gemm;
pub(crate) mod lanes;
pub(crate) mod level;
pub mod peak;
pub(crate) mod shallow;
pub(crate) mod step;
pub(crate) mod threads;
#[cfg(target_arch = "x86_64")]
mod tile;
#[cfg(target_arch = "x86_64")]
pub(crate) mod vector;
