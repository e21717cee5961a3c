//! The newcomer's second walk of the window (issue 25), one test per fault or edge kittest can see: the
//! UI scale never locks the user out (capped to the window, Ctrl+plus/minus/0, the top bar wraps);
//! undo brings back the network an added neuron was made on, and removed runs and the defaults; in
//! points mode the fields show what is in force; a vertical drag of a steepness handle is no edit; a
//! copy with no difference is named so; floating windows open below the top bar; a refused f(x) says it
//! is not applied; text that is not a number is said; one format for counts; the tour is offered once.

mod support;

use approxlab::app::{UiState, screen_position};
use approxlab::data::Source;
use approxlab::train::Command;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

type Window = Harness<'static, approxlab::app::ApproxApp>;

fn status_says(h: &Window, words: &str) -> bool {
    h.query_by_label_contains(words).is_some()
}

/// The bottom edge (physical pixels) of the top bar's buttons.
fn top_bar_bottom(h: &Window) -> f64 {
    ["Step", "Reset", "Undo", "Defaults"]
        .iter()
        .filter_map(|l| {
            h.get_by_role_and_label(Role::Button, l)
                .accesskit_node()
                .bounding_box()
        })
        .map(|b| b.y1)
        .fold(0.0, f64::max)
}

#[test]
fn a_remembered_scale_the_window_cannot_hold_comes_down_and_is_said() {
    let state = UiState {
        ui_scale: 2.5,
        ..UiState::default()
    };
    let mut h = support::sized(state, 1280.0, 800.0);
    h.run();
    h.run();
    let scale = h.state().state.ui_scale;
    assert!((1.0..=1.45).contains(&scale), "scale {scale}");
    assert!((h.ctx.zoom_factor() - scale).abs() < 1e-3);
    assert!(status_says(&h, "does not fit this 1280 × 800 window"));
    // every control of the top bar is inside the window
    let right = 1280.0;
    for label in ["View", "Tour", "Formula", "Defaults", "Undo", "Sweep…"] {
        let b = h
            .get_by_label(label)
            .accesskit_node()
            .bounding_box()
            .expect("drawn");
        assert!(b.x1 <= right + 0.5 && b.y1 <= 800.0, "{label} at {b:?}");
    }
}

#[test]
fn ctrl_plus_minus_and_zero_change_the_scale_within_what_fits() {
    let mut h = support::harness();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.run();
    h.run();
    assert_eq!(h.state().state.ui_scale, 1.25);
    assert_eq!(h.ctx.zoom_factor(), 1.25);
    for _ in 0..6 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
        h.run();
    }
    let top = h.state().state.ui_scale;
    assert!(top <= 1.45, "capped at what 1280 × 800 holds: {top}");
    assert!(status_says(&h, "the largest this window holds"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
    h.run();
    assert!(h.state().state.ui_scale < top);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    h.run();
    h.run();
    assert_eq!(h.state().state.ui_scale, 1.0);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
}

#[test]
fn at_1024_by_640_the_top_bar_keeps_every_control_and_the_readout() {
    let mut h = support::sized(UiState::default(), 1024.0, 640.0);
    h.run();
    h.run();
    for label in [
        "Pause",
        "Step",
        "Compare from start",
        "Branch here",
        "Session…",
        "Export…",
        "Sweep…",
        "View",
        "Tour",
        "Formula",
        "Defaults",
        "Undo",
    ] {
        let found = h.query_by_label(label).or_else(|| h.query_by_label("Play"));
        let b = found
            .and_then(|n| n.accesskit_node().bounding_box())
            .unwrap_or_else(|| panic!("{label} is drawn"));
        assert!(b.x1 <= 1024.5 && b.y1 <= 640.0, "{label} at {b:?}");
    }
    let readout = h.get_by_label_contains("step 0 · loss");
    let b = readout.accesskit_node().bounding_box().expect("drawn");
    assert!(b.x1 <= 1024.5, "the readout is whole: {b:?}");
}

/// Right-clicks the fit plot at x (y 0) and picks "Add a neuron here".
fn add_neuron_at(h: &mut Window, x: f64) {
    let at = screen_position(&h.ctx, "fit", x, 0.0).expect("the fit plot is drawn");
    support::right_click(h, at);
    h.get_by_label_contains("Add a neuron here").click();
    h.run();
    h.run();
}

fn params(h: &Window) -> Vec<f32> {
    h.state().run().mlp.params().to_vec()
}

#[test]
fn undo_after_an_added_neuron_restores_the_network_it_was_made_on() {
    let mut h = support::trained(4, 200);
    let before_all = params(&h);
    add_neuron_at(&mut h, 1.0);
    assert_eq!(h.state().run().settings.net.width, 5, "a neuron was added");
    let after_add = params(&h);
    assert_eq!(after_add.len(), before_all.len() + 3);
    // training on after the add, then undo: the 4-neuron network exactly as it was
    h.state_mut().command(Command::Step(20));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.run();
    assert_eq!(h.state().run().settings.net.width, 4);
    assert_eq!(params(&h), before_all, "bit for bit");
    assert_eq!(h.state().run().step, 200);
    assert!(status_says(&h, "undone: neuron added"));
    assert!(!status_says(&h, "weights refused"));
    // nothing left: said so
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(status_says(&h, "nothing to undo"));
}

#[test]
fn undo_takes_back_a_new_width_then_a_point_edit_in_any_order() {
    let mut h = support::harness();
    h.run();
    h.state_mut().command(Command::Step(50));
    h.run();
    let first = params(&h);
    support::set_slider(&mut h, "Width", 12.0);
    h.run();
    assert_eq!(h.state().run().settings.net.width, 12);
    support::press(&mut h, "Start from the target");
    let points = h.state().snapshot().data.train_points.len();
    assert!(points > 0);
    support::press(&mut h, "Undo");
    support::press(&mut h, "Undo");
    h.run();
    assert_eq!(h.state().run().settings.net.width, 10);
    assert_eq!(params(&h), first);
}

#[test]
fn a_removed_run_and_the_defaults_come_back_with_undo() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Compare from start");
    h.state_mut().command(Command::Step(30));
    h.run();
    assert_eq!(h.state().snapshot().runs.len(), 2);
    support::press(&mut h, "Remove run 2");
    h.run();
    assert_eq!(h.state().snapshot().runs.len(), 1);
    support::press(&mut h, "Undo");
    h.run();
    let runs = &h.state().snapshot().runs;
    assert_eq!(runs.len(), 2, "the removed run is back");
    assert!(runs.iter().all(|r| r.step == 30), "with its state");
    support::press(&mut h, "Only run 1");
    assert_eq!(h.state().snapshot().runs.len(), 1);
    support::press(&mut h, "Undo");
    assert_eq!(h.state().snapshot().runs.len(), 2);

    support::set_slider(&mut h, "Width", 3.0);
    assert_eq!(h.state().run().settings.net.width, 3);
    let before = params(&h);
    support::press(&mut h, "Defaults");
    h.run();
    assert_eq!(h.state().run().settings.net.width, 10);
    support::press(&mut h, "Undo");
    h.run();
    assert_eq!(h.state().run().settings.net.width, 3);
    assert_eq!(params(&h), before);
}

/// The number shown in the field labelled `label` (its first spin button or slider), and whether it
/// takes input.
fn field(h: &Window, label: &str, role: Role) -> (f64, bool) {
    let node = h
        .get_all_by_label(label)
        .find(|n| n.accesskit_node().role() == role)
        .unwrap_or_else(|| panic!("a {role:?} labelled {label}"));
    let n = node.accesskit_node();
    (n.numeric_value().expect("a number"), !n.is_disabled())
}

#[test]
fn in_points_mode_the_fields_show_the_interval_and_count_in_force() {
    let mut state = UiState::default();
    let mut points: Vec<[f64; 2]> = (0..202)
        .map(|i| {
            let x = -3.0 + 6.0 * f64::from(i) / 201.0;
            [x, x.sin()]
        })
        .collect();
    points.push([-5.2, 0.5]);
    points.push([4.85, -0.5]);
    state.settings.data.source = Source::Points(points.into());
    let mut h = support::harness_with(state);
    h.run();
    h.run();
    let (lo, lo_editable) = field(&h, "Training interval", Role::SpinButton);
    assert!((lo - -5.2).abs() < 1e-9, "from {lo}");
    assert!(!lo_editable, "the interval follows the points");
    let (count, count_editable) = field(&h, "Points", Role::Slider);
    assert_eq!(count, 204.0);
    assert!(!count_editable);
}

#[test]
fn a_vertical_drag_of_a_steepness_handle_changes_nothing_and_says_nothing() {
    let mut h = support::trained(3, 100);
    let rows = h.state().run().weights.rows.clone();
    let j = rows
        .iter()
        .position(|r| (-r.b / r.w + 1.0 / r.w.abs()).abs() < 2.5)
        .expect("a steepness handle in view");
    let r = rows[j];
    let s = -r.b / r.w + 1.0 / r.w.abs();
    let y = r.w_out * r.w.signum().tanh();
    let before = params(&h);
    let from = screen_position(&h.ctx, "contributions", s, y).unwrap();
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=8 {
        h.hover_at(from + egui::vec2(0.0, -6.0 * k as f32));
        h.run();
    }
    h.drop_at(from + egui::vec2(0.0, -48.0));
    h.run();
    assert_eq!(params(&h), before, "no weight moved");
    assert!(!status_says(&h, "steepness by hand"));
    support::press(&mut h, "Undo");
    assert!(status_says(&h, "nothing to undo"), "no edit was recorded");
}

#[test]
fn a_copy_with_no_difference_is_named_a_copy() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Compare from start");
    h.run();
    assert_eq!(h.state().snapshot().runs[1].name, "copy of run 1");
    assert!(
        h.query_all_by_label_contains("copy of run 1")
            .next()
            .is_some()
    );
}

#[test]
fn compare_starts_every_run_over_and_branch_copies_the_run_as_it_is() {
    let mut h = support::harness();
    h.run();
    h.state_mut().command(Command::Step(40));
    h.run();
    support::press(&mut h, "Compare from start");
    let runs = &h.state().snapshot().runs;
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.step == 0), "both from step 0");
    assert_eq!(runs[0].mlp.params(), runs[1].mlp.params(), "identical fits");
    h.state_mut().command(Command::Step(25));
    h.run();
    support::press(&mut h, "Branch here");
    let runs = &h.state().snapshot().runs;
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[2].step, 25, "the branch keeps the steps");
    assert_eq!(
        runs[2].mlp.params(),
        runs[1].mlp.params(),
        "and the weights"
    );
}

#[test]
fn floating_windows_open_below_the_top_bar() {
    let mut h = support::harness();
    h.run();
    let bar = top_bar_bottom(&h);
    for (button, title) in [
        ("Session…", "Session file"),
        ("Export…", "Export"),
        ("Sweep…", "Sweep"),
    ] {
        support::press(&mut h, button);
        h.run();
        let window = h
            .get_all_by_label(title)
            .filter_map(|n| n.accesskit_node().bounding_box())
            .map(|b| b.y0)
            .fold(f64::INFINITY, f64::min);
        assert!(
            window >= bar,
            "{title} at y {window}, the bar ends at {bar}"
        );
    }
}

#[test]
fn the_session_window_offers_a_path_and_keeps_its_buttons_still() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Session…");
    h.run();
    assert!(
        h.state()
            .state
            .session
            .path
            .ends_with("experiment.approxlab.json"),
        "{}",
        h.state().state.session.path
    );
    let open_at = |h: &Window| {
        h.get_by_role_and_label(Role::Button, "Open")
            .accesskit_node()
            .bounding_box()
            .unwrap()
            .y0
    };
    let before = open_at(&h);
    h.state_mut().state.session.path = "/nonexistent/folder/x.json".into();
    support::press(&mut h, "Open");
    h.run();
    assert!(h.state().session_error().is_some());
    assert_eq!(open_at(&h), before, "the message appears below the buttons");
}

#[test]
fn a_refused_function_says_it_is_not_applied() {
    let mut h = support::harness();
    h.run();
    h.get_by_label("f(x) =").click();
    h.run();
    support::type_and_enter(&mut h, "f(x) =", "sin(");
    h.run();
    assert!(status_says(&h, "not applied (in force: sin"));
}

#[test]
fn letters_typed_in_a_number_field_are_said_not_dropped() {
    let mut h = support::harness();
    h.run();
    let lr = h.state().run().settings.optim.lr;
    support::type_into_slider(&mut h, "Learning rate", "abc");
    h.run();
    assert!(status_says(&h, "'abc' is not a number"));
    assert_eq!(h.state().run().settings.optim.lr, lr);
}

#[test]
fn counts_share_one_format() {
    let mut state = UiState::default();
    state.settings.net.depth = 3;
    state.settings.net.width = 512;
    state.settings.data.points = 1000;
    let mut h = support::harness_with(state);
    h.run();
    let line = h.get_by_label_contains("multiply-adds forward");
    let node = line.accesskit_node();
    let text = node
        .label()
        .or_else(|| node.value())
        .unwrap_or_default()
        .to_string();
    let e_notation = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'e');
    assert!(!e_notation, "no e-notation: {text}");
    assert!(text.contains('M') || text.contains('G'), "{text}");
}

#[test]
fn the_tour_is_offered_once() {
    let mut h = support::harness();
    h.run();
    assert!(h.query_by_label("Take the tour").is_some());
    support::press(&mut h, "Not now");
    h.run();
    assert!(h.query_by_label("Take the tour").is_none());
    assert!(
        h.state().state.tour_offered,
        "remembered with the window's state"
    );
    let mut again = support::harness();
    again.run();
    support::press(&mut again, "Take the tour");
    again.run();
    assert!(again.query_by_label_contains("Tour, step 1 of").is_some());
    assert!(again.state().state.tour_offered);
}

/// A slider keeps the keyboard after it is dragged (its arrows nudge it); Ctrl+Z still undoes the change
/// it made, while the plain keys (Space, S, R, P) leave the slider alone.
#[test]
fn ctrl_z_undoes_a_width_change_while_the_slider_still_has_the_keyboard() {
    let mut h = support::harness();
    h.run();
    let slider = h
        .get_all_by_role_and_label(Role::Slider, "Width")
        .next()
        .expect("the width slider");
    slider.focus();
    slider.set_value_accesskit(20.0);
    h.run();
    assert_eq!(h.state().run().settings.net.width, 20);
    assert!(
        h.ctx.memory(|m| m.focused().is_some()),
        "the slider has the keyboard"
    );
    h.key_press(egui::Key::S);
    h.run();
    assert_eq!(
        h.state().run().step,
        0,
        "S is the slider's while it has the keyboard"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().run().settings.net.width,
        10,
        "Ctrl+Z undid the new width"
    );
}
