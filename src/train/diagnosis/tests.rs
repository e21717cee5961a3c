//! The rules on made-up histories: each state and finding from the shape of its loss curve, and the
//! thresholds' edges. Real runs that reach each state are in tests/diagnosis.rs.

use super::*;
use crate::nn::{Activation, Init, OptimizerKind};
use crate::train::quality::Quality;

fn record(step: u64, train: f64, val: Option<f64>) -> LossRecord {
    LossRecord {
        step,
        train,
        val,
        outside: None,
        seconds: 0.0,
    }
}

/// Records every 10 steps up to `steps` of the training loss `train(step)`.
fn curve(steps: u64, train: impl Fn(u64) -> f64) -> Vec<LossRecord> {
    (0..=steps / 10)
        .map(|i| record(i * 10, train(i * 10), None))
        .collect()
}

fn quality(r2: f64) -> FitQuality {
    let q = Quality {
        r2,
        rmse: 0.1,
        max_error: 0.2,
    };
    FitQuality {
        inside: Some(q),
        outside: Some(q),
    }
}

fn evidence<'a>(records: &'a [LossRecord], settings: &'a RunSettings, r2: f64) -> Evidence<'a> {
    Evidence {
        records,
        halt: None,
        settings,
        step: records.last().map_or(0, |r| r.step),
        noise: 0.0,
        target_known: true,
        quality: quality(r2),
        train_variance: 0.5,
        bends: Some(2),
        idle: &[],
        units: Units::default(),
    }
}

#[test]
fn a_steadily_falling_loss_is_learning_and_the_first_steps_too_early_to_tell() {
    let s = RunSettings::default();
    let falling = curve(2000, |t| 0.5 * (-(t as f64) / 300.0).exp());
    let d = diagnose(&evidence(&falling, &s, 0.9));
    assert_eq!(d.state, State::Learning, "{d:?}");
    let early = curve(50, |_| 0.5);
    let d = diagnose(&evidence(&early, &s, 0.1));
    assert_eq!(d.state, State::Learning);
    assert!(d.evidence.contains("too early"), "{}", d.evidence);
}

#[test]
fn a_flat_loss_is_converged_when_it_fits_and_a_plateau_when_nothing_explains_it() {
    let s = RunSettings::default();
    let flat = curve(2000, |t| if t < 300 { 0.5 } else { 1e-4 });
    let d = diagnose(&evidence(&flat, &s, 0.999));
    assert_eq!((d.state, d.since_step), (State::Converged, Some(300)));
    let stuck = curve(2000, |t| if t < 300 { 0.5 } else { 0.2 });
    let d = diagnose(&evidence(&stuck, &s, 0.6));
    assert_eq!(d.state, State::Plateau, "{d:?}");
    assert!(d.evidence.contains("R² inside 0.6"), "{}", d.evidence);
}

#[test]
fn a_stall_explained_by_the_network_is_underfit_with_its_reason() {
    let mut s = RunSettings::default();
    let stuck = curve(2000, |t| if t < 300 { 0.5 } else { 0.2 });
    s.net.depth = 0;
    let d = diagnose(&evidence(&stuck, &s, 0.6));
    assert_eq!(d.state, State::Underfit);
    assert!(d.evidence.contains("linear"), "{}", d.evidence);
    assert_eq!(d.suggestion, Some(Suggestion::Activation(Activation::Relu)));
    s.net.depth = 1;
    s.net.width = 1;
    let d = diagnose(&evidence(&stuck, &s, 0.6));
    assert_eq!(d.state, State::Underfit);
    assert!(
        d.evidence.contains("too few neurons: 1 tanh unit"),
        "{}",
        d.evidence
    );
    s.net.activation = Activation::Relu;
    s.net.width = 4;
    let d = diagnose(&evidence(&stuck, &s, 0.6));
    assert!(
        d.evidence
            .starts_with("too few pieces: one layer of 4 ReLU draws at most 5"),
        "{}",
        d.evidence
    );
    s.net.width = 10;
    let idle = [Some(crate::nn::explain::Idle::Dead); 8];
    let mut e = evidence(&stuck, &s, 0.6);
    e.idle = &idle;
    let d = diagnose(&e);
    assert!(
        d.evidence.starts_with("8 of 10 units are dead"),
        "{}",
        d.evidence
    );
    assert_eq!(d.findings[0].kind, FindingKind::DeadUnits);
}

#[test]
fn a_rising_validation_loss_is_overfit_since_its_lowest() {
    let s = RunSettings::default();
    let records: Vec<LossRecord> = (0..=200u64)
        .map(|i| {
            let t = i * 10;
            let val = if t <= 800 {
                0.5 - 0.4 * t as f64 / 800.0
            } else {
                0.1 + 0.1 * (t - 800) as f64 / 1200.0
            };
            record(t, 0.5 * (-(t as f64) / 400.0).exp(), Some(val))
        })
        .collect();
    let d = diagnose(&evidence(&records, &s, 0.95));
    assert_eq!((d.state, d.since_step), (State::Overfit, Some(800)));
    assert!(
        d.evidence
            .starts_with("validation 0.192, up 91.7 % since its lowest 0.1 at step 800"),
        "{}",
        d.evidence
    );
    assert_eq!(d.suggestion, Some(Suggestion::EarlyStopping(200)));
}

#[test]
fn jumps_are_unstable_until_the_fit_fits() {
    let s = RunSettings::default();
    let jumpy = curve(2000, |t| if (t / 10) % 7 == 0 { 0.4 } else { 0.1 });
    let d = diagnose(&evidence(&jumpy, &s, 0.7));
    assert_eq!(d.state, State::Unstable, "{d:?}");
    assert_eq!(d.suggestion, Some(Suggestion::LearningRate(0.003)));
    let d = diagnose(&evidence(&jumpy, &s, 0.995));
    assert_ne!(d.state, State::Unstable);
}

#[test]
fn a_crawl_far_from_the_fit_level_is_too_slow() {
    let mut s = RunSettings::default();
    s.optim.optimizer = OptimizerKind::Sgd;
    s.optim.lr = 1e-4;
    // 0.05 decades per 1000 steps, 2.7 decades above the fit level 0.005
    let crawl = curve(2000, |t| 2.5 * 10f64.powf(-0.05 * t as f64 / 1000.0));
    let d = diagnose(&evidence(&crawl, &s, 0.1));
    assert_eq!(d.state, State::TooSlow, "{d:?}");
    assert_eq!(d.suggestion, Some(Suggestion::LearningRate(1e-3)));
}

#[test]
fn the_noise_floor_is_converged() {
    let s = RunSettings::default();
    let noisy = curve(2000, |t| 0.01 + 0.5 * (-(t as f64) / 100.0).exp());
    let mut e = evidence(&noisy, &s, 0.9);
    e.noise = 0.1;
    let d = diagnose(&e);
    assert_eq!(d.state, State::Converged);
    assert!(d.evidence.contains("noise floor"), "{}", d.evidence);
}

#[test]
fn a_halt_names_divergence_and_early_stopping() {
    let s = RunSettings::default();
    let records = curve(500, |_| 0.3);
    let mut e = evidence(&records, &s, 0.5);
    e.halt = Some(crate::train::Halt::Diverged {
        step: 480,
        loss: 1e9,
        suggested_lr: Some(0.001),
        restored_step: 448,
        rates_tried: true,
    });
    let d = diagnose(&e);
    assert_eq!((d.state, d.since_step), (State::Diverged, Some(480)));
    assert_eq!(d.suggestion, Some(Suggestion::LearningRate(0.001)));
    e.halt = Some(crate::train::Halt::EarlyStopped {
        step: 500,
        best_step: 300,
        validation: 0.02,
    });
    assert_eq!(diagnose(&e).state, State::Converged);
}

#[test]
fn findings_name_their_numbers() {
    let mut s = RunSettings::default();
    s.net.init = Init::Zeros;
    let records = curve(500, |t| 0.5 / (1.0 + t as f64));
    let mut e = evidence(&records, &s, 0.999);
    e.quality.outside = Some(Quality {
        r2: -3.0,
        rmse: 2.0,
        max_error: 4.0,
    });
    e.units = Units {
        centres_at_zero: false,
        identical: true,
    };
    let names: Vec<&str> = diagnose(&e)
        .findings
        .iter()
        .map(|f| f.kind.name())
        .collect();
    assert_eq!(names, ["extrapolation-gap", "symmetric-start"]);
    let gap = &diagnose(&e).findings[0].evidence;
    assert!(
        gap.starts_with("beyond the interval the error is 2 (RMSE), 20× the 0.1 inside"),
        "{gap}"
    );
}

#[test]
fn bends_count_the_turns_of_the_target_inside_the_interval() {
    let x: Vec<f64> = (0..=600).map(|i| -6.0 + 0.02 * i as f64).collect();
    let sin: Vec<f64> = x.iter().map(|v| v.sin()).collect();
    assert_eq!(bends(&x, &sin, -3.0, 3.0), 2);
    assert_eq!(bends(&x, &sin, -6.0, 6.0), 4);
    let line: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    assert_eq!(bends(&x, &line, -3.0, 3.0), 0);
}
