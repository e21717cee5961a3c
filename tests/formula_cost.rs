//! Reading a network: its formula, typed back into approxlab's own expression reader, gives its
//! prediction; `train --formula` and `flops_per_step` on the command line; the formula window.

mod common;
mod support;

use approxlab::data::Expression;
use approxlab::nn::Activation;
use approxlab::nn::formula::{Flavour, formula};
use approxlab::train::{Settings, Trainer};
use egui_kittest::kittest::Queryable as _;

#[test]
fn the_formula_read_back_by_the_expression_parser_equals_the_prediction() {
    for activation in [
        Activation::Tanh,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Elu,
    ] {
        let mut s = Settings::default();
        s.net.width = 6;
        s.net.activation = activation;
        let mut t = Trainer::<f32>::new(s).unwrap();
        t.advance(300);
        let text = formula(t.mlp(), Flavour::Plain);
        let f =
            Expression::parse(text.trim_start_matches("ŷ = ")).expect("the plain formula reads");
        let xs: Vec<f32> = (0..50).map(|i| -5.0 + 0.2 * i as f32).collect();
        let predicted = t.mlp().predict(&xs);
        for (x, p) in xs.iter().zip(&predicted) {
            let from_text = f.eval(f64::from(*x));
            let p = f64::from(*p);
            assert!(
                (from_text - p).abs() <= 1e-5 * p.abs().max(1.0),
                "{activation}: {x}: {from_text} vs {p}"
            );
        }
    }
}

#[test]
fn train_prints_the_formula_and_the_cost() {
    let o = common::approxlab(&[
        "train",
        "--width",
        "3",
        "--steps",
        "5",
        "--json",
        "--formula",
        "python",
    ]);
    let line = common::json(&o);
    assert_eq!(line["params"], 10);
    assert_eq!(
        line["flops_per_step"],
        2 * 200 * (6 + 9),
        "1-3-1 over 200 points"
    );
    assert!(line["formula"].as_str().unwrap().starts_with("y = "));
    assert!(line["formula"].as_str().unwrap().contains("np.tanh("));
    let o = common::approxlab(&["train", "--width", "2", "--steps", "5", "--formula"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("ŷ = "));
    common::refused(
        &["train", "--formula", "fortran"],
        "unknown formula flavour 'fortran'",
    );
}

#[test]
fn the_formula_window_shows_the_selected_run() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Formula");
    assert!(h.state_mut().window_open("Formula"));
    assert!(
        h.query_by_label_contains("parameters · a step:").is_some(),
        "the cost line"
    );
    let shown = h
        .query_all_by(|n| n.value().is_some_and(|v| v.contains("tanh(")))
        .count();
    assert!(shown >= 1, "the formula text is shown");
}
