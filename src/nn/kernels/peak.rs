//! The arithmetic of one core's peak f32 rate, the yardstick for how near the machine's limit a training
//! step runs (`bench` times it): [`CHAINS`] independent chains of fused multiply-adds cᵢ ← cᵢ·a + b in
//! the widest vectors the hot loops use (`level::run_widest` picks them), with nothing else in the loop. Each multiply-add
//! is two floating-point operations on every lane, so `rounds` rounds are 2 · lanes · CHAINS · rounds of
//! them. Twelve chains keep two FMA units with a four-cycle latency busy with room to spare, and fit in
//! AVX2's sixteen registers beside a and b. With a = 1 − 1/1024 and b = 1/1024 every chain tends to 1 and
//! stays finite however long it runs.

use super::level::{self, Kernel};
#[cfg(target_arch = "x86_64")]
use super::vector::Vector;

/// Independent chains of multiply-adds in the probe.
pub const CHAINS: usize = 12;
/// The chains' multiplier.
const A: f32 = 1.0 - 1.0 / 1024.0;
/// The chains' addend.
const B: f32 = 1.0 / 1024.0;

/// What [`fma_chains`] did: how many floating-point operations, and the chains' final values summed over
/// chains and lanes (which keeps the work from being optimised away, and lets a test check it).
#[derive(Debug, Clone, Copy)]
pub struct FmaRun {
    /// Floating-point operations done: 2 · lanes · [`CHAINS`] · rounds.
    pub flops: f64,
    /// Σ over chains and lanes of cᵢ after the rounds, chain i starting from i/1024.
    pub total: f64,
}

/// `rounds` rounds of the chains in the vectors the hot loops use; `None` on the portable level (it has no
/// fused multiply-add to count) or off x86-64.
pub fn fma_chains(rounds: usize) -> Option<FmaRun> {
    level::run_widest(Chains(rounds))
}

/// The probe as a [`Kernel`]: `rounds` rounds of the chains.
struct Chains(usize);

impl Kernel for Chains {
    type Output = Option<FmaRun>;

    #[cfg(target_arch = "x86_64")]
    unsafe fn vectors<V: Vector>(self) -> Option<FmaRun> {
        let rounds = std::hint::black_box(self.0);
        let (a, b) = std::hint::black_box((A, B));
        // SAFETY: the caller's contract: the CPU runs V.
        let total = unsafe {
            V::enabled(
                #[inline(always)]
                || {
                    let (a, b) = (V::splat(a), V::splat(b));
                    // distinct starts, so no two chains are the same computation
                    let mut c: [V; CHAINS] = std::array::from_fn(|i| V::splat(i as f32 * B));
                    for _ in 0..rounds {
                        for chain in c.iter_mut() {
                            *chain = chain.mul_add(a, b);
                        }
                    }
                    c.iter().map(|chain| f64::from(chain.sum())).sum::<f64>()
                },
            )
        };
        Some(FmaRun {
            flops: (2 * V::LANES * CHAINS) as f64 * rounds as f64,
            total: std::hint::black_box(total),
        })
    }

    fn portable(self) -> Option<FmaRun> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chains_compute_what_they_count() {
        let Some(run) = fma_chains(1000) else {
            return;
        };
        let lanes = match level::level() {
            level::Level::Avx512 => 16,
            _ => 8,
        };
        assert_eq!(run.flops, (2 * lanes * CHAINS * 1000) as f64);
        let want: f64 = (0..CHAINS)
            .map(|i| {
                let mut c = i as f64 * f64::from(B);
                for _ in 0..1000 {
                    c = c * f64::from(A) + f64::from(B);
                }
                c * lanes as f64
            })
            .sum();
        assert!(
            (run.total - want).abs() < 1e-4 * want,
            "{} vs {want}",
            run.total
        );
    }
}
