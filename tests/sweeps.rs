//! `approxlab sweep` and `approxlab landscape` as a user runs them: one JSON line per training and per grid
//! point, the same numbers on one thread or two, the learning rate's three zones read from the results,
//! deep against wide at one parameter budget, the loss slice with its path, and bad input refused in one
//! line.

mod common;

use common::{approxlab, refused, stderr};
use serde_json::Value;

fn lines(args: &[&str]) -> Vec<Value> {
    let o = approxlab(args);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn a_width_sweep_prints_every_training_then_every_width_and_is_the_same_on_one_or_two_threads() {
    let args = [
        "sweep", "--param", "width", "--values", "1,4,16", "--seeds", "3", "--steps", "400",
        "--json",
    ];
    let two = lines(&[&args[..], &["--threads", "2"]].concat());
    let one = lines(&[&args[..], &["--threads", "1"]].concat());
    assert_eq!(two.len(), 9 + 3);
    let cells: Vec<&Value> = two.iter().filter(|l| l.get("summary").is_none()).collect();
    assert_eq!(cells[0]["width"], 1.0);
    assert_eq!(cells[0]["seed"], 42);
    assert_eq!(cells[2]["seed"], 44);
    assert_eq!(cells[8]["width"], 16.0);
    assert!(
        cells
            .iter()
            .all(|c| c["steps"] == 400 && c["diverged"] == false)
    );
    let summary = &two[9];
    assert_eq!(
        (summary["width"].as_f64(), summary["seeds"].as_u64()),
        (Some(1.0), Some(3))
    );
    let t = &summary["train"];
    assert!(t["min"].as_f64() <= t["median"].as_f64() && t["median"].as_f64() <= t["max"].as_f64());
    let without_time = |v: &[Value]| -> Vec<Value> {
        v.iter()
            .map(|l| {
                let mut l = l.clone();
                if let Some(o) = l.as_object_mut() {
                    o.remove("seconds");
                }
                l
            })
            .collect()
    };
    assert_eq!(without_time(&one), without_time(&two), "bit for bit");
    // more neurons fit sin better, here: the median at 16 is below the median at 1
    let median = |i: usize| two[i]["train"]["median"].as_f64().unwrap();
    assert!(median(11) < median(9) / 10.0);
}

#[test]
fn a_learning_rate_sweep_finds_too_small_good_and_too_large_in_that_order() {
    let out = lines(&[
        "sweep",
        "--param",
        "lr",
        "--values",
        "1e-4..10:11:log",
        "--seeds",
        "2",
        "--steps",
        "2000",
        "--optimizer",
        "sgd",
        "--json",
    ]);
    let zones: Vec<&str> = out
        .iter()
        .filter_map(|l| l.get("zone").and_then(Value::as_str))
        .collect();
    assert_eq!(zones.len(), 11);
    let first = |z: &str| zones.iter().position(|&x| x == z).unwrap();
    let last = |z: &str| zones.iter().rposition(|&x| x == z).unwrap();
    assert_eq!(zones[0], "too small");
    assert_eq!(zones[10], "too large");
    assert!(
        last("too small") < first("good") && last("good") < first("too large"),
        "{zones:?}"
    );
    // the too-large rates diverged: the zone comes from what happened
    let diverged = out
        .iter()
        .filter(|l| l.get("zone").and_then(Value::as_str) == Some("too large"))
        .all(|l| l["diverged"].as_u64() > Some(0));
    assert!(diverged);
}

#[test]
fn deep_against_wide_keeps_the_parameter_count_and_a_csv_holds_every_training() {
    let csv = common::scratch("shape.csv");
    let o = approxlab(&[
        "sweep",
        "--param",
        "shape",
        "--values",
        "1,2,3,4",
        "--params",
        "151",
        "--seeds",
        "2",
        "--steps",
        "300",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    for shape in ["1×50", "2×10", "3×7", "4×6"] {
        assert!(table.contains(shape), "{table}");
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with(
            "shape,seed,train,validation,outside,diverged,steps,seconds,linear_pieces\n"
        )
    );
    assert!(
        text.lines().nth(1).is_some_and(|l| l.ends_with(',')),
        "no pieces for tanh units"
    );
    assert_eq!(text.lines().count(), 1 + 8);
}

#[test]
fn a_two_parameter_sweep_covers_the_grid() {
    let out = lines(&[
        "sweep",
        "--param",
        "width",
        "--values",
        "2,8",
        "--param2",
        "depth",
        "--values2",
        "1,2,3",
        "--seeds",
        "1",
        "--steps",
        "100",
        "--json",
    ]);
    let summaries: Vec<(f64, f64)> = out
        .iter()
        .filter(|l| l.get("summary").is_some())
        .map(|l| (l["width"].as_f64().unwrap(), l["depth"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        summaries,
        vec![
            (2.0, 1.0),
            (2.0, 2.0),
            (2.0, 3.0),
            (8.0, 1.0),
            (8.0, 2.0),
            (8.0, 3.0)
        ]
    );
}

#[test]
fn the_landscape_is_a_61_by_61_grid_centred_on_the_trained_weights_with_the_path_ending_there() {
    let out = lines(&["landscape", "--width", "50", "--steps", "1000", "--json"]);
    let v = &out[0];
    let coords = v["coords"].as_array().unwrap();
    let loss = v["loss"].as_array().unwrap();
    assert_eq!((coords.len(), loss.len()), (61, 61));
    assert!(loss.iter().all(|row| row.as_array().unwrap().len() == 61));
    let centre = loss[30][30].as_f64().unwrap();
    let corner = loss[0][0].as_f64().unwrap();
    assert!(
        centre < corner,
        "the trained weights sit low: {centre} < {corner}"
    );
    let path = v["path"].as_array().unwrap();
    assert_eq!(path.len(), 101);
    let end = path[100].as_array().unwrap();
    assert!(
        end.iter().all(|c| c.as_f64().unwrap().abs() < 1e-9),
        "{end:?}"
    );
}

#[test]
fn bad_sweep_input_is_refused_in_one_line() {
    refused(
        &["sweep", "--param", "height", "--values", "1"],
        "not a sweep parameter",
    );
    refused(
        &["sweep", "--param", "width", "--values", "1,x"],
        "'x' is not a number",
    );
    refused(
        &["sweep", "--param", "width", "--values", "0,2"],
        "width = 0",
    );
    refused(
        &["sweep", "--param", "lr", "--values", "0..1:5:log"],
        "above 0",
    );
    refused(
        &[
            "sweep",
            "--param",
            "lr",
            "--values",
            "1,2",
            "--param2",
            "lr",
            "--values2",
            "3",
        ],
        "must differ",
    );
    refused(
        &["sweep", "--param", "width", "--values", "1", "--seeds", "0"],
        "--seeds",
    );
    refused(
        &[
            "sweep",
            "--param",
            "width",
            "--values",
            "1..64:64",
            "--param2",
            "depth",
            "--values2",
            "1..8:8",
            "--seeds",
            "100",
        ],
        "over 10000",
    );
    refused(&["landscape", "--grid", "1"], "--grid");
    refused(&["landscape", "--span", "0"], "span above 0");
}

#[test]
fn presets_are_listed_and_a_preset_trains_every_run_as_a_json_line() {
    let o = approxlab(&["presets"]);
    assert!(o.status.success());
    let list = String::from_utf8_lossy(&o.stdout);
    assert_eq!(list.lines().count(), approxlab::tour::presets().len());
    assert!(list.lines().next().unwrap().starts_with("one-neuron-line"));
    let runs = lines(&["train", "--preset", "sgd-vs-momentum", "--json"]);
    assert_eq!(runs.len(), 3);
    assert_eq!(
        (
            runs[0]["run"].as_u64(),
            runs[1]["run"].as_u64(),
            runs[2]["run"].as_u64()
        ),
        (Some(1), Some(2), Some(3))
    );
    assert!(
        runs[1]["train_loss"].as_f64() < runs[0]["train_loss"].as_f64(),
        "momentum ends lower"
    );
    assert!(
        runs[2]["train_loss"].as_f64() > runs[0]["train_loss"].as_f64(),
        "plain SGD at momentum's reach stalls above"
    );
    refused(&["train", "--preset", "nope"], "no preset 'nope'");
    refused(&["--preset", "nope"], "no preset 'nope'");
}

#[test]
fn early_stopping_on_the_command_line_stops_and_says_which_weights_are_back() {
    let o = approxlab(&[
        "train",
        "--noise",
        "0.3",
        "--val",
        "0.3",
        "--width",
        "100",
        "--points",
        "40",
        "--patience",
        "1000",
        "--steps",
        "30000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("early stopping at step"), "{text}");
    assert!(text.contains("the lowest) are back"), "{text}");
    refused(&["train", "--patience", "-1"], "patience");
}
