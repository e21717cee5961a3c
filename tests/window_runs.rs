//! Comparing runs in the window, through its real widgets: Compare from start adds a copy, starts every
//! run over together and selects the copy, the
//! controls edit the selected run only, the run list selects and removes runs, Ctrl+D compares, the loss
//! plot switches to a time axis, and a width change can keep the neurons.

mod support;

use approxlab::nn::OptimizerKind;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use support::{choose, harness, press, set_slider};

#[test]
fn compare_adds_a_run_the_controls_edit_it_alone_and_it_can_be_removed() {
    let mut h = harness();
    h.run();
    press(&mut h, "Step");
    press(&mut h, "Compare from start");
    let snap = h.state().snapshot().clone();
    assert_eq!(snap.runs.len(), 2);
    assert_eq!(snap.runs[0].step, 0, "every run starts over together");
    assert_eq!(
        h.state().selected(),
        snap.runs[1].id,
        "the new run is selected"
    );
    assert_eq!(snap.runs[1].step, 0, "it starts at step 0");
    assert!(h.query_by_label("Network of run 2").is_some());
    choose(&mut h, "Optimizer", "sgd");
    let snap = h.state().snapshot().clone();
    assert_eq!(snap.runs[1].settings.optim.optimizer, OptimizerKind::Sgd);
    assert_eq!(
        snap.runs[0].settings.optim.optimizer,
        OptimizerKind::Adam,
        "run 1 is unchanged"
    );
    assert_eq!(
        snap.runs[0].step, 0,
        "and keeps its weights and step (both started over together)"
    );
    assert_eq!(snap.runs[1].name, "sgd");
    assert!(
        h.query_all_by_label("run 2 (sgd)").count() >= 2,
        "the run list and the legends name it"
    );
    press(&mut h, "Step");
    let snap = h.state().snapshot().clone();
    assert_eq!(
        (snap.runs[0].step, snap.runs[1].step),
        (1, 1),
        "both step together"
    );

    h.get_all_by_label("run 1")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("run 1 in the run list")
        .click();
    h.run();
    h.run();
    assert_eq!(h.state().selected(), snap.runs[0].id);
    assert_eq!(
        h.state().state.settings.optim.optimizer,
        OptimizerKind::Adam,
        "the controls show run 1"
    );

    press(&mut h, "Remove run 2");
    assert_eq!(h.state().snapshot().runs.len(), 1);
    assert!(
        h.query_by_label("Runs").is_none(),
        "one run: the window looks as before"
    );
}

#[test]
fn ctrl_d_compares_and_only_keeps_one_run() {
    let mut h = harness();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run();
    assert_eq!(h.state().snapshot().runs.len(), 3);
    press(&mut h, "Only run 2");
    let snap = h.state().snapshot();
    assert_eq!(snap.runs.len(), 1);
    assert_eq!(h.state().selected(), snap.runs[0].id);
}

#[test]
fn the_loss_plot_can_show_training_time() {
    let mut h = harness();
    h.run();
    assert!(!h.state().state.time_axis);
    h.get_by_label("time").click();
    h.run();
    assert!(h.state().state.time_axis);
    h.get_by_label("time").click();
    h.run();
    assert!(!h.state().state.time_axis);
}

/// The loss plot's gradients tab draws the selected run's per-layer norms (one series a layer, as
/// recorded), the weight table's bars read the last step's gradient, and the tab is remembered.
#[test]
fn the_loss_plot_has_a_gradients_tab() {
    let mut h = support::trained(5, 40);
    let run = h.state().snapshot().first().clone();
    assert_eq!(run.norms.layers(), 2, "the hidden layer and the output");
    let recorded: Vec<u64> = run.history.iter().map(|r| r.step).collect();
    assert_eq!(run.norms.steps(), &recorded[..], "at the losses' steps");
    assert_eq!(run.weights.grad.len(), 5, "one bar a neuron");
    assert!(run.weights.grad.iter().all(|g| g.is_finite() && *g > 0.0));
    assert!(!h.state().state.gradients);
    h.get_by_label("gradients").click();
    h.run();
    h.run();
    assert!(h.state().state.gradients);
    let (lo, hi) = approxlab::app::shown_x_range(&h.ctx, "gradients").expect("drawn");
    let last = *recorded.last().unwrap() as f64;
    assert!(lo <= 0.0 && hi >= last, "the steps recorded: {lo}..{hi}");
    h.get_by_label("gradients").click();
    h.run();
    assert!(!h.state().state.gradients);
}

#[test]
fn a_width_change_can_keep_the_neurons() {
    let mut h = harness();
    h.run();
    for _ in 0..3 {
        press(&mut h, "Step");
    }
    let before = h.state().run().prediction.clone();
    h.get_by_role_and_label(Role::CheckBox, "Keep neurons when the width changes")
        .click();
    h.run();
    assert!(h.state().state.keep_neurons);
    set_slider(&mut h, "Width", 12.0);
    let run = h.state().run();
    assert_eq!((run.step, run.contributions.len()), (3, 12));
    for (a, b) in before.iter().zip(&run.prediction) {
        assert!((a - b).abs() < 1e-6);
    }
    assert!(h.query_by_label_contains("neurons kept").is_some());
}
