//! The live lab the window drives: one shared data value and 1 to [`MAX_RUNS`] runs trained on it in
//! lockstep, plus play/pause state, speed and the messages a user should see. [`Command`]s go in,
//! immutable [`Snapshot`]s come out. The window's background thread drives one (`worker.rs`); tests and
//! the screenshot mode drive one synchronously, so every behaviour of the window can be reproduced step
//! by step.
//!
//! Commands that concern one run carry its id (apply settings, compare, remove, keep only); the others act
//! on the experiment (play, pause, step, reset, data, reseed). A data change builds one new data value and
//! hands it to every run, which keeps its weights.

mod command;
mod commands;
mod ensemble;
mod member;
mod recovery;
mod undo;

pub use command::Command;
pub use member::TRAIL_LENGTH;
pub use undo::{MAX_CHECKPOINT_BYTES, MAX_CHECKPOINTS};

use super::data::Data;
use super::message::{Message, Severity};
use super::run::{Halt, Run};
use super::saved::SavedLab;
use super::settings::Settings;
use super::snapshot::{DataView, RunId, Snapshot};
use crate::data::{DataSettings, Dataset};
use member::Member;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most runs compared at once.
pub const MAX_RUNS: usize = 6;
/// Changes to the same fields this close together make one mark on the loss plot (a slider drag).
pub const MARK_MERGE_WINDOW: Duration = Duration::from_secs(1);
/// Most steps one frame may run (the "steps per frame" slider's top).
pub const MAX_STEPS_PER_FRAME: u32 = crate::limits::STEPS_PER_FRAME.max as u32;

/// See the module doc.
#[derive(Debug)]
pub struct Lab {
    data: Arc<Data<f32>>,
    data_view: Arc<DataView>,
    members: Vec<Member>,
    next_id: RunId,
    running: bool,
    steps_per_frame: u32,
    max_speed: bool,
    message: Option<Message>,
    /// The run whose halt the message describes: the message goes when that halt does.
    message_halt: Option<RunId>,
    next_message: u64,
    /// Commands handled so far (a snapshot says how many it has seen).
    handled: u64,
    rate: RateMeter,
    /// The runs written down for the window's undo.
    checkpoints: undo::Checkpoints,
    /// The threads an ensemble's members train on (every core but the window's), made with the first
    /// ensemble.
    pool: Option<Arc<rayon::ThreadPool>>,
}

impl Lab {
    /// A paused lab with one run of `settings`; invalid settings fall back to the defaults with a
    /// message.
    pub fn new(settings: Settings) -> Self {
        let accepted = settings.data.validate().and_then(|()| {
            let run = settings.run_settings().check()?;
            Ok((run, Data::generate(&settings.data)?))
        });
        let (settings, run, data, refusal) = match accepted {
            Ok((run, data)) => (settings, run, data, None),
            Err(e) => {
                let defaults = Settings::default();
                let data = Data::generate(&defaults.data).expect("the default data are valid");
                let run = defaults
                    .run_settings()
                    .check()
                    .expect("the defaults are valid");
                (defaults, run, data, Some(e))
            }
        };
        let run = Run::new(run, &data);
        let mut lab = Self {
            data_view: Arc::new(data_view(&data.dataset, &settings.data)),
            data,
            members: vec![Member::new(0, 0, run)],
            next_id: 1,
            running: false,
            steps_per_frame: 10,
            max_speed: false,
            message: None,
            message_halt: None,
            next_message: 0,
            handled: 0,
            rate: RateMeter::default(),
            checkpoints: undo::Checkpoints::default(),
            pool: None,
        };
        lab.rename();
        if let Some(e) = refusal {
            lab.say(
                Severity::Warning,
                format!("saved settings refused ({e}); the defaults are loaded"),
            );
        }
        lab
    }

    /// Whether training runs continuously.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Whether the lab trains as fast as it can rather than a fixed number of steps per frame.
    pub fn max_speed(&self) -> bool {
        self.max_speed
    }

    /// The lab written down: its data and every run's full state.
    pub fn saved(&self) -> SavedLab {
        SavedLab {
            data_settings: self.data_view.settings.clone(),
            dataset: self.data.dataset.clone(),
            runs: self.members.iter().map(Member::state).collect(),
            prediction: None,
        }
    }

    /// Replaces the data and the runs by a saved lab's, paused; refused with the reason, nothing changed.
    fn open(&mut self, saved: &SavedLab) {
        let restored = saved.restore::<f32>().and_then(|(data, runs)| {
            let members = runs
                .into_iter()
                .zip(&saved.runs)
                .enumerate()
                .map(|(i, (run, state))| {
                    let id = self.next_id + i as RunId;
                    let mut member = Member::new(id, i % MAX_RUNS, run);
                    member.others = Member::restore_others(state, &data)
                        .map_err(|e| format!("run {}: {e}", i + 1))?;
                    Ok(member)
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok((data, members))
        });
        let (data, members) = match restored {
            Ok(restored) => restored,
            Err(e) => {
                self.say(Severity::Warning, format!("cannot open this session: {e}"));
                return;
            }
        };
        self.running = false;
        self.data_view = Arc::new(data_view(&data.dataset, &saved.data_settings));
        self.data = data;
        self.members = members;
        self.next_id += self.members.len() as RunId;
        self.rename();
        let steps: Vec<String> = self
            .members
            .iter()
            .map(|m| m.run.step().to_string())
            .collect();
        self.say(
            Severity::Info,
            format!(
                "session opened: {} run{} at step {}; Play goes on exactly where it stopped",
                self.members.len(),
                if self.members.len() == 1 { "" } else { "s" },
                steps.join(", ")
            ),
        );
    }

    /// The ids of the runs, in order.
    pub fn run_ids(&self) -> Vec<RunId> {
        self.members.iter().map(|m| m.id).collect()
    }

    /// One frame's worth of training, if running: `steps_per_frame` steps of every run (all they can at
    /// max speed), in lockstep chunks, never longer than `budget_s` seconds so many or big networks cannot
    /// hold up the commands. At least one step runs. A run that halts stops alone; the others go on.
    /// Returns the steps taken.
    pub fn tick(&mut self, budget_s: f64) -> u64 {
        if !self.running {
            return 0;
        }
        let target = if self.max_speed {
            u64::MAX
        } else {
            u64::from(self.steps_per_frame)
        };
        let start = Instant::now();
        let mut chunk = 1;
        let mut done = 0;
        while done < target
            && self.running
            && (done == 0 || start.elapsed().as_secs_f64() < budget_s)
        {
            let t = Instant::now();
            let n = chunk.min(target - done);
            self.run_all(n);
            done += n;
            if t.elapsed().as_secs_f64() < budget_s / 8.0 {
                chunk *= 2;
            }
        }
        self.rate.add(done);
        done
    }

    /// Runs up to `n` steps of every run (as Step does), in doubling chunks while they take less than
    /// `budget_s` together (at least one); returns the steps run, 0 when every run is halted.
    pub fn step_within(&mut self, n: u64, budget_s: f64) -> u64 {
        let start = Instant::now();
        let (mut chunk, mut done) = (1, 0);
        while done < n && (done == 0 || start.elapsed().as_secs_f64() < budget_s) {
            if self.members.iter().all(|m| m.run.halt().is_some()) {
                break;
            }
            let k = chunk.min(n - done);
            self.run_all(k);
            done += k;
            chunk *= 2;
        }
        done
    }

    /// Runs `n` steps of every run that is not halted; reports the runs that halted meanwhile and pauses
    /// when none is left to train.
    fn run_all(&mut self, n: u64) {
        let data = Arc::clone(&self.data);
        let pool = self.pool.clone();
        for i in 0..self.members.len() {
            let was_halted = self.members[i].run.halt().is_some();
            if was_halted {
                continue;
            }
            self.members[i].advance(&data, n, pool.as_deref());
            if let Some(h) = self.members[i].run.halt() {
                self.report_halt(i, h);
            }
        }
        if self.members.iter().all(|m| m.run.halt().is_some()) {
            self.running = false;
        }
    }

    /// Says that run `i` halted, with what to do next.
    fn report_halt(&mut self, i: usize, h: Halt) {
        let several = self.members.len() > 1;
        let who = self.who(i);
        let advice = match (h, several) {
            (Halt::Diverged { .. }, _) => {
                " and press Play to go on from those weights, or Reset to start over"
            }
            (Halt::Converged { .. }, false) => "; training paused",
            (Halt::Converged { .. }, true) => "; it waits while the others go on",
            (Halt::EarlyStopped { .. }, false) => "; press Play to train on anyway",
            (Halt::EarlyStopped { .. }, true) => {
                "; it waits while the others go on (Play trains it on)"
            }
        };
        let tail = if several && matches!(h, Halt::Diverged { .. }) {
            " (it waits; the other runs go on)"
        } else {
            ""
        };
        let severity = if matches!(h, Halt::Diverged { .. }) {
            Severity::Error
        } else {
            Severity::Info
        };
        self.say(severity, format!("{who}{h}{advice}{tail}"));
        self.message_halt = Some(self.members[i].id);
    }

    /// "run 2 (relu): " when several runs are compared, nothing with one.
    fn who(&self, i: usize) -> String {
        if self.members.len() == 1 {
            return String::new();
        }
        format!("{}: ", super::snapshot::run_title(i, &self.members[i].name))
    }

    /// Names every run by how it differs from the first.
    fn rename(&mut self) {
        let first = self.members[0].run.settings().clone();
        for (i, m) in self.members.iter_mut().enumerate() {
            let name = if i == 0 {
                String::new()
            } else {
                let differs = super::describe::difference(&first, m.run.settings());
                if differs.is_empty() {
                    "copy of run 1".to_string()
                } else {
                    differs
                }
            };
            if name != m.name {
                m.name = name;
                m.touch();
            }
        }
    }

    fn say(&mut self, severity: Severity, text: String) {
        self.message_halt = None;
        self.next_message += 1;
        self.message = Some(Message {
            id: self.next_message,
            severity,
            text,
        });
    }

    /// Drops a message about a halt that is over.
    fn forget_stale_message(&mut self) {
        if let Some(id) = self.message_halt {
            let still = self
                .members
                .iter()
                .any(|m| m.id == id && m.run.halt().is_some());
            if !still {
                self.message = None;
                self.message_halt = None;
            }
        }
    }

    /// Everything the window draws, now: the shared data view as is, each run's view rebuilt only if that
    /// run changed.
    pub fn snapshot(&mut self) -> Snapshot {
        let data = Arc::clone(&self.data);
        let running = self.running;
        Snapshot {
            running: self.running,
            data: Arc::clone(&self.data_view),
            runs: self
                .members
                .iter_mut()
                .map(|m| m.view(&data, &self.data_view.settings, !running))
                .collect(),
            steps_per_s: if self.running {
                self.rate.per_second()
            } else {
                0.0
            },
            message: self.message.clone(),
            messages_said: self.next_message,
            commands_handled: self.handled,
        }
    }
}

/// The shared data as drawn.
fn data_view(d: &Dataset, settings: &DataSettings) -> DataView {
    let pairs = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(&x, &y)| [x, y]).collect::<Vec<_>>();
    DataView {
        settings: settings.clone(),
        domain: d.domain,
        view: d.view,
        view_x: d.view_x.clone(),
        target: d.view_y.clone(),
        train_points: pairs(&d.train_x, &d.train_y),
        val_points: pairs(&d.val_x, &d.val_y),
        note: d.note(),
    }
}

/// Lockstep steps per wall-clock second over a sliding window of about a second.
#[derive(Debug, Default)]
struct RateMeter {
    window: VecDeque<(Instant, u64)>,
}

impl RateMeter {
    fn add(&mut self, steps: u64) {
        let now = Instant::now();
        self.window.push_back((now, steps));
        while self.window.len() > 2 && now.duration_since(self.window[0].0).as_secs_f64() > 1.0 {
            self.window.pop_front();
        }
    }

    fn per_second(&self) -> f64 {
        let (Some(first), Some(last)) = (self.window.front(), self.window.back()) else {
            return 0.0;
        };
        let span = last.0.duration_since(first.0).as_secs_f64();
        let steps: u64 = self.window.iter().skip(1).map(|(_, s)| s).sum();
        if span > 0.0 { steps as f64 / span } else { 0.0 }
    }
}
