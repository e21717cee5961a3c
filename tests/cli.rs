//! The command line as a user meets it: outputs, files, and one clear line with exit status 2 (bad input)
//! or 3 (divergence) for every mistake — never a panic.

mod common;

use common::{approxlab, refused, scratch, stderr};

#[test]
fn train_json_reports_every_field() {
    let o = approxlab(&["train", "--steps", "300", "--val", "0.2", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "steps",
        "initial_loss",
        "train_loss",
        "val_loss",
        "outside_loss",
        "seconds",
        "steps_per_s",
        "diverged",
    ] {
        assert!(line.get(key).is_some(), "missing {key}");
    }
    assert_eq!(line["steps"], 300);
    assert_eq!(line["diverged"], false);
    assert!(line["train_loss"].as_f64().unwrap() < line["initial_loss"].as_f64().unwrap());
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    refused(
        &["train", "--activation", "swish"],
        "unknown activation 'swish'",
    );
    let width = "width must be a whole number from 1 to 1024";
    refused(&["train", "--width", "-1"], width);
    refused(&["train", "--width", "0"], width);
    refused(&["train", "--width", "2000"], width);
    refused(
        &["train", "--depth", "9"],
        "hidden layers must be a whole number from 0 to 8",
    );
    refused(
        &["train", "--seed", "-1"],
        "seed must be a whole number from 0 to 4294967295 (got '-1')",
    );
    refused(
        &["train", "--points", "1"],
        "points must be a whole number from 2 to 100000",
    );
    refused(
        &["train", "--val", "0.95"],
        "validation fraction must be between 0 and 0.9",
    );
    refused(&["train", "--domain", "3,-3"], "training interval");
    refused(&["train", "--domain", "abc"], "LO,HI");
    refused(&["train", "--init", "xavier"], "unknown init");
    refused(&["train", "--optimizer", "lbfgs"], "unknown optimizer");
    refused(&["train", "--lr", "nan"], "learning rate");
    refused(
        &["train", "--load-model", "/no/such/model.json"],
        "cannot read model file",
    );
    refused(&["bench", "--workload", "W9"], "W9");
}

#[test]
fn corrupt_and_mismatched_model_files_are_refused() {
    let corrupt = scratch("corrupt.json");
    std::fs::write(&corrupt, "{\"layers\": [").unwrap();
    refused(
        &["train", "--load-model", corrupt.to_str().unwrap()],
        "not valid JSON",
    );
    let wide_output = scratch("wide.json");
    std::fs::write(
        &wide_output,
        r#"{"format":"approxlab-model","version":1,"layers":[{"kernel":[[1,2]],"bias":[0,0],"activation":"linear"}]}"#,
    )
    .unwrap();
    refused(
        &["train", "--load-model", wide_output.to_str().unwrap()],
        "must have 1 output",
    );
    let big_for_lm = scratch("big.json");
    let o = approxlab(&[
        "train",
        "--steps",
        "1",
        "--width",
        "64",
        "--depth",
        "2",
        "--save-model",
        big_for_lm.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    refused(
        &[
            "train",
            "--optimizer",
            "lm",
            "--load-model",
            big_for_lm.to_str().unwrap(),
        ],
        "at most 2000 parameters",
    );
}

#[test]
fn divergence_exits_3_with_the_step_and_a_smaller_rate_said_once() {
    let o = approxlab(&["train", "--optimizer", "sgd", "--lr", "50"]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(
        err.contains("diverged at step") && err.contains("try a learning rate of"),
        "{err}"
    );
    assert!(
        err.contains("the weights of step 0, before the explosion, are back"),
        "{err}"
    );
    let everything = format!("{}{err}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(
        everything.matches("diverged").count(),
        1,
        "said once: {everything}"
    );
}

#[test]
fn a_saved_model_reloads_and_continues_where_it_stopped() {
    let path = scratch("model.json");
    let p = path.to_str().unwrap();
    let first = approxlab(&["train", "--steps", "500", "--save-model", p, "--json"]);
    assert!(first.status.success());
    let trained: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let again = approxlab(&["train", "--steps", "0", "--load-model", p, "--json"]);
    let reloaded: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    let (a, b) = (
        trained["train_loss"].as_f64().unwrap(),
        reloaded["initial_loss"].as_f64().unwrap(),
    );
    assert!((a - b).abs() <= 1e-6 * a, "{a} vs {b}");
}

#[test]
fn the_benchmark_init_files_load_as_models() {
    // packed, as the repository keeps them, and as the JSON the peers write with --dump-init
    let packed = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/bench/W3.init.bin");
    let as_json = scratch("W3.init.json");
    let doc = approxlab::cli::bench::init_document(None, "W3").unwrap();
    std::fs::write(&as_json, doc.to_string()).unwrap();
    for file in [packed, as_json.to_str().unwrap()] {
        let o = approxlab(&["train", "--steps", "0", "--load-model", file, "--json"]);
        let line = common::json(&o);
        assert_eq!(line["params"], 151, "{file}");
    }
}

/// `bench`'s `loss_100` of every workload from a folder with nothing beside it (no init files, no
/// checkout): the initial weights are approxlab's own, and 100 steps land on the bits they always did.
#[test]
fn bench_runs_from_an_empty_folder_and_lands_on_the_same_losses() {
    let lone = std::env::temp_dir().join(format!("approxlab-lone-{}", std::process::id()));
    let folder = lone.join("nothing-beside-it");
    std::fs::create_dir_all(&folder).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_approxlab"))
        .args(["bench", "--json", "--min-time", "0.001", "--repeats", "5"])
        .current_dir(&folder)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    // float32 after exactly 100 steps, the same with AVX-512, AVX2 and (W1–W3) the portable level
    let want = [
        ("W1", 0.16799472452062644),
        ("W2", 0.2125669587787357),
        ("W3", 0.011520519470166793),
        ("W4", 0.009801403765736011),
        ("W5", 0.005600641312458351),
    ];
    assert_eq!(lines.len(), want.len());
    for (line, (workload, loss_100)) in lines.iter().zip(want) {
        assert_eq!(line["workload"], workload);
        assert_eq!(line["loss_100"].as_f64(), Some(loss_100), "{workload}");
    }
    std::fs::remove_dir_all(&lone).ok();
}

#[test]
fn csv_holds_x_target_prediction_and_each_neuron() {
    let path = scratch("curves.csv");
    let o = approxlab(&[
        "train",
        "--steps",
        "50",
        "--width",
        "4",
        "--csv",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("x,target,prediction,neuron_1,neuron_2,neuron_3,neuron_4,output_bias")
    );
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 601);
    assert_eq!((rows[0][0], rows[600][0]), (-6.0, 6.0));
    for r in &rows {
        let sum: f64 = r[3..].iter().sum();
        assert!(
            (sum - r[2]).abs() < 1e-5,
            "contributions + bias must equal the prediction"
        );
    }
}

#[test]
fn bench_prints_one_json_line_per_workload_for_make_table() {
    let o = approxlab(&[
        "bench",
        "--workload",
        "W2",
        "--json",
        "--min-time",
        "0.01",
        "--repeats",
        "5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(line["peer"], "approxlab");
    assert_eq!(line["workload"], "W2");
    assert_eq!(line["dtype"], "float32");
    assert!(line["steps_per_s"].as_f64().unwrap() > 0.0);
    assert!(line["loss_100"].as_f64().unwrap() < line["initial_loss"].as_f64().unwrap());
}

#[test]
fn gif_and_picture_flags_out_of_range_are_refused_in_one_line_before_a_window_opens() {
    refused(&["gif", "o.gif", "--frames", "1"], "--frames must be");
    refused(&["gif", "o.gif", "--frames", "100000"], "from 2 to 600");
    refused(&["gif", "o.gif", "--fps", "0"], "--fps must be");
    refused(&["gif", "o.gif", "--area", "plot"], "not a picture area");
    refused(&["gif", "o.gif", "--size", "100x100"], "at least 720x480");
    refused(&["gif", "o.gif", "--size", "big"], "WIDTHxHEIGHT");
    refused(&["gif", "o.gif", "--steps", "0"], "--steps");
    refused(&["gif", "o.gif", "--width", "0"], "width");
    refused(&["--screenshot", "a.png", "--scale", "9"], "from 1 to 4");
    refused(&["--picture", "fit"], "need --screenshot");
}

#[test]
fn until_loss_stops_at_the_first_step_that_reaches_it_and_says_when() {
    let v = common::json(&approxlab(&[
        "train",
        "--until-loss",
        "1e-3",
        "--steps",
        "20000",
        "--json",
    ]));
    let step = v["reached_at_step"].as_u64().expect("reached");
    assert_eq!(
        v["steps"].as_u64(),
        Some(step + 1),
        "it stopped right there"
    );
    assert_eq!(v["until_loss"].as_f64(), Some(1e-3));
    let o = approxlab(&["train", "--until-loss", "1e-30", "--steps", "50"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("did not reach a training loss ≤ 1e-30 in 50 steps"),
        "{text}"
    );
    // a run of well under a millisecond still says how long it took, in a unit that shows it
    let o = approxlab(&["train", "--until-loss", "1e-3"]);
    let text = String::from_utf8_lossy(&o.stdout);
    let took = text
        .lines()
        .find_map(|l| l.split(", after ").nth(1)?.strip_suffix(" of training"))
        .unwrap_or_else(|| panic!("no time in {text}"));
    let (number, unit) = took.split_once(' ').expect("a number and a unit");
    assert!(["µs", "ms", "s"].contains(&unit), "{took}");
    assert!(number.parse::<f64>().expect("a number") > 0.0, "{took}");
    refused(
        &["train", "--until-loss", "0"],
        "--until-loss must be a number above 0",
    );
}

#[test]
fn bench_pins_itself_to_one_core_when_asked() {
    let o = approxlab(&[
        "bench",
        "--pin",
        "--workload",
        "W1",
        "--repeats",
        "5",
        "--min-time",
        "0.01",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("pinned to core "), "{text}");
    assert!(text.contains("one core's f32 FMA peak: "), "{text}");
    assert!(text.contains(" GFLOP/s"), "{text}");
}

/// The rate against the yardstick, as `bench --json` reports it for W4 (1 → 64 → 64 → 1, 500 points):
/// GFLOP/s are the step's multiply-adds (forward 64 + 64·64 + 64, backward that and 64·64 + 64 more, per
/// point) twice over, times steps/s; the share of one core's (f32) peak is their ratio, and there is no
/// peak where there is no fused multiply-add, nor for a float64 run.
fn check_rate_against_the_peak(line: &serde_json::Value) {
    let steps_per_s = line["steps_per_s"].as_f64().expect("steps/s");
    let flops_per_step = 2.0 * 500.0 * ((64 + 4096 + 64) + (64 + 4096 + 64) + (4096 + 64)) as f64;
    let gflops = line["gflops"].as_f64().expect("GFLOP/s");
    assert!((gflops - flops_per_step * steps_per_s / 1e9).abs() <= 1e-9 * gflops);
    if line["simd"] == "portable" || line["dtype"] == "float64" {
        assert!(line["core_peak_gflops"].is_null(), "{line}");
        assert!(line["core_peak_pct"].is_null(), "{line}");
    } else {
        let peak = line["core_peak_gflops"].as_f64().expect("a peak");
        assert!(peak.is_finite() && peak > 0.0, "{line}");
        let pct = line["core_peak_pct"].as_f64().expect("a share");
        assert!((pct - 100.0 * gflops / peak).abs() <= 1e-9 * pct, "{line}");
    }
}

#[test]
fn bench_names_its_vector_instructions_and_a_narrower_cap_trains_to_the_same_bits() {
    let w4_in = |simd: Option<&str>, dtype: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_approxlab"));
        command.args(["bench", "--workload", "W4", "--json", "--dtype", dtype]);
        command.args(["--min-time", "0.01", "--repeats", "5"]);
        if let Some(level) = simd {
            command.env("APPROXLAB_SIMD", level);
        }
        command.output().expect("the binary runs")
    };
    let w4 = |simd: Option<&str>| w4_in(simd, "f32");
    let widest = common::json(&w4(None));
    let widest_level = widest["simd"].as_str().expect("the level").to_owned();
    assert!(
        ["avx512", "avx2", "portable"].contains(&widest_level.as_str()),
        "{widest_level}"
    );
    let capped = common::json(&w4(Some("avx2")));
    let portable = common::json(&w4(Some("Portable")));
    assert_eq!(portable["simd"], "portable");
    let float64 = common::json(&w4_in(None, "f64"));
    assert_eq!(float64["dtype"], "float64");
    for line in [&widest, &capped, &portable, &float64] {
        check_rate_against_the_peak(line);
    }
    if widest_level != "portable" {
        assert_eq!(capped["simd"], "avx2");
        // the deep step's two widths: the same bits after 100 steps
        assert_eq!(capped["loss_100"], widest["loss_100"]);
    }
    let bogus = w4(Some("avx9000"));
    assert!(bogus.status.success(), "{}", stderr(&bogus));
    assert!(
        stderr(&bogus).contains("APPROXLAB_SIMD=\"avx9000\" is not one of avx512, avx2, portable"),
        "{}",
        stderr(&bogus)
    );
    assert_eq!(common::json(&bogus)["simd"], widest["simd"]);
}

/// `approxlab presets | head -1`: the reader goes away early; approxlab ends quietly, no "internal
/// error" on stderr.
#[test]
fn output_cut_short_by_its_reader_is_no_error() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_approxlab"))
        .arg("presets")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("approxlab starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("approxlab ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
    assert!(out.status.success(), "{:?}", out.status);
}
