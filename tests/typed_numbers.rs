//! Every number a user can type, audited in one place: each field of the window and each numeric flag of
//! the command line, given values below its range, above it and not numbers at all. The window brings a
//! typed value within the field's limits and says so in the status line, naming the field and its range
//! (so it never holds a value it would refuse); the command line refuses with exit 2 and one sentence
//! naming the flag's field and its range. (Points in CSV and session files: `hostile_files`, `cli_data`
//! and the readers' unit tests.)

mod common;
mod support;

use approxlab::app::{ApproxApp, UiState};
use approxlab::nn::OptimizerKind;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use support::{harness_with, type_and_enter};

type Read = fn(&ApproxApp) -> f64;

/// Clicks the `nth` number field labelled `label`, types `text` and presses Enter.
fn type_into(h: &mut Harness<'static, ApproxApp>, label: &str, nth: usize, text: &str) {
    h.get_all_by_label(label)
        .filter(|n| n.accesskit_node().role() == Role::SpinButton)
        .nth(nth)
        .unwrap_or_else(|| panic!("number field {nth} of {label}"))
        .click();
    h.run();
    type_and_enter(h, label, text);
}

#[test]
fn every_window_field_brings_a_typed_value_within_its_range_and_says_so() {
    let settings = |a: &ApproxApp| a.state.settings.clone();
    // (field label, which number field, typed, what the window holds then, what the status line says)
    let cases: &[(&str, usize, &str, f64, Read, &str)] = &[
        (
            "Points",
            0,
            "1",
            2.0,
            |a| a.state.settings.data.points as f64,
            "points 1 is outside 2 … 100000: set to 2",
        ),
        (
            "Points",
            0,
            "1e9",
            100_000.0,
            |a| a.state.settings.data.points as f64,
            "points 1e9 is outside 2 … 100000",
        ),
        (
            "Noise σ",
            0,
            "500",
            100.0,
            |a| a.state.settings.data.noise,
            "noise 500 is outside 0 … 100: set to 100",
        ),
        (
            "Noise σ",
            0,
            "-1",
            0.0,
            |a| a.state.settings.data.noise,
            "noise -1 is outside 0 … 100: set to 0",
        ),
        (
            "Validation %",
            0,
            "95",
            0.9,
            |a| a.state.settings.data.val_fraction,
            "validation fraction 0.95 is outside 0 … 0.9",
        ),
        (
            "Hidden layers",
            0,
            "12",
            8.0,
            |a| a.state.settings.net.depth as f64,
            "hidden layers 12 is outside 0 … 8: set to 8",
        ),
        (
            "Width",
            0,
            "0",
            1.0,
            |a| a.state.settings.net.width as f64,
            "width 0 is outside 1 … 1024: set to 1",
        ),
        (
            "Learning rate",
            0,
            "0",
            1e-8,
            |a| a.state.settings.optim.lr,
            "learning rate 0 is outside 1e-8 … 100",
        ),
        (
            "Momentum",
            0,
            "1.5",
            0.999,
            |a| a.state.settings.optim.momentum,
            "momentum 1.5 is outside 0 … 0.999",
        ),
        (
            "Batch size",
            0,
            "5000",
            160.0,
            |a| a.state.settings.optim.batch as f64,
            "batch size 5000 is outside 0 … 160: set to 160",
        ),
        (
            "Weight decay",
            0,
            "50",
            10.0,
            |a| a.state.settings.optim.weight_decay,
            "weight decay 50 is outside 0 … 10: set to 10",
        ),
        (
            "Early stop",
            0,
            "2e7",
            1e7,
            |a| a.state.settings.optim.patience as f64,
            "patience 20000000 is outside 0 … 1e7",
        ),
        (
            "Data seed",
            0,
            "1e12",
            4_294_967_295.0,
            |a| a.state.settings.data.seed as f64,
            "data seed 1e12 is outside 0 … 4294967295",
        ),
        (
            "Weights seed",
            0,
            "1e12",
            4_294_967_295.0,
            |a| a.state.settings.seed as f64,
            "seed 1e12 is outside 0 … 4294967295",
        ),
        (
            "View interval",
            0,
            "-1e9",
            -1e6,
            |a| a.state.settings.data.view.lo,
            "interval end -1e9 is outside -1e6 … 1e6: set to -1e6",
        ),
        (
            "View interval",
            1,
            "1e9",
            1e6,
            |a| a.state.settings.data.view.hi,
            "interval end 1e9 is outside -1e6 … 1e6: set to 1e6",
        ),
    ];
    let mut state = UiState::default();
    state.settings.optim.optimizer = OptimizerKind::Momentum;
    state.settings.data.val_fraction = 0.2; // early stopping needs validation points
    for &(label, nth, typed, holds, read, says) in cases {
        let mut h = harness_with(state.clone());
        h.run();
        type_into(&mut h, label, nth, typed);
        assert_eq!(read(h.state()), holds, "{label} typed {typed}");
        assert!(
            h.query_by_label_contains(says).is_some(),
            "{label} typed {typed}: the status line says '{says}'"
        );
        let run = h.state().run().settings.clone();
        assert_eq!(
            run,
            settings(h.state()),
            "{label}: the lab runs what the window shows"
        );
        assert!(
            run.validate().is_ok(),
            "{label}: the window holds a value it would refuse"
        );
    }
}

#[test]
fn a_window_field_given_text_keeps_its_value() {
    let mut h = harness_with(UiState::default());
    h.run();
    let before = h.state().state.settings.clone();
    for label in ["Width", "Learning rate", "Points"] {
        type_into(&mut h, label, 0, "abc");
        assert_eq!(
            h.state().state.settings,
            before,
            "{label}: text is not a number"
        );
    }
    type_into(&mut h, "Training interval", 0, "-1e9");
    assert_eq!(
        h.state().state.settings.data.domain.lo,
        -3.0,
        "refused, kept"
    );
    assert!(
        h.query_by_label_contains("must contain the training interval")
            .is_some(),
        "the status line says why the interval was refused"
    );
}

#[test]
fn every_numeric_flag_refuses_out_of_range_values_naming_field_and_range() {
    // (arguments, what the one-line refusal must contain)
    let cases: &[(&[&str], &str)] = &[
        (
            &["train", "--points", "1"],
            "points must be a whole number from 2 to 100000",
        ),
        (
            &["train", "--points", "abc"],
            "points must be a whole number from 2 to 100000",
        ),
        (
            &["train", "--noise", "1e400"],
            "noise must be between 0 and 100",
        ),
        (
            &["train", "--noise", "-1"],
            "noise must be between 0 and 100",
        ),
        (
            &["train", "--val", "1"],
            "validation fraction must be between 0 and 0.9",
        ),
        (
            &["train", "--domain=-1e7,1"],
            "interval end must be between -1e6 and 1e6",
        ),
        (
            &["train", "--view=-1,1e9"],
            "interval end must be between -1e6 and 1e6",
        ),
        (
            &["train", "--domain=nan,1"],
            "interval end must be between -1e6 and 1e6",
        ),
        (
            &["train", "--width", "0"],
            "width must be a whole number from 1 to 1024",
        ),
        (
            &["train", "--width", "2000"],
            "width must be a whole number from 1 to 1024",
        ),
        (
            &["train", "--depth", "9"],
            "hidden layers must be a whole number from 0 to 8",
        ),
        (
            &["train", "--lr", "0"],
            "learning rate must be between 1e-8 and 100",
        ),
        (
            &["train", "--lr", "nan"],
            "learning rate must be between 1e-8 and 100",
        ),
        (
            &["train", "--momentum", "1"],
            "momentum must be between 0 and 0.999",
        ),
        (
            &["train", "--batch", "999"],
            "batch size must be between 0 and 200",
        ),
        (&["train", "--batch", "-1"], "whole number of points"),
        (
            &["train", "--weight-decay", "11"],
            "weight decay must be between 0 and 10",
        ),
        (
            &["train", "--patience", "-5"],
            "patience must be a whole number from 0 to 1e7",
        ),
        (
            &["train", "--seed", "5000000000"],
            "seed must be a whole number from 0 to 4294967295",
        ),
        (
            &["train", "--data-seed", "-1"],
            "seed must be a whole number from 0 to 4294967295",
        ),
        (
            &["train", "--steps", "-1"],
            "steps must be a whole number from 0 to 1e8",
        ),
        (
            &["train", "--until-loss", "0"],
            "--until-loss must be a number above 0",
        ),
        (
            &["compare", "--run", "lr=1e9"],
            "learning rate must be between 1e-8 and 100",
        ),
        (
            &["sweep", "--param", "width", "--values", "0,5"],
            "width must be between 1 and 1024",
        ),
        (&["sweep", "--steps", "0"], "1..=10000000"),
        (&["sweep", "--seeds", "5000"], "1..=1000"),
        (&["sweep", "--threads", "0"], "1..=1024"),
        (&["--frames", "0"], "1..=100000"),
        (&["--steps-per-frame", "20000"], "1..=10000"),
        (
            &["--ui-scale", "9"],
            "the UI scale must be a number from 1 to 2.5",
        ),
        (
            &["--screenshot", "x.png", "--scale", "9"],
            "the scale must be a number from 1 to 4",
        ),
        (
            &["gif", "x.gif", "--frames", "1"],
            "--frames must be a whole number from 2 to 600",
        ),
        (
            &["gif", "x.gif", "--fps", "0"],
            "--fps must be a number from 1 to 50",
        ),
        (
            &["gif", "x.gif", "--size", "10x10"],
            "at least 720x480, at most 7680x4320",
        ),
        (&["bench", "--repeats", "1"], "5..="),
    ];
    for (args, says) in cases {
        common::refused(args, says);
    }
}
