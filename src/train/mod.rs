//! The training core (no window): settings, the trainer and its loss history, the live session the window
//! drives, and the thread it runs on.

pub mod history;
pub mod session;
pub mod settings;
pub mod trainer;
pub mod worker;

pub use history::{History, LossRecord};
pub use session::{Command, Message, Session, Severity, Snapshot};
pub use settings::{NetSettings, OptimSettings, Settings};
pub use trainer::{Change, Curves, Halt, Trainer};
pub use worker::Worker;
