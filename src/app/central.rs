//! The central area: the fit on top; below it the contributions and the loss, and the weight table beside
//! them when there is room, else behind a tab in the loss's place.

use super::data_actions::DataAction;
use super::{ApproxApp, plots, weights};
use crate::app::PredictAction;
use crate::app::state::Action;
use std::sync::Arc;

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

/// In the contributions plot's place while a prediction is drawn: the pieces add up to the answer, so
/// they wait until it is drawn.
fn pieces_wait(ui: &mut egui::Ui) {
    ui.label(egui::RichText::new("Neurons").strong());
    ui.label(
        "The neurons' pieces add up to the network's answer, so they hide while you draw your \
         prediction: Done shows them.",
    );
}

impl ApproxApp {
    /// Lays out and draws the plots and the table; remembers the hovered neuron.
    pub(super) fn central(&mut self, ui: &mut egui::Ui) {
        let snap = Arc::clone(&self.lab.snapshot);
        let run = snap.run(self.lab.selected);
        let refit = self.plots.shown_view != Some(snap.data.view)
            || std::mem::take(&mut self.windows.predict.refit);
        self.plots.shown_view = Some(snap.data.view);
        let full = ui.available_size();
        let gap = ui.spacing().item_spacing.x;
        let editing = match (&self.state.settings.data.source, self.state.edit_points) {
            (crate::data::Source::Points(points), true) => Some(points.clone()),
            _ => None,
        };
        self.plots.points.follow(&snap.data);
        let guess = self.windows.predict.shown(&snap.data.view_x);
        let drawing = self.windows.predict.drawing;
        let drawn = ui.scope(|ui| {
            plots::fit_plot(
                ui,
                &snap,
                &self.plots.points,
                run,
                plots::FitView {
                    hovered: self.plots.hovered_neuron,
                    hovered_member: self.plots.hovered_member,
                    size: egui::vec2(full.x, (full.y * 0.48).max(160.0)),
                    reset: refit,
                    editing: editing.as_deref(),
                    guess: plots::GuessLayer {
                        curve: &guess,
                        drawing,
                    },
                },
            )
        });
        let mut rects = super::PlotRects {
            fit: Some(drawn.response.rect),
            ..Default::default()
        };
        let fit = drawn.inner;
        let suggested = super::diagnosis_line::diagnosis_line(ui, run, &self.state.settings);
        let mut actions = super::predict::answer(ui, &snap, &self.windows.predict);
        let mut hovered = fit.hovered;
        let rest = ui.available_height().max(120.0);
        let beside = (full.x - weights::TABLE_WIDTH - 3.0 * gap) / 2.0 >= MIN_PLOT_WIDTH;
        let table_width = if beside { weights::TABLE_WIDTH } else { 0.0 };
        let plot_width = ((full.x - table_width - 3.0 * gap) / 2.0).max(120.0);
        let mut shown = plots::LossAxes {
            time: self.state.time_axis,
            gradients: self.state.gradients,
        };
        let mut weights_edit = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(plot_width);
                let size = egui::vec2(plot_width, rest);
                if drawing {
                    pieces_wait(ui);
                } else {
                    let (over, edit) = plots::contributions_plot(
                        ui,
                        &snap,
                        run,
                        self.plots.hovered_neuron,
                        size,
                        refit,
                    );
                    hovered = hovered.or(over);
                    weights_edit = edit;
                }
                rects.pieces = Some(ui.min_rect());
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
                        let size = egui::vec2(plot_width, height);
                        let drawn =
                            ui.scope(|ui| plots::loss_plot(ui, &snap, run, size, refit, shown));
                        rects.loss = Some(drawn.response.rect);
                        shown = drawn.inner;
                    }
                    LowerTab::Weights => {
                        let (over, edit) =
                            weights::weight_table(ui, run, self.plots.hovered_neuron);
                        hovered = hovered.or(over);
                        weights_edit = weights_edit.take().or(edit);
                    }
                }
            });
            if beside {
                ui.vertical(|ui| {
                    ui.set_width(table_width);
                    ui.set_max_height(rest);
                    let (over, edit) = weights::weight_table(ui, run, self.plots.hovered_neuron);
                    hovered = hovered.or(over);
                    weights_edit = weights_edit.take().or(edit);
                });
            }
        });
        if !self.pictures.frozen {
            self.plots.hovered_neuron = hovered;
            self.plots.hovered_member = fit.hovered_member;
            self.plots.plot_rects = rects;
        }
        if shown.time != self.state.time_axis {
            actions.push(Action::TimeAxis(shown.time));
        }
        if shown.gradients != self.state.gradients {
            actions.push(Action::ShowGradients(shown.gradients));
        }
        actions.extend(plot_actions(fit, weights_edit));
        actions.extend(suggested.map(Action::Settings));
        self.act(actions);
    }
}

/// What the pointer did on the fit plot (a pen stroke, a point edit, a neuron added) and in the weights
/// (a hand edit), as actions.
fn plot_actions(fit: plots::FitOutcome, weights_edit: Option<(Vec<f32>, String)>) -> Vec<Action> {
    let pens = fit.pens.into_iter();
    let mut actions: Vec<Action> = pens
        .map(|pen| Action::Predict(PredictAction::Pen(pen)))
        .collect();
    if let Some(edit) = fit.point_edit {
        actions.push(Action::Data(DataAction::EditPoint(edit)));
    }
    if let Some(at) = fit.add_neuron {
        actions.push(Action::Data(DataAction::AddNeuron(at)));
    }
    if let Some((params, label)) = weights_edit {
        actions.push(Action::Data(DataAction::SetWeights(params, label)));
    }
    actions
}
