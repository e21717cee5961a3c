//! The training core (no window): settings, the shared data, runs and their loss histories, the one-run
//! trainer of the command line, the live lab the window drives, and the thread it runs on.

mod batcher;
pub mod checked;
pub mod data;
mod describe;
pub mod diagnosis;
pub mod ensemble;
pub mod guess;
pub mod history;
pub mod lab;
pub mod message;
pub mod quality;
pub mod run;
pub mod saved;
pub mod settings;
pub mod snapshot;
pub mod trainer;
pub mod worker;

pub use checked::{CheckedRun, SampledData};
pub use data::Data;
pub use history::{History, LayerNorms, LossRecord, Mark};
pub use lab::{Command, Lab};
pub use message::{Message, Severity};
pub use run::{Change, Curves, Halt, Run, RunState};
pub use saved::SavedLab;
pub use settings::{NetSettings, OptimSettings, RunSettings, Settings};
pub use snapshot::{DataView, RunId, RunView, Snapshot};
pub use trainer::Trainer;
pub use worker::Worker;
