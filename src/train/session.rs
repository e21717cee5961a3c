//! A live training session: the trainer plus play/pause state, speed, a trail of recent predictions and
//! the messages a user should see. Commands go in, immutable [`Snapshot`]s come out. The window's
//! background thread drives one (`worker.rs`); tests and the screenshot mode drive one synchronously, so
//! every behaviour of the window can be reproduced step by step.

use super::describe;
use super::settings::Settings;
use super::snapshot::{Snapshot, weight_table};
use super::trainer::{Change, Halt, Trainer};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How many past predictions the fit plot shows as a fading trail.
pub const TRAIL_LENGTH: usize = 6;
/// Changes to the same fields this close together make one mark on the loss plot (a slider drag).
pub const MARK_MERGE_WINDOW: Duration = Duration::from_secs(1);
/// Most steps one frame may run (the "steps per frame" slider's top).
pub const MAX_STEPS_PER_FRAME: u32 = crate::limits::STEPS_PER_FRAME.max as u32;

/// What the window asks of the trainer.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// New settings: shape, init or seed re-initialise, anything else keeps the weights.
    Apply(Settings),
    /// Train continuously.
    Play,
    /// Stop training.
    Pause,
    /// Pause, then run exactly this many steps.
    Step(u64),
    /// Back to the same initial weights, step 0, paused state kept.
    Reset,
    /// Steps per frame, or as many as fit in a frame's time when `max_speed`.
    Speed {
        /// Steps run per frame (1 … [`MAX_STEPS_PER_FRAME`]).
        steps_per_frame: u32,
        /// Ignore `steps_per_frame` and train as fast as the core allows.
        max_speed: bool,
    },
}

/// How a message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something happened as asked (a re-initialisation, a reset).
    Info,
    /// A setting was refused; nothing changed.
    Warning,
    /// Training diverged and was paused.
    Error,
}

/// A sentence for the status line, numbered so the window can tell a new one from an old one.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Increases with every new message.
    pub id: u64,
    /// How to show it.
    pub severity: Severity,
    /// The sentence.
    pub text: String,
}

/// See the module doc.
#[derive(Debug)]
pub struct Session {
    trainer: Trainer<f32>,
    running: bool,
    steps_per_frame: u32,
    max_speed: bool,
    trail: VecDeque<Vec<f64>>,
    trail_every: u64,
    next_trail: u64,
    message: Option<Message>,
    /// The message describes the halt, and goes when the halt does.
    message_is_halt: bool,
    next_message: u64,
    /// The fields of the newest kept-weights change and when it came, to merge a slider drag's marks.
    last_change: Option<(String, Instant)>,
    rate: RateMeter,
}

impl Session {
    /// A paused session for `settings`; invalid settings fall back to the defaults with a message.
    pub fn new(settings: Settings) -> Self {
        let (trainer, message) = match Trainer::new(settings) {
            Ok(t) => (t, None),
            Err(e) => (
                Trainer::new(Settings::default()).expect("the default settings are valid"),
                Some(format!(
                    "saved settings refused ({e}); the defaults are loaded"
                )),
            ),
        };
        let mut session = Self {
            trainer,
            running: false,
            steps_per_frame: 10,
            max_speed: false,
            trail: VecDeque::new(),
            trail_every: 1,
            next_trail: 0,
            message: None,
            message_is_halt: false,
            next_message: 0,
            last_change: None,
            rate: RateMeter::default(),
        };
        if let Some(text) = message {
            session.say(Severity::Warning, text);
        }
        session
    }

    /// Carries out one command.
    pub fn handle(&mut self, command: Command) {
        match command {
            Command::Apply(settings) => self.apply(settings),
            Command::Play => self.play(),
            Command::Pause => self.running = false,
            Command::Step(n) => {
                self.running = false;
                self.trainer.resume();
                self.run(n);
            }
            Command::Reset => {
                self.trainer.reset();
                self.forget_trail();
                self.say(
                    Severity::Info,
                    "reset to the same initial weights (step 0)".into(),
                );
            }
            Command::Speed {
                steps_per_frame,
                max_speed,
            } => {
                self.steps_per_frame = steps_per_frame.clamp(1, MAX_STEPS_PER_FRAME);
                self.max_speed = max_speed;
            }
        }
        if self.message_is_halt && self.trainer.halt().is_none() {
            self.message = None;
        }
    }

    /// Play: after a divergence, goes on from the restored weights; after Levenberg–Marquardt converged,
    /// says why nothing would change.
    fn play(&mut self) {
        if self.trainer.resume() {
            let lr = self.trainer.settings().optim.lr;
            self.say(
                Severity::Info,
                format!(
                    "going on from the restored weights at learning rate {}",
                    crate::limits::show(lr)
                ),
            );
        }
        match self.trainer.halt() {
            Some(h) => {
                self.say(
                    Severity::Warning,
                    format!("{h}; change a setting or press Reset to go on"),
                );
                self.message_is_halt = true;
            }
            None => self.running = true,
        }
    }

    fn forget_trail(&mut self) {
        self.trail.clear();
        self.next_trail = self.trainer.step();
        self.trail_every = 1;
    }

    fn apply(&mut self, settings: Settings) {
        let before = self.trainer.settings().clone();
        let diverged = match self.trainer.halt() {
            Some(Halt::Diverged { restored_step, .. }) => Some(restored_step),
            _ => None,
        };
        match self.trainer.apply(settings) {
            Ok(Change::Reinitialised) => {
                self.forget_trail();
                let what = describe::reinit(&before, self.trainer.settings());
                self.say(
                    Severity::Info,
                    format!("{what}: new initial weights, back to step 0"),
                );
            }
            Ok(Change::KeptWeights) => {
                let after = self.trainer.settings();
                let (fields, label) = describe::kept(&before, after);
                let now = Instant::now();
                let merge = self.last_change.as_ref().is_some_and(|(f, at)| {
                    *f == fields && now.duration_since(*at) < MARK_MERGE_WINDOW
                });
                self.trainer.mark(label.clone(), merge);
                self.last_change = Some((fields, now));
                if before.data != self.trainer.settings().data {
                    self.forget_trail();
                    self.say(
                        Severity::Info,
                        "data changed: the network keeps its weights and adapts".into(),
                    );
                } else if let Some(step) = diverged {
                    self.say(
                        Severity::Info,
                        format!(
                            "{label}: press Play to go on from the weights of step {step}, restored \
                             after the divergence"
                        ),
                    );
                }
            }
            Ok(Change::Unchanged) => {}
            Err(e) => self.say(Severity::Warning, format!("setting refused: {e}")),
        }
    }

    /// One frame's worth of training, if running: `steps_per_frame` steps (all of them at max speed) but
    /// never longer than `budget_s` seconds, so a big network cannot hold up the commands. At least one
    /// step runs. Returns the steps taken.
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
            done += self.run(chunk.min(target - done));
            if t.elapsed().as_secs_f64() < budget_s / 8.0 {
                chunk *= 2;
            }
        }
        done
    }

    /// Whether the session trains as fast as it can rather than a fixed number of steps per frame.
    pub fn max_speed(&self) -> bool {
        self.max_speed
    }

    fn run(&mut self, n: u64) -> u64 {
        let was_halted = self.trainer.halt().is_some();
        let mut done = 0;
        while done < n {
            let until_trail = self.next_trail.saturating_sub(self.trainer.step()).max(1);
            let chunk = (n - done).min(until_trail);
            let ran = self.trainer.advance(chunk);
            done += ran;
            if self.trainer.step() >= self.next_trail {
                self.remember_prediction();
            }
            if ran < chunk {
                break;
            }
        }
        self.rate.add(done);
        if let Some(h) = self.trainer.halt()
            && !was_halted
        {
            self.running = false;
            let (severity, advice) = if matches!(h, Halt::Diverged { .. }) {
                (
                    Severity::Error,
                    " and press Play to go on from those weights, or Reset to start over",
                )
            } else {
                (Severity::Info, "; training paused")
            };
            self.say(severity, format!("{h}{advice}"));
            self.message_is_halt = true;
        }
        done
    }

    /// Keeps one prediction every `trail_every` steps (the spacing doubles as training goes on, so the
    /// trail shows the fit moving both early and late).
    fn remember_prediction(&mut self) {
        let prediction = self.trainer.view_prediction();
        if self.trail.len() == TRAIL_LENGTH {
            self.trail.pop_front();
        }
        self.trail.push_back(prediction);
        let step = self.trainer.step();
        self.trail_every = (step / 16).max(1).next_power_of_two();
        self.next_trail = step + self.trail_every;
    }

    fn say(&mut self, severity: Severity, text: String) {
        self.message_is_halt = false;
        self.next_message += 1;
        self.message = Some(Message {
            id: self.next_message,
            severity,
            text,
        });
    }

    /// Whether training runs continuously.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Everything the window draws, now.
    pub fn snapshot(&mut self) -> Snapshot {
        let curves = self.trainer.curves();
        let latest = self.trainer.evaluate();
        let t = &self.trainer;
        let d = t.dataset();
        let pairs =
            |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(&x, &y)| [x, y]).collect::<Vec<_>>();
        Snapshot {
            step: t.step(),
            running: self.running,
            settings: t.settings().clone(),
            domain: d.domain,
            view: d.view,
            view_x: d.view_x.clone(),
            target: d.view_y.clone(),
            train_points: pairs(&d.train_x, &d.train_y),
            val_points: pairs(&d.val_x, &d.val_y),
            prediction: curves.prediction,
            trail: self.trail.iter().cloned().collect(),
            contributions: curves.contributions,
            output_bias: curves.output_bias,
            centres: t.mlp().centres(),
            weights: weight_table(t),
            history: t.history().records().to_vec(),
            marks: t.history().marks().to_vec(),
            latest,
            steps_per_s: self.rate.per_second(),
            halt: t.halt(),
            message: self.message.clone(),
            messages_said: self.next_message,
        }
    }
}

/// Steps per second over a sliding window of about a second.
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
