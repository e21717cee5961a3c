//! Own functions and data on the command line: `--target` with an expression, `--data FILE [--columns]`,
//! one clear line (exit 2) for every bad case, and the classic demo of Hagan's textbook as an anchor.

use approxlab::data::{Interval, Source};
use approxlab::nn::OptimizerKind;
use approxlab::train::{Settings, Trainer};
mod common;

use common::{approxlab, json, refused};

fn scratch(name: &str, text: &str) -> String {
    let path = common::scratch(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn an_expression_target_trains_and_a_preset_name_is_still_the_preset() {
    let typed = json(&approxlab(&[
        "train", "--target", "x^3 - x", "--steps", "50", "--json",
    ]));
    let preset = json(&approxlab(&[
        "train", "--target", "cubic", "--steps", "50", "--json",
    ]));
    assert_eq!(
        typed["initial_loss"], preset["initial_loss"],
        "x^3 - x is the cubic preset"
    );
    let o = approxlab(&["train", "--target", "1/x", "--steps", "10"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("f(x) = 1/x"));
}

#[test]
fn data_from_a_csv_file_trains_on_its_points() {
    let rows: String = (0..=40)
        .map(|i| {
            let x = -2.0 + 0.1 * f64::from(i);
            format!("{x};{};{}\n", 2.0 * x, x * x)
        })
        .collect();
    let path = scratch("points.csv", &format!("x;twice;square\n{rows}"));
    let line = json(&approxlab(&[
        "train",
        "--data",
        &path,
        "--columns",
        "x,square",
        "--steps",
        "200",
        "--json",
    ]));
    assert_eq!(
        line["outside_loss"],
        serde_json::Value::Null,
        "no target beyond the points"
    );
    assert!(line["train_loss"].as_f64().unwrap() < line["initial_loss"].as_f64().unwrap());
}

#[test]
fn bad_expressions_and_files_exit_2_with_one_line() {
    refused(&["train", "--target", "sin(x"], "never closed");
    refused(
        &["train", "--target", "2x"],
        "an operator is missing before 'x' at character 2",
    );
    refused(
        &["train", "--target", "ln(-1-x^2)"],
        "not finite at any of the 200 points",
    );
    refused(
        &["train", "--data", "/no/such/file.csv"],
        "cannot read points file /no/such/file.csv",
    );
    let bad = scratch("bad.csv", "x,y\n1,2\n3,abc\n");
    refused(&["train", "--data", &bad], "line 3: 'abc' is not a number");
    let nan = scratch("nan.csv", "1,2\n3,NaN\n");
    refused(&["train", "--data", &nan], "line 2: y is NaN");
    let empty = scratch("empty.csv", "");
    refused(&["train", "--data", &empty], "no points");
    let good = scratch("good.csv", "a,b\n1,2\n");
    refused(
        &["train", "--data", &good, "--columns", "x,y"],
        "no column 'x'",
    );
    refused(
        &["train", "--data", &good, "--columns", "a"],
        "--columns takes two names",
    );
    refused(
        &["train", "--data", &good, "--target", "sin"],
        "cannot be used with",
    );
}

/// Hagan's classic demo: 1 + sin(7πx/5) on [-2, 2], 4 tanh neurons, Levenberg–Marquardt.
#[test]
fn levenberg_marquardt_fits_hagans_function_with_four_tanh_neurons() {
    let mut s = Settings::default();
    s.data.source = Source::Expression("1+sin(7*pi*x/5)".into());
    s.data.domain = Interval::new(-2.0, 2.0);
    s.data.view = Interval::new(-3.0, 3.0);
    s.net.width = 4;
    s.optim.optimizer = OptimizerKind::Lm;
    let mut t = Trainer::<f32>::new(s).unwrap();
    t.advance(150);
    let loss = t.evaluate().train;
    assert!(loss <= 1e-4, "MSE {loss} after 150 steps");
}
