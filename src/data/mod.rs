//! The data side: target functions and the datasets sampled from them.

pub mod dataset;
pub mod expression;
pub mod target;

pub use dataset::{DataSettings, Dataset, Interval, Sampling};
pub use expression::{Expression, ExpressionError};
pub use target::Target;
