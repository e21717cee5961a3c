//! The window's shared words: what it remembers between launches ([`UiState`]) and what its widgets ask
//! for ([`Action`]), carried out after the frame's layout so state never changes mid-frame.

use crate::train::{Command, Settings};
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
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            steps_per_frame: 10,
            max_speed: false,
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
    /// Same settings, next seed: new initial weights.
    Reseed,
    /// A session command (play, pause, step, reset).
    Send(Command),
}
