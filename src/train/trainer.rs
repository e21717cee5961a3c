//! One run on its own data, for the command line, the benchmark and tests: the same [`Run`] the live lab
//! drives, holding its data and their settings itself. Applying settings whose data differ builds the
//! new data first.

use super::data::Data;
use super::history::{History, LossRecord};
use super::run::{Change, Curves, Halt, Run};
use super::settings::Settings;
use crate::data::Dataset;
use crate::nn::{Float, Mlp};
use std::sync::Arc;

/// A run and its data; see the module doc.
#[derive(Debug, Clone)]
pub struct Trainer<T: Float> {
    data: Arc<Data<T>>,
    run: Run<T>,
    /// The experiment in force: the data's settings and the run's, kept equal to `run.settings()`.
    settings: Settings,
}

impl<T: Float> Trainer<T> {
    /// A trainer for `settings`: data sampled from the data seed, weights drawn from the weights' seed.
    /// Refuses invalid settings.
    pub fn new(settings: Settings) -> Result<Self, String> {
        settings.data.validate()?;
        let run = settings.run_settings().check()?;
        let data = Data::generate(&settings.data)?;
        let run = Run::new(run, &data);
        Ok(Self::holding(data, run, settings.data))
    }

    /// A trainer for given data and a given network (a loaded model, the benchmark's fixed weights); the
    /// network's shape overrides `settings.net`. Refuses invalid data or optimizer settings.
    pub fn assemble(settings: Settings, dataset: Dataset, mlp: Mlp<T>) -> Result<Self, String> {
        let data = Data::from_dataset(dataset);
        let run = Run::assemble(settings.run_settings(), &data, mlp)?;
        Ok(Self::holding(data, run, settings.data))
    }

    fn holding(data: Arc<Data<T>>, run: Run<T>, data_settings: crate::data::DataSettings) -> Self {
        let settings = run.settings().clone().with_data(data_settings);
        Self {
            data,
            run,
            settings,
        }
    }

    /// The run and its data written down (a session file of one run).
    pub fn saved(&self) -> super::SavedLab {
        super::SavedLab {
            data_settings: self.settings.data.clone(),
            dataset: self.data.dataset.clone(),
            runs: vec![self.run.state()],
            prediction: None,
        }
    }

    /// The first run of a saved lab, on its data, ready to train on exactly where it stopped.
    pub fn from_saved(saved: &super::SavedLab) -> Result<Self, String> {
        let (data, runs) = saved.restore::<T>()?;
        let run = runs.into_iter().next().ok_or("it holds no run")?;
        Ok(Self::holding(data, run, saved.data_settings.clone()))
    }

    /// Back to the initial weights, step 0: a run from here repeats the original one exactly.
    pub fn reset(&mut self) {
        self.run.reset(&self.data);
    }

    /// Applies new settings: a new shape, init or seed re-initialises (step 0); anything else keeps the
    /// weights, new data included. Invalid settings are refused and nothing changes.
    pub fn apply(&mut self, next: Settings) -> Result<Change, String> {
        if self.settings.reinitialises(&next) {
            *self = Self::new(next)?;
            return Ok(Change::Reinitialised);
        }
        // the data are checked by `Data::generate` when they changed, after what the run owns
        let run_settings = next.run_settings().check()?;
        let data_changed = next.data != self.settings.data;
        if data_changed {
            self.data = Data::generate(&next.data)?;
            self.run.set_data(&self.data);
        }
        let change = self.run.apply(run_settings, &self.data, false)?;
        self.settings = self.run.settings().clone().with_data(next.data);
        match change {
            Change::Unchanged if data_changed => Ok(Change::KeptWeights),
            change => Ok(change),
        }
    }

    /// Runs up to `n` steps; stops early on divergence or convergence. Returns the steps taken.
    pub fn advance(&mut self, n: u64) -> u64 {
        self.run.advance(&self.data, n)
    }

    /// Losses of the current weights on the training, validation and outside points.
    pub fn evaluate(&mut self) -> LossRecord {
        self.run.evaluate(&self.data)
    }

    /// Predictions on the view grid.
    pub fn view_prediction(&mut self) -> Vec<f64> {
        self.run.view_prediction(&self.data)
    }

    /// Prediction, each last-hidden-layer neuron's contribution and the output bias on the view grid.
    pub fn curves(&mut self) -> Curves {
        self.run.curves(&self.data)
    }

    /// The Frobenius norm of each Dense layer's kernel gradient of the training loss (weight decay
    /// included) over every training point at the current weights, input side first.
    pub fn grad_norms(&self) -> Vec<f64> {
        let (points, o) = (&self.data.points, &self.settings.optim);
        crate::nn::gradients::gradient_norms(
            self.run.mlp(),
            &points.train_x,
            &points.train_y,
            o.loss,
            T::from_f64(o.weight_decay),
        )
    }

    /// The breakpoints of the prediction strictly inside the view (exact; see `nn::pieces`), None when
    /// an activation is smooth.
    pub fn breakpoints(&self) -> Option<Vec<crate::nn::pieces::Breakpoint>> {
        let view = self.data.dataset.view;
        crate::nn::pieces::breakpoints(self.run.mlp(), view.lo, view.hi)
    }

    /// What the run is doing, in words (the window's diagnosis of the same run, computed the same way).
    pub fn diagnosis(&mut self) -> super::diagnosis::Diagnosis {
        self.with_evidence(super::diagnosis::diagnose)
    }

    /// Hands `f` what the diagnosis reads of this run now (the benchmark times the rules on it).
    pub fn with_evidence<R>(&mut self, f: impl FnOnce(&super::diagnosis::Evidence<'_>) -> R) -> R {
        let prediction = self.run.view_prediction(&self.data);
        let d = &self.data.dataset;
        let quality =
            super::quality::fit_quality(&d.view_x, d.view_y.as_deref(), &prediction, d.domain);
        let idle = crate::nn::explain::idle_neurons(self.run.mlp(), &d.train_x);
        let noise = self.settings.data.noise;
        f(&super::diagnosis::evidence(
            &self.run, &self.data, noise, quality, &idle,
        ))
    }

    /// Lifts a divergence halt so training goes on from the restored weights; true if there was one.
    pub fn resume(&mut self) -> bool {
        self.run.resume()
    }

    /// The settings in force (with `net` describing the actual network).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The data as trained on (its points in the training precision): an ensemble's other members
    /// train on the same.
    pub fn data(&self) -> &Data<T> {
        &self.data
    }

    /// The data.
    pub fn dataset(&self) -> &Dataset {
        &self.data.dataset
    }

    /// The network as it is now.
    pub fn mlp(&self) -> &Mlp<T> {
        self.run.mlp()
    }

    /// The network it started from (Reset returns to it).
    pub fn initial_mlp(&self) -> &Mlp<T> {
        self.run.initial_mlp()
    }

    /// The loss of the batch the last step trained on, before its update; NaN before the first step.
    pub fn last_loss(&self) -> f64 {
        self.run.last_loss()
    }

    /// Updates applied so far.
    pub fn step(&self) -> u64 {
        self.run.step()
    }

    /// The loss history.
    pub fn history(&self) -> &History {
        self.run.history()
    }

    /// Why training stopped by itself, if it did.
    pub fn halt(&self) -> Option<Halt> {
        self.run.halt()
    }
}
