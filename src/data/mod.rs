//! The data side: target functions and the datasets sampled from them.

pub mod dataset;
pub mod target;

pub use dataset::{DataSettings, Dataset, Interval, Sampling};
pub use target::Target;
