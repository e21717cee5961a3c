//! `train --ensemble K`: the run the command trains is member 0 (weight seed s); members 1 … K−1 (seeds
//! s+1 …) train on the same data for the same steps, every member a task of a pool of all the cores. The
//! report gives each member's training loss, the band of their predictions on the view grid (its mean
//! width and the median's RMSE against the target, inside the training interval and beyond it), and the
//! curves for `--csv` (a column per member, then median, low, high).

use crate::nn::Float;
use crate::train::Trainer;
use crate::train::ensemble::{Band, Ensemble, Spread};

/// What the ensemble did, for the JSON line, the text output and the curves file.
pub struct EnsembleReport {
    /// The weight seeds, member 0 first.
    pub seeds: Vec<u64>,
    /// Each member's training loss at its final weights.
    pub train_loss: Vec<f64>,
    /// The members' predictions and their band on the view grid.
    pub band: Band,
    /// The band's width and the median's error, inside and beyond the interval.
    pub spread: Spread,
}

/// Trains members 1 … `members` − 1 of the ensemble whose member 0 is `trainer` (already trained)
/// for `steps` steps on `trainer`'s data, and reports on all of them.
pub fn train_others<T: Float>(
    trainer: &mut Trainer<T>,
    members: usize,
    steps: u64,
) -> Result<EnsembleReport, String> {
    let settings = trainer.settings().run_settings().check()?;
    let mut others = Ensemble::members_from(&settings, 1..members, trainer.data())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(crate::sweep::all_threads())
        .thread_name(|i| format!("approxlab-ensemble-{i}"))
        .build()
        .map_err(|e| format!("cannot start the ensemble's threads: {e}"))?;
    others.advance(trainer.data(), steps, &pool);
    let mut predictions = vec![trainer.view_prediction()];
    let mut train_loss = vec![trainer.evaluate().train];
    let data = trainer.data();
    for run in others.members_mut() {
        predictions.push(run.view_prediction(data));
        train_loss.push(run.evaluate(data).train);
    }
    let band = Band::of(predictions);
    let spread = band.spread_on(trainer.dataset());
    let seed = trainer.settings().seed;
    Ok(EnsembleReport {
        seeds: (0..members as u64).map(|k| seed + k).collect(),
        train_loss,
        band,
        spread,
    })
}

impl EnsembleReport {
    /// The `ensemble` field of the JSON line.
    pub fn json(&self) -> serde_json::Value {
        let finite = |v: f64| v.is_finite().then_some(v);
        let s = &self.spread;
        serde_json::json!({
            "members": self.seeds.len(),
            "seeds": self.seeds,
            "train_loss": self.train_loss.iter().map(|&v| finite(v)).collect::<Vec<_>>(),
            "band_width_inside": s.width_inside.and_then(finite),
            "band_width_outside": s.width_outside.and_then(finite),
            "median_rmse_inside": s.median_rmse_inside.and_then(finite),
            "median_rmse_outside": s.median_rmse_outside.and_then(finite),
        })
    }

    /// One line for the text output: "ensemble of 8 (seeds 42–49): inside: spread 0.01, error 0.002;
    /// outside: spread 0.4, error 2.1".
    pub fn text(&self) -> String {
        let part = |width: Option<f64>, error: Option<f64>| {
            let show = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
            format!("spread {}, error {}", show(width), show(error))
        };
        let s = &self.spread;
        format!(
            "ensemble of {} (weight seeds {} to {}): inside: {}; outside: {} (spread: the band's mean \
             width; error: the median's RMSE against the target)",
            self.seeds.len(),
            self.seeds.first().copied().unwrap_or(0),
            self.seeds.last().copied().unwrap_or(0),
            part(s.width_inside, s.median_rmse_inside),
            part(s.width_outside, s.median_rmse_outside)
        )
    }

    /// The curves file's extra columns: `member_0` …, `median`, `low`, `high`.
    pub fn columns(&self) -> (Vec<String>, Vec<Vec<f64>>) {
        let mut names: Vec<String> = (0..self.band.members.len())
            .map(|k| format!("member_{k}"))
            .collect();
        let mut columns = self.band.members.clone();
        for (name, column) in [
            ("median", &self.band.median),
            ("low", &self.band.low),
            ("high", &self.band.high),
        ] {
            names.push(name.into());
            columns.push(column.clone());
        }
        (names, columns)
    }
}
