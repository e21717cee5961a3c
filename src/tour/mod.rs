//! The tour: the article's experiments as presets, in its order — one home for the window's tour bar, the
//! command line (`approxlab presets`, `train --preset`, `--preset`) and the claim tests. Each preset has a
//! name, a title, a few sentences of what to look for, its runs (the first is the base; the others are
//! compared from the same initial weights where the shapes agree), the steps per frame to watch it at and
//! the steps its claim is checked after. Every setting the article leaves to Keras's defaults is written
//! out (SGD, glorot_uniform, zero biases, MSE).

mod steps;

use crate::sweep::{SweepParam, SweepPlan};
use crate::train::{SavedLab, Settings, Trainer};

/// One step of the tour.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// Its name on the command line.
    pub name: &'static str,
    /// Its title in the tour bar.
    pub title: &'static str,
    /// What to look for, in two to five sentences.
    pub text: &'static str,
    /// The runs: the first is the base, the others are compared with it.
    pub runs: Vec<Settings>,
    /// Steps per frame in the window, slow enough to watch.
    pub steps_per_frame: u32,
    /// Steps the command line and the claim test train.
    pub steps: u64,
    /// A sweep the step shows (the width experiment): the parameter, its values, seeds.
    pub sweep: Option<(SweepParam, &'static str, usize)>,
}

/// Every step, in the tour's order.
pub fn presets() -> Vec<Preset> {
    steps::all()
}

/// The step called `name`, or a sentence listing the names.
pub fn find(name: &str) -> Result<Preset, String> {
    let all = presets();
    let names: Vec<&str> = all.iter().map(|p| p.name).collect();
    all.iter().find(|p| p.name == name).cloned().ok_or_else(|| {
        format!(
            "no preset '{name}' (approxlab presets lists them: {})",
            names.join(", ")
        )
    })
}

impl Preset {
    /// The sweep this step shows (the width experiment), planned from its first run; None for the others.
    pub fn sweep_plan(&self) -> Option<Result<SweepPlan, String>> {
        let (param, values, seeds) = self.sweep?;
        let base = self.runs.first()?.clone();
        Some(
            crate::sweep::parse_values(param, values).map(|values| SweepPlan {
                base,
                axes: vec![(param, values)],
                seeds,
                vary_data_seed: false,
                steps: self.steps,
            }),
        )
    }

    /// The lab this step starts from: its data and every run at step 0, written down as a session
    /// (the window opens it; runs of one shape and seed start from the same weights).
    pub fn lab(&self) -> Result<SavedLab, String> {
        let first = self.runs.first().ok_or("a preset needs a run")?;
        let mut saved = Trainer::<f32>::new(first.clone())?.saved();
        for settings in &self.runs[1..] {
            let mut run = Trainer::<f32>::new(settings.clone())?.saved();
            saved.runs.append(&mut run.runs);
        }
        saved.restore::<f32>()?;
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_named_once_and_opens_as_a_lab() {
        let all = presets();
        assert!(all.len() >= 16);
        let mut names: Vec<&str> = all.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "names are unique");
        for p in &all {
            let sentences = p.text.matches(". ").count() + 1;
            assert!(
                (2..=6).contains(&sentences),
                "{}: {sentences} sentences",
                p.name
            );
            assert!(!p.runs.is_empty() && p.runs.len() <= crate::train::lab::MAX_RUNS);
            for s in &p.runs {
                s.validate().unwrap_or_else(|e| panic!("{}: {e}", p.name));
                assert_eq!(
                    s.data, p.runs[0].data,
                    "{}: the runs share their data",
                    p.name
                );
            }
            let lab = p.lab().unwrap();
            assert_eq!(lab.runs.len(), p.runs.len());
        }
        assert!(find("nope").unwrap_err().contains("one-neuron-line"));
    }
}
