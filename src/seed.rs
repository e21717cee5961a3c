//! One user-visible seed drives every random choice; each use (data, weights, shuffling) draws from its own
//! stream so that, say, changing the noise does not change the initial weights.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// The random streams derived from one seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Sampling positions, noise and the validation split.
    Data,
    /// Initial weights.
    Weights,
    /// Mini-batch shuffling.
    Shuffle,
    /// The random directions of a loss landscape.
    Landscape,
}

/// A portable generator (Xoshiro256++, the same sequence on every platform) for one stream of `seed`.
pub fn rng(seed: u64, stream: Stream) -> Xoshiro256PlusPlus {
    let salt: u64 = match stream {
        Stream::Data => 0x0D47_A000,
        Stream::Weights => 0x3E16_7500,
        Stream::Shuffle => 0x5A0F_F1E0,
        Stream::Landscape => 0x1A4D_5CA9,
    };
    Xoshiro256PlusPlus::seed_from_u64(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}
