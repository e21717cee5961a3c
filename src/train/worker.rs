//! The training thread behind the window. It owns a [`Lab`]; the window sends [`Command`]s over a
//! channel and reads the latest [`Snapshot`] (latest wins: an unread snapshot is simply replaced), so the
//! window never waits on training. While running, the thread trains one frame's worth of steps per 1/60 s
//! (or, at max speed, as many as fit, in slices with the channel checked between them), publishes a
//! snapshot about once a frame and at once after a command, and calls `notify` (the window's repaint
//! request). While paused it sleeps on the channel and costs nothing.

use super::lab::{Command, Lab};
use super::settings::Settings;
use super::snapshot::Snapshot;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One display frame at 60 Hz.
pub const FRAME: Duration = Duration::from_micros(16_667);

/// Handle to the training thread; dropping it stops and joins the thread.
#[derive(Debug)]
pub struct Worker {
    commands: Option<Sender<Command>>,
    latest: Arc<Mutex<Arc<Snapshot>>>,
    alive: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts a paused lab with one run of `settings` on its own thread.
    pub fn spawn(settings: Settings, notify: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let mut lab = Lab::new(settings);
        let latest = Arc::new(Mutex::new(Arc::new(lab.snapshot())));
        let alive = Arc::new(AtomicBool::new(true));
        let (tx, rx) = mpsc::channel();
        let (shared, flag) = (Arc::clone(&latest), Arc::clone(&alive));
        let thread = std::thread::Builder::new()
            .name("approxlab-trainer".into())
            .spawn(move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    serve(&mut lab, &rx, &shared, &notify);
                }));
                flag.store(false, Ordering::Release);
                if outcome.is_err() {
                    notify();
                }
            })?;
        Ok(Self {
            commands: Some(tx),
            latest,
            alive,
            thread: Some(thread),
        })
    }

    /// Queues a command; it takes effect within a frame.
    pub fn send(&self, command: Command) {
        if let Some(tx) = &self.commands {
            let _ = tx.send(command);
        }
    }

    /// The newest snapshot.
    pub fn latest(&self) -> Arc<Snapshot> {
        Arc::clone(&self.latest.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// False once the thread has stopped (it only stops on its own if something went badly wrong).
    pub fn alive(&self) -> bool {
        self.alive.load(Ordering::Acquire)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.commands = None; // closing the channel tells the thread to finish
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread's loop: apply commands, train, publish. At max speed it trains in short slices and looks
/// at the channel between them, so a slider change is applied and shown within a few milliseconds.
fn serve(lab: &mut Lab, rx: &Receiver<Command>, latest: &Mutex<Arc<Snapshot>>, notify: &dyn Fn()) {
    let slice = FRAME.as_secs_f64() / 4.0;
    let mut last_publish = Instant::now();
    loop {
        let frame_start = Instant::now();
        let mut changed = false;
        if !lab.running() {
            match rx.recv_timeout(Duration::from_millis(500)) {
                Ok(command) => {
                    lab.handle(command);
                    changed = true;
                }
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        loop {
            match rx.try_recv() {
                Ok(command) => {
                    lab.handle(command);
                    changed = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        let max_speed = lab.max_speed();
        let stepped = lab.tick(if max_speed {
            slice
        } else {
            0.8 * FRAME.as_secs_f64()
        });
        let frame_due = !max_speed || last_publish.elapsed() >= FRAME;
        if changed || (stepped > 0 && frame_due) {
            let snapshot = Arc::new(lab.snapshot());
            *latest.lock().unwrap_or_else(PoisonError::into_inner) = snapshot;
            last_publish = Instant::now();
            notify();
        }
        if lab.running()
            && !max_speed
            && let Some(rest) = FRAME.checked_sub(frame_start.elapsed())
        {
            std::thread::sleep(rest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn commands_reach_the_thread_and_snapshots_come_back() {
        let pings = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&pings);
        let worker = Worker::spawn(Settings::default(), move || {
            counter.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
        worker.send(Command::Step(7));
        let deadline = Instant::now() + Duration::from_secs(10);
        while worker.latest().first().step != 7 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(worker.latest().first().step, 7);
        assert!(pings.load(Ordering::Relaxed) >= 1);
        assert!(worker.alive());
        drop(worker); // joins without hanging
    }
}
