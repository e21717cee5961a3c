//! The tour: the article's experiments as presets, in its order — one home for the window's tour bar, the
//! command line (`approxlab presets`, `train --preset`, `--preset`) and the claim tests. Each preset has a
//! name, a title, a few sentences of what to look for, its runs (the first is the base; the others are
//! compared from the same initial weights where the shapes agree), the steps per frame to watch it at and
//! the steps its claim is checked after. Every setting is written out (glorot_uniform and zero biases as
//! Keras draws them, the optimizer, MSE); one difference from Keras's `fit` is kept on purpose: a step
//! here is one update on the full batch, not a mini-batch of 32, so the curves show the optimizer and not
//! the shuffling (the `mini-batches` step shows the difference).

mod later;
mod steps;

pub use later::{OUTLIERS, sine_with_outliers};

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
    /// What the learner is asked to predict by drawing, before the step trains (None: nothing asked).
    pub question: Option<&'static str>,
    /// The runs: the first is the base, the others are compared with it.
    pub runs: Vec<Settings>,
    /// Steps per frame in the window, slow enough to watch.
    pub steps_per_frame: u32,
    /// Steps the command line and the claim test train.
    pub steps: u64,
    /// A sweep the step shows (the width experiment, bias and variance).
    pub sweep: Option<TourSweep>,
}

/// A sweep a step of the tour shows beside its runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TourSweep {
    /// The parameter swept.
    pub param: SweepParam,
    /// Its values, as the sweep window takes them ("1,2,4").
    pub values: &'static str,
    /// Seeds per value.
    pub seeds: usize,
    /// Whether each seed also draws new data (new noise): the spread between draws is the variance.
    pub vary_data_seed: bool,
}

/// Every step, in the tour's order.
pub fn presets() -> Vec<Preset> {
    let mut all = steps::article();
    all.extend(later::later());
    all
}

/// How many of the first steps follow the article itself; the rest come from the notes after it.
pub fn article_steps() -> usize {
    steps::article().len()
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
        let sweep = self.sweep?;
        let base = self.runs.first()?.clone();
        Some(
            crate::sweep::parse_values(sweep.param, sweep.values).map(|values| SweepPlan {
                base,
                axes: vec![(sweep.param, values)],
                seeds: sweep.seeds,
                vary_data_seed: sweep.vary_data_seed,
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
        assert!(all.len() >= 22);
        let mut names: Vec<&str> = all.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "names are unique");
        for p in &all {
            let sentences = p.text.matches(". ").count() + 1;
            assert!(
                (2..=7).contains(&sentences),
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
