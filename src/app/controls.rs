//! The left panel: every setting of the experiment, each with a visible label and a one-sentence tooltip.
//! Widgets edit a copy of the settings; what changed comes back as [`Action`]s, carried out after the
//! frame's layout so state never changes mid-frame.
//!
//! Every slider spans the limits of [`crate::limits`]; a typed number is applied on Enter or when the
//! field loses focus (never keystroke by keystroke) and is not clamped here: the window brings it within
//! its limit and says so in the status line.

use super::state::{Action, UiState};
use crate::data::{Sampling, Source};
use crate::limits::{self, Limit};
use crate::nn::{Activation, Init};
use crate::train::lab::MAX_STEPS_PER_FRAME;
use crate::train::{DataView, RunId, Settings, Snapshot};
use egui::{DragValue, Slider, SliderClamping, Ui};

/// A slider over `limit` that applies typed values only when the edit ends and leaves range checks to
/// the window (so an out-of-range value is reported, not silently clamped).
pub(super) fn slider<'a, N: egui::emath::Numeric>(
    value: &'a mut N,
    limit: Limit,
    text: &str,
) -> Slider<'a> {
    Slider::new(value, N::from_f64(limit.min)..=N::from_f64(limit.max))
        .clamping(SliderClamping::Never)
        .update_while_editing(false)
        .custom_parser(super::number_field::number_parser(text.to_string()))
        .text(text)
}

/// Draws the controls for the selected run (the data for every run); returns what changed.
pub fn controls(ui: &mut Ui, state: &UiState, snap: &Snapshot, selected: RunId) -> Vec<Action> {
    let mut s = state.settings.clone();
    let mut keep_neurons = state.keep_neurons;
    let mut actions = Vec::new();
    let (mut steps_per_frame, mut max_speed) = (state.steps_per_frame, state.max_speed);
    ui.spacing_mut().slider_width = 150.0;

    section(
        ui,
        "Data",
        "changing the data keeps the weights: the network adapts",
    );
    actions.extend(data_controls(ui, &mut s, state, &snap.data));
    actions.extend(super::runs::run_list(ui, snap, selected));
    let whose = if snap.runs.len() > 1 {
        let i = snap.runs.iter().position(|r| r.id == selected).unwrap_or(0);
        format!(" of run {}", i + 1)
    } else {
        String::new()
    };
    section(
        ui,
        &format!("Network{whose}"),
        "changing the network draws new initial weights (step 0)",
    );
    let run = snap.run(selected);
    let before = run.ensemble.as_ref().map_or(1, |e| e.seeds.len());
    let mut members = before;
    network_controls(ui, &mut s, &mut keep_neurons, &mut members);
    if members != before {
        actions.push(Action::Ensemble(members));
    }
    cost_line(ui, snap, selected);
    section(
        ui,
        &format!("Training{whose}"),
        "changing how it trains keeps the weights",
    );
    super::training_controls::training_controls(ui, &mut s, snap.data.train_points.len());
    section(ui, "Speed", "how much training happens per drawn frame");
    ui.add(
        Slider::new(&mut steps_per_frame, 1..=MAX_STEPS_PER_FRAME)
            .update_while_editing(false)
            .logarithmic(true)
            .text("Steps per frame"),
    )
    .on_hover_text("Training steps run for every frame drawn (about 60 frames per second).");
    ui.checkbox(&mut max_speed, "Max speed")
        .on_hover_text("Train as fast as the engine allows, drawing the latest state every frame.");

    if keep_neurons != state.keep_neurons {
        actions.push(Action::KeepNeurons(keep_neurons));
    }
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

fn data_controls(ui: &mut Ui, s: &mut Settings, state: &UiState, data: &DataView) -> Vec<Action> {
    let d = &mut s.data;
    let actions = super::target::target_controls(ui, d, state, data.note.as_deref());
    // points decide the training interval (when they leave the one set) and their own count; the fields
    // show what is in force and say so, and sampling, noise and count cannot change given points
    let given = match &d.source {
        Source::Points(p) => Some(p.len()),
        _ => None,
    };
    let follows = "follows the points: the interval set, widened to hold every point (edit the points on the fit plot)";
    match given {
        Some(_) => {
            let (mut lo, mut hi) = (data.domain.lo, data.domain.hi);
            ui.add_enabled_ui(false, |ui| {
                interval(ui, "Training interval", &mut lo, &mut hi, follows);
            });
        }
        None => interval(
            ui,
            "Training interval",
            &mut d.domain.lo,
            &mut d.domain.hi,
            "Where the training points lie.",
        ),
    }
    let view_tip = "What the plots show; the error outside the training interval is measured here.";
    let (mut lo, mut hi) = (data.view.lo, data.view.hi);
    interval(ui, "View interval", &mut lo, &mut hi, view_tip);
    if (lo, hi) != (data.view.lo, data.view.hi) {
        d.view = crate::data::Interval { lo, hi };
    }
    match given {
        Some(count) => {
            let mut shown = count;
            ui.add_enabled(
                false,
                slider(&mut shown, limits::POINTS, "Points").logarithmic(true),
            )
            .on_disabled_hover_text(format!(
                "{count} points given (training plus validation): add, move or remove them on the fit plot with Edit points"
            ));
        }
        None => {
            ui.add(slider(&mut d.points, limits::POINTS, "Points").logarithmic(true))
                .on_hover_text(
                    "How many points are drawn on the training interval (training plus validation).",
                );
        }
    }
    let sampled = given.is_none();
    let given_tip = "Given points are taken as they are: no sampling, no noise added.";
    ui.add_enabled_ui(sampled, |ui| {
        combo(
            ui,
            "Sampling",
            &mut d.sampling,
            &[Sampling::Grid, Sampling::Random],
            |v| match v {
                Sampling::Grid => "grid",
                Sampling::Random => "random",
            },
            if sampled {
                "Evenly spaced points (both ends included) or uniform random ones."
            } else {
                given_tip
            },
        );
        ui.add(
            slider(&mut d.noise, limits::NOISE, "Noise σ")
                .logarithmic(true)
                .smallest_positive(1e-3),
        )
        .on_hover_text("Standard deviation of the Gaussian noise added to every y.")
        .on_disabled_hover_text(given_tip);
    });
    let mut percent = d.val_fraction * 100.0;
    let v = limits::VALIDATION;
    let in_percent = Limit::new(v.field, v.min * 100.0, v.max * 100.0);
    if ui
        .add(slider(&mut percent, in_percent, "Validation %").max_decimals(0))
        .on_hover_text("Share of the points held out to measure overfitting; the network never trains on them.")
        .changed()
    {
        d.val_fraction = percent / 100.0;
    }
    ui.horizontal(|ui| {
        let label = ui.label("Data seed");
        ui.add(
            DragValue::new(&mut d.seed)
                .update_while_editing(false)
                .custom_parser(super::number_field::number_parser("Data seed".into())),
        )
            .labelled_by(label.id)
            .on_hover_text(
                "Behind the data's random choices (random sampling, noise, the validation split): same seed, same points.",
            );
    });
    actions
}

/// The network's controls; `members` is the selected run's ensemble size ("Seeds ×", 1 for a single
/// run).
fn network_controls(ui: &mut Ui, s: &mut Settings, keep_neurons: &mut bool, members: &mut usize) {
    ui.horizontal(|ui| {
        let label = ui.label("Weights seed");
        ui.add(
            DragValue::new(&mut s.seed)
                .update_while_editing(false)
                .custom_parser(super::number_field::number_parser("Weights seed".into())),
        )
        .labelled_by(label.id)
        .on_hover_text(
            "Behind the initial weights and the mini-batch order: same seed and shape, same start, \
                 bit for bit.",
        );
        let label = ui.label("Seeds ×");
        let m = crate::train::ensemble::MEMBERS;
        ui.add(
            DragValue::new(members)
                .update_while_editing(false)
                .speed(0.05)
                .range(1..=m.max as usize)
                .custom_parser(super::number_field::whole_parser(
                    "Seeds ×".into(),
                    1.0,
                    m.max,
                    "1 is a single run",
                )),
        )
        .labelled_by(label.id)
        .on_hover_text(
            "An ensemble: this many runs from the weight seeds s, s+1, … trained together on the same \
             data (2 to 32; 1 is a single run). The fit shows their median and the band from the lowest \
             to the highest member; the title says how wide the band is and how far the median is from \
             the target, inside the interval and beyond it. Far out the band is usually much narrower \
             than the error: the members agree on the wrong answer.",
        );
    });
    let n = &mut s.net;
    ui.add(slider(&mut n.depth, limits::DEPTH, "Hidden layers"))
        .on_hover_text(
            "Number of hidden layers; 0 leaves a single neuron, a straight line w·x + b.",
        );
    let hidden = n.depth > 0;
    let no_hidden = "A single neuron (0 hidden layers) has no width and no activation: it is the line \
                     w·x + b.";
    let width = ui.add_enabled(
        hidden,
        slider(&mut n.width, limits::WIDTH, "Width").logarithmic(true),
    );
    if hidden {
        width.on_hover_text(
            "Neurons per hidden layer: with ReLU, at most this many kinks in the first layer.",
        );
    } else {
        width.on_disabled_hover_text(no_hidden);
    }
    ui.add_enabled(
        hidden,
        egui::Checkbox::new(keep_neurons, "Keep neurons when the width changes"),
    )
    .on_hover_text(
        "A wider layer gets new neurons with zero outgoing weights (the fit does not jump); a narrower \
         one loses the neurons with the smallest outgoing weights. Off: new initial weights.",
    );
    ui.add_enabled_ui(hidden, |ui| {
        ui.horizontal(|ui| {
            combo(
                ui,
                "Activation",
                &mut n.activation,
                &Activation::ALL,
                |a| a.name(),
                if hidden {
                    "The nonlinearity after every hidden layer."
                } else {
                    no_hidden
                },
            );
            let act = n.activation;
            super::plots::activation_lab(ui, act, egui::vec2(64.0, 22.0), false).on_hover_ui(
                |ui| {
                    ui.label(format!(
                    "{} (solid) and its slope (dashed) for z = w·x + b in [−4, 4]: where the slope \
                     is 0 a neuron gets no gradient and stops learning.",
                    act.name()
                ));
                    super::plots::activation_lab(ui, act, egui::vec2(260.0, 120.0), true);
                },
            );
        });
    });
    let tip = "The output neuron's bias at step 0 (Keras: bias_initializer=Constant). Near the target's \
               mean, the network starts at the right height instead of spending its first steps getting \
               there.";
    ui.horizontal(|ui| {
        combo(
            ui,
            "Init",
            &mut n.init,
            &Init::ALL,
            |i| i.name(),
            "How the initial weights are drawn (Keras names).",
        );
        ui.add_space(8.0);
        let name = ui.label("Output bias").on_hover_text(tip);
        ui.add(
            DragValue::new(&mut n.output_bias)
                .custom_parser(super::number_field::number_parser(
                    "Output bias at start".into(),
                ))
                .speed(0.1)
                .max_decimals(3)
                .update_while_editing(false),
        )
        .labelled_by(name.id)
        .on_hover_text(tip);
    });
}

/// "31 parameters · a step: 4k multiply-adds forward, 6k backward" for the selected run.
fn cost_line(ui: &mut Ui, snap: &Snapshot, selected: RunId) {
    let run = snap.run(selected);
    let cost = crate::nn::cost::Cost::of(run.mlp.layers());
    let points = run
        .settings
        .optim
        .points_per_step(snap.data.train_points.len());
    let count = |v: usize| super::topbar::count(v as f64);
    ui.label(format!(
        "{} parameters · a step: {} multiply-adds forward, {} backward",
        count(cost.params),
        count(cost.forward_per_point * points),
        count(cost.backward_per_point * points),
    ))
    .on_hover_text(format!(
        "Per training point: {} multiply-adds forward (x through every layer) and {} backward (the \
         gradients), over {} points per step; {} floating-point operations in all.",
        count(cost.forward_per_point),
        count(cost.backward_per_point),
        count(points),
        count(cost.flops_per_step(points))
    ));
}

/// Two numbers, lo and hi, under one label; each applies when its edit ends (Enter or focus lost).
fn interval(ui: &mut Ui, label: &str, lo: &mut f64, hi: &mut f64, tip: &str) {
    ui.horizontal(|ui| {
        let name = ui.label(label).on_hover_text(tip);
        for (end, prefix) in [(lo, "from "), (hi, "to ")] {
            ui.add(
                DragValue::new(end)
                    .custom_parser(super::number_field::number_parser(format!(
                        "{label}, {}",
                        prefix.trim()
                    )))
                    .speed(0.05)
                    .max_decimals(2)
                    .update_while_editing(false)
                    .prefix(prefix),
            )
            .labelled_by(name.id)
            .on_hover_text(tip);
        }
    });
}

/// A labelled drop-down over `all`.
pub(super) fn combo<T: Copy + PartialEq>(
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
        .on_hover_text(tip)
        .on_disabled_hover_text(tip);
}
