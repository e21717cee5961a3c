//! The training core (no thread, no window): settings, the trainer and its loss history.

pub mod history;
pub mod settings;
pub mod trainer;

pub use history::{History, LossRecord};
pub use settings::{NetSettings, OptimSettings, Settings};
pub use trainer::{Change, Curves, Halt, Trainer};
