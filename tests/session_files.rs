//! Session files: 500 steps, save, open, 500 more equals 1 000 straight, bit for bit (Adam with
//! mini-batches, Levenberg–Marquardt, given points); damaged, foreign and newer files are refused with
//! one sentence; the command line continues a session.

mod common;
mod support;

use approxlab::data::Source;
use approxlab::files::session;
use approxlab::nn::OptimizerKind;
use approxlab::train::{Halt, Settings, Trainer};

fn resumes_exactly(settings: Settings) {
    let mut straight = Trainer::<f32>::new(settings.clone()).unwrap();
    straight.advance(1000);
    let mut first = Trainer::<f32>::new(settings).unwrap();
    first.advance(500);
    let text = session::to_text(&first.saved()).unwrap();
    let lab = session::parse(&text).unwrap();
    let mut resumed = Trainer::<f32>::from_saved(&lab).unwrap();
    assert_eq!(resumed.step(), 500);
    resumed.advance(500);
    same_training(&resumed, &straight);
    assert_eq!(
        resumed.history().norms(),
        straight.history().norms(),
        "the same gradient history"
    );
}

/// A fixture's run (saved at step 50) restores, and 10 more steps equal 60 trained straight through.
fn goes_on_exactly_from_step_50(lab: &approxlab::train::SavedLab) {
    let mut resumed = Trainer::<f32>::from_saved(lab).expect("its run restores");
    assert_eq!(resumed.step(), 50);
    let mut straight = Trainer::<f32>::new(resumed.settings().clone()).expect("the same settings");
    straight.advance(60);
    resumed.advance(10);
    same_training(&resumed, &straight);
}

/// `resumed` trained exactly as `straight`: the same loss history and marks, weights bit for bit, and
/// halt. (Files older than the per-layer gradient norms bring none for the steps before they were
/// saved; [`resumes_exactly`] compares those too.)
fn same_training(resumed: &Trainer<f32>, straight: &Trainer<f32>) {
    let (a, b) = (resumed.history(), straight.history());
    assert_eq!(a.records(), b.records(), "the same loss history");
    assert_eq!(a.marks(), b.marks(), "the same marks");
    assert_eq!(
        resumed.mlp(),
        straight.mlp(),
        "the same weights, bit for bit"
    );
    assert_eq!(resumed.halt(), straight.halt());
}

#[test]
fn adam_with_mini_batches_resumes_bit_for_bit() {
    let mut s = Settings::default();
    s.optim.batch = 32;
    s.data.noise = 0.1;
    s.data.val_fraction = 0.2;
    resumes_exactly(s);
}

#[test]
fn momentum_and_rmsprop_resume_bit_for_bit() {
    for optimizer in [OptimizerKind::Momentum, OptimizerKind::Rmsprop] {
        let mut s = Settings::default();
        s.optim.optimizer = optimizer;
        s.optim.lr = 0.01;
        resumes_exactly(s);
    }
}

#[test]
fn levenberg_marquardt_resumes_bit_for_bit() {
    let mut s = Settings::default();
    s.net.width = 4;
    s.optim.optimizer = OptimizerKind::Lm;
    resumes_exactly(s);
}

#[test]
fn early_stopping_resumes_bit_for_bit_with_its_best_weights() {
    let mut s = Settings::default();
    s.data.val_fraction = 0.3;
    s.data.noise = 0.3;
    s.data.points = 40;
    s.net.width = 100;
    s.optim.patience = 1000;
    let mut straight = Trainer::<f32>::new(s.clone()).unwrap();
    straight.advance(4000);
    let Some(Halt::EarlyStopped { best_step, .. }) = straight.halt() else {
        panic!("{:?}", straight.halt());
    };
    // saved after the best weights were found and before the stop: the best travels with the file
    let mut first = Trainer::<f32>::new(s).unwrap();
    first.advance(best_step + 100);
    let lab = session::parse(&session::to_text(&first.saved()).unwrap()).unwrap();
    let mut resumed = Trainer::<f32>::from_saved(&lab).unwrap();
    resumed.advance(4000);
    assert_eq!(resumed.halt(), straight.halt());
    assert_eq!(
        resumed.mlp(),
        straight.mlp(),
        "the same best weights back, bit for bit"
    );
    assert_eq!(resumed.history(), straight.history());
}

#[test]
fn given_points_travel_with_the_session() {
    let mut s = Settings::default();
    s.data.source = Source::Points(vec![[0.0, 1.0], [1.0, 0.0], [2.0, 1.5], [3.0, 0.5]].into());
    resumes_exactly(s);
}

#[test]
fn damaged_foreign_and_newer_files_are_refused_with_one_sentence() {
    let mut t = Trainer::<f32>::new(Settings::default()).unwrap();
    t.advance(10);
    let text = session::to_text(&t.saved()).unwrap();
    let cut = &text[..text.len() / 2];
    assert!(
        session::parse(cut)
            .unwrap_err()
            .starts_with("the file is cut short")
    );
    assert!(
        session::parse("hello")
            .unwrap_err()
            .starts_with("not a session file")
    );
    assert!(
        session::parse(r#"{"format":"approxlab-model","version":1}"#)
            .unwrap_err()
            .contains("its format is 'approxlab-model'")
    );
    let written = format!("\"version\":{}", session::VERSION);
    let newer = text.replacen(&written, "\"version\":7", 1);
    assert!(
        session::parse(&newer)
            .unwrap_err()
            .contains("newer approxlab (session version 7")
    );
    let broken = text.replacen("\"step\":10", "\"step\":\"ten\"", 1);
    assert!(
        session::parse(&broken)
            .unwrap_err()
            .starts_with("a damaged session")
    );
    // weights that do not fit the network
    let mut lab = session::parse(&text).unwrap();
    lab.runs[0].params.pop();
    assert!(
        Trainer::<f32>::from_saved(&lab)
            .unwrap_err()
            .contains("run 1: its weights do not fit")
    );
}

#[test]
fn the_command_line_saves_and_continues_a_session() {
    let first = common::scratch("first.approxlab.json");
    let o = common::approxlab(&[
        "train",
        "--steps",
        "300",
        "--batch",
        "16",
        "--save-session",
        first.to_str().unwrap(),
        "--json",
    ]);
    let a = common::json(&o);
    let o = common::approxlab(&[
        "train",
        "--session",
        first.to_str().unwrap(),
        "--steps",
        "300",
        "--json",
    ]);
    let resumed = common::json(&o);
    let straight = common::json(&common::approxlab(&[
        "train", "--steps", "600", "--batch", "16", "--json",
    ]));
    assert_eq!(
        resumed["train_loss"], straight["train_loss"],
        "300 + 300 = 600"
    );
    assert_eq!(
        resumed["initial_loss"], a["train_loss"],
        "it starts where it stopped"
    );
    let bad = common::scratch("bad.approxlab.json");
    std::fs::write(&bad, "{\"format\":\"approxlab-session\",\"version\":1,").unwrap();
    common::refused(
        &["train", "--session", bad.to_str().unwrap()],
        "the file is cut short",
    );
}

#[test]
fn the_window_saves_a_session_and_opening_it_brings_the_old_state_back() {
    use egui_kittest::kittest::Queryable as _;
    let path = common::scratch("window.approxlab.json");
    let path = path.to_str().unwrap().to_string();
    let mut h = support::harness();
    h.run();
    h.state_mut().command(approxlab::train::Command::Step(120));
    h.run();
    let before = h.state().run().clone();
    support::save_session_as(&mut h, &path);
    assert!(std::path::Path::new(&path).exists());
    assert!(h.query_by_label_contains("session saved to").is_some());
    // change things: a new width and more steps
    support::set_slider(&mut h, "Width", 5.0);
    h.state_mut().command(approxlab::train::Command::Step(30));
    h.run();
    assert_ne!(h.state().run().settings.net.width, 10);
    support::press(&mut h, "Session…");
    support::press(&mut h, "Open");
    h.run();
    let after = h.state().run();
    assert_eq!(after.step, 120);
    assert_eq!(
        after.settings.net.width, 10,
        "the controls show the opened run"
    );
    assert_eq!(after.prediction, before.prediction, "the same weights");
    assert_eq!(h.state().state.settings.net.width, 10);
    // a damaged file changes nothing
    std::fs::write(&path, "{").unwrap();
    support::press(&mut h, "Session…");
    support::press(&mut h, "Open");
    assert!(h.query_by_label_contains("the file is cut short").is_some());
    assert_eq!(h.state().run().step, 120);
}

/// A session file written by approxlab's session version 1 (kept in tests/fixtures; `approxlab train
/// --target "x^2/4+sin(3*x)" --width 6 --optimizer adam --steps 50 --seed 7 --save-session …`): it still
/// opens, its typed f(x) reads, and it goes on exactly as the same run trained straight through.
#[test]
fn a_version_1_session_file_still_opens_and_goes_on_exactly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/session-v1.approxlab.json");
    let lab = session::load(&path).expect("a version-1 session opens");
    match &lab.data_settings.source {
        Source::Expression(typed) => {
            assert_eq!(typed.text(), "x^2/4+sin(3*x)");
            assert!(typed.compiled().is_ok());
        }
        other => panic!("the typed f(x) came back as {other:?}"),
    }
    goes_on_exactly_from_step_50(&lab);
}

/// Version 2 holds the data settings once, for the lab: no run carries a copy of them, and a version-1
/// file's copies (which the runs no longer own) are skipped on reading, whatever they say.
#[test]
fn the_data_settings_are_written_once_and_old_copies_are_skipped() {
    let mut t = Trainer::<f32>::new(Settings::default()).unwrap();
    t.advance(5);
    let text = session::to_text(&t.saved()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], session::VERSION);
    assert_eq!(session::VERSION, 2);
    let run_settings = &value["lab"]["runs"][0]["settings"];
    assert!(run_settings.get("net").is_some() && run_settings.get("optim").is_some());
    assert!(run_settings.get("data").is_none(), "{run_settings}");

    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/session-v1.approxlab.json");
    let mut old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    old["lab"]["runs"][0]["settings"]["data"]["points"] = 7.into();
    let lab = session::parse(&old.to_string()).expect("a version-1 file reads");
    assert_eq!(
        lab.data_settings.points, 200,
        "the lab's data settings rule"
    );
    let resumed = Trainer::<f32>::from_saved(&lab).expect("its run restores");
    assert_eq!(resumed.settings().data.points, 200);
    assert_eq!(resumed.settings().net.width, 6);
}

/// A session file written by version 2 before predictions could be drawn (kept in tests/fixtures; the
/// same command as the version-1 file's): it opens with no prediction and goes on exactly.
#[test]
fn a_version_2_session_file_without_a_prediction_still_opens_and_goes_on_exactly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/session-v2.approxlab.json");
    let lab = session::load(&path).expect("a version-2 session opens");
    assert!(lab.prediction.is_none());
    goes_on_exactly_from_step_50(&lab);
}

/// A drawn prediction travels with the session file exactly, and a file without one writes none.
#[test]
fn a_prediction_round_trips_exactly() {
    use approxlab::train::guess::{Guess, Prediction};
    let mut t = Trainer::<f32>::new(Settings::default()).unwrap();
    t.advance(5);
    let mut curve = Guess::on(&t.dataset().view_x);
    curve.draw(
        &[[-6.0, 0.1], [0.3, 0.77], [6.0, -1.0 / 3.0]],
        &t.dataset().view_x,
    );
    let mut saved = t.saved();
    assert!(!session::to_text(&saved).unwrap().contains("\"prediction\""));
    saved.prediction = Some(Prediction {
        curve,
        drawn_at_step: 5,
        score_from_step: Some(2000),
    });
    let back = session::parse(&session::to_text(&saved).unwrap()).unwrap();
    assert_eq!(back, saved, "bit for bit");
}
