//! The desktop window: a top bar (play, step, reset, compare…), the controls on the left (with the list
//! of runs when several are compared), the fit, neuron contributions and loss plots in the middle, a
//! status line at the bottom. It draws the newest snapshot of the live lab and turns every widget change
//! into a command; it does no math of its own beyond shaping plot data.

mod actions;
mod pictures;
mod windows;
use pictures::{capture, offscreen, picture, screenshot};
use windows::{
    export, formula, import, landscape_panel, session, sweep_job, sweep_panel, tour_bar,
};
mod central;
mod controls;
mod data_actions;
mod driver;
mod file_jobs;
mod keys;
mod number_field;
mod path_field;
mod plots;
mod runs;
mod settings_file;
mod state;
mod target;
mod topbar;
mod weights;

pub use capture::Recording;
pub use central::{LowerTab, MIN_PLOT_WIDTH};
pub use driver::Driver;
pub use picture::{MAX_SCALE, PictureArea, PlotRects};
pub use plots::{screen_position, shown_x_range};
pub use screenshot::{ScreenshotOutcome, ScreenshotPlan};
pub use settings_file::{Loaded, SettingsFile};
pub use state::{Action, UI_SCALE, UiState, restore_state};
pub use tour_bar::TourAction;

use crate::data::Interval;
use crate::train::{Command, RunId, RunView, Settings, Severity, Snapshot};
use data_actions::UndoStep;
use std::sync::Arc;

/// The window's title.
pub const TITLE: &str = "approxlab";

/// Where the frame's top bars end: floating windows open below them and stay there.
const BELOW_BARS: &str = "approxlab below the top bars";

/// `window` opened below the top bars, right of the controls, and kept inside the window below the
/// bars (never over the top bar, whatever the size or scale).
fn placed<'a>(ctx: &egui::Context, window: egui::Window<'a>) -> egui::Window<'a> {
    let area = ctx
        .data(|d| d.get_temp::<egui::Rect>(egui::Id::unique(BELOW_BARS)))
        .unwrap_or_else(|| ctx.content_rect());
    let offset = egui::vec2((area.width() * 0.25).min(320.0), 8.0);
    window.constrain_to(area).default_pos(area.min + offset)
}

/// The application: persisted state, the training driver and what the frame needs between frames.
pub struct ApproxApp {
    /// Settings and speed, saved on exit; `settings` are the selected run's.
    pub state: UiState,
    driver: Driver,
    snapshot: Arc<Snapshot>,
    /// The run the network and training controls, the contributions and the weights show.
    selected: RunId,
    /// After Compare: select the new run once a snapshot with more than this many runs arrives.
    select_newest_beyond: Option<usize>,
    /// The selected run's settings in the last snapshot: when the lab changes them (a reseed, another
    /// selection), the controls follow; an edit still on its way is not undone.
    last_seen: Option<Settings>,
    hovered_neuron: Option<usize>,
    /// A message from the window itself (an edit it refused or clamped), shown until the lab says
    /// something newer.
    local_message: Option<(u64, Severity, String)>,
    screenshot: Option<ScreenshotPlan>,
    /// The view the plots were last fitted to: a new one re-fits them.
    shown_view: Option<Interval>,
    /// Which of loss and weights the lower right shows when only one fits.
    pub lower_tab: LowerTab,
    /// Earlier point sets and hand-set weights, for Ctrl+Z (newest last).
    undo: Vec<UndoStep>,
    /// The last point edit (a drag's frames make one undo step).
    last_point_edit: Option<state::PointEdit>,
    /// The label of the weight drag in progress (its frames make one undo step).
    last_weights_edit: Option<String>,
    /// When the last network-shape edit came: a slider drag's frames within a second make one undo step.
    last_shape_edit: Option<std::time::Instant>,
    /// The number of the next checkpoint the lab is asked to write for undo.
    next_checkpoint: u64,
    /// The largest UI scale the window holds now (the View menu's top, Ctrl+plus's limit).
    largest_scale: f32,
    /// The Export window's fields.
    export: export::ExportFields,
    /// A session file waiting for the lab's state to be written.
    pending_save: Option<(String, std::sync::mpsc::Receiver<crate::train::SavedLab>)>,
    /// Files being read or written off the window's thread.
    files: file_jobs::FileJobs,
    /// A window for one picture or one GIF (command line): the user's saved state is neither read
    /// nor written.
    ephemeral: bool,
    /// While true, `draw` only draws (a picture's second pass): no training, no actions, no Export window.
    frozen: bool,
    /// The Sweep window's fields.
    sweep: sweep_panel::SweepFields,
    /// The sweep running or last run.
    sweep_job: Option<sweep_job::SweepJob>,
    /// The loss landscape shown, if any.
    landscape: Option<landscape_panel::LandscapeJob>,
    /// The tour, while the user takes it.
    tour: Option<tour_bar::Tour>,
    /// The tour's width step asked for its sweep; the Sweep window starts it when next drawn.
    sweep_requested: bool,
    /// What paints pictures off screen, kept between pictures (a GIF's frames).
    painter: Option<offscreen::OffscreenPainter>,
    /// Where the plots were drawn in the last frame, for pictures of one plot.
    plot_rects: PlotRects,
    /// A picture asked for in the Export window, taken after this frame is drawn.
    pending_picture: Option<capture::PictureJob>,
    /// The GIF being recorded from the window, if any.
    recording: Option<capture::Recording>,
    /// Where the settings are saved between launches (the real window only).
    settings_file: Option<SettingsFile>,
}

impl ApproxApp {
    /// The real window: state restored from the last launch (from `settings_file`, or from eframe's
    /// storage where an earlier version kept it), training on a background thread, playing;
    /// `override_settings` replace the restored ones, and each of `compare` adds a run.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        mut settings_file: Option<SettingsFile>,
        override_settings: Option<Settings>,
        compare: Vec<Settings>,
    ) -> Self {
        let earlier = cc.storage.and_then(|s| s.get_string(eframe::APP_KEY));
        let (mut state, warnings) = settings_file::restore(settings_file.as_mut(), earlier);
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
        let mut app = Self::with_driver(state, driver, true);
        app.settings_file = settings_file;
        app.add_runs(compare);
        if !warnings.is_empty() {
            app.say_locally(Severity::Warning, warnings.join("; "));
        }
        app
    }

    /// A window whose training runs inside the frame, paused: tests press Step and see exactly one step.
    pub fn paused(state: UiState) -> Self {
        let driver = Driver::inline(state.settings.clone());
        Self::with_driver(state, driver, false)
    }

    /// A window that trains inside the frame for `plan`'s frames, saves a PNG of itself and closes.
    pub fn for_screenshot(state: UiState, compare: Vec<Settings>, plan: ScreenshotPlan) -> Self {
        let driver = Driver::inline(state.settings.clone());
        let mut app = Self::with_driver(state, driver, true);
        app.add_runs(compare);
        app.screenshot = Some(plan);
        app.ephemeral = true;
        app
    }

    /// A window that records a GIF as `recording` plans (training inside the frame, between the
    /// pictures), writes it and closes.
    pub fn for_gif(state: UiState, compare: Vec<Settings>, recording: capture::Recording) -> Self {
        let driver = Driver::inline(state.settings.clone());
        let mut app = Self::with_driver(state, driver, false);
        app.add_runs(compare);
        app.recording = Some(recording);
        app.ephemeral = true;
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
        // restored settings the lab refused were replaced by the defaults: show what really runs
        state.settings = snapshot.first().settings.clone();
        Self {
            state,
            selected: snapshot.first().id,
            driver,
            snapshot,
            select_newest_beyond: None,
            last_seen: None,
            hovered_neuron: None,
            local_message: None,
            screenshot: None,
            shown_view: None,
            lower_tab: LowerTab::default(),
            undo: Vec::new(),
            last_point_edit: None,
            last_weights_edit: None,
            last_shape_edit: None,
            next_checkpoint: 0,
            largest_scale: *UI_SCALE.end(),
            pending_save: None,
            files: file_jobs::FileJobs::default(),
            export: export::ExportFields::default(),
            ephemeral: false,
            frozen: false,
            sweep: sweep_panel::SweepFields::default(),
            sweep_job: None,
            landscape: None,
            tour: None,
            sweep_requested: false,
            painter: None,
            plot_rects: PlotRects::default(),
            pending_picture: None,
            recording: None,
            settings_file: None,
        }
    }

    /// Adds one run per settings (from the first run's initial weights where shapes agree), the first
    /// run still selected.
    fn add_runs(&mut self, compare: Vec<Settings>) {
        for settings in compare {
            self.driver.send(Command::CompareWith {
                from: self.selected,
                settings,
            });
        }
        self.snapshot = self.driver.latest();
    }

    /// Carries out a lab command as the buttons do (play, pause, step, reset).
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

    /// Sets presenter mode's UI scale (as the View menu does).
    pub fn set_ui_scale(&mut self, scale: f32) {
        self.act(vec![Action::Presenter {
            scale,
            fullscreen: self.state.fullscreen,
        }]);
    }

    /// The newest snapshot the window draws.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The selected run, as last drawn.
    pub fn run(&self) -> &RunView {
        self.snapshot.run(self.selected)
    }

    /// The id of the selected run.
    pub fn selected(&self) -> RunId {
        self.selected
    }

    /// The last sweep's results so far (None before the first Run), and whether it is still training.
    pub fn sweep_results(&self) -> Option<(Vec<crate::sweep::CellResult>, bool)> {
        self.sweep_job.as_ref().map(|j| (j.finished(), j.running()))
    }

    /// Whether a file is being read or written off the window's thread.
    pub fn files_busy(&self) -> bool {
        self.files.busy()
    }

    /// Shows a file read or write on its way (with its Stop button) once it has run this long, instead
    /// of half a second: tests see a read on its way whatever the machine's speed.
    pub fn show_file_work_after(&mut self, after: std::time::Duration) {
        self.files.show_after(after);
    }

    /// The neuron highlighted by hovering, if any.
    pub fn hovered_neuron(&self) -> Option<usize> {
        self.hovered_neuron
    }

    /// Takes the newest snapshot; keeps the selection on a run that exists (the new one after Compare)
    /// and the controls on the selected run's settings.
    fn refresh(&mut self, snapshot: Arc<Snapshot>) {
        self.snapshot = snapshot;
        let ids: Vec<RunId> = self.snapshot.runs.iter().map(|r| r.id).collect();
        if let Some(before) = self.select_newest_beyond
            && ids.len() > before
        {
            self.select_newest_beyond = None;
            self.select(ids[ids.len() - 1]);
        }
        if !ids.contains(&self.selected) {
            self.select(ids[0]);
        }
        let mut current = self.snapshot.run(self.selected).settings.clone();
        current.data = self.snapshot.data.settings.clone();
        if self.last_seen.as_ref() != Some(&current) {
            self.state.settings = current.clone();
            self.last_seen = Some(current);
        }
    }

    /// Replaces the lab with `lab` (a tour step, a session): the f(x) field shows its typed function, or
    /// is emptied when its target is not one, so the field never claims a function the lab does not train.
    fn open_lab(&mut self, lab: Box<crate::train::SavedLab>) {
        self.state.expression = match &lab.data_settings.source {
            crate::data::Source::Expression(text) => text.clone(),
            _ => String::new(),
        };
        self.state.expression_error = None;
        self.driver.send(Command::Open(lab));
        self.last_seen = None;
    }

    /// Makes `id` the selected run: the controls show its settings from the next frame on.
    fn select(&mut self, id: RunId) {
        self.selected = id;
        self.last_seen = None;
        self.hovered_neuron = None;
    }

    /// Draws the whole window into `ui` (also used headless by the frame-cost benchmark).
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let mut actions = Vec::new();
        let frozen = self.frozen;
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(plots::PICTURE_PASS), frozen));
        if !self.frozen {
            self.finish_save();
            for done in self.files.poll() {
                self.file_done(done);
            }
            let snapshot = self.driver.frame();
            self.refresh(snapshot);
            actions = keys::shortcuts(ui.ctx(), &self.snapshot, &self.state);
            self.apply_presenter(ui.ctx());
        }
        if !self.driver.healthy() {
            self.say_locally(
                Severity::Error,
                "the training thread stopped unexpectedly; restart approxlab".into(),
            );
        }
        egui::Panel::top("top_bar").show(ui, |ui| {
            actions.extend(topbar::top_bar(
                ui,
                &self.snapshot,
                &self.state,
                // the recording's own button never shows in a picture (nor in the GIF's frames)
                self.recording
                    .as_ref()
                    .filter(|_| !self.frozen)
                    .map(capture::Recording::frames),
                self.tour.as_ref().map(|t| t.step),
                self.largest_scale,
            ))
        });
        if !self.state.tour_offered && self.tour.is_none() && !self.ephemeral {
            egui::Panel::top("tour_hint").show(ui, |ui| {
                actions.extend(tour_bar::tour_hint(ui));
            });
        }
        if let Some(tour) = &self.tour {
            egui::Panel::top("tour_bar").show(ui, |ui| {
                if let Some(a) = tour_bar::tour_bar(ui, tour) {
                    actions.push(Action::Tour(a));
                }
            });
        }
        let below = ui.available_rect_before_wrap();
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(BELOW_BARS), below));
        egui::Panel::bottom("status_line").show(ui, |ui| {
            if let Some((what, took)) = self.files.slow() {
                // the button first, so the ticking time beside it never moves it
                ui.horizontal(|ui| {
                    ui.spinner();
                    if ui
                        .button("Stop")
                        .on_hover_text(
                            "Stop reading or writing the file; nothing already loaded changes.",
                        )
                        .clicked()
                    {
                        actions.push(Action::CancelFiles);
                    }
                    ui.label(format!("{what}… {:.1} s", took.as_secs_f32()));
                });
            }
            topbar::status_line(ui, &self.snapshot, self.status_message())
        });
        egui::Panel::left("controls")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let snap = Arc::clone(&self.snapshot);
                    actions.extend(controls::controls(ui, &self.state, &snap, self.selected));
                });
            });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        if self.state.import.open {
            actions.extend(import::import_window(ui.ctx(), &self.state.import));
        }
        if self.export.open && !self.frozen {
            self.export_window(ui.ctx());
        }
        if self.sweep.open || self.landscape.is_some() {
            self.sweep_window(ui.ctx());
        }
        if self.state.session.open {
            actions.extend(session::session_window(ui.ctx(), &self.state.session));
        }
        if self.state.show_formula {
            let run = self.snapshot.run(self.selected);
            actions.extend(formula::formula_window(
                ui.ctx(),
                run,
                self.state.formula_flavour,
            ));
        }
        // a number field (controls or weight table) whose typed text was not a number says so
        if let Some(why) = number_field::take_not_a_number() {
            self.say_locally(Severity::Warning, why);
        }
        self.act(actions);
        if (self.snapshot.running || self.files.busy()) && !self.frozen {
            ui.ctx().request_repaint_after(crate::train::worker::FRAME);
        }
    }
}

impl eframe::App for ApproxApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(plan) = &mut self.screenshot
            && plan.poll(ctx)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.draw(ui);
        self.take_pictures(ui.ctx(), frame.wgpu_render_state());
        if let Some(mut plan) = self.screenshot.take() {
            if let Some((area, scale)) = plan.frame_drawn(ui.ctx()) {
                let picture = frame
                    .wgpu_render_state()
                    .ok_or_else(capture::no_gpu)
                    .and_then(|gpu| self.picture(ui.ctx(), gpu, area, scale));
                plan.deliver(picture);
            }
            self.screenshot = Some(plan);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.ephemeral {
            return;
        }
        match self.settings_file.as_mut() {
            Some(file) => {
                // an earlier version kept the settings in eframe's file: this one no longer reads them
                storage.remove_string(eframe::APP_KEY);
                if let Some(why) = file.save(&self.state) {
                    self.say_locally(Severity::Warning, why);
                }
            }
            None => eframe::set_value(storage, eframe::APP_KEY, &self.state),
        }
    }
}
