//! Where the window's lab runs: on the background thread (the real window) or synchronously inside
//! the frame (tests, which step the trainer themselves, and the screenshot mode, whose picture must not
//! depend on timing). Both hand the window the same [`Snapshot`]s.

use crate::train::{Command, Lab, Settings, Snapshot, Worker};
use std::sync::Arc;

/// The two ways of running the session.
#[derive(Debug)]
pub enum Driver {
    /// A training thread; the window only reads its snapshots.
    Thread(Worker),
    /// A lab run inside the frame: commands apply at once, a running lab trains one frame's steps per
    /// frame.
    Inline {
        /// The lab.
        session: Box<Lab>,
        /// Its newest snapshot.
        snapshot: Arc<Snapshot>,
    },
}

impl Driver {
    /// A synchronous driver for `settings`, paused.
    pub fn inline(settings: Settings) -> Self {
        let mut session = Box::new(Lab::new(settings));
        let snapshot = Arc::new(session.snapshot());
        Driver::Inline { session, snapshot }
    }

    /// Sends (thread) or carries out (inline) a command.
    pub fn send(&mut self, command: Command) {
        match self {
            Driver::Thread(worker) => worker.send(command),
            Driver::Inline { session, snapshot } => {
                session.handle(command);
                *snapshot = Arc::new(session.snapshot());
            }
        }
    }

    /// Once per frame: the inline driver trains its frame's steps; both return the newest snapshot.
    pub fn frame(&mut self) -> Arc<Snapshot> {
        match self {
            Driver::Thread(worker) => worker.latest(),
            Driver::Inline { session, snapshot } => {
                if session.tick(crate::train::worker::FRAME.as_secs_f64() * 0.8) > 0 {
                    *snapshot = Arc::new(session.snapshot());
                }
                Arc::clone(snapshot)
            }
        }
    }

    /// The newest snapshot, without training.
    pub fn latest(&self) -> Arc<Snapshot> {
        match self {
            Driver::Thread(worker) => worker.latest(),
            Driver::Inline { snapshot, .. } => Arc::clone(snapshot),
        }
    }

    /// False if the training thread has died (never for the inline driver).
    pub fn healthy(&self) -> bool {
        match self {
            Driver::Thread(worker) => worker.alive(),
            Driver::Inline { .. } => true,
        }
    }
}
