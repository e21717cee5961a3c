//! Linear pieces in the window and on the command line (issue 30): a ReLU run's fit title counts its
//! pieces beside the bound and the view holds the exact breakpoints (the ticks); a smooth activation
//! shows no count; `train --json` prints the same count and `--pieces-csv` the breakpoints.

mod common;
mod support;

use approxlab::app::UiState;
use approxlab::nn::Activation;
use approxlab::train::{Command, Settings, Trainer};
use common::{approxlab, json, refused};
use egui_kittest::kittest::Queryable as _;

fn relu_state() -> UiState {
    let mut state = UiState::default();
    state.settings.net.activation = Activation::Relu;
    state.settings.net.width = 12;
    state
}

#[test]
fn a_relu_run_counts_its_pieces_and_a_tanh_run_does_not() {
    let mut h = support::harness_with(relu_state());
    h.run();
    h.state_mut().command(Command::Step(300));
    h.run();
    h.run();
    let run = h.state().snapshot().first().clone();
    let pieces = run.pieces.clone().expect("relu has pieces");
    let library = approxlab::nn::pieces::breakpoints(&run.mlp, -6.0, 6.0).unwrap();
    assert_eq!(
        *pieces, library,
        "the exact breakpoints of the weights shown"
    );
    let title = format!("Fit · {} of at most 13 pieces", pieces.len() + 1);
    assert!(h.query_by_label_contains(&title).is_some(), "{title}");
    support::choose(&mut h, "Activation", "tanh");
    h.run();
    h.run();
    assert!(h.state().snapshot().first().pieces.is_none());
    assert!(
        h.query_by_label_contains("pieces").is_none(),
        "no count for tanh"
    );
}

/// The command line's settings for a 12-wide ReLU run of 300 steps, f64.
fn relu_args() -> Vec<&'static str> {
    vec![
        "train",
        "--steps",
        "300",
        "--dtype",
        "f64",
        "--activation",
        "relu",
        "--width",
        "12",
        "--json",
    ]
}

#[test]
fn train_prints_the_count_and_writes_the_breakpoints() {
    let path = common::scratch("pieces.csv");
    let mut args = relu_args();
    args.extend(["--pieces-csv", path.to_str().unwrap()]);
    let line = json(&approxlab(&args));
    let mut s = Settings::default();
    s.net.activation = Activation::Relu;
    s.net.width = 12;
    let mut t = Trainer::<f64>::new(s).unwrap();
    t.advance(300);
    let points = t.breakpoints().unwrap();
    assert_eq!(line["linear_pieces"], points.len() + 1);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x,slope_left,slope_right"));
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), points.len());
    for (row, b) in rows.iter().zip(&points) {
        assert_eq!(row[..], [b.x, b.slope_left, b.slope_right]);
    }
    let smooth = json(&approxlab(&["train", "--steps", "10", "--json"]));
    assert!(smooth["linear_pieces"].is_null(), "tanh has no pieces");
    refused(
        &[
            "train",
            "--steps",
            "10",
            "--pieces-csv",
            path.to_str().unwrap(),
        ],
        "has no linear pieces",
    );
}

/// `sweep --json` gives each training's linear pieces and each grid point's median, min, max and bound.
#[test]
fn a_sweep_reports_linear_pieces_with_their_bound() {
    let out = approxlab(&[
        "sweep",
        "--param",
        "depth",
        "--values",
        "1,3",
        "--width",
        "4",
        "--seeds",
        "2",
        "--steps",
        "200",
        "--activation",
        "relu",
        "--json",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summaries: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["summary"] == true).collect();
    assert_eq!(summaries.len(), 2);
    for (s, bound) in summaries.iter().zip([5, 125]) {
        assert_eq!(s["linear_pieces"]["at_most"], bound, "∏(4 + 1)");
        let median = s["linear_pieces"]["median"].as_f64().unwrap();
        assert!((1.0..=bound as f64).contains(&median), "{median}");
    }
    for cell in lines.iter().filter(|l| l["summary"] != true) {
        assert!(cell["linear_pieces"].as_u64().is_some_and(|p| p >= 1));
    }
}
