//! Predict first, through the real widgets: P pauses and hides the networks' fits, a drag across the fit
//! plot draws a straight guess on the view grid, a second stroke replaces only what it spans, Ctrl+Z
//! takes it back, Done plays on; the answer appears under the fit when it is due; a tour step with a
//! question opens the drawing first when asked to, and leaving the tour keeps nothing of it.

mod support;

use approxlab::app::{ApproxApp, UiState, screen_position};
use approxlab::train::Command;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use support::{harness, harness_with, press};

/// Drags the pointer over the fit plot from plot point `from` to `to` in `moves` even steps.
fn stroke(h: &mut Harness<'static, ApproxApp>, from: [f64; 2], to: [f64; 2], moves: usize) {
    let a = screen_position(&h.ctx, "fit", from[0], from[1]).unwrap();
    let b = screen_position(&h.ctx, "fit", to[0], to[1]).unwrap();
    h.drag_at(a);
    h.run();
    for k in 1..moves {
        h.hover_at(a + (b - a) * (k as f32 / moves as f32));
        h.run();
    }
    h.drop_at(b);
    h.run();
}

/// One screen pixel's worth of y on the fit plot.
fn pixel_of_y(h: &Harness<'static, ApproxApp>) -> f64 {
    let zero = screen_position(&h.ctx, "fit", 0.0, 0.0).unwrap();
    let one = screen_position(&h.ctx, "fit", 0.0, 1.0).unwrap();
    1.0 / f64::from((zero.y - one.y).abs())
}

/// The guess at every view grid point it covers.
fn guess_on_grid(h: &Harness<'static, ApproxApp>) -> Vec<(f64, f64)> {
    let app = h.state();
    let guess = &app.prediction().0.curve;
    app.snapshot()
        .data
        .view_x
        .iter()
        .filter_map(|&x| guess.at(x).map(|y| (x, y)))
        .collect()
}

#[test]
fn a_drag_draws_a_straight_guess_a_second_stroke_replaces_half_and_ctrl_z_restores_it() {
    let mut h = harness();
    h.run();
    h.state_mut().command(Command::Play);
    h.run();
    h.key_press(egui::Key::P);
    h.run();
    assert!(h.state().prediction().1, "P starts the drawing");
    assert!(!h.state().snapshot().running, "training pauses");
    assert!(h.query_by_label("your prediction").is_none());
    assert!(
        h.query_by_label("prediction").is_none(),
        "the network's prediction hides while drawing"
    );

    let (lo, hi) = (-6.0, 6.0);
    // the plot's upper-left and lower-right corners (the view's ends, near the top and bottom of its y
    // range, which the sine and the untrained fit span)
    let (top, bottom) = (0.9, -0.9);
    stroke(&mut h, [lo, top], [hi, bottom], 24);
    let pixel = pixel_of_y(&h);
    let line = |x: f64| top + (bottom - top) * (x - lo) / (hi - lo);
    let first = guess_on_grid(&h);
    let grid = h.state().snapshot().data.view_x.len();
    assert_eq!(first.len(), grid, "the stroke spans the whole view");
    for &(x, y) in &first {
        assert!(
            (y - line(x)).abs() <= pixel,
            "at x = {x}: {y} against {} (a pixel is {pixel})",
            line(x)
        );
    }

    // a second stroke over the right half replaces only that half
    stroke(&mut h, [0.0, 1.0], [hi, 1.0], 12);
    let second = guess_on_grid(&h);
    for (&(x, a), &(_, b)) in first.iter().zip(&second) {
        if x < -0.05 {
            assert_eq!(a, b, "left of the stroke at {x}");
        } else if x > 0.05 {
            assert!((b - 1.0).abs() <= pixel, "at x = {x}: {b}");
        }
    }

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(guess_on_grid(&h), first, "Ctrl+Z restores the first stroke");

    press(&mut h, "Done");
    assert!(!h.state().prediction().1);
    assert!(h.state().snapshot().running, "Done plays on");
    assert!(h.query_by_label("your prediction").is_some());
    assert!(h.query_by_label("prediction").is_some());
}

#[test]
fn clear_works_while_drawing_and_a_quick_ctrl_z_brings_the_guess_back() {
    let mut h = harness();
    h.run();
    press(&mut h, "Predict");
    stroke(&mut h, [-6.0, 0.0], [6.0, 1.0], 10);
    let drawn = guess_on_grid(&h);
    press(&mut h, "Clear");
    assert!(guess_on_grid(&h).is_empty());
    // a quick Ctrl+Z: pressed and released within one frame, Ctrl already up when the frame ends (as a
    // fast hand or xdotool types it); the key event's own modifiers count
    for pressed in [true, false] {
        h.event(egui::Event::Key {
            key: egui::Key::Z,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::COMMAND,
        });
    }
    h.run();
    assert_eq!(guess_on_grid(&h), drawn);
    h.key_press(egui::Key::P);
    h.run();
    assert!(!h.state().prediction().1, "P again finishes");
}

#[test]
fn the_answer_waits_for_convergence_or_score_now_and_names_the_biggest_miss() {
    let mut state = UiState::default();
    state.settings.net.width = 5;
    let mut h = harness_with(state);
    h.run();
    press(&mut h, "Predict");
    stroke(&mut h, [-6.0, -0.9], [6.0, 0.9], 16);
    press(&mut h, "Done");
    h.state_mut().command(Command::Pause);
    h.run();
    assert!(h.query_by_label("Score now").is_some(), "not converged yet");
    assert!(h.query_by_label_contains("Biggest miss").is_none());
    press(&mut h, "Score now");
    h.run();
    assert!(
        h.query_by_label_contains("against the network RMSE")
            .is_some(),
        "the numbers"
    );
    assert!(
        h.query_by_label_contains("Biggest miss at x = ").is_some(),
        "the biggest miss in words"
    );
}

#[test]
fn a_tour_step_with_a_question_opens_the_drawing_first_only_when_asked() {
    let mut h = harness();
    h.run();
    press(&mut h, "Predict");
    stroke(&mut h, [-6.0, 0.5], [6.0, 0.5], 8);
    press(&mut h, "Done");
    let own = h.state().prediction().0.clone();

    let five_linear = approxlab::tour::presets()
        .iter()
        .position(|p| p.name == "five-linear-neurons")
        .unwrap();
    h.state_mut().enter_tour(five_linear);
    h.run();
    assert!(h.state().prediction().1, "the question opens the drawing");
    assert!(h.state().prediction().0.curve.is_empty(), "a fresh guess");
    assert!(
        h.query_by_label_contains("Predict: Draw what five linear neurons")
            .is_some(),
        "the question, once: in the drawing's bar, not again in the tour bar"
    );
    stroke(&mut h, [-6.0, -1.0], [6.0, 1.0], 8);
    press(&mut h, "Done");
    let steps = approxlab::tour::presets()[five_linear].steps;
    assert_eq!(h.state().prediction().0.score_from_step, Some(steps));
    h.state_mut().command(Command::Pause);
    h.state_mut().command(Command::Step(steps));
    h.run();
    h.run();
    assert!(
        h.query_by_label_contains("against the network RMSE")
            .is_some(),
        "the score at the step's checked step"
    );

    // without "Ask me to predict" the next step with a question trains at once
    h.get_by_label("Ask me to predict").click();
    h.run();
    assert!(!h.state().state.ask_to_predict);
    let relu = approxlab::tour::presets()
        .iter()
        .position(|p| p.name == "five-relu-neurons")
        .unwrap();
    h.state_mut().enter_tour(relu);
    h.run();
    assert!(!h.state().prediction().1);
    assert!(h.state().snapshot().running);

    // back on the earlier step, its guess is still there; leaving puts the user's own back
    h.state_mut().enter_tour(five_linear);
    h.run();
    assert!(!h.state().prediction().0.curve.is_empty());
    h.state_mut().leave_tour();
    h.run();
    assert_eq!(
        *h.state().prediction().0,
        own,
        "nothing of the tour's guess stays"
    );
}

#[test]
fn the_window_saves_the_prediction_in_the_session_and_opening_it_brings_it_and_its_score_back() {
    let path = std::env::temp_dir().join(format!("approxlab-predict-{}.json", std::process::id()));
    let path = path.to_str().unwrap().to_string();
    let mut h = harness();
    h.run();
    press(&mut h, "Predict");
    stroke(&mut h, [-6.0, -1.0], [6.0, 1.0], 10);
    press(&mut h, "Done");
    h.state_mut().command(Command::Pause);
    press(&mut h, "Score now");
    let drawn = h.state().prediction().0.clone();
    let numbers = |h: &Harness<'static, ApproxApp>| {
        h.query_by_label_contains("against the network RMSE")
            .map(|n| {
                let node = n.accesskit_node();
                node.label()
                    .or_else(|| node.value())
                    .unwrap_or_default()
                    .to_string()
            })
    };
    let shown = numbers(&h).expect("the score shows");
    support::save_session_as(&mut h, &path);
    press(&mut h, "Predict");
    press(&mut h, "Clear");
    press(&mut h, "Done");
    h.state_mut().command(Command::Pause);
    h.run();
    assert!(h.state().prediction().0.curve.is_empty());
    press(&mut h, "Session…");
    press(&mut h, "Open");
    h.run();
    assert_eq!(*h.state().prediction().0, drawn, "the same guess, exactly");
    assert_eq!(numbers(&h), Some(shown), "and the same score");
}
