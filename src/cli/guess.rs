//! `train --guess FILE.csv`: the learner's guess of the fit, as (x, y) points, scored against the trained
//! network and the target on the view grid (the numbers the window shows under the fit).

use super::Failure;
use crate::nn::Float;
use crate::train::Trainer;
use crate::train::guess::{Guess, GuessScore, answer};
use std::path::Path;

/// A guess read from a file, checked to cover the run's view.
pub struct GuessFile {
    /// The guess, linear between the file's points.
    guess: Guess,
}

/// The scores of a guess against one trained run, and its biggest miss in words.
pub struct GuessReport {
    /// The numbers.
    pub score: GuessScore,
    /// "biggest miss at x = 5.2: you drew it rising; …".
    pub miss: String,
}

impl GuessFile {
    /// Reads the (x, y) CSV at `path` (the reader of imported points) for `trainer`'s view; one sentence
    /// when the file does not read or its points cover no point of the view grid.
    pub fn load<T: Float>(path: &Path, trainer: &Trainer<T>) -> Result<Self, Failure> {
        let bad = |e: String| Failure::BadInput(format!("--guess {}: {e}", path.display()));
        let points = crate::data::csv_points::load_points(path, None).map_err(bad)?;
        let guess = Guess::through(&points);
        let view = &trainer.dataset().view_x;
        if !view.iter().any(|&x| guess.at(x).is_some()) {
            let (lo, hi) = (view.first().copied(), view.last().copied());
            return Err(bad(format!(
                "its points cover no point of the view [{}, {}]: give x values inside it",
                lo.unwrap_or(f64::NAN),
                hi.unwrap_or(f64::NAN)
            )));
        }
        Ok(Self { guess })
    }

    /// The guess against `trainer`'s prediction now (and its target).
    pub fn report<T: Float>(&self, trainer: &mut Trainer<T>) -> Option<GuessReport> {
        let prediction = trainer.view_prediction();
        let (d, activation) = (trainer.dataset(), trainer.settings().net.activation);
        let target = d.view_y.as_deref();
        let (score, miss) = answer(
            &self.guess,
            &d.view_x,
            &prediction,
            target,
            d.domain,
            activation,
        )?;
        Some(GuessReport { score, miss })
    }
}

impl GuessReport {
    /// The JSON fields `train --json` gains.
    pub fn add_to(&self, line: &mut serde_json::Value) {
        let s = &self.score;
        let fields = [
            ("guess_rmse_inside", s.rmse_inside),
            ("guess_rmse_outside", s.rmse_outside),
            ("guess_max_gap", Some(s.max_gap)),
            ("guess_max_gap_x", Some(s.max_gap_x)),
            ("guess_vs_target_rmse_inside", s.vs_target_rmse_inside),
            ("guess_vs_target_rmse_outside", s.vs_target_rmse_outside),
        ];
        for (key, value) in fields {
            line[key] = value.into();
        }
        line["guess_points_scored"] = s.scored.into();
        line["guess_points_left_out"] = s.left_out.into();
        line["guess_miss"] = self.miss.clone().into();
    }

    /// The text output's lines: the scores and the biggest miss.
    pub fn text(&self) -> String {
        let s = &self.score;
        let num = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
        let mut text = format!(
            "your guess against the network: RMSE inside {}, outside {}, largest gap {:.3} at x = {:.2}",
            num(s.rmse_inside),
            num(s.rmse_outside),
            s.max_gap,
            s.max_gap_x
        );
        if s.vs_target_rmse_inside.is_some() || s.vs_target_rmse_outside.is_some() {
            text += &format!(
                "; against the target: RMSE inside {}, outside {}",
                num(s.vs_target_rmse_inside),
                num(s.vs_target_rmse_outside)
            );
        }
        if s.left_out > 0 {
            text += &format!(
                " ({} of {} view points lie beyond the guess's ends and are left out)",
                s.left_out,
                s.left_out + s.scored
            );
        }
        format!("{text}\n{}", self.miss)
    }
}
