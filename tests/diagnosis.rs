//! The diagnosis of real runs: one fixed-seed run built to reach each state and each finding, asserting
//! the state and that its evidence names the run's own numbers; and no false alarms — runs that learn
//! well are never called plateau, overfit, unstable or underfit at any point of their history.

use approxlab::data::Source;
use approxlab::limits::show_3;
use approxlab::nn::{Activation, Init, OptimizerKind};
use approxlab::train::diagnosis::{Diagnosis, Finding, FindingKind, State, Suggestion};
use approxlab::train::{Halt, Settings, Trainer};

fn trained(s: &Settings, steps: u64) -> Trainer<f32> {
    let mut t = Trainer::<f32>::new(s.clone()).expect("valid settings");
    t.advance(steps);
    t
}

fn tanh(width: usize, optimizer: OptimizerKind, lr: f64) -> Settings {
    let mut s = Settings::default();
    s.net.width = width;
    s.optim.optimizer = optimizer;
    s.optim.lr = lr;
    s
}

/// The finding of `kind`, which the run must have.
fn finding(d: &Diagnosis, kind: FindingKind) -> &Finding {
    d.findings
        .iter()
        .find(|f| f.kind == kind)
        .unwrap_or_else(|| panic!("no {} in {d:#?}", kind.name()))
}

/// The lowest training loss of the records over the last twentieth of the run (the diagnosis's level).
fn level_now(t: &Trainer<f32>) -> f64 {
    let from = t.step() - t.step() / 20;
    t.history()
        .records()
        .iter()
        .filter(|r| r.step >= from)
        .fold(f64::INFINITY, |m, r| m.min(r.train))
}

#[test]
fn learning_while_the_loss_falls_steadily() {
    let mut t = trained(&Settings::default(), 300);
    let d = t.diagnosis();
    assert_eq!((d.state, d.since_step), (State::Learning, None), "{d:?}");
    assert!(
        d.evidence.ends_with(&format!(
            "to {} over the last 150 steps",
            show_3(level_now(&t))
        )),
        "{}",
        d.evidence
    );
}

#[test]
fn converged_once_the_fit_fits_and_settles() {
    let mut t = trained(&Settings::default(), 20_000);
    let d = t.diagnosis();
    assert_eq!(d.state, State::Converged, "{d:?}");
    assert!(
        d.evidence
            .starts_with("R² inside > 0.999; the loss still falls, from"),
        "{}",
        d.evidence
    );
    assert!(
        d.evidence.contains(&show_3(level_now(&t))),
        "{}",
        d.evidence
    );
}

#[test]
fn converged_at_the_noise_floor() {
    let mut s = Settings::default();
    s.data.noise = 0.1;
    let d = trained(&s, 3000).diagnosis();
    assert_eq!(d.state, State::Converged, "{d:?}");
    assert!(
        d.evidence.contains("(noise σ = 0.1 alone costs 0.01)"),
        "{}",
        d.evidence
    );
}

/// Hagan's 1 + sin(7πx/5) on [−2, 2] with four tanh units: enough units (LM fits it), yet Adam stalls.
#[test]
fn a_stall_the_network_could_leave_is_a_plateau() {
    let mut s = tanh(4, OptimizerKind::Adam, 0.01);
    s.data.source = Source::Expression("1+sin(7*pi*x/5)".into());
    s.data.domain = approxlab::data::Interval::new(-2.0, 2.0);
    s.data.view = approxlab::data::Interval::new(-4.0, 4.0);
    s.net.init = Init::HeNormal;
    let mut t = trained(&s, 300);
    let d = t.diagnosis();
    assert_eq!(d.state, State::Plateau, "{d:?}");
    assert!(
        d.evidence.starts_with(&format!(
            "the loss has stayed near {} over the last 150 steps",
            show_3(level_now(&t))
        )),
        "{}",
        d.evidence
    );
    assert!(d.evidence.contains("likely a saddle"), "{}", d.evidence);
}

#[test]
fn a_crawl_at_a_tiny_rate_is_too_slow_and_a_tenfold_rate_is_suggested() {
    let mut t = trained(&tanh(10, OptimizerKind::Sgd, 1e-4), 2000);
    let d = t.diagnosis();
    assert_eq!(d.state, State::TooSlow, "{d:?}");
    assert!(
        d.evidence.contains("more steps to reach the fit level"),
        "{}",
        d.evidence
    );
    assert!(
        d.evidence.contains(&show_3(level_now(&t))),
        "{}",
        d.evidence
    );
    assert_eq!(d.suggestion, Some(Suggestion::LearningRate(1e-3)));
}

#[test]
fn jumps_without_divergence_are_unstable() {
    let mut s = tanh(10, OptimizerKind::Sgd, 0.3);
    s.optim.batch = 4;
    let d = trained(&s, 2000).diagnosis();
    assert_eq!(d.state, State::Unstable, "{d:?}");
    assert!(
        d.evidence.starts_with("the training loss jumped up"),
        "{}",
        d.evidence
    );
    assert_eq!(d.suggestion, Some(Suggestion::LearningRate(0.1)));
}

#[test]
fn an_explosion_is_diverged_at_its_step_with_the_rate_found() {
    let mut t = trained(&tanh(10, OptimizerKind::Sgd, 10.0), 2000);
    let Some(Halt::Diverged {
        step,
        loss,
        suggested_lr,
        ..
    }) = t.halt()
    else {
        panic!("lr 10 diverges");
    };
    let d = t.diagnosis();
    assert_eq!((d.state, d.since_step), (State::Diverged, Some(step)));
    assert!(
        d.evidence.starts_with(&format!(
            "the loss exploded to {} at step {step}",
            show_3(loss)
        )),
        "{}",
        d.evidence
    );
    assert_eq!(d.suggestion, suggested_lr.map(Suggestion::LearningRate));
}

#[test]
fn one_unit_on_a_curve_is_underfit_for_too_few_neurons() {
    let mut t = trained(&tanh(1, OptimizerKind::Adam, 0.01), 2000);
    let d = t.diagnosis();
    assert_eq!(d.state, State::Underfit, "{d:?}");
    assert!(
        d.evidence.starts_with(
            "too few neurons: 1 tanh unit for a target that turns 2 times (about 2 needed)"
        ),
        "{}",
        d.evidence
    );
    assert_eq!(d.suggestion, Some(Suggestion::Width(4)));
    let mut line = Settings::default();
    line.net.depth = 0;
    let d = trained(&line, 2000).diagnosis();
    assert_eq!(d.state, State::Underfit);
    assert!(
        d.evidence.starts_with("the network is linear"),
        "{}",
        d.evidence
    );
    assert!(d.evidence.contains("R² inside 0.68"), "{}", d.evidence);
}

/// The tour's overfitting run: forty noisy points, 30 % held out, a hundred neurons.
fn noisy_hundred() -> Settings {
    approxlab::tour::find("overfitting-early-stopping")
        .expect("the step")
        .runs[0]
        .clone()
}

#[test]
fn a_rising_validation_loss_is_overfit_since_its_lowest() {
    let mut t = trained(&noisy_hundred(), 10_000);
    let d = t.diagnosis();
    let lowest = t
        .history()
        .records()
        .iter()
        .filter(|r| r.val.is_some())
        .min_by(|a, b| a.val.partial_cmp(&b.val).expect("finite"))
        .copied()
        .expect("validation records");
    assert_eq!(
        (d.state, d.since_step),
        (State::Overfit, Some(lowest.step)),
        "{d:?}"
    );
    assert!(
        d.evidence.contains(&format!(
            "since its lowest {} at step {}",
            show_3(lowest.val.unwrap_or_default()),
            lowest.step
        )),
        "{}",
        d.evidence
    );
    assert!(matches!(d.suggestion, Some(Suggestion::EarlyStopping(_))));
}

#[test]
fn dead_relu_units_are_counted() {
    let preset = approxlab::tour::find("five-relu-neurons").expect("the step");
    let d = trained(&preset.runs[0], preset.steps).diagnosis();
    let dead = finding(&d, FindingKind::DeadUnits);
    assert!(
        dead.evidence.starts_with("1 of 5 ReLU units are off"),
        "{}",
        dead.evidence
    );
}

#[test]
fn saturated_units_set_by_hand_are_counted() {
    let mut s = Settings::default();
    s.net.width = 3;
    let data = approxlab::data::Dataset::generate(&s.data).expect("data");
    let mut mlp = approxlab::nn::Mlp::<f32>::new(
        &[3],
        Activation::Tanh,
        Init::GlorotUniform,
        &mut approxlab::seed::rng(1, approxlab::seed::Stream::Weights),
    );
    // w·x + b ≥ 7 on [−3, 3]: flat at +1 on every point
    approxlab::nn::hand::set_neuron(&mut mlp, 1, 1.0, 10.0, 0.5);
    let mut t = Trainer::assemble(s, data, mlp).expect("a valid network");
    let d = t.diagnosis();
    let flat = finding(&d, FindingKind::SaturatedUnits);
    assert!(
        flat.evidence.starts_with("1 of 3 tanh units are flat"),
        "{}",
        flat.evidence
    );
}

#[test]
fn tanh_tails_beyond_the_interval_are_an_extrapolation_gap() {
    let mut t = trained(&Settings::default(), 2000);
    let d = t.diagnosis();
    let prediction = t.view_prediction();
    let ds = t.dataset().clone();
    let q = approxlab::train::quality::fit_quality(
        &ds.view_x,
        ds.view_y.as_deref(),
        &prediction,
        ds.domain,
    );
    let (inside, outside) = (q.inside.expect("inside"), q.outside.expect("outside"));
    let gap = finding(&d, FindingKind::ExtrapolationGap);
    assert_eq!(
        gap.evidence,
        format!(
            "beyond the interval the error is {} (RMSE), {}× the {} inside: its tails go flat beyond \
             the last centre",
            show_3(outside.rmse),
            show_3(outside.rmse / inside.rmse),
            show_3(inside.rmse)
        )
    );
}

#[test]
fn identical_units_and_centres_stuck_at_zero_are_a_symmetric_start() {
    let mut zeros = Settings::default();
    zeros.net.init = Init::Zeros;
    let d = trained(&zeros, 500).diagnosis();
    finding(&d, FindingKind::SymmetricStart);
    assert_eq!(
        d.state,
        State::Underfit,
        "one neuron repeated cannot draw a sine"
    );
    assert!(
        d.evidence.starts_with("its 10 units are identical"),
        "{}",
        d.evidence
    );
    let sgd = tanh(10, OptimizerKind::Sgd, 0.01);
    let d = trained(&sgd, 500).diagnosis();
    assert_eq!(
        finding(&d, FindingKind::SymmetricStart).suggestion,
        Some(Suggestion::RandomSampling)
    );
}

/// Every 100 steps of `s`'s run, the states that would be false alarms for a run that learns well.
fn alarms(s: &Settings, steps: u64) -> Vec<(u64, Diagnosis)> {
    let mut t = Trainer::<f32>::new(s.clone()).expect("valid settings");
    let mut raised = Vec::new();
    while t.step() < steps && t.advance(100) > 0 {
        let d = t.diagnosis();
        if matches!(
            d.state,
            State::Plateau | State::Overfit | State::Unstable | State::Underfit
        ) {
            raised.push((t.step(), d));
        }
    }
    raised
}

#[test]
fn runs_that_learn_well_never_cry_wolf() {
    let mut cases: Vec<(String, Settings, u64)> =
        vec![("the default run".into(), Settings::default(), 20_000)];
    let mut lm = tanh(10, OptimizerKind::Lm, 0.01);
    lm.net.width = 6;
    cases.push(("Levenberg–Marquardt on sin".into(), lm, 300));
    let mut noisy = Settings::default();
    noisy.data.noise = 0.1;
    cases.push(("noisy points at their floor".into(), noisy, 3000));
    for (step, runs) in [
        ("more-relu-neurons", vec![0]),
        ("sgd-vs-momentum", vec![0, 1]),
        ("tanh-pieces", vec![0]),
        ("beyond-the-interval", vec![0, 1]),
        ("second-hidden-layer", vec![0, 1, 2]),
        ("learning-rate-extremes", vec![1]),
        ("mini-batches", vec![0, 1]),
        ("output-bias-init", vec![1]),
        ("lm-vs-adam", vec![0]),
    ] {
        let preset = approxlab::tour::find(step).expect("a tour step");
        for i in runs {
            cases.push((
                format!("{step} run {}", i + 1),
                preset.runs[i].clone(),
                preset.steps,
            ));
        }
    }
    let cried: Vec<String> = cases
        .iter()
        .filter_map(|(name, s, steps)| {
            let raised = alarms(s, *steps);
            let (step, d) = raised.first()?;
            Some(format!(
                "{name}: {} times, first at step {step}: {}",
                raised.len(),
                d.sentences().join("; ")
            ))
        })
        .collect();
    assert!(cried.is_empty(), "{cried:#?}");
}
