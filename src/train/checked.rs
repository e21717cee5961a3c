//! Settings that passed their checks, in a type that can hold nothing else.
//!
//! A value is checked once, where it enters (a window field, a flag, a file): [`RunSettings::check`]
//! is the only way to make a [`CheckedRun`], and the lab's commands and [`super::Run`] take nothing
//! else, so a learning-rate change is checked in the window and never again on the training thread.
//! Data settings travel with the points they sampled, as a [`SampledData`] made only by
//! [`DataSettings::sample`]: a typed f(x) is parsed once and its points drawn once, where it was typed.

use super::settings::RunSettings;
use crate::data::{DataSettings, Dataset};
use std::ops::Deref;

/// Run settings within every limit of [`crate::limits`] (shape, optimizer, seed), Levenberg–Marquardt
/// only with the mse loss and a network of its size. Read through `Deref`; changed only by making a new
/// one with [`RunSettings::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedRun(RunSettings);

impl RunSettings {
    /// These settings, checked ([`RunSettings::validate`]): the form the lab takes them in.
    pub fn check(self) -> Result<CheckedRun, String> {
        self.validate()?;
        Ok(CheckedRun(self))
    }
}

impl CheckedRun {
    /// The settings, to change and check again.
    pub fn into_inner(self) -> RunSettings {
        self.0
    }
}

impl Deref for CheckedRun {
    type Target = RunSettings;

    fn deref(&self) -> &RunSettings {
        &self.0
    }
}

/// Data settings that passed their checks and the points they sampled, made together by
/// [`DataSettings::sample`] and never apart.
#[derive(Debug, Clone)]
pub struct SampledData {
    settings: DataSettings,
    sampled: Dataset,
}

impl DataSettings {
    /// Checks these settings and samples them, or says why they are refused (an expression that does
    /// not read, a function finite nowhere on the interval).
    pub fn sample(self) -> Result<SampledData, String> {
        self.validate()?;
        let sampled = Dataset::generate(&self)?;
        Ok(SampledData {
            settings: self,
            sampled,
        })
    }
}

impl SampledData {
    /// The settings and their points.
    pub fn into_parts(self) -> (DataSettings, Dataset) {
        (self.settings, self.sampled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_valid_settings_become_checked() {
        let good = RunSettings::default();
        assert_eq!(*good.clone().check().unwrap(), good);
        let mut bad = good;
        bad.optim.lr = f64::NAN;
        assert!(bad.check().unwrap_err().contains("learning rate"));
    }

    #[test]
    fn data_are_sampled_only_when_they_pass() {
        let mut data = DataSettings::default();
        let (settings, points) = data.clone().sample().unwrap().into_parts();
        assert_eq!((settings, points.train_x.len()), (data.clone(), 200));
        data.source = crate::data::Source::from_text("sin(");
        assert!(data.sample().is_err());
    }
}
