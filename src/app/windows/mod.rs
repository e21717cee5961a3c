//! The app's windows and dialogs beside the main view, one file each: the Export window, the Sweep window
//! with its job and the loss landscape, the session file, the import of points, the formula, and the tour
//! bar. Each draws its window and returns the actions it wants; `ApproxApp` carries them out.

pub(super) mod export;
pub(super) mod formula;
pub(super) mod import;
pub(super) mod landscape_panel;
pub(super) mod session;
pub(super) mod sweep_job;
pub(super) mod sweep_panel;
pub(super) mod tour_bar;
