//! An ensemble: K runs of the same settings and data whose weights are drawn from the seeds s, s+1, …,
//! s+K−1, trained in lockstep on a thread pool (every member its own task; each is exactly the run a
//! single training of its seed makes, on any number of threads). Where the members disagree is the
//! ensemble's estimate of its own uncertainty: at each x of the view grid the band [min, max] of their
//! predictions and its median. Far from the data the band's width is usually much smaller than the
//! median's error — the known failure of ensembles as error bars ("Deeply Uncertain", arXiv 1801.06843).

use super::checked::CheckedRun;
use super::data::Data;
use super::run::Run;
use crate::data::{Dataset, Interval};
use crate::limits::Limit;
use crate::nn::Float;
use rayon::prelude::*;

/// Members of an ensemble ("Seeds ×K", `train --ensemble K`).
pub const MEMBERS: Limit = Limit::new("ensemble members", 2.0, 32.0);

/// See the module doc.
#[derive(Debug, Clone)]
pub struct Ensemble<T: Float> {
    runs: Vec<Run<T>>,
}

/// The members' predictions on the view grid, and their median, minimum and maximum at each x.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    /// One prediction per member, on the view grid.
    pub members: Vec<Vec<f64>>,
    /// The median at each x (the mean of the two middle values for an even count).
    pub median: Vec<f64>,
    /// The smallest member at each x.
    pub low: Vec<f64>,
    /// The largest member at each x.
    pub high: Vec<f64>,
}

/// How wide the band is and how far its median is from the target, inside the training interval and
/// beyond it, averaged over the view grid (None where there is no grid point, or no known target).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spread {
    /// Mean of high − low over the grid points inside the training interval.
    pub width_inside: Option<f64>,
    /// The same beyond the interval.
    pub width_outside: Option<f64>,
    /// RMSE of the median against the target inside the interval.
    pub median_rmse_inside: Option<f64>,
    /// The same beyond the interval.
    pub median_rmse_outside: Option<f64>,
}

/// The median, minimum and maximum of the members' training loss at one recorded step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossBand {
    /// The step (member 0's record).
    pub step: u64,
    /// Wall-clock seconds of member 0 at that step.
    pub seconds: f64,
    /// The median training loss of the members recorded at that step.
    pub median: f64,
    /// The smallest.
    pub low: f64,
    /// The largest.
    pub high: f64,
}

/// The settings of member `k`: `settings` with the weights' seed moved on by `k`, checked (a seed past
/// the largest allowed is refused).
pub fn member_settings(settings: &CheckedRun, k: usize) -> Result<CheckedRun, String> {
    let mut s = (**settings).clone();
    s.seed = s
        .seed
        .checked_add(k as u64)
        .ok_or("the ensemble's seeds run past the largest seed")?;
    s.check()
        .map_err(|e| format!("member {k} of the ensemble: {e}"))
}

impl<T: Float> Ensemble<T> {
    /// `members` runs of `settings` on `data`, member k with weight seed s + k; refused (with the range)
    /// for a count outside [`MEMBERS`].
    pub fn new(settings: &CheckedRun, members: usize, data: &Data<T>) -> Result<Self, String> {
        MEMBERS.check(members as f64)?;
        Self::members_from(settings, 0..members, data)
    }

    /// The members `ks` of an ensemble of `settings` (member k with weight seed s + k) on `data`: the
    /// rest of an ensemble whose member 0 is trained elsewhere (the command line's run).
    pub fn members_from(
        settings: &CheckedRun,
        ks: std::ops::Range<usize>,
        data: &Data<T>,
    ) -> Result<Self, String> {
        let runs = ks
            .map(|k| Ok(Run::new(member_settings(settings, k)?, data)))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Self { runs })
    }

    /// An ensemble of runs already made (a session file's); at least one.
    pub fn from_runs(runs: Vec<Run<T>>) -> Self {
        Self { runs }
    }

    /// The members, member 0 (seed s) first.
    pub fn members(&self) -> &[Run<T>] {
        &self.runs
    }

    /// The members, to edit them together.
    pub fn members_mut(&mut self) -> &mut [Run<T>] {
        &mut self.runs
    }

    /// Takes the members out.
    pub fn into_runs(self) -> Vec<Run<T>> {
        self.runs
    }

    /// Runs up to `n` steps of every member, each member a task of `pool`; a member that halts stops
    /// alone. Returns the most steps any member took.
    pub fn advance(&mut self, data: &Data<T>, n: u64, pool: &rayon::ThreadPool) -> u64 {
        pool.install(|| {
            self.runs
                .par_iter_mut()
                .with_max_len(1)
                .map(|run| run.advance(data, n))
                .max()
                .unwrap_or(0)
        })
    }

    /// Every member's prediction on the view grid, with their median and range.
    pub fn band(&mut self, data: &Data<T>) -> Band {
        Band::of(
            self.runs
                .iter_mut()
                .map(|r| r.view_prediction(data))
                .collect(),
        )
    }

    /// The members' training loss at each of member 0's recorded steps: see [`loss_band`].
    pub fn loss_band(&self) -> Vec<LossBand> {
        match self.runs.split_first() {
            Some((first, others)) => loss_band(first, others),
            None => Vec::new(),
        }
    }
}

/// What the window draws of an ensemble: its seeds, the band of its predictions with its spread, and
/// the band of its losses.
#[derive(Debug, Clone, PartialEq)]
pub struct EnsembleView {
    /// The weight seeds, member 0 first.
    pub seeds: Vec<u64>,
    /// The members' predictions on the view grid and their band.
    pub band: Band,
    /// The band's width and the median's error, inside and beyond the interval.
    pub spread: Spread,
    /// The band of the members' training losses over the recorded steps.
    pub losses: Vec<LossBand>,
}

/// The training loss of `first` and `others` at each of `first`'s recorded steps: median, minimum and
/// maximum over the members that recorded that step (a member that halted earlier drops out).
pub fn loss_band<T: Float>(first: &Run<T>, others: &[Run<T>]) -> Vec<LossBand> {
    first
        .history()
        .records()
        .iter()
        .map(|r| {
            let mut losses = vec![r.train];
            for other in others {
                let records = other.history().records();
                let at = records.partition_point(|o| o.step < r.step);
                if let Some(o) = records.get(at).filter(|o| o.step == r.step) {
                    losses.push(o.train);
                }
            }
            let (median, low, high) = median_and_range(&mut losses);
            LossBand {
                step: r.step,
                seconds: r.seconds,
                median,
                low,
                high,
            }
        })
        .collect()
}

/// The median (the mean of the two middle values for an even count), minimum and maximum of `values`
/// (sorted in place; NaN sorts last).
fn median_and_range(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        0.5 * (values[n / 2 - 1] + values[n / 2])
    };
    (median, values[0], values[n - 1])
}

impl Band {
    /// The band of these member predictions (all on one grid).
    pub fn of(members: Vec<Vec<f64>>) -> Self {
        let n = members.first().map_or(0, Vec::len);
        let mut column = Vec::with_capacity(members.len());
        let (mut median, mut low, mut high) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for i in 0..n {
            column.clear();
            column.extend(members.iter().map(|m| m[i]));
            let (m, lo, hi) = median_and_range(&mut column);
            median.push(m);
            low.push(lo);
            high.push(hi);
        }
        Self {
            members,
            median,
            low,
            high,
        }
    }

    /// The band's mean width and the median's RMSE against the target, inside `domain` and beyond it,
    /// over the grid `x` with the target `target` on it.
    pub fn spread(&self, x: &[f64], target: Option<&[f64]>, domain: Interval) -> Spread {
        let mean = |inside: bool, value: &dyn Fn(usize) -> f64| {
            let picked: Vec<f64> = (0..x.len().min(self.median.len()))
                .filter(|&i| domain.contains(x[i]) == inside)
                .map(value)
                .collect();
            (!picked.is_empty()).then(|| picked.iter().sum::<f64>() / picked.len() as f64)
        };
        let width = |i: usize| self.high[i] - self.low[i];
        let rmse = |inside: bool| {
            let y = target?;
            mean(inside, &|i| (self.median[i] - y[i]).powi(2)).map(f64::sqrt)
        };
        Spread {
            width_inside: mean(true, &width),
            width_outside: mean(false, &width),
            median_rmse_inside: rmse(true),
            median_rmse_outside: rmse(false),
        }
    }

    /// [`Band::spread`] on a dataset's view grid and target.
    pub fn spread_on(&self, d: &Dataset) -> Spread {
        self.spread(&d.view_x, d.view_y.as_deref(), d.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_range_of_odd_and_even_counts() {
        assert_eq!(median_and_range(&mut [3.0, 1.0, 2.0]), (2.0, 1.0, 3.0));
        assert_eq!(median_and_range(&mut [4.0, 1.0, 2.0, 3.0]), (2.5, 1.0, 4.0));
    }

    #[test]
    fn the_band_spans_the_members_and_its_spread_splits_at_the_interval() {
        let band = Band::of(vec![
            vec![0.0, 1.0, 5.0],
            vec![2.0, 1.0, 1.0],
            vec![1.0, 4.0, 3.0],
        ]);
        assert_eq!(band.median, [1.0, 1.0, 3.0]);
        assert_eq!(band.low, [0.0, 1.0, 1.0]);
        assert_eq!(band.high, [2.0, 4.0, 5.0]);
        let spread = band.spread(
            &[-2.0, 0.0, 2.0],
            Some(&[1.0, 1.0, 0.0]),
            Interval::new(-1.0, 1.0),
        );
        assert_eq!(spread.width_inside, Some(3.0));
        assert_eq!(spread.width_outside, Some(3.0));
        assert_eq!(spread.median_rmse_inside, Some(0.0));
        assert_eq!(spread.median_rmse_outside, Some((9.0f64 / 2.0).sqrt()));
        assert_eq!(
            band.spread(&[0.0], None, Interval::new(-1.0, 1.0))
                .median_rmse_inside,
            None
        );
    }
}
