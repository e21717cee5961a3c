//! Every step of the tour says what to look for; each sentence is checked here with numbers, on the same
//! preset the window and `train --preset` use (trained headless in f64 for the kink counts, the preset's
//! own number of steps, fixed seeds). One test per step, named after it.

mod common;

use approxlab::sweep;
use approxlab::tour::{self, Preset};
use approxlab::train::{Halt, Trainer};

/// Every run of the preset, trained for its steps.
fn trained(name: &str) -> (Preset, Vec<Trainer<f64>>) {
    let preset = tour::find(name).unwrap();
    let trainers = preset
        .runs
        .iter()
        .map(|s| {
            let mut t = Trainer::<f64>::new(s.clone()).unwrap();
            t.advance(preset.steps);
            t
        })
        .collect();
    (preset, trainers)
}

fn loss(t: &mut Trainer<f64>) -> f64 {
    t.evaluate().train
}

/// The prediction's slope at x (finite difference over 1).
fn slope_at(t: &Trainer<f64>, x: f64) -> f64 {
    let p = t.mlp().predict(&[x, x + 1.0]);
    p[1] - p[0]
}

#[test]
fn one_neuron_line() {
    let (_, mut t) = trained("one-neuron-line");
    let p = t[0].mlp().params();
    assert!(
        (p[0] - 2.0).abs() < 1e-3 && (p[1] - 1.0).abs() < 1e-3,
        "w {} b {}",
        p[0],
        p[1]
    );
    assert!(loss(&mut t[0]) < 1e-6);
}

#[test]
fn one_neuron_curve() {
    let (_, mut t) = trained("one-neuron-curve");
    // the least-squares line through the training points
    let d = t[0].dataset().clone();
    let n = d.train_x.len() as f64;
    let (mx, my) = (
        d.train_x.iter().sum::<f64>() / n,
        d.train_y.iter().sum::<f64>() / n,
    );
    let sxy: f64 = d
        .train_x
        .iter()
        .zip(&d.train_y)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum();
    let sxx: f64 = d.train_x.iter().map(|x| (x - mx) * (x - mx)).sum();
    let (w, b) = (sxy / sxx, my - sxy / sxx * mx);
    let p = t[0].mlp().params();
    assert!(
        (p[0] - w).abs() < 1e-3 && (p[1] - b).abs() < 1e-3,
        "{p:?} against {w}, {b}"
    );
    assert!(loss(&mut t[0]) > 0.1, "a line cannot fit a sine");
}

#[test]
fn five_linear_neurons() {
    let (_, mut t) = trained("five-linear-neurons");
    let y = t[0].curves().prediction;
    let bend = y
        .windows(3)
        .map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())
        .fold(0.0, f64::max);
    assert!(bend < 1e-12, "second differences up to {bend}");
    assert_eq!(t[0].curves().contributions.len(), 5);
}

#[test]
fn five_relu_neurons() {
    let (_, mut t) = trained("five-relu-neurons");
    let k = common::kinks(&mut t[0]);
    assert!((1..=5).contains(&k), "{k} kinks");
}

#[test]
fn more_relu_neurons() {
    let (_, mut five) = trained("five-relu-neurons");
    let (_, mut fifty) = trained("more-relu-neurons");
    let (l5, l50) = (loss(&mut five[0]), loss(&mut fifty[0]));
    assert!(
        l50 < l5 / 5.0,
        "50 neurons {l50:.2e} against 5 neurons {l5:.2e}"
    );
    assert!(common::kinks(&mut fifty[0]) > 5);
    // straight beyond the interval: the same slope at x = 100 and 200
    assert!((slope_at(&fifty[0], 100.0) - slope_at(&fifty[0], 200.0)).abs() < 1e-9);
}

#[test]
fn sgd_vs_momentum() {
    let (_, mut t) = trained("sgd-vs-momentum");
    let (sgd, momentum) = (loss(&mut t[0]), loss(&mut t[1]));
    assert_eq!(
        t[0].initial_mlp(),
        t[1].initial_mlp(),
        "the same initial weights"
    );
    assert!(
        momentum < sgd / 2.0,
        "momentum {momentum:.2e}, sgd {sgd:.2e}"
    );
}

#[test]
fn plateaus_relu() {
    let (_, mut t) = trained("plateaus-relu");
    assert!(common::kinks(&mut t[0]) <= 10);
    assert!(
        loss(&mut t[0]) > 1e-3,
        "the fit stays rough: {:.2e}",
        loss(&mut t[0])
    );
}

#[test]
fn plateaus_tanh() {
    let (_, mut relu) = trained("plateaus-relu");
    let (_, mut tanh) = trained("plateaus-tanh");
    let (r, h) = (loss(&mut relu[0]), loss(&mut tanh[0]));
    assert!(h < r / 10.0, "tanh {h:.2e} against relu {r:.2e}");
}

#[test]
fn glorot_vs_he() {
    let (_, mut t) = trained("glorot-vs-he");
    let (glorot, he) = (loss(&mut t[0]), loss(&mut t[1]));
    assert!(
        he < glorot,
        "he_normal {he:.2e}, glorot_normal {glorot:.2e}"
    );
}

#[test]
fn tanh_pieces() {
    let (_, mut t) = trained("tanh-pieces");
    let c = t[0].curves();
    let worst = (0..c.prediction.len())
        .map(|i| {
            (c.contributions.iter().map(|p| p[i]).sum::<f64>() + c.output_bias - c.prediction[i])
                .abs()
        })
        .fold(0.0, f64::max);
    assert!(worst < 1e-9, "pieces + bias differ from the fit by {worst}");
    assert_eq!(c.contributions.len(), 10);
}

#[test]
fn beyond_the_interval() {
    let (_, t) = trained("beyond-the-interval");
    for x in [-1000.0, 1000.0] {
        assert!(
            slope_at(&t[0], x).abs() < 1e-3,
            "tanh slope at {x}: {}",
            slope_at(&t[0], x)
        );
    }
    let (right, far) = (slope_at(&t[1], 1000.0), slope_at(&t[1], 2000.0));
    assert!(
        (right - far).abs() < 1e-9,
        "relu goes on straight: {right} {far}"
    );
    // the ReLU tail's slope is Σ w'·w over the neurons active far right
    let p = t[1].mlp().params();
    let (w, b, w_out) = (&p[0..10], &p[10..20], &p[20..30]);
    let expected: f64 = (0..10)
        .filter(|&j| w[j] * 1000.0 + b[j] > 0.0)
        .map(|j| w_out[j] * w[j])
        .sum();
    assert!(
        (right - expected).abs() < 1e-6,
        "{right} against {expected}"
    );
}

#[test]
fn second_hidden_layer() {
    let (_, mut t) = trained("second-hidden-layer");
    let (one, two) = (loss(&mut t[0]), loss(&mut t[1]));
    assert!(two < one / 10.0, "two layers {two:.2e}, one {one:.2e}");
}

#[test]
fn width_experiment() {
    let preset = tour::find("width-experiment").unwrap();
    let plan = preset.sweep_plan().unwrap().unwrap();
    let cells = plan.cells().unwrap();
    let never = std::sync::atomic::AtomicBool::new(false);
    let results = sweep::run(&cells, preset.steps, 2, &never, &|_, _| {})
        .unwrap()
        .unwrap();
    let s = sweep::summarise(&results);
    let median = |width: f64| {
        s.iter()
            .find(|v| v.values[0] == width)
            .unwrap()
            .train
            .median
    };
    let early = median(1.0) / median(8.0);
    let late = median(16.0) / median(64.0);
    assert!(early > 100.0, "1 → 8 neurons: {early:.1}×");
    assert!(late < 10.0, "16 → 64 neurons: {late:.1}×");
}

#[test]
fn learning_rate_extremes() {
    let (_, mut t) = trained("learning-rate-extremes");
    let (small, good) = (loss(&mut t[0]), loss(&mut t[1]));
    eprintln!("lr 1e-4: {small:.3e}, lr 0.1: {good:.3e}");
    assert!(
        small > 10.0 * good,
        "lr 1e-4 is far behind: {small:.2e} against {good:.2e}"
    );
    assert!(good < 0.01, "lr 0.1 learns: {good:.2e}");
    assert!(
        matches!(t[2].halt(), Some(Halt::Diverged { .. })),
        "lr 10 diverges"
    );
}

#[test]
fn overfitting_early_stopping() {
    let (_, mut t) = trained("overfitting-early-stopping");
    let lowest = |t: &Trainer<f64>| {
        t.history()
            .records()
            .iter()
            .filter_map(|r| r.val)
            .fold(f64::INFINITY, f64::min)
    };
    let free_val = t[0].evaluate().val.unwrap();
    eprintln!(
        "validation: free {free_val:.3e}, lowest seen {:.3e}",
        lowest(&t[0])
    );
    assert!(
        free_val > 1.5 * lowest(&t[0]),
        "without early stopping the validation loss turns up"
    );
    let Some(Halt::EarlyStopped { validation, .. }) = t[1].halt() else {
        panic!("the second run stopped early: {:?}", t[1].halt());
    };
    let now = t[1].evaluate().val.unwrap();
    assert!(
        (now - validation).abs() < 1e-12,
        "the best weights are back"
    );
    assert!(
        now <= lowest(&t[1]) + 1e-12,
        "they have the lowest validation loss seen"
    );
    assert!(
        now < free_val / 1.5,
        "early stopping ends {now:.2e}, training on {free_val:.2e}"
    );
}

#[test]
fn lm_vs_adam() {
    let (_, mut t) = trained("lm-vs-adam");
    let (lm, adam) = (loss(&mut t[0]), loss(&mut t[1]));
    eprintln!("LM {lm:.3e}, Adam {adam:.3e}");
    assert!(lm < 1e-4, "LM {lm:.2e}");
    assert!(adam > 1000.0 * lm, "Adam {adam:.2e}");
}
