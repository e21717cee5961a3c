//! The training controls of the left panel: the optimizer, learning rate, momentum, batch size, weight
//! decay, early stopping and loss of the selected run, each with its label and a one-sentence tooltip
//! (disabled, with the reason, where the optimizer or the data make it meaningless).

use super::controls::{combo, slider};
use crate::limits::{self, Limit};
use crate::nn::{Loss, OptimizerKind};
use crate::train::Settings;
use egui::Ui;

/// Draws the training controls into `ui`, editing `s` (the batch size up to `train_points`).
pub(super) fn training_controls(ui: &mut Ui, s: &mut Settings, train_points: usize) {
    let o = &mut s.optim;
    combo(
        ui,
        "Optimizer",
        &mut o.optimizer,
        &OptimizerKind::ALL,
        |k| k.name(),
        "The update rule; lm is Levenberg–Marquardt, a second-order method for small networks.",
    );
    ui.add_enabled(
        o.optimizer != OptimizerKind::Lm,
        slider(&mut o.lr, limits::LEARNING_RATE, "Learning rate").logarithmic(true),
    )
    .on_hover_text("Step size of each update: too small crawls, too large diverges.");
    ui.add_enabled(
        o.optimizer.uses_momentum(),
        slider(&mut o.momentum, limits::MOMENTUM, "Momentum"),
    )
    .on_hover_text("How much of the previous update carries over (momentum and nesterov only).");
    ui.add_enabled(
        o.optimizer != OptimizerKind::Lm,
        slider(
            &mut o.batch,
            Limit::new("batch size", 0.0, train_points.max(1) as f64),
            "Batch size",
        )
        .custom_formatter(|v, _| {
            if v < 0.5 {
                "full".into()
            } else {
                format!("{v:.0}")
            }
        }),
    )
    .on_hover_text("Points per step, reshuffled every epoch; 0 uses every point (full batch).");
    ui.add(
        slider(&mut o.weight_decay, limits::WEIGHT_DECAY, "Weight decay")
            .logarithmic(true)
            .smallest_positive(1e-6)
            .custom_formatter(|v, _| limits::show_3(v)),
    )
    .on_hover_text("L2 penalty λ·ΣW² that pulls the weights towards zero.");
    let has_validation = s.data.val_fraction > 0.0;
    let o = &mut s.optim;
    ui.add_enabled(
        has_validation,
        slider(&mut o.patience, limits::PATIENCE, "Early stop")
            .logarithmic(true)
            .custom_formatter(|v, _| {
                if v < 0.5 {
                    "off".into()
                } else {
                    format!("{v:.0} steps")
                }
            }),
    )
    .on_hover_text(
        "Early stopping: halt once the validation loss has not improved for this many steps and put \
         back the weights with the lowest one (marked on the loss plot). Off at 0.",
    )
    .on_disabled_hover_text("Early stopping watches the validation loss: set a validation share first.");
    combo(
        ui,
        "Loss",
        &mut o.loss,
        &Loss::ALL,
        |l| l.name(),
        "What training minimises: mse, mae or huber.",
    );
}
