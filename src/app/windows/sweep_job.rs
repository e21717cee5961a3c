//! A sweep running beside the window: the plan's trainings on a pool of their own (started by the Sweep
//! window), each result stored as it finishes so the chart fills in, Cancel honoured within a few steps,
//! and the end noticed without blocking the frame.

use crate::sweep::{self, CellResult, SweepPlan};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Instant;

/// What the sweep's thread hands back: every result, None if cancelled, or why it failed.
type Finished = Result<Option<Vec<CellResult>>, String>;

/// A sweep running (or run) beside the window.
pub struct SweepJob {
    /// What it sweeps.
    pub plan: SweepPlan,
    cancel: Arc<AtomicBool>,
    results: Arc<Mutex<Vec<Option<CellResult>>>>,
    done: Arc<AtomicUsize>,
    worker: Option<JoinHandle<Finished>>,
    started: Instant,
    /// Seconds it took, once finished.
    pub seconds: Option<f64>,
    /// How it ended, once it did: None while running.
    pub ended: Option<Result<bool, String>>,
    /// Threads it trains on.
    pub threads: usize,
}

impl std::fmt::Debug for SweepJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SweepJob")
            .field("plan", &self.plan)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl SweepJob {
    /// Starts `plan` on `threads` threads; `repaint` is called as each training finishes.
    pub fn start(
        plan: SweepPlan,
        threads: usize,
        repaint: impl Fn() + Send + Sync + 'static,
    ) -> Result<Self, String> {
        let cells = plan.cells()?;
        let cancel = Arc::new(AtomicBool::new(false));
        let results = Arc::new(Mutex::new(vec![None; cells.len()]));
        let done = Arc::new(AtomicUsize::new(0));
        let (c, r, d) = (Arc::clone(&cancel), Arc::clone(&results), Arc::clone(&done));
        let steps = plan.steps;
        let worker = std::thread::Builder::new()
            .name("approxlab-sweep".into())
            .spawn(move || {
                let on_done = |i: usize, result: &CellResult| {
                    r.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(result.clone());
                    d.fetch_add(1, Ordering::Relaxed);
                    repaint();
                };
                let finished = sweep::run(&cells, steps, threads, &c, &on_done);
                repaint();
                finished
            })
            .map_err(|e| format!("cannot start the sweep: {e}"))?;
        Ok(Self {
            plan,
            cancel,
            results,
            done,
            worker: Some(worker),
            started: Instant::now(),
            seconds: None,
            ended: None,
            threads,
        })
    }

    /// Notices the end of the sweep.
    pub fn poll(&mut self) {
        if self.worker.as_ref().is_some_and(JoinHandle::is_finished)
            && let Some(worker) = self.worker.take()
        {
            self.seconds = Some(self.started.elapsed().as_secs_f64());
            self.ended = Some(match worker.join() {
                Ok(Ok(all)) => Ok(all.is_some()),
                Ok(Err(e)) => Err(e),
                Err(_) => Err("the sweep stopped unexpectedly".into()),
            });
        }
    }

    /// Asks the trainings to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Trainings finished, and in all.
    pub fn progress(&self) -> (usize, usize) {
        let total = self
            .results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        (self.done.load(Ordering::Relaxed), total)
    }

    /// The results so far, in the plan's order.
    pub fn finished(&self) -> Vec<CellResult> {
        self.results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .flatten()
            .cloned()
            .collect()
    }

    /// Whether it is still training.
    pub fn running(&self) -> bool {
        self.ended.is_none()
    }
}

impl Drop for SweepJob {
    fn drop(&mut self) {
        self.cancel();
    }
}
