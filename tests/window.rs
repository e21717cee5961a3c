//! The window, driven through its real widgets by their labels (egui_kittest), in the paused mode where
//! training runs inside the frame: every assertion is on the app's own state. kittest also checks, on
//! every run, that each widget has an accessible name.

mod support;

use approxlab::app::UiState;
use approxlab::nn::{Activation, OptimizerKind};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use support::{choose, harness, harness_with, press, set_slider};

#[test]
fn the_width_slider_reaches_the_trainer_and_says_it_reinitialised() {
    let mut h = harness();
    h.run();
    press(&mut h, "Step");
    set_slider(&mut h, "Width", 25.0);
    let snap = h.state().run();
    assert_eq!(snap.settings.net.width, 25);
    assert_eq!(
        snap.contributions.len(),
        25,
        "the plots show the new network"
    );
    assert_eq!(snap.step, 0, "a new width draws new initial weights");
    let message = h
        .state()
        .snapshot()
        .message
        .clone()
        .expect("a message says so");
    assert!(
        message.text.contains("width from 10 to 25")
            && message.text.contains("new initial weights"),
        "{}",
        message.text
    );
    assert!(
        h.query_by_label_contains("width from 10 to 25").is_some(),
        "the status line shows it"
    );
}

#[test]
fn activation_and_optimizer_choices_reach_the_trainer() {
    let mut h = harness();
    h.run();
    choose(&mut h, "Activation", "relu");
    assert_eq!(h.state().run().settings.net.activation, Activation::Relu);
    press(&mut h, "Step");
    press(&mut h, "Step");
    choose(&mut h, "Optimizer", "sgd");
    let snap = h.state().run();
    assert_eq!(snap.settings.optim.optimizer, OptimizerKind::Sgd);
    assert_eq!(
        snap.step, 2,
        "changing the optimizer keeps the weights and the step count"
    );
}

#[test]
fn step_advances_exactly_one_step_and_the_keyboard_does_too() {
    let mut h = harness();
    h.run();
    assert_eq!(h.state().run().step, 0);
    assert!(!h.state().snapshot().running);
    press(&mut h, "Step");
    assert_eq!(h.state().run().step, 1);
    press(&mut h, "Step");
    assert_eq!(h.state().run().step, 2);
    h.key_press(egui::Key::S);
    h.run();
    assert_eq!(h.state().run().step, 3);
}

#[test]
fn reset_returns_the_same_initial_prediction() {
    let mut h = harness();
    h.run();
    let initial = h.state().run().prediction.clone();
    for _ in 0..5 {
        press(&mut h, "Step");
    }
    assert_ne!(h.state().run().prediction, initial);
    press(&mut h, "Reset");
    assert_eq!(h.state().run().step, 0);
    assert_eq!(h.state().run().prediction, initial);
}

#[test]
fn play_trains_and_pause_stops() {
    let mut h = harness();
    h.run();
    press(&mut h, "Play");
    h.run_steps(3);
    let snap = h.state().run();
    assert!(h.state().snapshot().running);
    assert_eq!(snap.step % 10, 0, "10 steps per frame: {} steps", snap.step);
    assert!(snap.step >= 30, "10 steps per frame: {} steps", snap.step);
    h.get_by_role_and_label(Role::Button, "Pause").click();
    h.run_steps(2);
    let paused_at = h.state().run().step;
    h.run_steps(3);
    assert_eq!(h.state().run().step, paused_at);
    assert!(!h.state().snapshot().running);
}

#[test]
fn a_divergent_learning_rate_pauses_with_the_message_shown() {
    let mut h = harness();
    h.run();
    choose(&mut h, "Optimizer", "sgd");
    set_slider(&mut h, "Learning rate", 10.0);
    assert_eq!(h.state().run().settings.optim.lr, 10.0);
    press(&mut h, "Play");
    h.run_steps(20);
    let snap = h.state().run();
    assert!(!h.state().snapshot().running, "divergence pauses training");
    assert!(matches!(
        snap.halt,
        Some(approxlab::train::Halt::Diverged { .. })
    ));
    assert!(
        h.query_by_label_contains("diverged at step").is_some(),
        "the status line shows the divergence"
    );
    assert!(
        h.query_by_label_contains("or less (tried from there")
            .is_some()
    );
}

#[test]
fn defaults_restores_every_setting() {
    let mut h = harness();
    h.run();
    set_slider(&mut h, "Width", 3.0);
    choose(&mut h, "Target", "cubic");
    press(&mut h, "Defaults");
    assert_eq!(
        h.state().run().settings,
        approxlab::train::Settings::default()
    );
    assert_eq!(h.state().state, UiState::default());
}

#[test]
fn an_impossible_interval_is_refused_and_nothing_is_lost() {
    let mut h = harness();
    h.run();
    press(&mut h, "Step");
    let from = h
        .get_all_by_label("Training interval")
        .next()
        .expect("the training interval's left end");
    from.set_value_accesskit(5.0);
    h.run();
    let snap = h.state().run();
    assert_eq!(
        h.state().snapshot().data.domain.lo,
        -3.0,
        "the refused interval never reached the trainer"
    );
    assert_eq!(snap.step, 1);
    assert!(h.query_by_label_contains("setting refused").is_some());
}

#[test]
fn every_control_is_labelled_even_with_menus_open() {
    let mut h = harness();
    h.run(); // kittest checks every widget's accessible name here
    for combo in [
        "Target",
        "Sampling",
        "Activation",
        "Init",
        "Optimizer",
        "Loss",
    ] {
        h.get_by_role_and_label(Role::ComboBox, combo).click();
        h.run();
        h.key_press(egui::Key::Escape);
        h.run();
    }
}

#[test]
fn refused_saved_settings_fall_back_to_the_defaults_and_the_controls_show_them() {
    let mut saved = UiState::default();
    saved.settings.net.width = 0;
    let mut h = harness_with(saved);
    h.run();
    assert_eq!(
        h.state().state.settings,
        approxlab::train::Settings::default()
    );
    assert!(
        h.query_by_label_contains("saved settings refused")
            .is_some()
    );
}

#[test]
fn hovering_a_neuron_highlights_it_across_the_plots() {
    let mut state = UiState::default();
    state.settings.net.width = 4;
    let mut h = harness_with(state);
    h.run();
    assert_eq!(h.state().hovered_neuron(), None);
    h.get_by_label("neuron 2").hover();
    h.run();
    assert_eq!(
        h.state().hovered_neuron(),
        Some(1),
        "the legend entry of neuron 2 is hovered"
    );
    assert!(
        h.query_by_label("neuron 2 + output bias").is_some(),
        "the fit plot draws the hovered neuron's piece"
    );
}

#[test]
fn the_saved_state_round_trips_and_an_older_partial_save_still_loads() {
    let mut state = UiState::default();
    state.settings.net.width = 7;
    state.settings.data.noise = 0.25;
    state.steps_per_frame = 500;
    let text = serde_json::to_string(&state).unwrap();
    assert_eq!(serde_json::from_str::<UiState>(&text).unwrap(), state);
    let older: UiState =
        serde_json::from_str(r#"{"steps_per_frame": 3, "settings": {"net": {"width": 4}}}"#)
            .unwrap();
    assert_eq!((older.steps_per_frame, older.settings.net.width), (3, 4));
    assert_eq!(
        older.settings.net.depth,
        UiState::default().settings.net.depth,
        "missing fields take defaults"
    );
}
