//! The left panel: every setting of the experiment, each with a visible label and a one-sentence tooltip.
//! Widgets edit a copy of the settings; what changed comes back as [`Action`]s, carried out after the
//! frame's layout so state never changes mid-frame.

use super::UiState;
use crate::data::{Sampling, Target};
use crate::nn::{Activation, Init, Loss, OptimizerKind};
use crate::train::session::MAX_STEPS_PER_FRAME;
use crate::train::{Command, Settings, Snapshot};
use egui::{DragValue, Slider, Ui};

/// What the window should do after this frame.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Apply these settings (validated first).
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

/// Draws the controls; returns what changed.
pub fn controls(ui: &mut Ui, state: &UiState, snap: &Snapshot) -> Vec<Action> {
    let mut s = state.settings.clone();
    let (mut steps_per_frame, mut max_speed) = (state.steps_per_frame, state.max_speed);
    ui.spacing_mut().slider_width = 150.0;

    section(
        ui,
        "Data",
        "changing the data keeps the weights: the network adapts",
    );
    data_controls(ui, &mut s);
    section(
        ui,
        "Network",
        "changing the network draws new initial weights (step 0)",
    );
    network_controls(ui, &mut s);
    section(ui, "Training", "changing how it trains keeps the weights");
    training_controls(ui, &mut s, snap.train_points.len());
    section(ui, "Speed", "how much training happens per drawn frame");
    ui.add(
        Slider::new(&mut steps_per_frame, 1..=MAX_STEPS_PER_FRAME)
            .logarithmic(true)
            .text("Steps per frame"),
    )
    .on_hover_text("Training steps run for every frame drawn (about 60 frames per second).");
    ui.checkbox(&mut max_speed, "Max speed")
        .on_hover_text("Train as fast as the engine allows, drawing the latest state every frame.");

    let mut actions = Vec::new();
    if s != state.settings {
        actions.push(Action::Settings(s));
    }
    if (steps_per_frame, max_speed) != (state.steps_per_frame, state.max_speed) {
        actions.push(Action::Speed {
            steps_per_frame,
            max_speed,
        });
    }
    actions
}

fn section(ui: &mut Ui, title: &str, tip: &str) {
    ui.add_space(6.0);
    ui.heading(title).on_hover_text(tip);
    ui.label(egui::RichText::new(tip).small().weak());
}

fn data_controls(ui: &mut Ui, s: &mut Settings) {
    let d = &mut s.data;
    combo(
        ui,
        "Target",
        &mut d.target,
        &Target::ALL,
        |t| t.name(),
        "The function y = f(x) the network learns.",
    );
    ui.label(egui::RichText::new(format!("f(x) = {}", d.target.formula())).small());
    interval(
        ui,
        "Training interval",
        &mut d.domain.lo,
        &mut d.domain.hi,
        "Where the training points lie.",
    );
    interval(
        ui,
        "View interval",
        &mut d.view.lo,
        &mut d.view.hi,
        "What the plots show; the error outside the training interval is measured here.",
    );
    ui.add(
        Slider::new(&mut d.points, 2..=5000)
            .logarithmic(true)
            .text("Points"),
    )
    .on_hover_text(
        "How many points are drawn on the training interval (training plus validation).",
    );
    combo(
        ui,
        "Sampling",
        &mut d.sampling,
        &[Sampling::Grid, Sampling::Random],
        |v| match v {
            Sampling::Grid => "grid",
            Sampling::Random => "random",
        },
        "Evenly spaced points (both ends included) or uniform random ones.",
    );
    ui.add(Slider::new(&mut d.noise, 0.0..=1.0).text("Noise σ"))
        .on_hover_text("Standard deviation of the Gaussian noise added to every y.");
    let mut percent = d.val_fraction * 100.0;
    if ui
        .add(Slider::new(&mut percent, 0.0..=50.0).text("Validation %").max_decimals(0))
        .on_hover_text("Share of the points held out to measure overfitting; the network never trains on them.")
        .changed()
    {
        d.val_fraction = (percent / 100.0).clamp(0.0, 0.9);
    }
    ui.horizontal(|ui| {
        let label = ui.label("Seed");
        ui.add(DragValue::new(&mut s.seed).range(0..=u32::MAX as u64))
            .labelled_by(label.id)
            .on_hover_text(
                "One number behind every random choice: same seed, same run, bit for bit.",
            );
    });
}

fn network_controls(ui: &mut Ui, s: &mut Settings) {
    let n = &mut s.net;
    ui.add(Slider::new(&mut n.depth, 0..=6).text("Hidden layers"))
        .on_hover_text(
            "Number of hidden layers; 0 leaves a single neuron, a straight line w·x + b.",
        );
    ui.add(
        Slider::new(&mut n.width, 1..=256)
            .logarithmic(true)
            .text("Width"),
    )
    .on_hover_text(
        "Neurons per hidden layer: with ReLU, at most this many kinks in the first layer.",
    );
    combo(
        ui,
        "Activation",
        &mut n.activation,
        &Activation::ALL,
        |a| a.name(),
        "The nonlinearity after every hidden layer.",
    );
    combo(
        ui,
        "Init",
        &mut n.init,
        &Init::ALL,
        |i| i.name(),
        "How the initial weights are drawn (Keras names).",
    );
    ui.label(format!("{} parameters", n.param_count()));
}

fn training_controls(ui: &mut Ui, s: &mut Settings, train_points: usize) {
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
        Slider::new(&mut o.lr, 1e-5..=10.0)
            .logarithmic(true)
            .text("Learning rate"),
    )
    .on_hover_text("Step size of each update: too small crawls, too large diverges.");
    ui.add_enabled(
        o.optimizer.uses_momentum(),
        Slider::new(&mut o.momentum, 0.0..=0.99).text("Momentum"),
    )
    .on_hover_text("How much of the previous update carries over (momentum and nesterov only).");
    ui.add_enabled(
        o.optimizer != OptimizerKind::Lm,
        Slider::new(&mut o.batch, 0..=train_points.max(1))
            .text("Batch size")
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
        Slider::new(&mut o.weight_decay, 0.0..=1.0)
            .logarithmic(true)
            .smallest_positive(1e-6)
            .text("Weight decay"),
    )
    .on_hover_text("L2 penalty λ·ΣW² that pulls the weights towards zero.");
    combo(
        ui,
        "Loss",
        &mut o.loss,
        &Loss::ALL,
        |l| l.name(),
        "What training minimises: mse, mae or huber.",
    );
}

/// Two numbers, lo and hi, under one label.
fn interval(ui: &mut Ui, label: &str, lo: &mut f64, hi: &mut f64, tip: &str) {
    ui.horizontal(|ui| {
        let name = ui.label(label).on_hover_text(tip);
        ui.add(
            DragValue::new(lo)
                .speed(0.05)
                .range(-1000.0..=1000.0)
                .max_decimals(2)
                .prefix("from "),
        )
        .labelled_by(name.id)
        .on_hover_text(tip);
        ui.add(
            DragValue::new(hi)
                .speed(0.05)
                .range(-1000.0..=1000.0)
                .max_decimals(2)
                .prefix("to "),
        )
        .labelled_by(name.id)
        .on_hover_text(tip);
    });
}

/// A labelled drop-down over `all`.
fn combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> &'static str,
    tip: &str,
) {
    egui::ComboBox::from_label(label)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &option in all {
                ui.selectable_value(value, option, name(option));
            }
        })
        .response
        .on_hover_text(tip);
}
