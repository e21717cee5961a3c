//! approxlab: watch a small neural network learn y = f(x), live, and pull its strings.
//!
//! The library holds everything but the thin `main`: the network math (`nn`), the data (`data`), the
//! training core (`train`), sweeps and loss landscapes on every core (`sweep`), the article's tour (`tour`), the files it reads and writes
//! (`files`) and the command line (`cli`), so tests and benchmarks reach every part; `cache_lines` is the allocator
//! `main` installs.

pub mod app;
pub mod cache_lines;
pub mod cli;
pub mod data;
pub mod files;
pub mod limits;
mod named;
pub mod nn;
pub mod seed;
pub mod sweep;
pub mod tour;
pub mod train;
