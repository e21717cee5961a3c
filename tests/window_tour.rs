//! The tour in the window: the Tour menu enters a step (its runs, data and speed, training), the tour bar
//! moves to the next and previous steps, the width step runs its sweep, and leaving puts the user's lab
//! back as it was.

mod support;

use approxlab::app::UiState;
use approxlab::nn::Activation;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

#[test]
fn a_step_sets_everything_next_and_previous_move_and_leaving_restores_the_users_lab() {
    let mut state = UiState::default();
    state.settings.net.width = 7;
    state.steps_per_frame = 3;
    // the steps' questions would open the drawing of a prediction first (tests/window_predict.rs)
    state.ask_to_predict = false;
    let mut h = support::harness_with(state);
    h.run();
    h.state_mut().command(approxlab::train::Command::Step(40));
    h.run();
    let before = h.state().run().mlp.clone();
    h.get_by_label("Tour").click();
    h.run();
    h.get_by_label("4. Five ReLU neurons: at most five kinks")
        .click();
    h.run();
    let steps = approxlab::tour::presets().len();
    assert!(
        h.query_by_label_contains(&format!("Tour, step 4 of {steps}"))
            .is_some()
    );
    let run = h.state().run();
    assert_eq!(
        (run.settings.net.width, run.settings.net.activation),
        (5, Activation::Relu)
    );
    assert!(
        h.state().snapshot().running,
        "entering a step starts training"
    );
    assert_eq!(h.state().state.steps_per_frame, 5);
    let kept = h.state().kept_state();
    assert_eq!(
        (kept.settings.net.width, kept.steps_per_frame),
        (7, 3),
        "closed on a step, the window remembers the user's own lab"
    );
    support::press(&mut h, "Next");
    assert!(
        h.query_by_label_contains(&format!("Tour, step 5 of {steps}"))
            .is_some()
    );
    assert_eq!(h.state().run().settings.net.width, 50);
    support::press(&mut h, "Previous");
    support::press(&mut h, "Previous");
    assert!(
        h.query_by_label_contains(&format!("Tour, step 3 of {steps}"))
            .is_some()
    );
    assert_eq!(h.state().run().settings.net.activation, Activation::Linear);
    support::press(&mut h, "Leave the tour");
    assert!(h.query_by_label_contains("Tour, step").is_none());
    assert_eq!(h.state().run().settings.net.width, 7);
    assert_eq!(
        h.state().run().step,
        40,
        "the user's run is back where it was"
    );
    assert_eq!(h.state().run().mlp, before);
    assert_eq!(h.state().state.steps_per_frame, 3);
    assert!(!h.state().snapshot().running, "it was paused, it is paused");
}

#[test]
fn the_comparison_steps_open_several_runs_from_the_same_weights() {
    let mut h = support::harness();
    h.run();
    h.get_by_label("Tour").click();
    h.run();
    h.get_by_label("6. SGD against momentum").click();
    h.run();
    h.state_mut().command(approxlab::train::Command::Pause);
    h.state_mut().command(approxlab::train::Command::Reset);
    h.run();
    let snap = h.state().snapshot();
    assert_eq!(snap.runs.len(), 3);
    assert!(
        snap.runs.iter().all(|r| r.mlp == snap.runs[0].mlp),
        "the same initial weights"
    );
}

#[test]
fn the_width_experiment_runs_its_sweep() {
    let mut h = support::harness();
    h.run();
    h.get_by_label("Tour").click();
    h.run();
    h.get_by_label("13. The width experiment").click();
    h.step();
    h.step();
    let (_, _) = h.state().sweep_results().expect("the sweep started");
}

#[test]
fn the_bias_and_variance_step_sweeps_widths_on_new_noise_for_every_seed() {
    let mut h = support::harness();
    h.run();
    h.get_by_label("Tour").click();
    h.run();
    h.get_by_label("20. Bias and variance: the width sweep on noisy points")
        .click();
    h.step();
    h.step();
    h.step();
    assert!(h.state().sweep_results().is_some(), "the sweep started");
    assert_eq!(h.state().snapshot().runs.len(), 2);
    assert_eq!(
        h.get_by_label("new data per seed")
            .accesskit_node()
            .toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

#[test]
fn the_output_bias_at_start_is_a_field_the_run_starts_from() {
    let mut h = support::harness();
    h.run();
    support::type_into_slider(&mut h, "Output bias", "50");
    let run = h.state().run();
    assert_eq!(run.settings.net.output_bias, 50.0);
    assert_eq!(run.step, 0, "a new start");
    assert_eq!(run.mlp.params().last().copied().map(f64::from), Some(50.0));
}

#[test]
fn a_step_with_a_typed_function_shows_it_in_the_field_and_leaving_gives_the_users_text_back() {
    let state = UiState {
        expression: "x^2".into(),
        ..UiState::default()
    };
    let mut h = support::harness_with(state);
    h.run();
    h.get_by_label("Tour").click();
    h.run();
    h.get_by_label("17. Start the output bias at the target's mean")
        .click();
    h.run();
    let field = |h: &egui_kittest::Harness<'static, approxlab::app::ApproxApp>| {
        h.get_by_label("f(x) =")
            .accesskit_node()
            .value()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(field(&h), "50+sin(x)");
    assert!(h.query_by_label_contains("not applied").is_none());
    support::press(&mut h, "Next");
    assert_eq!(
        field(&h),
        "",
        "the next step trains on points, not a typed f(x)"
    );
    support::press(&mut h, "Leave the tour");
    assert_eq!(field(&h), "x^2", "the user's own text comes back");
}
