//! The lab written down, for a session file: the data settings and the data themselves, and every run's
//! full state (`run::RunState`), so opening it resumes exactly. The file format (versioned JSON) is
//! read and written in `files::session`.

use super::data::Data;
use super::run::{Run, RunState};
use crate::data::{DataSettings, Dataset};
use crate::nn::Float;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The shared data and the runs of a saved lab, read back.
pub type Restored<T> = (Arc<Data<T>>, Vec<Run<T>>);

/// See the module doc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedLab {
    /// Where the data come from.
    pub data_settings: DataSettings,
    /// The data as trained on (given points are never regenerated).
    pub dataset: Dataset,
    /// Every run, in order (at least one).
    pub runs: Vec<RunState>,
}

impl SavedLab {
    /// The shared data value and the runs, read back; refused with the run and the reason.
    pub fn restore<T: Float>(&self) -> Result<Restored<T>, String> {
        if self.runs.is_empty() {
            return Err("it holds no run".into());
        }
        self.data_settings.validate()?;
        let data = Data::from_dataset(self.dataset.clone());
        if data.points.train_x.is_empty() {
            return Err("its data hold no training point".into());
        }
        let runs = self
            .runs
            .iter()
            .enumerate()
            .map(|(i, state)| {
                let mut state = state.clone();
                state.settings.data = self.data_settings.clone();
                Run::restore(state, &data).map_err(|e| format!("run {}: {e}", i + 1))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok((data, runs))
    }
}
