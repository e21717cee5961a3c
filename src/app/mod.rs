//! The desktop window: a top bar (play, step, reset…), the controls on the left, the fit, neuron
//! contributions and loss plots in the middle, a status line at the bottom. It draws the newest snapshot
//! of the training session and turns every widget change into a command; it does no math of its own
//! beyond shaping plot data.

mod controls;
mod driver;
mod plots;
mod screenshot;
mod state;
mod topbar;
mod weights;

pub use driver::Driver;
pub use plots::shown_x_range;
pub use screenshot::{ScreenshotOutcome, ScreenshotPlan};
pub use state::{Action, UiState};

use crate::data::Interval;
use crate::train::{Command, Severity, Snapshot};
use std::sync::Arc;

/// The window's title.
pub const TITLE: &str = "approxlab";
/// Below this width for each of the two lower plots, the weight table gives way to a tab.
pub const MIN_PLOT_WIDTH: f32 = 300.0;

/// What the lower right of the window shows when there is no room for both the loss and the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LowerTab {
    /// The loss plot.
    #[default]
    Loss,
    /// The weight table.
    Weights,
}

/// The application: persisted state, the training driver and what the frame needs between frames.
pub struct ApproxApp {
    /// Settings and speed, saved on exit.
    pub state: UiState,
    driver: Driver,
    snapshot: Arc<Snapshot>,
    hovered_neuron: Option<usize>,
    /// A message from the window itself (an edit it refused or clamped), shown until the session says
    /// something newer.
    local_message: Option<(u64, Severity, String)>,
    screenshot: Option<ScreenshotPlan>,
    /// The view the plots were last fitted to: a new one re-fits them.
    shown_view: Option<Interval>,
    /// Which of loss and weights the lower right shows when only one fits.
    pub lower_tab: LowerTab,
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
            shown_view: None,
            lower_tab: LowerTab::default(),
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
                Action::Settings(mut next) => {
                    let clamped = next.clamp_to_limits();
                    match next.validate() {
                        Ok(()) => {
                            self.state.settings = next.clone();
                            self.driver.send(Command::Apply(next));
                            if !clamped.is_empty() {
                                self.snapshot = self.driver.latest();
                                self.say_locally(Severity::Warning, clamped.join("; "));
                            }
                        }
                        Err(e) => {
                            self.say_locally(Severity::Warning, format!("setting refused: {e}"))
                        }
                    }
                }
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
        self.local_message = Some((self.snapshot.messages_said, severity, text));
    }

    /// The message the status line shows: the window's own until the session says something newer.
    fn status_message(&self) -> Option<(Severity, &str)> {
        match &self.local_message {
            Some((after, sev, text)) if self.snapshot.messages_said <= *after => {
                Some((*sev, text.as_str()))
            }
            _ => self
                .snapshot
                .message
                .as_ref()
                .map(|m| (m.severity, m.text.as_str())),
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

    /// The fit on top; below it the contributions and the loss, and the weight table beside them when
    /// there is room, else behind a tab in the loss's place.
    fn central(&mut self, ui: &mut egui::Ui) {
        let snap = Arc::clone(&self.snapshot);
        let refit = self.shown_view != Some(snap.view);
        self.shown_view = Some(snap.view);
        let full = ui.available_size();
        let gap = ui.spacing().item_spacing.x;
        let mut hovered = plots::fit_plot(
            ui,
            &snap,
            self.hovered_neuron,
            egui::vec2(full.x, (full.y * 0.48).max(160.0)),
            refit,
        );
        let rest = ui.available_height().max(120.0);
        let beside = (full.x - weights::TABLE_WIDTH - 3.0 * gap) / 2.0 >= MIN_PLOT_WIDTH;
        let table_width = if beside { weights::TABLE_WIDTH } else { 0.0 };
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
                    refit,
                ));
            });
            ui.vertical(|ui| {
                ui.set_width(plot_width);
                let mut tab = if beside {
                    LowerTab::Loss
                } else {
                    self.lower_tab
                };
                let mut height = rest;
                if !beside {
                    ui.horizontal(|ui| {
                        ui.selectable_value(&mut tab, LowerTab::Loss, "Loss")
                            .on_hover_text("The loss against the step.");
                        ui.selectable_value(&mut tab, LowerTab::Weights, "Weights")
                            .on_hover_text("The last hidden layer's weights, neuron by neuron.");
                    });
                    self.lower_tab = tab;
                    height -= ui.min_rect().height() + ui.spacing().item_spacing.y;
                }
                match tab {
                    LowerTab::Loss => {
                        plots::loss_plot(ui, &snap, egui::vec2(plot_width, height), refit);
                    }
                    LowerTab::Weights => {
                        hovered = hovered.or(weights::weight_table(ui, &snap, self.hovered_neuron));
                    }
                }
            });
            if beside {
                ui.vertical(|ui| {
                    ui.set_width(table_width);
                    ui.set_max_height(rest);
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
