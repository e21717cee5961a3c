//! File work off the window's thread: opening a session, importing points, saving a session and
//! exporting run on a thread of their own, so the frame (and training) goes on while a slow disk, a
//! network folder or a large file is read. The frame that starts a job waits a moment for it
//! ([`QUICK`]), so a small file is taken within its frame, as if read there; a job still running after
//! [`SLOW`] shows in the status line with a Stop button. The result arrives as any other message, and only
//! then is anything already loaded replaced, so a refused or cancelled read changes nothing.

use crate::train::SavedLab;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// How long the frame that starts a job waits for it: a small file is done within its frame.
pub const QUICK: Duration = Duration::from_millis(50);
/// After this long a job shows what it is doing, with a Stop button.
pub const SLOW: Duration = Duration::from_millis(500);

/// What a finished job hands back to the window.
#[derive(Debug)]
pub enum Done {
    /// Points read from a CSV file (Import points…).
    Points {
        /// The path as typed.
        path: String,
        /// The points, or why not.
        result: Result<Vec<[f64; 2]>, String>,
    },
    /// A session read and checked (Session → Open).
    Session {
        /// The path as typed.
        path: String,
        /// The session, or why not.
        result: Result<Box<SavedLab>, String>,
    },
    /// A file written (Session → Save, Export).
    Written {
        /// What was written, as the status line names it ("session", "CSV file").
        what: Written,
        /// The path as typed.
        path: String,
        /// What the status line says when done ("session saved to …"), or why not.
        result: Result<String, String>,
    },
}

/// Which kind of file a write job wrote: its window gets the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A session file (the Session window).
    Session,
    /// An export: curves, losses, model or a picture (the Export window).
    Export,
}

/// One job on its way.
struct Job {
    /// What it does, for the status line ("reading points from data.csv").
    what: String,
    /// When it started (after the frame's wait, so [`SLOW`] counts from there).
    started: Instant,
    cancel: Arc<AtomicBool>,
    result: Receiver<Done>,
}

/// The file jobs on their way, oldest first.
pub struct FileJobs {
    jobs: Vec<Job>,
    /// How long a job runs before it shows ([`SLOW`]; tests shorten it).
    show_after: Duration,
}

impl Default for FileJobs {
    fn default() -> Self {
        Self {
            jobs: Vec::new(),
            show_after: SLOW,
        }
    }
}

impl FileJobs {
    /// Starts `work` on its own thread (it gets the cancel flag to look at) and waits up to [`QUICK`]
    /// for it: what it delivered if it finished within that wait, else `None` and [`FileJobs::poll`]
    /// hands it over once done.
    #[must_use = "a job done within the wait is handed over here, not at the next poll"]
    pub fn start(
        &mut self,
        what: String,
        work: impl FnOnce(&AtomicBool) -> Done + Send + 'static,
    ) -> Option<Done> {
        let (tx, rx) = std::sync::mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("approxlab-file".into())
            .spawn(move || {
                let done = work(&flag);
                // the window may have cancelled and dropped the receiver: nothing to deliver then
                let _ = tx.send(done);
            });
        if let Err(e) = spawned {
            return Some(Done::Written {
                what: Written::Export,
                path: String::new(),
                result: Err(format!("cannot start a thread for {what}: {e}")),
            });
        }
        match rx.recv_timeout(QUICK) {
            Ok(done) => Some(done),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                self.jobs.push(Job {
                    what,
                    started: Instant::now(),
                    cancel,
                    result: rx,
                });
                None
            }
        }
    }

    /// The jobs that finished since the last call, oldest first.
    pub fn poll(&mut self) -> Vec<Done> {
        let mut finished = Vec::new();
        self.jobs.retain(|job| match job.result.try_recv() {
            Ok(done) => {
                finished.push(done);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => false,
        });
        finished
    }

    /// Whether a job is on its way.
    pub fn busy(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// The oldest job running longer than [`SLOW`]: what it does and for how long.
    pub fn slow(&self) -> Option<(&str, Duration)> {
        self.jobs
            .iter()
            .map(|job| (job.what.as_str(), job.started.elapsed()))
            .find(|(_, took)| *took >= self.show_after)
    }

    /// Shows jobs (and their Stop) after `after` instead of [`SLOW`]: tests see a read on its way
    /// without depending on how fast the machine reads.
    pub fn show_after(&mut self, after: Duration) {
        self.show_after = after;
    }

    /// Cancels every job on its way: a read stops at its next block, and what any job would have
    /// delivered is dropped, so nothing changes. Returns what was cancelled.
    pub fn cancel(&mut self) -> Vec<String> {
        self.jobs
            .drain(..)
            .map(|job| {
                job.cancel.store(true, Ordering::Relaxed);
                job.what
            })
            .collect()
    }
}

/// The job's description for the status line: "reading points from data.csv".
pub fn describe(doing: &str, path: &str) -> String {
    let name = std::path::Path::new(path.trim()).file_name().map_or_else(
        || path.trim().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{doing} {}", crate::files::read::quoted(&name, 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(path: &str) -> Done {
        Done::Points {
            path: path.into(),
            result: Ok(vec![[0.0, 1.0]]),
        }
    }

    #[test]
    fn a_quick_job_is_handed_over_at_once() {
        let mut jobs = FileJobs::default();
        let done = jobs.start("reading a".into(), |_| points("a"));
        assert!(matches!(done, Some(Done::Points { path, .. }) if path == "a"));
        assert!(!jobs.busy());
        assert!(jobs.poll().is_empty());
    }

    #[test]
    fn a_slow_job_shows_and_a_cancelled_one_delivers_nothing() {
        let mut jobs = FileJobs::default();
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let (seen, saw) = std::sync::mpsc::channel();
        let started = jobs.start("reading b".into(), move |cancel| {
            let _ = wait.recv();
            let _ = seen.send(cancel.load(Ordering::Relaxed));
            points("b")
        });
        assert!(started.is_none(), "still on its way");
        assert!(jobs.poll().is_empty());
        assert!(jobs.slow().is_none());
        std::thread::sleep(SLOW);
        assert_eq!(jobs.slow().map(|(what, _)| what), Some("reading b"));
        assert_eq!(jobs.cancel(), vec!["reading b".to_string()]);
        release.send(()).unwrap();
        assert_eq!(saw.recv(), Ok(true), "the flag reaches the work");
        assert!(jobs.poll().is_empty());
        assert!(!jobs.busy());
    }

    #[test]
    fn descriptions_name_the_file_on_one_line() {
        assert_eq!(
            describe("reading points from", "/data/run\n1.csv"),
            "reading points from run\\n1.csv"
        );
    }
}
