//! The data side: where data come from (preset targets, typed expressions, given points, CSV files) and
//! the datasets made from them.

pub mod csv_points;
pub mod dataset;
pub mod expression;
pub mod given;
pub mod settings;
pub mod source;
pub mod target;
pub mod typed;

pub use dataset::{DataSettings, Dataset, Interval, Sampling};
pub use expression::{Expression, ExpressionError};
pub use given::GivenPoints;
pub use source::Source;
pub use target::Target;
pub use typed::TypedFunction;
