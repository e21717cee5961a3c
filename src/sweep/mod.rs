//! Sweeps: many headless trainings on every core. A plan is a grid over one or two parameters × K weight
//! seeds (the data seed fixed unless asked); every cell trains a fresh network of its own for N steps from
//! its own seed, so a cell's result depends on nothing but its settings — the same bit for bit whatever the
//! number of threads or the order they finish in. Cells run on a rayon pool, one task each; cancelling
//! is checked every few steps, and each finished cell is reported at once (the progress bar, the window's
//! chart filling in).

pub mod landscape;
pub mod param;
pub mod summary;

pub use param::{SweepParam, parse_values, show};
pub use summary::{Stats, ValueSummary, Zone, learning_rate_zones, summarise};

use crate::train::{Halt, Settings, Trainer};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Steps trained between two looks at the cancel flag: small enough that the largest networks a sweep
/// allows answer within 100 ms.
const STEPS_BETWEEN_CHECKS: u64 = 8;

/// Most cells one sweep may have.
pub const MAX_CELLS: usize = 10_000;

/// Most steps one cell may train.
pub const MAX_STEPS: u64 = 10_000_000;

/// What to sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPlan {
    /// The settings every cell starts from.
    pub base: Settings,
    /// One or two parameters and their values.
    pub axes: Vec<(SweepParam, Vec<f64>)>,
    /// Weight seeds per grid point: the base seed and the ones after it.
    pub seeds: usize,
    /// Whether the data seed moves with the weight seed (else every cell has the same data).
    pub vary_data_seed: bool,
    /// Steps each cell trains.
    pub steps: u64,
}

/// One training of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The parameters' values, one per axis.
    pub values: Vec<f64>,
    /// Its weights' seed.
    pub seed: u64,
    /// Everything it trains with.
    pub settings: Settings,
}

/// What one cell ended with.
#[derive(Debug, Clone, PartialEq)]
pub struct CellResult {
    /// The parameters' values, one per axis.
    pub values: Vec<f64>,
    /// Its weights' seed.
    pub seed: u64,
    /// The training loss before the first step.
    pub initial_train: f64,
    /// Final training loss.
    pub train: f64,
    /// Final validation loss (NaN without a validation split).
    pub validation: f64,
    /// Final loss outside the training interval (NaN when the view has no point outside it).
    pub outside: f64,
    /// Whether training diverged (the losses are those of the last good weights it went back to).
    pub diverged: bool,
    /// Steps trained (fewer than asked when it diverged or Levenberg–Marquardt reached a minimum).
    pub steps: u64,
    /// Wall time of its training.
    pub seconds: f64,
    /// What the run was doing when it ended.
    pub diagnosis: crate::train::diagnosis::Diagnosis,
    /// The final prediction's linear pieces over the view, and the most its architecture can make
    /// (None for smooth activations).
    pub pieces: Option<(usize, u64)>,
}

impl SweepPlan {
    /// The cells, grid point by grid point (the first axis slowest), seeds innermost; refuses a value
    /// the settings refuse, naming it, and more than [`MAX_CELLS`] cells.
    pub fn cells(&self) -> Result<Vec<Cell>, String> {
        if self.axes.is_empty() || self.axes.len() > 2 {
            return Err("a sweep varies one or two parameters".into());
        }
        if self.seeds == 0 || self.steps == 0 || self.steps > MAX_STEPS {
            return Err(format!(
                "a sweep needs at least one seed and 1 to {MAX_STEPS} steps"
            ));
        }
        let points: usize = self.axes.iter().map(|(_, v)| v.len()).product();
        if points.saturating_mul(self.seeds) > MAX_CELLS {
            return Err(format!(
                "{points} values × {} seeds is over {MAX_CELLS} trainings",
                self.seeds
            ));
        }
        let mut grid: Vec<(Vec<f64>, Settings)> = vec![(Vec::new(), self.base.clone())];
        for (param, values) in &self.axes {
            let mut next = Vec::with_capacity(grid.len() * values.len());
            for (so_far, settings) in &grid {
                for &v in values {
                    let mut vs = so_far.clone();
                    vs.push(v);
                    next.push((vs, param.apply(settings, v)?));
                }
            }
            grid = next;
        }
        let mut cells = Vec::with_capacity(grid.len() * self.seeds);
        for (values, settings) in grid {
            for k in 0..self.seeds as u64 {
                let mut s = settings.clone();
                s.seed = self.base.seed.wrapping_add(k);
                if self.vary_data_seed {
                    s.data.seed = self.base.data.seed.wrapping_add(k);
                }
                crate::limits::SEED.check(s.seed as f64)?;
                cells.push(Cell {
                    values: values.clone(),
                    seed: s.seed,
                    settings: s,
                });
            }
        }
        Ok(cells)
    }
}

/// Trains every cell for `steps` steps on a pool of `threads` threads, calling `on_done` with each cell's
/// index and result as it finishes (from the pool's threads). Returns the results in the cells' order,
/// or None once `cancel` is set (within [`STEPS_BETWEEN_CHECKS`] steps of every cell in flight).
pub fn run(
    cells: &[Cell],
    steps: u64,
    threads: usize,
    cancel: &AtomicBool,
    on_done: &(dyn Fn(usize, &CellResult) + Sync),
) -> Result<Option<Vec<CellResult>>, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("approxlab-sweep-{i}"))
        .build()
        .map_err(|e| format!("cannot start the sweep's threads: {e}"))?;
    let results: Vec<Option<CellResult>> = pool.install(|| {
        cells
            .par_iter()
            .with_max_len(1)
            .enumerate()
            .map(|(i, cell)| {
                let result = train_cell(cell, steps, cancel)?;
                on_done(i, &result);
                Some(result)
            })
            .collect()
    });
    Ok(results.into_iter().collect())
}

/// One cell's training; None if cancelled (or its settings were refused, which `cells` rules out).
fn train_cell(cell: &Cell, steps: u64, cancel: &AtomicBool) -> Option<CellResult> {
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let started = Instant::now();
    let mut trainer = Trainer::<f32>::new(cell.settings.clone()).ok()?;
    let initial_train = trainer.evaluate().train;
    while trainer.step() < steps && trainer.halt().is_none() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let chunk = STEPS_BETWEEN_CHECKS.min(steps - trainer.step());
        if trainer.advance(chunk) == 0 {
            break;
        }
    }
    let last = trainer.evaluate();
    Some(CellResult {
        values: cell.values.clone(),
        seed: cell.seed,
        initial_train,
        train: last.train,
        validation: last.val.unwrap_or(f64::NAN),
        outside: last.outside.unwrap_or(f64::NAN),
        diverged: matches!(trainer.halt(), Some(Halt::Diverged { .. })),
        steps: trainer.step(),
        seconds: started.elapsed().as_secs_f64(),
        diagnosis: trainer.diagnosis(),
        pieces: trainer.breakpoints().map(|b| {
            let hidden = trainer.mlp().hidden_widths();
            (b.len() + 1, crate::nn::pieces::max_pieces(&hidden))
        }),
    })
}

/// Every core this process may use (one if that cannot be known).
pub fn all_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Threads a sweep beside the window uses: every core but one, which the window's trainer keeps.
pub fn threads_beside_the_window() -> usize {
    all_threads().saturating_sub(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> SweepPlan {
        SweepPlan {
            base: Settings::default(),
            axes: vec![(SweepParam::Width, vec![1.0, 4.0, 16.0])],
            seeds: 2,
            vary_data_seed: false,
            steps: 200,
        }
    }

    #[test]
    fn cells_walk_the_grid_with_the_seeds_innermost() {
        let mut p = plan();
        p.axes.push((SweepParam::Depth, vec![1.0, 2.0]));
        let cells = p.cells().unwrap();
        assert_eq!(cells.len(), 12);
        assert_eq!(cells[0].values, vec![1.0, 1.0]);
        assert_eq!((cells[0].seed, cells[1].seed), (42, 43));
        assert_eq!(cells[2].values, vec![1.0, 2.0]);
        assert_eq!(cells[11].settings.net.width, 16);
        assert!(
            cells
                .iter()
                .all(|c| c.settings.data.seed == p.base.data.seed)
        );
        p.vary_data_seed = true;
        assert_eq!(
            p.cells().unwrap()[1].settings.data.seed,
            p.base.data.seed + 1
        );
    }

    #[test]
    fn a_value_the_settings_refuse_is_named() {
        let mut p = plan();
        p.axes = vec![(SweepParam::Lr, vec![0.1, 500.0])];
        let e = p.cells().unwrap_err();
        assert!(e.starts_with("lr = 500: "), "{e}");
    }

    #[test]
    fn results_are_the_same_bit_for_bit_on_one_or_two_threads() {
        let cells = plan().cells().unwrap();
        let never = AtomicBool::new(false);
        // every number as bits (NaN equals NaN), the wall time left out
        let bits = |r: &[CellResult]| -> Vec<Vec<u64>> {
            r.iter()
                .map(|c| {
                    let mut v: Vec<u64> = c.values.iter().map(|x| x.to_bits()).collect();
                    v.extend([c.initial_train, c.train, c.validation, c.outside].map(f64::to_bits));
                    v.extend([c.seed, c.steps, u64::from(c.diverged)]);
                    v
                })
                .collect()
        };
        let one = run(&cells, 200, 1, &never, &|_, _| {}).unwrap().unwrap();
        let two = run(&cells, 200, 2, &never, &|_, _| {}).unwrap().unwrap();
        assert_eq!(bits(&one), bits(&two));
        assert_eq!(one.len(), 6);
        assert!(
            one.iter()
                .all(|c| c.steps == 200 && c.train < c.initial_train)
        );
    }

    #[test]
    fn every_finished_cell_is_reported_once() {
        let cells = plan().cells().unwrap();
        let seen = std::sync::Mutex::new(Vec::new());
        let never = AtomicBool::new(false);
        run(&cells, 50, 2, &never, &|i, _| seen.lock().unwrap().push(i))
            .unwrap()
            .unwrap();
        let mut seen = seen.into_inner().unwrap();
        seen.sort_unstable();
        assert_eq!(seen, (0..6).collect::<Vec<_>>());
    }

    #[test]
    fn a_cancelled_sweep_returns_nothing_and_stops() {
        let cells = plan().cells().unwrap();
        let cancel = AtomicBool::new(true);
        assert_eq!(run(&cells, 200, 2, &cancel, &|_, _| {}).unwrap(), None);
    }
}
