//! The command line does what it is told: every flag given either changes what comes out, or is refused
//! (exit 2, one line), or is noted once on stderr ("approxlab: note: --momentum has no effect on adam…").
//! Checked flag by flag for the cases users hit, and as a table over every settings flag × every
//! optimizer × three modes (a function, points from a file, a single neuron).

mod common;

use common::{approxlab, json, refused, scratch, stderr};
use std::process::Output;

fn notes(o: &Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter(|l| l.starts_with("approxlab: note: "))
        .map(str::to_owned)
        .collect()
}

/// Succeeds, with exactly one note on stderr, naming `flag`.
fn noted(args: &[&str], flag: &str) -> Output {
    let o = approxlab(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let said = notes(&o);
    assert_eq!(said.len(), 1, "{args:?}: {said:?}");
    assert!(said[0].contains(flag), "{args:?}: {said:?}");
    o
}

#[test]
fn optimizer_settings_that_do_not_apply_are_noted_or_refused() {
    noted(
        &[
            "train",
            "--optimizer",
            "adam",
            "--momentum",
            "0.5",
            "--steps",
            "5",
        ],
        "--momentum has no effect on adam; it applies to momentum and nesterov",
    );
    noted(
        &["train", "--optimizer", "lm", "--lr", "0.5", "--steps", "5"],
        "--lr has no effect on lm",
    );
    refused(
        &["train", "--optimizer", "lm", "--batch", "8"],
        "--batch: Levenberg–Marquardt (lm) trains on the full batch",
    );
    refused(
        &["train", "--patience", "100"],
        "--patience needs a validation share (--val)",
    );
    // what applies says nothing
    let o = approxlab(&[
        "train",
        "--optimizer",
        "momentum",
        "--momentum",
        "0.5",
        "--steps",
        "5",
    ]);
    assert!(o.status.success() && notes(&o).is_empty(), "{}", stderr(&o));
    let o = approxlab(&["train", "--val", "0.2", "--patience", "10", "--steps", "5"]);
    assert!(o.status.success() && notes(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn a_loaded_model_or_a_session_refuses_the_flags_it_replaces() {
    let model = scratch("flags-model.json");
    let o = approxlab(&[
        "train",
        "--steps",
        "5",
        "--width",
        "3",
        "--save-model",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (flag, value) in [
        ("--width", "50"),
        ("--depth", "2"),
        ("--activation", "relu"),
        ("--init", "zeros"),
    ] {
        refused(
            &[
                "train",
                "--load-model",
                model.to_str().unwrap(),
                flag,
                value,
            ],
            "cannot be used with",
        );
        let o = approxlab(&[
            "train",
            "--load-model",
            model.to_str().unwrap(),
            flag,
            value,
        ]);
        let err = stderr(&o);
        assert!(
            err.contains("--load-model") && err.contains(flag),
            "names both: {err}"
        );
    }
    // data and optimizer flags do apply to a loaded model
    let o = approxlab(&[
        "train",
        "--load-model",
        model.to_str().unwrap(),
        "--lr",
        "0.05",
        "--steps",
        "5",
    ]);
    assert!(o.status.success() && notes(&o).is_empty(), "{}", stderr(&o));

    let session = scratch("flags-session.json");
    let o = approxlab(&[
        "train",
        "--steps",
        "5",
        "--save-session",
        session.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    refused(
        &[
            "train",
            "--session",
            session.to_str().unwrap(),
            "--lr",
            "0.5",
        ],
        "cannot be used with",
    );
    refused(
        &["--session", session.to_str().unwrap(), "--width", "5"],
        "cannot be used with",
    );
    refused(
        &["train", "--data", "a.csv", "--target", "cubic"],
        "cannot be used with",
    );
}

#[test]
fn a_preset_is_a_starting_point_for_every_flag() {
    let lines = |o: &Output| -> Vec<serde_json::Value> {
        assert!(o.status.success(), "{}", stderr(o));
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    };
    let plain = lines(&approxlab(&[
        "train",
        "--preset",
        "output-bias-init",
        "--steps",
        "100",
        "--json",
    ]));
    assert_eq!(plain.len(), 2);
    assert!(
        plain.iter().all(|l| l["steps"] == 100),
        "--steps overrides the preset's"
    );
    let narrow = lines(&approxlab(&[
        "train",
        "--preset",
        "output-bias-init",
        "--steps",
        "100",
        "--width",
        "3",
        "--json",
    ]));
    assert!(
        narrow.iter().all(|l| l["params"] == 10),
        "1-3-1 for every run: {narrow:?}"
    );

    let curves = scratch("preset-curves.csv");
    let losses = scratch("preset-losses.csv");
    let model = scratch("preset-model.json");
    let keras = scratch("preset-keras.py");
    let session = scratch("preset-session.json");
    let o = approxlab(&[
        "train",
        "--preset",
        "output-bias-init",
        "--steps",
        "50",
        "--formula",
        "--csv",
        curves.to_str().unwrap(),
        "--loss-csv",
        losses.to_str().unwrap(),
        "--save-model",
        model.to_str().unwrap(),
        "--export-keras",
        keras.to_str().unwrap(),
        "--save-session",
        session.to_str().unwrap(),
        "--until-loss",
        "1e-12",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        text.matches("did not reach a training loss ≤ 1e-12")
            .count(),
        2,
        "{text}"
    );
    assert!(
        text.matches("tanh(").count() >= 2,
        "a formula per run: {text}"
    );
    let header = std::fs::read_to_string(&curves).unwrap();
    assert!(
        header.starts_with("x,target,run 1,run 2\n"),
        "{}",
        &header[..40]
    );
    let loss_rows = std::fs::read_to_string(&losses).unwrap();
    for run in ["run 1,", "run 2,"] {
        assert!(
            loss_rows.lines().any(|l| l.starts_with(run)),
            "{run} in {loss_rows:.120}"
        );
    }
    for base in [&model, &keras, &session] {
        for k in [1, 2] {
            let stem = base.file_stem().unwrap().to_str().unwrap();
            let ext = base.extension().unwrap().to_str().unwrap();
            let per_run = base.with_file_name(format!("{stem}.run{k}.{ext}"));
            assert!(per_run.is_file(), "{} written", per_run.display());
        }
        assert!(!base.exists(), "no file without a run number");
    }
    // a one-run preset keeps the names as given
    let single = scratch("single-model.json");
    let o = approxlab(&[
        "train",
        "--preset",
        "one-neuron-line",
        "--steps",
        "5",
        "--save-model",
        single.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(single.is_file());
    // a flag that does not apply to its runs is noted for each, by number
    let o = approxlab(&[
        "train",
        "--preset",
        "output-bias-init",
        "--steps",
        "5",
        "--optimizer",
        "adam",
        "--momentum",
        "0.5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        notes(&o),
        ["run 1", "run 2"].map(|run| format!(
            "approxlab: note: {run}: --momentum has no effect on adam; it applies to momentum and nesterov"
        ))
    );
}

#[test]
fn every_subcommand_refuses_what_it_would_ignore() {
    refused(&["bench", "--ui", "--repeats", "9"], "cannot be used with");
    refused(&["bench", "--ui", "--pin"], "cannot be used with");
    refused(&["--frames", "30"], "--screenshot");
    refused(
        &["--preset", "width-experiment", "--lr", "0.5"],
        "cannot be used with",
    );
    refused(
        &[
            "sweep",
            "--param",
            "lr",
            "--values",
            "0.1,1",
            "--optimizer",
            "lm",
        ],
        "sweeping lr would train the same run at every value",
    );
    refused(
        &[
            "sweep",
            "--param",
            "momentum",
            "--values",
            "0.1,0.9",
            "--optimizer",
            "adam",
        ],
        "only momentum and nesterov use a momentum",
    );
    noted(
        &[
            "compare",
            "--run",
            "optimizer=sgd,momentum=0.5",
            "--run",
            "optimizer=momentum",
            "--steps",
            "5",
        ],
        "run 1: --momentum has no effect on sgd",
    );
    noted(
        &[
            "landscape",
            "--steps",
            "5",
            "--optimizer",
            "lm",
            "--lr",
            "0.5",
        ],
        "--lr has no effect on lm",
    );
}

/// What a run shows: its JSON line without the clock, and its curves file.
fn shown(args: &[String]) -> (Output, Option<String>) {
    let curves = scratch(&format!(
        "table-{}.csv",
        args.join("_").replace(['/', ' ', '='], "")
    ));
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend(["--steps", "20", "--json", "--csv", curves.to_str().unwrap()]);
    let o = approxlab(&all);
    if !o.status.success() {
        return (o, None);
    }
    let mut line: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON line");
    for clock in ["seconds", "steps_per_s"] {
        line.as_object_mut().unwrap().remove(clock);
    }
    let csv = std::fs::read_to_string(&curves).unwrap_or_default();
    std::fs::remove_file(&curves).ok();
    (o, Some(format!("{line}\n{csv}")))
}

#[test]
fn every_settings_flag_against_every_optimizer_and_mode_is_applied_refused_or_noted() {
    let points = scratch("table-points.csv");
    let rows: String = (0..30)
        .map(|i| {
            let x = -1.0 + f64::from(i) / 15.0;
            format!("{x},{}\n", (2.0 * x).sin())
        })
        .collect();
    std::fs::write(&points, format!("x,y\n{rows}")).unwrap();
    let modes: [(&str, Vec<String>); 3] = [
        ("a function", vec![]),
        (
            "points from a file",
            vec!["--data".into(), points.to_str().unwrap().into()],
        ),
        ("a single neuron", vec!["--depth".into(), "0".into()]),
    ];
    let flags: [(&str, &str); 19] = [
        ("--target", "cubic"),
        ("--points", "50"),
        ("--sampling", "random"),
        ("--noise", "0.1"),
        ("--val", "0.2"),
        ("--domain", "-2,2"),
        ("--view", "-8,8"),
        ("--width", "4"),
        ("--depth", "2"),
        ("--activation", "relu"),
        ("--init", "glorot_uniform"),
        ("--lr", "0.05"),
        ("--momentum", "0.5"),
        ("--batch", "8"),
        ("--weight-decay", "0.01"),
        ("--patience", "5"),
        ("--loss", "mae"),
        ("--seed", "7"),
        ("--data-seed", "7"),
    ];
    let mut counts = [0usize; 3];
    for optimizer in ["sgd", "momentum", "nesterov", "rmsprop", "adam", "lm"] {
        for (mode, mode_args) in &modes {
            let mut base: Vec<String> =
                vec!["train".into(), "--optimizer".into(), optimizer.into()];
            base.extend(mode_args.iter().cloned());
            let (o, before) = shown(&base);
            let before = before.unwrap_or_else(|| panic!("{base:?}: {}", stderr(&o)));
            assert!(notes(&o).is_empty(), "{base:?}: {}", stderr(&o));
            for (flag, value) in flags {
                let mut args = base.clone();
                args.push(format!("{flag}={value}"));
                let (o, after) = shown(&args);
                let err = stderr(&o);
                let case = format!("{flag} {value} with {optimizer} on {mode}");
                match after {
                    None => {
                        assert_eq!(o.status.code(), Some(2), "{case}: {err}");
                        assert_eq!(err.trim_end().lines().count(), 1, "{case}: {err}");
                        counts[0] += 1;
                    }
                    Some(after) if after != before => {
                        assert!(
                            notes(&o).is_empty(),
                            "{case} changed the output and was noted: {err}"
                        );
                        counts[1] += 1;
                    }
                    Some(_) => {
                        let said = notes(&o);
                        assert_eq!(
                            said.len(),
                            1,
                            "{case} changed nothing and said nothing: {err}"
                        );
                        assert!(said[0].contains(flag), "{case}: {said:?}");
                        counts[2] += 1;
                    }
                }
            }
        }
    }
    println!(
        "refused {}, applied {}, noted {}",
        counts[0], counts[1], counts[2]
    );
}

#[test]
fn the_output_bias_at_start_moves_the_first_prediction_and_is_checked() {
    let loss = |bias: &str| {
        json(&approxlab(&[
            "train",
            "--target",
            "50+sin(x)",
            "--output-bias",
            bias,
            "--steps",
            "0",
            "--json",
        ]))["initial_loss"]
            .as_f64()
            .unwrap()
    };
    let (zero, fifty) = (loss("0"), loss("50"));
    assert!(zero > 2000.0 && fifty < 2.0, "{zero} against {fifty}");
    refused(&["train", "--output-bias", "high"], "must be a number");
    refused(&["train", "--output-bias", "2e6"], "output bias at start");
}
