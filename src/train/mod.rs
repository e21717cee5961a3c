//! The training core (no window): settings, the trainer and its loss history, the live session the window
//! drives, and the thread it runs on.

mod batcher;
mod describe;
pub mod history;
pub mod session;
pub mod settings;
pub mod snapshot;
pub mod trainer;
pub mod worker;

pub use history::{History, LossRecord};
pub use session::{Command, Message, Session, Severity};
pub use settings::{NetSettings, OptimSettings, Settings};
pub use snapshot::Snapshot;
pub use trainer::{Change, Curves, Halt, Trainer};
pub use worker::Worker;
