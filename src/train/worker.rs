//! The training thread behind the window. It owns a [`Lab`]; the window sends [`Command`]s over a
//! channel and reads the latest [`Snapshot`] (latest wins: an unread snapshot is simply replaced), so the
//! window never waits on training. While running, the thread trains one frame's worth of steps per 1/60 s
//! (or, at max speed, as many as fit, in slices with the channel checked between them), publishes a
//! snapshot about once a frame and at once after a command, and calls `notify` (the window's repaint
//! request). While paused it sleeps on the channel and costs nothing. If the lab panics, the thread
//! rebuilds it from the last published snapshot (`Lab::recovered`: settings, weights and steps kept) and
//! goes on, saying so in the status line; after three failures within ten seconds it stops for good.

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

/// A thread that failed this many times within [`GIVE_UP_WINDOW`] stops for good (the window then says
/// so) instead of failing forever.
const GIVE_UP_AFTER: usize = 3;
/// See [`GIVE_UP_AFTER`].
const GIVE_UP_WINDOW: Duration = Duration::from_secs(10);

/// What a panic said, for the status line.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".into())
}

/// Handle to the training thread; dropping it stops and joins the thread.
#[derive(Debug)]
pub struct Worker {
    commands: Option<Sender<Command>>,
    latest: Arc<Mutex<Arc<Snapshot>>>,
    alive: Arc<AtomicBool>,
    recoveries: Arc<std::sync::atomic::AtomicUsize>,
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
        let recoveries = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let recovered_count = Arc::clone(&recoveries);
        let thread = std::thread::Builder::new()
            .name("approxlab-trainer".into())
            .spawn(move || {
                let mut speed = None;
                let mut failures: Vec<Instant> = Vec::new();
                loop {
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        serve(&mut lab, &rx, &shared, &notify, &mut speed);
                    }));
                    let Err(payload) = outcome else {
                        break; // the window closed the channel
                    };
                    failures.retain(|t| t.elapsed() < GIVE_UP_WINDOW);
                    failures.push(Instant::now());
                    let last = Arc::clone(&shared.lock().unwrap_or_else(PoisonError::into_inner));
                    let recovered = (failures.len() <= GIVE_UP_AFTER)
                        .then(|| Lab::recovered(&last, &panic_text(payload.as_ref())).ok())
                        .flatten();
                    let Some(mut fresh) = recovered else {
                        break;
                    };
                    if let Some((steps_per_frame, max_speed)) = speed {
                        fresh.handle(Command::Speed {
                            steps_per_frame,
                            max_speed,
                        });
                    }
                    *shared.lock().unwrap_or_else(PoisonError::into_inner) =
                        Arc::new(fresh.snapshot());
                    lab = fresh;
                    recovered_count.fetch_add(1, Ordering::Relaxed);
                    notify();
                }
                flag.store(false, Ordering::Release);
                notify();
            })?;
        Ok(Self {
            commands: Some(tx),
            latest,
            alive,
            recoveries,
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

    /// How many times the thread failed and rebuilt its lab from the last snapshot.
    pub fn recoveries(&self) -> usize {
        self.recoveries.load(Ordering::Relaxed)
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
fn serve(
    lab: &mut Lab,
    rx: &Receiver<Command>,
    latest: &Mutex<Arc<Snapshot>>,
    notify: &dyn Fn(),
    speed: &mut Option<(u32, bool)>,
) {
    // Step(n) is taken at once (it pauses) and its steps are trained over the next frames, a frame's
    // time at most per frame, so a burst of Steps on big networks never holds up the commands behind it;
    // Play, Reset, Open and an undo's restore drop the steps still owed
    let mut owed: u64 = 0;
    // the speed is remembered so that a lab rebuilt after a failure trains as fast as before
    let mut apply = |lab: &mut Lab, command: Command, owed: &mut u64| {
        match command {
            Command::Speed {
                steps_per_frame,
                max_speed,
            } => *speed = Some((steps_per_frame, max_speed)),
            Command::Step(n) => {
                *owed = owed.saturating_add(n);
                lab.handle(Command::Step(0));
                return;
            }
            Command::Play
            | Command::Reset
            | Command::Open(_)
            | Command::RestoreCheckpoint { .. } => *owed = 0,
            _ => {}
        }
        lab.handle(command);
    };
    let slice = FRAME.as_secs_f64() / 4.0;
    let mut last_publish = Instant::now();
    loop {
        let frame_start = Instant::now();
        let mut changed = false;
        if !lab.running() && owed == 0 {
            match rx.recv_timeout(Duration::from_millis(500)) {
                Ok(command) => {
                    apply(lab, command, &mut owed);
                    changed = true;
                }
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        loop {
            match rx.try_recv() {
                Ok(command) => {
                    apply(lab, command, &mut owed);
                    changed = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        if owed > 0 {
            let done = lab.step_within(owed, 0.8 * FRAME.as_secs_f64());
            owed = if done == 0 { 0 } else { owed - done };
            changed = true;
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
