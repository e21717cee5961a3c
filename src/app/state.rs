//! The window's shared words: what it remembers between launches ([`UiState`]) and what its widgets ask
//! for ([`Action`]), carried out after the frame's layout so state never changes mid-frame.

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
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            steps_per_frame: 10,
            max_speed: false,
            keep_neurons: false,
            time_axis: false,
        }
    }
}

/// What the window should do after this frame.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Apply these settings (brought within the limits, then validated).
    Settings(Settings),
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
    /// A session command (play, pause, step, reset).
    Send(Command),
}
