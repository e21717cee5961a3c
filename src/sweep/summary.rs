//! A sweep read per grid point: the median, min and max over the seeds of the final training, validation
//! and outside losses and of the linear pieces (for piecewise-linear units), and how many seeds diverged. For a learning-rate sweep, the three zones every guide
//! to the learning rate describes, read from the results: too large (a seed diverged, or the loss ended
//! no lower than it started, or above the good zone), good (from the smallest to the largest rate whose
//! median came down at least 3/4 of the decades the best one came down from the start), too small
//! (below the good zone: the loss is still crawling down when the steps run out).

use super::CellResult;

/// Median, min and max of one loss over the seeds (NaN when no seed has it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// The median (the mean of the middle two for an even count).
    pub median: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

impl Stats {
    /// The stats of the finite values in `values`.
    pub fn of(values: impl Iterator<Item = f64>) -> Self {
        let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return Self {
                median: f64::NAN,
                min: f64::NAN,
                max: f64::NAN,
            };
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            0.5 * (v[n / 2 - 1] + v[n / 2])
        };
        Self {
            median,
            min: v[0],
            max: v[n - 1],
        }
    }
}

/// One grid point of a sweep, over its seeds.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueSummary {
    /// The parameters' values.
    pub values: Vec<f64>,
    /// Seeds trained.
    pub seeds: usize,
    /// Seeds that diverged.
    pub diverged: usize,
    /// The training loss before the first step.
    pub initial_train: Stats,
    /// Final training loss.
    pub train: Stats,
    /// Final validation loss.
    pub validation: Stats,
    /// Final loss outside the training interval.
    pub outside: Stats,
    /// Linear pieces of the final prediction over the view (NaN for smooth activations).
    pub pieces: Stats,
    /// The most pieces the architecture can make (the largest over the seeds; None when smooth).
    pub pieces_bound: Option<u64>,
}

/// The results grouped by grid point, in the order they first appear.
pub fn summarise(results: &[CellResult]) -> Vec<ValueSummary> {
    let mut groups: Vec<(Vec<f64>, Vec<&CellResult>)> = Vec::new();
    for r in results {
        match groups.iter_mut().find(|(v, _)| *v == r.values) {
            Some((_, members)) => members.push(r),
            None => groups.push((r.values.clone(), vec![r])),
        }
    }
    groups
        .into_iter()
        .map(|(values, m)| ValueSummary {
            values,
            seeds: m.len(),
            diverged: m.iter().filter(|r| r.diverged).count(),
            initial_train: Stats::of(m.iter().map(|r| r.initial_train)),
            train: Stats::of(m.iter().map(|r| r.train)),
            validation: Stats::of(m.iter().map(|r| r.validation)),
            outside: Stats::of(m.iter().map(|r| r.outside)),
            pieces: Stats::of(m.iter().filter_map(|r| r.pieces).map(|p| p.0 as f64)),
            pieces_bound: m.iter().filter_map(|r| r.pieces).map(|p| p.1).max(),
        })
        .collect()
}

/// The share of the best rate's progress (in decades of loss) a good rate makes.
pub const GOOD_SHARE: f64 = 0.75;

/// Where a learning rate falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The loss crawls: below the good zone.
    TooSmall,
    /// Between the smallest and the largest rate whose loss came down at least [`GOOD_SHARE`] of the
    /// decades the best rate's did.
    Good,
    /// It diverges, ends no lower than it started, or lies above the good zone.
    TooLarge,
}

impl Zone {
    /// Its name, as the chart's legend and the command line say it.
    pub fn name(self) -> &'static str {
        match self {
            Self::TooSmall => "too small",
            Self::Good => "good",
            Self::TooLarge => "too large",
        }
    }
}

/// The zone of each grid point of a one-parameter learning-rate sweep (`summaries` in increasing rate),
/// from its results (see the module doc); empty when no rate learned at all.
pub fn learning_rate_zones(summaries: &[ValueSummary]) -> Vec<Zone> {
    let failed = |s: &ValueSummary| {
        let learned = s.train.median < s.initial_train.median;
        s.diverged > 0 || !learned
    };
    let best = summaries
        .iter()
        .enumerate()
        .filter(|(_, s)| !failed(s))
        .min_by(|a, b| a.1.train.median.total_cmp(&b.1.train.median));
    let Some((_, best)) = best else {
        return Vec::new();
    };
    let decades = |s: &ValueSummary| (s.initial_train.median / s.train.median).log10();
    let best_progress = decades(best);
    let passes = |s: &ValueSummary| !failed(s) && decades(s) >= GOOD_SHARE * best_progress;
    // the good zone runs from the smallest passing rate to the largest: one stretch, as a user reads it
    let first = summaries.iter().position(passes).unwrap_or(0);
    let last = summaries.iter().rposition(passes).unwrap_or(0);
    summaries
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if failed(s) || i > last {
                Zone::TooLarge
            } else if i < first {
                Zone::TooSmall
            } else {
                Zone::Good
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(value: f64, seed: u64, train: f64, diverged: bool) -> CellResult {
        CellResult {
            values: vec![value],
            seed,
            initial_train: 1.0,
            train,
            validation: f64::NAN,
            outside: 2.0 * train,
            diverged,
            steps: 100,
            seconds: 0.0,
            diagnosis: Default::default(),
            pieces: Some((3 + seed as usize, 11)),
        }
    }

    #[test]
    fn stats_are_median_min_max_of_the_finite_values() {
        let s = Stats::of([3.0, 1.0, f64::NAN, 2.0, 10.0].into_iter());
        assert_eq!((s.median, s.min, s.max), (2.5, 1.0, 10.0));
        assert!(Stats::of(std::iter::empty()).median.is_nan());
    }

    #[test]
    fn results_group_by_value_in_order() {
        let r = [
            cell(1.0, 1, 0.5, false),
            cell(1.0, 2, 0.3, true),
            cell(2.0, 1, 0.1, false),
        ];
        let s = summarise(&r);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].seeds, s[0].diverged), (2, 1));
        assert_eq!(s[0].train.median, 0.4);
        assert!(s[0].validation.median.is_nan());
        assert_eq!(s[1].outside.max, 0.2);
    }

    #[test]
    fn zones_come_from_the_results() {
        // crawling, crawling less, best, close to best, far above best, diverging
        let losses = [0.9, 0.2, 0.001, 0.002, 0.5, 0.01];
        let mut r: Vec<CellResult> = losses
            .iter()
            .enumerate()
            .map(|(i, &l)| cell(i as f64, 1, l, false))
            .collect();
        r[5].diverged = true;
        let zones = learning_rate_zones(&summarise(&r));
        use Zone::*;
        assert_eq!(
            zones,
            vec![TooSmall, TooSmall, Good, Good, TooLarge, TooLarge]
        );
        let none = learning_rate_zones(&summarise(&[cell(1.0, 1, 3.0, false)]));
        assert!(none.is_empty(), "a rate that did not learn gives no zones");
    }
}
