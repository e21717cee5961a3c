//! approxlab: watch a small neural network learn y = f(x), live, and pull its strings.
//!
//! The library holds everything but the thin `main`: the network math (`nn`), the data (`data`), the
//! training core (`train`) and the command line (`cli`), so tests and benchmarks reach every part.

pub mod nn;
