//! The window's shared words: what it remembers between launches ([`UiState`]) and what its widgets ask
//! for ([`Action`]), carried out after the frame's layout so state never changes mid-frame.

use crate::data::ExpressionError;
use crate::train::{Command, RunId, Settings};
use serde::{Deserialize, Serialize};

/// What the window remembers between launches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    /// The experiment.
    pub settings: Settings,
    /// Steps trained per frame.
    pub steps_per_frame: u32,
    /// Train as fast as possible instead.
    pub max_speed: bool,
    /// A width change keeps the neurons (new ones silent, the weakest removed) instead of drawing new
    /// weights.
    pub keep_neurons: bool,
    /// The loss plot's x axis is the training time, not the step.
    pub time_axis: bool,
    /// The loss plot shows the selected run's per-layer gradient and update norms instead.
    pub gradients: bool,
    /// The text in the f(x) field, as typed (applied on Enter).
    pub expression: String,
    /// Why the typed text was refused, and where; cleared when one is applied.
    #[serde(skip)]
    pub expression_error: Option<ExpressionError>,
    /// Clicks on the fit plot add, move and remove points.
    #[serde(skip)]
    pub edit_points: bool,
    /// What the "Import points" window remembers: the path typed, the columns, the recent files.
    pub import: ImportState,
    /// What the "Session file" window remembers: the path typed, the recent files.
    pub session: SessionFiles,
    /// Presenter mode: the size of everything, 1× to 2.5× (remembered).
    pub ui_scale: f32,
    /// Full screen (F11; remembered).
    pub fullscreen: bool,
    /// The first-start hint pointing to the tour was taken or dismissed (it shows until then).
    pub tour_offered: bool,
    /// A tour step with a question opens the drawing of a prediction first ("Ask me to predict").
    pub ask_to_predict: bool,
}

/// The window state saved by the last launch (RON), brought within the limits every field has in the
/// window (a sentence for each value that had to move), or why it cannot be used: the window never holds
/// a value it would refuse.
pub fn restore_state(text: &str) -> Result<(UiState, Vec<String>), String> {
    let mut state: UiState = ron::from_str(text).map_err(|e| {
        let why = e.to_string().replace('\n', " ");
        format!("the saved window state could not be read ({why}); starting from the defaults")
    })?;
    let mut clamped = state.settings.clamp_to_limits();
    let mut steps = f64::from(state.steps_per_frame);
    clamped.extend(crate::limits::STEPS_PER_FRAME.clamp(&mut steps));
    state.steps_per_frame = steps as u32;
    let range = crate::limits::Limit::new(
        "UI scale",
        f64::from(*UI_SCALE.start()),
        f64::from(*UI_SCALE.end()),
    );
    let mut scale = f64::from(state.ui_scale);
    clamped.extend(range.clamp(&mut scale));
    state.ui_scale = scale as f32;
    state.settings.validate().map_err(|e| {
        format!("the saved window state holds settings the window refuses ({e}); starting from the defaults")
    })?;
    Ok((state, clamped))
}

/// The smallest and largest UI scale.
pub const UI_SCALE: std::ops::RangeInclusive<f32> = 1.0..=2.5;

/// What the "Import points" window remembers between launches.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportState {
    /// The path typed.
    pub path: String,
    /// The x and y column names for a file with more than two columns ("x,y"); empty for the first two.
    pub columns: String,
    /// The last files imported, newest first.
    pub recent: Vec<String>,
}

/// What the "Session file" window remembers between launches.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionFiles {
    /// The path typed (and the file Ctrl+S saves to once one was saved or opened).
    pub path: String,
    /// The last session files saved or opened, newest first.
    pub recent: Vec<String>,
}

/// A change to the points made on the fit plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PointEdit {
    /// A new point.
    Add([f64; 2]),
    /// Point `index` moves to a new place.
    Move(usize, [f64; 2]),
    /// Point `index` goes.
    Remove(usize),
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            steps_per_frame: 10,
            max_speed: false,
            keep_neurons: false,
            time_axis: false,
            gradients: false,
            expression: String::new(),
            expression_error: None,
            edit_points: false,
            import: ImportState::default(),
            session: SessionFiles::default(),
            ui_scale: 1.0,
            tour_offered: false,
            fullscreen: false,
            ask_to_predict: true,
        }
    }
}

/// What the window should do after this frame.
#[must_use]
#[derive(Debug, Clone)]
pub enum Action {
    /// Apply these settings (brought within the limits, then validated).
    Settings(Settings),
    /// The first-start hint was dismissed ("Not now").
    DismissTourHint,
    /// A copy of the selected run as it is now, to train on differently from here.
    Branch,
    /// Change the training speed.
    Speed {
        /// Steps per frame.
        steps_per_frame: u32,
        /// As fast as possible.
        max_speed: bool,
    },
    /// Back to every default.
    Defaults,
    /// Every run's next weights' seed: new initial weights.
    Reseed,
    /// A copy of the selected run, to compare (same settings and initial weights).
    Compare,
    /// Show this run in the controls, the contributions and the weights.
    Select(RunId),
    /// Remove this run.
    Remove(RunId),
    /// Remove every other run.
    KeepOnly(RunId),
    /// Keep the neurons when the width changes (or not).
    KeepNeurons(bool),
    /// The loss plot's x axis: time (true) or step.
    TimeAxis(bool),
    /// Open or close the loss plot's gradients tab.
    ShowGradients(bool),
    /// Make the selected run an ensemble of this many members ("Seeds ×K"; 1: a single run again).
    Ensemble(usize),
    /// Undo the last edit (points, weights, a shape, the runs), as the top bar's Undo and Ctrl+Z do.
    Undo,
    /// Where the data come from, the points, weights by hand and the import and formula windows.
    Data(super::data_actions::DataAction),
    /// The session window and its files.
    Session(super::session::SessionAction),
    /// Open the Export window.
    ShowExport,
    /// Write what the Export window asked for.
    Export(super::export::ExportRequest),
    /// A line for the status line, from the window itself.
    Say(crate::train::Severity, String),
    /// Stop the GIF recording and write the file.
    StopRecording,
    /// Open the Sweep window.
    ShowSweep,
    /// Presenter mode: the UI scale and full screen.
    Presenter {
        /// Size of everything, within [`UI_SCALE`].
        scale: f32,
        /// Full screen.
        fullscreen: bool,
    },
    /// Enter, move through or leave the tour.
    Tour(super::tour_bar::TourAction),
    /// Draw a prediction, finish it, or ask for its score.
    Predict(super::predict::PredictAction),
    /// The tour's "Ask me to predict", on or off.
    AskToPredict(bool),
    /// A session command (play, pause, step, reset).
    Send(Command),
    /// Stop the files being read or written (the status line's Stop).
    CancelFiles,
}
