//! Recovery after the training thread failed: a lab rebuilt from the last snapshot the window was shown
//! (its data settings, and every run's settings, weights and step), so training goes on from what the
//! user saw instead of the window freezing or closing.

use super::Lab;
use crate::train::data::Data;
use crate::train::run::Run;
use crate::train::{SavedLab, Severity};

impl Lab {
    /// A lab rebuilt from a published snapshot after the training thread failed: the same data settings,
    /// every run with its settings, weights and step (optimizer state and history start afresh, with a
    /// mark), playing if it was, and a sentence saying what happened.
    pub fn recovered(snap: &super::Snapshot, failure: &str) -> Result<Self, String> {
        let data = Data::<f32>::generate(&snap.data.settings)?;
        let mut runs = Vec::with_capacity(snap.runs.len());
        for view in &snap.runs {
            let mut state =
                Run::assemble(view.settings.run_settings(), &data, view.mlp.clone())?.state();
            state.step = view.step;
            runs.push(state);
        }
        let saved = SavedLab {
            data_settings: snap.data.settings.clone(),
            dataset: data.dataset.clone(),
            runs,
            prediction: None,
        };
        let first = snap.runs.first().ok_or("the snapshot holds no run")?;
        let mut lab = Self::new(first.settings.clone());
        lab.open(&saved);
        for m in &mut lab.members {
            m.run.mark("recovered".into(), false);
        }
        lab.running = snap.running;
        lab.say(
            Severity::Error,
            format!(
                "the training thread failed ({failure}) and was restarted from the last state shown: \
                 weights and steps kept, optimizer state reset"
            ),
        );
        Ok(lab)
    }
}
