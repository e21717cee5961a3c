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
    /// The fit the learner predicted, kept by the window (the lab itself never reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction: Option<super::guess::Prediction>,
}

impl SavedLab {
    /// The shared data value and the runs, read back; refused with the run and the reason.
    pub fn restore<T: Float>(&self) -> Result<Restored<T>, String> {
        if self.runs.is_empty() {
            return Err("it holds no run".into());
        }
        self.data_settings.validate()?;
        self.check_dataset()?;
        let data = Data::from_dataset(self.dataset.clone());
        if data.points.train_x.is_empty() {
            return Err("its data hold no training point".into());
        }
        let runs = self
            .runs
            .iter()
            .enumerate()
            .map(|(i, state)| {
                Run::restore(state.clone(), &data).map_err(|e| format!("run {}: {e}", i + 1))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok((data, runs))
    }

    /// The saved points: as many x as y, every value finite, and points given by the user (not drawn
    /// from a function) within the range a points file may hold.
    fn check_dataset(&self) -> Result<(), String> {
        let d = &self.dataset;
        let given = matches!(self.data_settings.source, crate::data::Source::Points(_));
        for (xs, ys, what) in [
            (&d.train_x, &d.train_y, "training"),
            (&d.val_x, &d.val_y, "validation"),
        ] {
            if xs.len() != ys.len() {
                return Err(format!(
                    "its {what} data hold {} x and {} y values",
                    xs.len(),
                    ys.len()
                ));
            }
            for (name, values) in [("x", xs), ("y", ys)] {
                let range = crate::limits::POINT_VALUE.named(name);
                for (i, &v) in values.iter().enumerate() {
                    if !v.is_finite() {
                        return Err(format!(
                            "{what} point {}: {name} is not a finite number",
                            i + 1
                        ));
                    }
                    if given {
                        range
                            .check(v)
                            .map_err(|refusal| format!("{what} point {}: {refusal}", i + 1))?;
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::data::Source;
    use crate::train::{Settings, Trainer};

    fn saved_with_points() -> super::SavedLab {
        let mut s = Settings::default();
        s.data.source = Source::Points(vec![[0.0, 1.0], [1.0, 2.0], [2.0, 0.5]].into());
        s.net.width = 3;
        Trainer::<f32>::new(s).unwrap().saved()
    }

    #[test]
    fn saved_points_out_of_range_or_unpaired_are_refused_with_the_point() {
        assert!(saved_with_points().restore::<f32>().is_ok());
        let mut huge = saved_with_points();
        huge.dataset.train_y[1] = 1e300;
        assert_eq!(
            huge.restore::<f32>().err().as_deref(),
            Some("training point 2: y must be between -1e6 and 1e6 (got 1e300)")
        );
        let mut unpaired = saved_with_points();
        unpaired.dataset.train_x.pop();
        assert_eq!(
            unpaired.restore::<f32>().err().as_deref(),
            Some("its training data hold 2 x and 3 y values")
        );
        let mut nan = saved_with_points();
        nan.dataset.train_x[0] = f64::NAN;
        assert_eq!(
            nan.restore::<f32>().err().as_deref(),
            Some("training point 1: x is not a finite number")
        );
    }
}
