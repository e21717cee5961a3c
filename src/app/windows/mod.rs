//! The app's windows and bars beside the main view, one file each: the Export window, the Sweep window
//! with its job and the loss landscape, the session file, the import of points, the formula, and the tour
//! bar, and the prediction the learner draws. Each is a struct owning its fields and its job, drawn through one small trait ([`LabWindow`], in
//! the shape of egui's demo apps): it reads the lab as last drawn ([`LabContext`]) and returns the
//! actions it wants; `ApproxApp` carries them out, every action by name.

pub(super) mod export;
pub(super) mod formula;
pub(super) mod import;
pub(super) mod landscape_panel;
pub(super) mod predict;
pub(super) mod session;
pub(super) mod sweep_job;
pub(super) mod sweep_panel;
pub(super) mod tour_bar;

use crate::app::state::{Action, UiState};
use crate::train::{RunId, RunView, Snapshot};
use std::sync::Arc;

/// What a window reads while it draws: the remembered state and the lab as last drawn.
pub(super) struct LabContext<'a> {
    /// The window's remembered state (settings of the selected run, recent files).
    pub(super) state: &'a UiState,
    /// The newest snapshot.
    pub(super) snapshot: &'a Arc<Snapshot>,
    /// The selected run.
    pub(super) selected: RunId,
    /// A picture's second pass: windows that must not be in a picture stay away.
    pub(super) picture_pass: bool,
    /// A prediction is being drawn (its bar asks the tour step's question, so the tour bar does not).
    pub(super) drawing_prediction: bool,
}

impl LabContext<'_> {
    /// The selected run, as last drawn.
    pub(super) fn run(&self) -> &RunView {
        self.snapshot.run(self.selected)
    }
}

/// A window or bar beside the main view.
pub(super) trait LabWindow {
    /// Its title (also what tests and pictures find it by).
    fn name(&self) -> &'static str;
    /// Whether it shows this frame.
    fn is_open(&self) -> bool;
    /// Draws it into the frame's root `ui`; returns what it asks the app to do.
    fn ui(&mut self, ui: &mut egui::Ui, lab: &LabContext<'_>) -> Vec<Action>;
}

/// A dialog titled `title`: placed below the top bars, neither collapsible nor resizable (it fits what
/// it holds).
fn dialog<'a>(ctx: &egui::Context, title: &'a str) -> egui::Window<'a> {
    crate::app::placed(ctx, egui::Window::new(title))
        .collapsible(false)
        .resizable(false)
}

/// The windows and bars beside the main view.
#[derive(Default)]
pub(super) struct Windows {
    /// Pictures, GIFs, curves, losses and the model to files.
    pub(super) export: export::ExportWindow,
    /// Sweeps, their chart and the loss landscape.
    pub(super) sweep: sweep_panel::SweepWindow,
    /// Session files.
    pub(super) session: session::SessionWindow,
    /// Points from a CSV file.
    pub(super) import: import::ImportWindow,
    /// The selected run as a formula.
    pub(super) formula: formula::FormulaWindow,
    /// The tour's bar, while the user takes it.
    pub(super) tour: tour_bar::TourBar,
    /// The learner's prediction, and its bar while it is drawn.
    pub(super) predict: predict::PredictBar,
}

impl Windows {
    /// The floating windows, in the order they are drawn (later ones on top when opened together).
    pub(super) fn floating(&mut self) -> [&mut dyn LabWindow; 5] {
        [
            &mut self.import,
            &mut self.export,
            &mut self.sweep,
            &mut self.session,
            &mut self.formula,
        ]
    }
}
