//! The desktop window: a top bar (play, step, reset…), the controls on the left, the fit, neuron
//! contributions and loss plots in the middle, a status line at the bottom. It draws the newest snapshot
//! of the training session and turns every widget change into a command; it does no math of its own
//! beyond shaping plot data.

mod controls;
mod driver;
mod plots;
mod screenshot;
mod topbar;
mod weights;

pub use driver::Driver;
pub use screenshot::{ScreenshotOutcome, ScreenshotPlan};

use crate::train::{Command, Severity, Snapshot};
use controls::Action;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The window's title.
pub const TITLE: &str = "approxlab";

/// What the window remembers between launches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    /// The experiment.
    pub settings: crate::train::Settings,
    /// Steps trained per frame.
    pub steps_per_frame: u32,
    /// Train as fast as possible instead.
    pub max_speed: bool,
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            settings: crate::train::Settings::default(),
            steps_per_frame: 10,
            max_speed: false,
        }
    }
}

/// The application: persisted state, the training driver and what the frame needs between frames.
pub struct ApproxApp {
    /// Settings and speed, saved on exit.
    pub state: UiState,
    driver: Driver,
    snapshot: Arc<Snapshot>,
    hovered_neuron: Option<usize>,
    /// A message from the window itself (an edit it refused before sending), shown until a newer one.
    local_message: Option<(u64, Severity, String)>,
    screenshot: Option<ScreenshotPlan>,
}

impl ApproxApp {
    /// The real window: state restored from the last launch, training on a background thread, playing.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        override_settings: Option<crate::train::Settings>,
    ) -> Self {
        let mut state: UiState = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        if let Some(settings) = override_settings {
            state.settings = settings;
        }
        let ctx = cc.egui_ctx.clone();
        let driver = match crate::train::Worker::spawn(state.settings.clone(), move || {
            ctx.request_repaint()
        }) {
            Ok(worker) => Driver::Thread(worker),
            Err(_) => Driver::inline(state.settings.clone()),
        };
        Self::with_driver(state, driver, true)
    }

    /// A window whose training runs inside the frame, paused: tests press Step and see exactly one step.
    pub fn paused(state: UiState) -> Self {
        let driver = Driver::inline(state.settings.clone());
        Self::with_driver(state, driver, false)
    }

    /// A window that trains inside the frame for `plan`'s frames, saves a PNG of itself and closes.
    pub fn for_screenshot(state: UiState, plan: ScreenshotPlan) -> Self {
        let driver = Driver::inline(state.settings.clone());
        let mut app = Self::with_driver(state, driver, true);
        app.screenshot = Some(plan);
        app
    }

    fn with_driver(mut state: UiState, mut driver: Driver, play: bool) -> Self {
        driver.send(Command::Speed {
            steps_per_frame: state.steps_per_frame,
            max_speed: state.max_speed,
        });
        if play {
            driver.send(Command::Play);
        }
        let snapshot = driver.latest();
        // restored settings the session refused were replaced by the defaults: show what really runs
        state.settings = snapshot.settings.clone();
        Self {
            state,
            driver,
            snapshot,
            hovered_neuron: None,
            local_message: None,
            screenshot: None,
        }
    }

    /// Carries out a session command as the buttons do (play, pause, step, reset).
    pub fn command(&mut self, command: Command) {
        self.act(vec![Action::Send(command)]);
    }

    /// Sets the training speed (as the "Steps per frame" slider does).
    pub fn set_steps_per_frame(&mut self, steps_per_frame: u32) {
        self.act(vec![Action::Speed {
            steps_per_frame,
            max_speed: self.state.max_speed,
        }]);
    }

    /// The newest snapshot the window draws.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The neuron highlighted by hovering, if any.
    pub fn hovered_neuron(&self) -> Option<usize> {
        self.hovered_neuron
    }

    /// Carries out what the widgets asked for, after the frame's layout.
    fn act(&mut self, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Settings(next) => match next.validate() {
                    Ok(()) => {
                        self.state.settings = next.clone();
                        self.driver.send(Command::Apply(next));
                    }
                    Err(e) => self.say_locally(Severity::Warning, format!("setting refused: {e}")),
                },
                Action::Speed {
                    steps_per_frame,
                    max_speed,
                } => {
                    self.state.steps_per_frame = steps_per_frame;
                    self.state.max_speed = max_speed;
                    self.driver.send(Command::Speed {
                        steps_per_frame,
                        max_speed,
                    });
                }
                Action::Defaults => {
                    let defaults = UiState::default();
                    self.act(vec![
                        Action::Settings(defaults.settings),
                        Action::Speed {
                            steps_per_frame: defaults.steps_per_frame,
                            max_speed: defaults.max_speed,
                        },
                    ]);
                }
                Action::Reseed => {
                    let mut next = self.state.settings.clone();
                    next.seed = next.seed.wrapping_add(1);
                    self.act(vec![Action::Settings(next)]);
                }
                Action::Send(command) => self.driver.send(command),
            }
        }
        self.snapshot = self.driver.latest();
    }

    fn say_locally(&mut self, severity: Severity, text: String) {
        let after = self.snapshot.message.as_ref().map_or(0, |m| m.id);
        self.local_message = Some((after, severity, text));
    }

    /// The message the status line shows: the window's own if it is newer than the session's.
    fn status_message(&self) -> Option<(Severity, &str)> {
        let session = self.snapshot.message.as_ref();
        match (&self.local_message, session) {
            (Some((after, sev, text)), s) if s.is_none_or(|m| m.id <= *after) => {
                Some((*sev, text.as_str()))
            }
            (_, Some(m)) => Some((m.severity, m.text.as_str())),
            _ => None,
        }
    }

    /// Draws the whole window into `ui` (also used headless by the frame-cost benchmark).
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        self.snapshot = self.driver.frame();
        let mut actions = shortcuts(ui.ctx(), &self.snapshot);
        if !self.driver.healthy() {
            self.say_locally(
                Severity::Error,
                "the training thread stopped unexpectedly; restart approxlab".into(),
            );
        }
        egui::Panel::top("top_bar")
            .show(ui, |ui| actions.extend(topbar::top_bar(ui, &self.snapshot)));
        egui::Panel::bottom("status_line").show(ui, |ui| {
            topbar::status_line(ui, &self.snapshot, self.status_message())
        });
        egui::Panel::left("controls")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    actions.extend(controls::controls(ui, &self.state, &self.snapshot));
                });
            });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.act(actions);
        if self.snapshot.running {
            ui.ctx().request_repaint_after(crate::train::worker::FRAME);
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let snap = Arc::clone(&self.snapshot);
        let full = ui.available_size();
        let gap = ui.spacing().item_spacing.x;
        let mut hovered = plots::fit_plot(
            ui,
            &snap,
            self.hovered_neuron,
            egui::vec2(full.x, (full.y * 0.5).max(180.0)),
        );
        let rest = ui.available_height().max(120.0);
        let table_width = if snap.weights.is_some() {
            weights::TABLE_WIDTH
        } else {
            0.0
        };
        let plot_width = ((full.x - table_width - 3.0 * gap) / 2.0).max(120.0);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(plot_width);
                let size = egui::vec2(plot_width, rest);
                hovered = hovered.or(plots::contributions_plot(
                    ui,
                    &snap,
                    self.hovered_neuron,
                    size,
                ));
            });
            ui.vertical(|ui| {
                ui.set_width(plot_width);
                plots::loss_plot(ui, &snap, egui::vec2(plot_width, rest));
            });
            if table_width > 0.0 {
                ui.vertical(|ui| {
                    ui.set_width(table_width);
                    hovered = hovered.or(weights::weight_table(ui, &snap, self.hovered_neuron));
                });
            }
        });
        self.hovered_neuron = hovered;
    }
}

/// Space plays or pauses, S steps once, R resets — unless a text field has the keyboard.
fn shortcuts(ctx: &egui::Context, snap: &Snapshot) -> Vec<Action> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    ctx.input(|i| {
        let mut out = Vec::new();
        if i.key_pressed(egui::Key::Space) {
            out.push(Action::Send(if snap.running {
                Command::Pause
            } else {
                Command::Play
            }));
        }
        if i.key_pressed(egui::Key::S) {
            out.push(Action::Send(Command::Step(1)));
        }
        if i.key_pressed(egui::Key::R) {
            out.push(Action::Send(Command::Reset));
        }
        out
    })
}

impl eframe::App for ApproxApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(plan) = &mut self.screenshot
            && plan.poll(ctx)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
        if let Some(plan) = &mut self.screenshot {
            plan.frame_drawn(ui.ctx());
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_none() {
            eframe::set_value(storage, eframe::APP_KEY, &self.state);
        }
    }
}
