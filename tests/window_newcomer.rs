//! What a newcomer hit in the window, one test per problem (issue "The window as a newcomer finds it"),
//! driven through the real widgets by their labels in the paused mode.

mod support;

use approxlab::app::{LowerTab, UiState, shown_x_range};
use approxlab::data::Interval;
use approxlab::train::{Command, Halt};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use support::{
    choose, harness, harness_with, press, set_slider, sized, type_and_enter, type_into_slider,
    type_only,
};

/// The status line's text, if it shows this exact message somewhere (the diagnosis's state word under
/// the fit, a label of that word alone, is not a message).
fn status_contains(
    h: &egui_kittest::Harness<'static, approxlab::app::ApproxApp>,
    text: &str,
) -> bool {
    const STATES: [&str; 8] = [
        "learning",
        "converged",
        "plateau",
        "too-slow",
        "unstable",
        "diverged",
        "underfit",
        "overfit",
    ];
    h.query_all_by_label_contains(text).any(|node| {
        let node = node.accesskit_node();
        let shown = node.label().or(node.value()).unwrap_or_default();
        !STATES.contains(&shown.as_str())
    })
}

#[test]
fn the_contributions_plot_spans_the_view_even_with_centres_far_away() {
    let mut state = UiState::default();
    // the view is the training interval: after training, some centres lie beyond it
    state.settings.data.view = Interval::new(-3.0, 3.0);
    let mut h = harness_with(state);
    h.run();
    h.state_mut().command(Command::Step(4000));
    h.run();
    let snap = h.state().run();
    let centres = snap.centres.clone().expect("one hidden layer has centres");
    let beyond = centres.iter().flatten().filter(|c| c.abs() > 3.0).count();
    assert!(beyond > 0, "some centre lies beyond the view: {centres:?}");
    assert!(
        h.query_by_label_contains(&format!("({beyond} beyond the view: arrows)"))
            .is_some(),
        "the legend counts the centres beyond the view"
    );
    let fit = shown_x_range(&h.ctx, "fit").expect("the fit was drawn");
    let contributions = shown_x_range(&h.ctx, "contributions").expect("drawn");
    assert_eq!(fit, contributions, "both plots show the same x range");
    assert!(
        fit.0 > -3.5 && fit.1 < 3.5,
        "the view, not the far centres: {fit:?}"
    );
}

#[test]
fn a_typed_interval_end_applies_on_enter_not_per_keystroke() {
    let mut h = harness();
    h.run();
    h.get_all_by_label("View interval")
        .nth(1)
        .expect("the view's right end")
        .click();
    h.run();
    type_only(&mut h, "View interval", "2");
    assert_eq!(
        h.state().snapshot().data.view.hi,
        6.0,
        "a half-typed value is not applied"
    );
    assert!(!status_contains(&h, "setting refused"), "nor refused");
    type_and_enter(&mut h, "View interval", "0");
    let snap = h.state().run();
    assert_eq!(
        h.state().snapshot().data.view,
        Interval::new(-6.0, 20.0),
        "Enter applies 20"
    );
    assert!(
        snap.trail.is_empty(),
        "a new view clears the trail of recent fits"
    );
}

#[test]
fn after_a_divergence_a_lower_rate_trains_on_from_the_last_good_weights() {
    let mut h = harness();
    h.run();
    choose(&mut h, "Optimizer", "sgd");
    set_slider(&mut h, "Learning rate", 10.0);
    press(&mut h, "Play");
    h.run_steps(20);
    let snap = h.state().run();
    let Some(Halt::Diverged {
        step,
        restored_step,
        loss,
        ..
    }) = snap.halt
    else {
        panic!("lr 10 diverges: {:?}", snap.halt);
    };
    assert!(!h.state().snapshot().running);
    assert!(restored_step < step);
    assert!(
        snap.latest.train.is_finite() && snap.latest.train < 1.0,
        "the restored weights are the good ones: {}",
        snap.latest.train
    );
    assert!(
        snap.history.iter().any(|r| r.train == loss),
        "the explosion stays on the loss plot"
    );
    assert!(snap.marks.iter().any(|m| m.label == "diverged"));
    assert!(status_contains(
        &h,
        &format!("the weights of step {restored_step}")
    ));
    assert!(status_contains(&h, "Reset to start over"));

    set_slider(&mut h, "Learning rate", 0.01);
    assert!(status_contains(
        &h,
        "press Play to go on from the weights of step"
    ));
    press(&mut h, "Play");
    h.run_steps(10);
    let snap = h.state().run();
    assert!(h.state().snapshot().running, "training goes on");
    assert_eq!(snap.halt, None, "no new divergence at a sane rate");
    assert!(snap.step > step);
    assert!(snap.latest.train < 1.0, "{}", snap.latest.train);
}

#[test]
fn an_out_of_range_value_is_clamped_and_the_status_line_says_so() {
    let mut h = harness();
    h.run();
    type_into_slider(&mut h, "Width", "2000");
    assert_eq!(h.state().run().settings.net.width, 1024);
    assert!(
        status_contains(&h, "width 2000 is outside 1 … 1024: set to 1024"),
        "the status line names the field and its range"
    );
    type_into_slider(&mut h, "Learning rate", "1e9");
    assert_eq!(h.state().run().settings.optim.lr, 100.0);
    assert!(status_contains(
        &h,
        "learning rate 1e9 is outside 1e-8 … 100"
    ));
    type_into_slider(&mut h, "Validation %", "95");
    assert_eq!(h.state().run().settings.data.val_fraction, 0.9);
    assert!(status_contains(
        &h,
        "validation fraction 0.95 is outside 0 … 0.9"
    ));
}

#[test]
fn a_message_that_is_no_longer_true_goes_away() {
    let mut h = harness();
    h.run();
    choose(&mut h, "Optimizer", "lm");
    h.state_mut().command(Command::Step(3000));
    h.run();
    assert!(
        matches!(h.state().run().halt, Some(Halt::Converged { .. })),
        "{:?}",
        h.state().run().halt
    );
    assert!(status_contains(&h, "converged"));
    press(&mut h, "Defaults");
    press(&mut h, "Play");
    h.run_steps(2);
    assert!(h.state().snapshot().running);
    assert!(
        !status_contains(&h, "converged"),
        "the stale message is gone"
    );
}

#[test]
fn a_single_neuron_disables_what_does_not_apply_and_deep_nets_show_their_last_layer() {
    let mut h = harness();
    h.run();
    set_slider(&mut h, "Hidden layers", 0.0);
    let width = h
        .get_all_by_role_and_label(Role::Slider, "Width")
        .next()
        .unwrap();
    assert!(
        width.accesskit_node().is_disabled(),
        "width means nothing for a single neuron"
    );
    let activation = h.get_by_role_and_label(Role::ComboBox, "Activation");
    assert!(activation.accesskit_node().is_disabled());
    assert!(h.query_by_label("Weights: a single neuron").is_some());

    set_slider(&mut h, "Hidden layers", 2.0);
    set_slider(&mut h, "Width", 20.0);
    let snap = h.state().run();
    assert_eq!((snap.weights.layer, snap.weights.rows.len()), (2, 20));
    assert!(h.query_by_label("Weights: hidden layer 2 of 2").is_some());
    assert!(
        h.query_by_label_contains("its neurons read the 20 outputs of layer 1")
            .is_some()
    );
}

#[test]
fn reset_view_restores_a_plot_panned_by_a_drag() {
    let mut h = harness();
    h.run();
    h.run();
    let before = shown_x_range(&h.ctx, "fit").unwrap();
    let plot = h.get_by_label("training points").rect(); // a legend entry inside the fit plot
    let start = plot.center() + egui::vec2(400.0, 120.0);
    h.drag_at(start);
    h.run();
    for dx in 1..=10 {
        h.hover_at(start + egui::vec2(-20.0 * dx as f32, 0.0));
        h.run();
    }
    h.drop_at(start + egui::vec2(-200.0, 0.0));
    h.run();
    let panned = shown_x_range(&h.ctx, "fit").unwrap();
    assert!(
        panned.0 > before.0 + 1.0,
        "the drag panned: {before:?} → {panned:?}"
    );
    h.get_all_by_role_and_label(Role::Button, "Reset view")
        .next()
        .expect("the fit's Reset view")
        .click();
    h.run();
    h.run();
    let back = shown_x_range(&h.ctx, "fit").unwrap();
    assert!(
        (back.0 - before.0).abs() < 1e-9 && (back.1 - before.1).abs() < 1e-9,
        "{back:?}"
    );
}

#[test]
fn setting_changes_are_marked_on_the_loss_plot() {
    let mut h = harness();
    h.run();
    h.state_mut().command(Command::Step(50));
    h.run();
    choose(&mut h, "Loss", "mae");
    h.state_mut().command(Command::Step(50));
    choose(&mut h, "Target", "cubic");
    let marks = &h.state().run().marks;
    let seen: Vec<(u64, &str)> = marks.iter().map(|m| (m.step, m.label.as_str())).collect();
    assert_eq!(seen, [(50, "mae loss"), (100, "target cubic")]);
}

#[test]
fn when_every_centre_sits_at_zero_the_table_says_why() {
    let mut h = harness();
    h.run();
    choose(&mut h, "Optimizer", "sgd");
    h.state_mut().command(Command::Step(20));
    h.run();
    assert!(
        h.state()
            .run()
            .weights
            .rows
            .iter()
            .all(|r| r.b.abs() < 1e-6),
        "on sin over a symmetric grid every bias gradient is 0 (up to rounding)"
    );
    let note = h.get_by_label("All centres at 0: why? (hover)");
    note.hover();
    h.run();
    assert!(
        h.query_by_label_contains("Break the symmetry: random sampling")
            .is_some()
    );
}

#[test]
fn a_small_laptop_window_keeps_the_plots_and_puts_the_weights_behind_a_tab() {
    let mut h = sized(UiState::default(), 1024.0, 640.0);
    h.run();
    assert_eq!(h.state().lower_tab, LowerTab::Loss);
    assert!(
        h.query_by_label("Weights: the hidden layer").is_none(),
        "no room beside the plots"
    );
    let loss = shown_x_range(&h.ctx, "loss");
    assert!(loss.is_some(), "the loss plot is drawn");
    h.get_by_label("Weights").click();
    h.run();
    assert_eq!(h.state().lower_tab, LowerTab::Weights);
    assert!(h.query_by_label("Weights: the hidden layer").is_some());
    // at the size of a desktop the three sit side by side, with no tabs
    let mut wide = sized(UiState::default(), 1920.0, 1080.0);
    wide.run();
    assert!(wide.query_by_label("Weights: the hidden layer").is_some());
    assert!(wide.query_by_label("Weights").is_none(), "no tab needed");
}
