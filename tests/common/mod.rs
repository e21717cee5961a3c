//! Running the real `approxlab` binary as a user does (the command-line tests), and what the engine tests share.

#![allow(dead_code, reason = "each test file uses its own part of the helpers")]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `approxlab` with `args`.
pub fn approxlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_approxlab"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// What it printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The one JSON line a successful run printed.
pub fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("one JSON line")
}

/// A path for `name` in this test process's own scratch folder.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("approxlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir.join(name)
}

/// Exit status 2, exactly one line on stderr, containing `needle`, and no panic.
pub fn refused(args: &[&str], needle: &str) {
    let o = approxlab(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Places on the view grid where the prediction's slope changes: a kink between two grid points bends
/// one or two consecutive slope pairs, so runs of bends are counted.
pub fn kinks(t: &mut approxlab::train::Trainer<f64>) -> usize {
    let x = t.dataset().view_x.clone();
    let y = t.curves().prediction;
    let slopes: Vec<f64> = (1..x.len())
        .map(|i| (y[i] - y[i - 1]) / (x[i] - x[i - 1]))
        .collect();
    let bends: Vec<bool> = slopes
        .windows(2)
        .map(|w| (w[1] - w[0]).abs() > 1e-6)
        .collect();
    bends
        .iter()
        .enumerate()
        .filter(|(i, b)| **b && (*i == 0 || !bends[i - 1]))
        .count()
}

/// Every run of the tour step `name`, trained headless in f64 for the step's own number of steps.
pub fn trained(name: &str) -> (approxlab::tour::Preset, Vec<approxlab::train::Trainer<f64>>) {
    let preset = approxlab::tour::find(name).expect("a tour step of that name");
    let trainers = preset.runs.iter().map(|s| train(s, preset.steps)).collect();
    (preset, trainers)
}

/// A run of `s` trained `steps` steps in f64.
pub fn train(s: &approxlab::train::Settings, steps: u64) -> approxlab::train::Trainer<f64> {
    let mut t = approxlab::train::Trainer::<f64>::new(s.clone()).expect("valid settings");
    t.advance(steps);
    t
}

/// `s` with the weights' and the data's seed moved on by `k`.
pub fn reseeded(s: &approxlab::train::Settings, k: u64) -> approxlab::train::Settings {
    let mut s = s.clone();
    s.seed += k;
    s.data.seed += k;
    s
}

/// The middle value (the upper one of the two middle values for an even count).
pub fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The training loss now.
pub fn loss(t: &mut approxlab::train::Trainer<f64>) -> f64 {
    t.evaluate().train
}

/// Asserts the diagnosed state of each run, in order ("converged", "overfit", …), printing every
/// diagnosis when they differ: what the window's run list and the line under the fit say at the step's
/// end.
pub fn diagnosed(t: &mut [approxlab::train::Trainer<f64>], states: &[&str]) {
    let all: Vec<_> = t.iter_mut().map(|t| t.diagnosis()).collect();
    let names: Vec<&str> = all.iter().map(|d| d.state.name()).collect();
    assert_eq!(names, states, "{all:#?}");
}
