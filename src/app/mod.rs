//! The desktop window: a top bar (play, step, reset, compare…), the controls on the left (with the list
//! of runs when several are compared), the fit, neuron contributions and loss plots in the middle, a
//! status line at the bottom. It draws the newest snapshot of the live lab and turns every widget change
//! into a command; it does no math of its own beyond shaping plot data.
//!
//! [`ApproxApp`] holds the persisted [`UiState`], the lab's driver and the view of its newest snapshot,
//! the plots' view state, the undo history (`data_actions.rs`), the windows beside the main view
//! (`windows/`, each its own struct behind one trait), the pictures (`pictures/`) and the file jobs.
//! One frame is drawn in `frame.rs`; what its widgets return is carried out in `actions.rs`.

mod actions;
mod pictures;
mod windows;
use pictures::{capture, offscreen, picture, screenshot};
use windows::{LabWindow, export, landscape_panel, predict, session, sweep_job, tour_bar};
mod central;
mod controls;
mod data_actions;
mod diagnosis_line;
mod driver;
mod file_jobs;
mod frame;
mod keys;
mod number_field;
mod path_field;
mod plots;
mod runs;
mod settings_file;
mod state;
mod target;
mod topbar;
mod training_controls;
mod weights;

pub use capture::Recording;
pub use central::{LowerTab, MIN_PLOT_WIDTH};
pub use driver::Driver;
pub use picture::{MAX_SCALE, PictureArea, PlotRects};
pub use plots::{screen_position, shown_x_range};
pub use predict::{Pen, PredictAction};
pub use screenshot::{ScreenshotOutcome, ScreenshotPlan};
pub use settings_file::{Loaded, SettingsFile};
pub use state::{Action, UI_SCALE, UiState, restore_state};
pub use tour_bar::TourAction;

use crate::data::Interval;
use crate::train::{Command, RunId, RunView, Settings, Severity, Snapshot};
use data_actions::History;
use pictures::Pictures;
use std::sync::Arc;
use windows::Windows;

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

/// The application: the persisted state, the lab's driver and what the window shows of it, the windows
/// beside the main view, and what the frame keeps between frames (undo, pictures, files).
pub struct ApproxApp {
    /// Settings and speed, saved on exit; `settings` are the selected run's.
    pub state: UiState,
    driver: Driver,
    /// The lab as last drawn: the snapshot, the selected run, the window's own message.
    lab: LabView,
    /// Which of loss and weights the lower right shows when only one fits.
    pub lower_tab: LowerTab,
    /// The plots' view state: the hovered neuron, the view they were fitted to, where they were drawn.
    plots: PlotView,
    /// Earlier point sets, weights and shapes, for Ctrl+Z.
    history: History,
    /// The windows and bars beside the main view, each owning its fields and its job.
    windows: Windows,
    /// Pictures and GIFs: the screenshot planned, the painter, the picture asked for, the recording.
    pictures: Pictures,
    /// Files being read or written off the window's thread.
    files: file_jobs::FileJobs,
    /// How this window was started: kept state or ephemeral, the largest scale, the settings file.
    launch: Launch,
}

/// The lab as the window last saw it.
struct LabView {
    snapshot: Arc<Snapshot>,
    /// The run the network and training controls, the contributions and the weights show.
    selected: RunId,
    /// After Compare: select the new run once a snapshot with more than this many runs arrives.
    select_newest_beyond: Option<usize>,
    /// The selected run's settings in the last snapshot: when the lab changes them (a reseed, another
    /// selection), the controls follow; an edit still on its way is not undone.
    last_seen: Option<Settings>,
    /// A message from the window itself (an edit it refused or clamped), shown until the lab says
    /// something newer.
    local_message: Option<(u64, Severity, String)>,
}

impl LabView {
    /// What the windows read while they draw: `state`, this view, whether this is a picture's second
    /// pass and whether a prediction is being drawn.
    fn context<'a>(
        &'a self,
        state: &'a UiState,
        picture_pass: bool,
        drawing_prediction: bool,
    ) -> windows::LabContext<'a> {
        windows::LabContext {
            state,
            snapshot: &self.snapshot,
            selected: self.selected,
            picture_pass,
            drawing_prediction,
        }
    }
}

/// What the plots keep between frames.
#[derive(Default)]
struct PlotView {
    hovered_neuron: Option<usize>,
    /// The member of the selected run's ensemble under the pointer on the fit.
    hovered_member: Option<usize>,
    /// The view the plots were last fitted to: a new one re-fits them.
    shown_view: Option<Interval>,
    /// Where the plots were drawn in the last frame, for pictures of one plot.
    plot_rects: PlotRects,
    /// The data's points as the fit plot takes them, converted once per data set.
    points: plots::DataPoints,
}

/// How this window was started.
struct Launch {
    /// A window for one picture or one GIF (command line): the user's saved state is neither read
    /// nor written.
    ephemeral: bool,
    /// The largest UI scale the window holds now (the View menu's top, Ctrl+plus's limit).
    largest_scale: f32,
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
        app.launch.settings_file = settings_file;
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
        app.pictures.screenshot = Some(plan);
        app.launch.ephemeral = true;
        app
    }

    /// A window that records a GIF as `recording` plans (training inside the frame, between the
    /// pictures), writes it and closes.
    pub fn for_gif(state: UiState, compare: Vec<Settings>, recording: capture::Recording) -> Self {
        let driver = Driver::inline(state.settings.clone());
        let mut app = Self::with_driver(state, driver, false);
        app.add_runs(compare);
        app.pictures.recording = Some(recording);
        app.launch.ephemeral = true;
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
            driver,
            lab: LabView {
                selected: snapshot.first().id,
                snapshot,
                select_newest_beyond: None,
                last_seen: None,
                local_message: None,
            },
            lower_tab: LowerTab::default(),
            plots: PlotView::default(),
            history: History::default(),
            windows: Windows::default(),
            pictures: Pictures::default(),
            files: file_jobs::FileJobs::default(),
            launch: Launch {
                ephemeral: false,
                largest_scale: *UI_SCALE.end(),
                settings_file: None,
            },
        }
    }

    /// Adds one run per settings (from the first run's initial weights where shapes agree), the first
    /// run still selected.
    fn add_runs(&mut self, compare: Vec<Settings>) {
        for settings in compare {
            match settings.run_settings().check() {
                Ok(settings) => self.driver.send(Command::CompareWith {
                    from: self.lab.selected,
                    settings,
                }),
                Err(e) => self.say_locally(Severity::Warning, format!("run not added: {e}")),
            }
        }
        self.lab.snapshot = self.driver.latest();
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
        &self.lab.snapshot
    }

    /// The selected run, as last drawn.
    pub fn run(&self) -> &RunView {
        self.lab.snapshot.run(self.lab.selected)
    }

    /// The id of the selected run.
    pub fn selected(&self) -> RunId {
        self.lab.selected
    }

    /// The last sweep's results so far (None before the first Run), and whether it is still training.
    pub fn sweep_results(&self) -> Option<(Vec<crate::sweep::CellResult>, bool)> {
        self.windows
            .sweep
            .job
            .as_ref()
            .map(|j| (j.finished(), j.running()))
    }

    /// Why the Session file window's last open or save was refused, if it was.
    pub fn session_error(&self) -> Option<&str> {
        self.windows.session.error.as_deref()
    }

    /// Whether the window or bar named `name` (its title, such as "Export" or "Formula") shows.
    pub fn window_open(&mut self, name: &str) -> bool {
        let tour = self.windows.tour.name() == name && self.windows.tour.is_open();
        let predict = self.windows.predict.name() == name && self.windows.predict.is_open();
        tour || predict
            || self
                .windows
                .floating()
                .iter()
                .any(|w| w.name() == name && w.is_open())
    }

    /// What the window remembers between launches: its state, or during a tour the user's own settings
    /// and speed from before it.
    pub fn kept_state(&self) -> UiState {
        self.windows.tour.state_to_keep(&self.state)
    }

    /// The prediction the learner drew (empty if none), and whether it is being drawn now.
    pub fn prediction(&self) -> (&crate::train::guess::Prediction, bool) {
        let bar = &self.windows.predict;
        (&bar.prediction, bar.drawing)
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
        self.plots.hovered_neuron
    }

    /// The member of the selected run's ensemble highlighted by hovering, if any.
    pub fn hovered_member(&self) -> Option<usize> {
        self.plots.hovered_member
    }

    /// Takes the newest snapshot; keeps the selection on a run that exists (the new one after Compare)
    /// and the controls on the selected run's settings.
    fn refresh(&mut self, snapshot: Arc<Snapshot>) {
        self.lab.snapshot = snapshot;
        let ids: Vec<RunId> = self.lab.snapshot.runs.iter().map(|r| r.id).collect();
        if let Some(before) = self.lab.select_newest_beyond
            && ids.len() > before
        {
            self.lab.select_newest_beyond = None;
            self.select(ids[ids.len() - 1]);
        }
        if !ids.contains(&self.lab.selected) {
            self.select(ids[0]);
        }
        let current = self.lab.snapshot.run(self.lab.selected).settings.clone();
        if self.lab.last_seen.as_ref() != Some(&current) {
            self.state.settings = current.clone();
            self.lab.last_seen = Some(current);
        }
    }

    /// Replaces the lab with `lab` (a tour step, a session): the f(x) field shows its typed function, or
    /// is emptied when its target is not one, so the field never claims a function the lab does not train.
    fn open_lab(&mut self, lab: Box<crate::train::SavedLab>) {
        self.state.expression = match &lab.data_settings.source {
            crate::data::Source::Expression(typed) => typed.text().to_string(),
            _ => String::new(),
        };
        self.state.expression_error = None;
        self.driver.send(Command::Open(lab));
        self.lab.last_seen = None;
    }

    /// Makes `id` the selected run: the controls show its settings from the next frame on.
    fn select(&mut self, id: RunId) {
        self.lab.selected = id;
        self.lab.last_seen = None;
        self.plots.hovered_neuron = None;
    }
}
