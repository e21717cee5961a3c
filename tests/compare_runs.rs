//! Several runs on one dataset (the live lab, headless): the same start where shapes agree, lockstep,
//! a run that diverges alone, removal while training, widths that keep their neurons, the two seeds,
//! and the `compare` command.

use approxlab::data::DataSettings;
use approxlab::nn::{Activation, OptimizerKind};
use approxlab::train::{Command, Data, Halt, Lab, Run, RunView, Settings, Trainer};

mod common;

use common::approxlab;

/// A lab of the default settings plus one run per `changes`, paused.
fn lab_with(changes: &[fn(&mut Settings)]) -> Lab {
    let mut lab = Lab::new(Settings::default());
    for change in changes {
        let mut s = Settings::default();
        change(&mut s);
        lab.handle(Command::CompareWith {
            from: 0,
            settings: s.run_settings().check().unwrap(),
        });
    }
    lab
}

fn runs(lab: &mut Lab) -> Vec<std::sync::Arc<RunView>> {
    lab.snapshot().runs
}

#[test]
fn runs_that_differ_in_optimizer_or_activation_start_from_bit_identical_weights() {
    let data = Data::<f32>::generate(&DataSettings::default()).unwrap();
    let base = Settings::default();
    let mut other = base.clone();
    other.optim.optimizer = OptimizerKind::Sgd;
    other.optim.lr = 0.1;
    other.net.activation = Activation::Relu;
    let a = Run::new(base.run_settings().check().unwrap(), &data);
    let b = Run::new(other.run_settings().check().unwrap(), &data);
    assert_eq!(
        a.mlp().params(),
        b.mlp().params(),
        "the activation takes no part in the draw"
    );
    let mut wider = base;
    wider.net.width = 11;
    let c = Run::new(wider.run_settings().check().unwrap(), &data);
    assert_ne!(a.mlp().params().len(), c.mlp().params().len());

    let mut lab = lab_with(&[|s| s.optim.optimizer = OptimizerKind::Sgd]);
    let views = runs(&mut lab);
    assert_eq!(views.len(), 2);
    assert_eq!(
        views[0].prediction, views[1].prediction,
        "the same start, on screen"
    );
    assert_eq!(views[1].name, "sgd");
}

#[test]
fn a_two_run_lab_equals_two_separate_trainers_step_for_step() {
    let mut sgd = Settings::default();
    sgd.optim.optimizer = OptimizerKind::Sgd;
    sgd.optim.lr = 0.1;
    let mut lab = Lab::new(Settings::default());
    lab.handle(Command::CompareWith {
        from: 0,
        settings: sgd.run_settings().check().unwrap(),
    });
    lab.handle(Command::Step(300));
    let views = runs(&mut lab);
    for (view, settings) in views.iter().zip([Settings::default(), sgd]) {
        let mut alone = Trainer::<f32>::new(settings).unwrap();
        alone.advance(300);
        assert_eq!(view.step, 300);
        assert_eq!(view.history, alone.history().records(), "{}", view.name);
        assert_eq!(view.prediction, alone.curves().prediction);
    }
}

#[test]
fn a_diverging_run_pauses_alone_and_the_others_go_on() {
    let mut lab = lab_with(&[|s| {
        s.optim.optimizer = OptimizerKind::Sgd;
        s.optim.lr = 10.0;
    }]);
    lab.handle(Command::Speed {
        steps_per_frame: 10,
        max_speed: false,
    });
    lab.handle(Command::Play);
    for _ in 0..30 {
        lab.tick(1.0);
    }
    let snap = lab.snapshot();
    assert!(snap.running, "the first run goes on");
    assert!(matches!(snap.runs[1].halt, Some(Halt::Diverged { .. })));
    assert_eq!(snap.runs[0].halt, None);
    assert_eq!(snap.runs[0].step, 300);
    assert!(snap.runs[1].step < 300);
    let message = snap.message.expect("the divergence is reported");
    assert!(
        message
            .text
            .starts_with("run 2 (sgd, lr 10): training diverged"),
        "{}",
        message.text
    );
    assert!(
        message.text.contains("the other runs go on"),
        "{}",
        message.text
    );
}

#[test]
fn removing_a_run_while_training_leaves_the_others_training() {
    let mut lab = lab_with(&[|s| s.net.width = 5, |s| s.net.activation = Activation::Relu]);
    lab.handle(Command::Play);
    lab.tick(1.0);
    let ids = lab.run_ids();
    lab.handle(Command::Remove(ids[1]));
    for _ in 0..5 {
        lab.tick(1.0);
    }
    let snap = lab.snapshot();
    assert_eq!(snap.runs.len(), 2);
    assert_eq!(snap.runs[1].id, ids[2]);
    assert_eq!(snap.runs[0].step, snap.runs[1].step, "still in lockstep");
    assert!(snap.running);
    lab.handle(Command::Remove(ids[0]));
    lab.handle(Command::Remove(ids[2]));
    let snap = lab.snapshot();
    assert_eq!(snap.runs.len(), 1, "the last run stays");
    assert!(snap.message.unwrap().text.contains("cannot be removed"));
}

#[test]
fn growing_a_width_with_kept_neurons_keeps_the_prediction_and_shrinking_says_which_went() {
    let mut lab = Lab::new(Settings::default());
    lab.handle(Command::Step(200));
    let before = runs(&mut lab)[0].clone();
    let mut wider = Settings::default();
    wider.net.width = 14;
    lab.handle(Command::Apply {
        run: 0,
        settings: wider.run_settings().check().unwrap(),
        keep_neurons: true,
    });
    let after = runs(&mut lab)[0].clone();
    assert_eq!(
        (after.step, after.contributions.len()),
        (200, 14),
        "the step stays"
    );
    for (a, b) in before.prediction.iter().zip(&after.prediction) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    let mut narrower = Settings::default();
    narrower.net.width = 8;
    lab.handle(Command::Apply {
        run: 0,
        settings: narrower.run_settings().check().unwrap(),
        keep_neurons: true,
    });
    let snap = lab.snapshot();
    assert_eq!(snap.runs[0].contributions.len(), 8);
    let text = snap.message.unwrap().text;
    assert!(
        text.starts_with("width from 14 to 8, neurons kept: removed neurons"),
        "{text}"
    );
    // without the checkbox a width change draws new weights at step 0
    let mut again = Settings::default();
    again.net.width = 9;
    lab.handle(Command::Apply {
        run: 0,
        settings: again.run_settings().check().unwrap(),
        keep_neurons: false,
    });
    assert_eq!(runs(&mut lab)[0].step, 0);
}

#[test]
fn the_data_seed_changes_the_noise_and_not_the_weights() {
    let mut noisy = DataSettings {
        noise: 0.1,
        ..DataSettings::default()
    };
    let mut lab = Lab::new(Settings {
        data: noisy.clone(),
        ..Settings::default()
    });
    let before = lab.snapshot();
    noisy.seed = 43;
    lab.handle(Command::data(noisy).unwrap());
    let after = lab.snapshot();
    assert_ne!(
        before.data.train_points, after.data.train_points,
        "new noise"
    );
    assert_eq!(
        before.runs[0].prediction, after.runs[0].prediction,
        "the same weights"
    );
    assert_eq!(after.runs[0].settings.seed, 42);
    lab.handle(Command::Reseed);
    let reseeded = lab.snapshot();
    assert_eq!(reseeded.runs[0].settings.seed, 43);
    assert_eq!(
        reseeded.data.train_points, after.data.train_points,
        "the same data"
    );
    assert_ne!(reseeded.runs[0].prediction, after.runs[0].prediction);
}

#[test]
fn at_most_six_runs() {
    let mut lab = Lab::new(Settings::default());
    for _ in 0..7 {
        lab.handle(Command::Compare(0));
    }
    let snap = lab.snapshot();
    assert_eq!(snap.runs.len(), 6);
    assert!(snap.message.unwrap().text.contains("at most 6 runs"));
}

#[test]
fn compare_prints_one_json_line_per_run_equal_to_separate_train_runs() {
    let o = approxlab(&[
        "compare",
        "--run",
        "optimizer=sgd,lr=0.1",
        "--run",
        "optimizer=momentum,lr=0.1",
        "--steps",
        "300",
        "--width",
        "6",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["name"], "optimizer=sgd,lr=0.1");
    assert_eq!(
        lines[0]["initial_loss"], lines[1]["initial_loss"],
        "same start"
    );
    for (line, optimizer) in lines.iter().zip(["sgd", "momentum"]) {
        let alone = approxlab(&[
            "train",
            "--optimizer",
            optimizer,
            "--lr",
            "0.1",
            "--steps",
            "300",
            "--width",
            "6",
            "--json",
        ]);
        let alone: serde_json::Value = serde_json::from_slice(&alone.stdout).unwrap();
        assert_eq!(line["train_loss"], alone["train_loss"], "{optimizer}");
        assert_eq!(line["steps"], 300);
    }
}

#[test]
fn compare_writes_every_run_s_prediction_to_csv() {
    let path = std::env::temp_dir().join(format!("approxlab-compare-{}.csv", std::process::id()));
    let o = approxlab(&[
        "compare",
        "--run",
        "optimizer=sgd,lr=0.1",
        "--run",
        "activation=relu",
        "--steps",
        "10",
        "--csv",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("x,target,\"optimizer=sgd,lr=0.1\",activation=relu")
    );
    assert_eq!(lines.count(), 601);
}

#[test]
fn compare_refuses_bad_runs_with_one_line_naming_the_run_and_the_key() {
    for (spec, needle) in [
        ("optimiser=sgd", "run 2: unknown key 'optimiser'"),
        ("lr=fast", "run 2:"),
        ("target=cubic", "run 2: 'target' is a data setting"),
    ] {
        let o = approxlab(&[
            "compare",
            "--run",
            "optimizer=sgd",
            "--run",
            spec,
            "--steps",
            "1",
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{spec}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{spec}: {err}");
    }
}
