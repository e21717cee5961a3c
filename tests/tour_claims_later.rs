//! The claims of the tour's steps from the seed's later texts (learning rate, mini-batches, Karpathy's
//! checks, losses and outliers, overfitting, bias and variance, weight decay, Levenberg–Marquardt, the
//! deep sigmoid network),
//! checked with numbers on the same presets the window and `train --preset` use, trained headless in f64
//! with fixed seeds; where one draw could decide, over several seeds, with the values printed.

mod common;

use approxlab::sweep;
use approxlab::tour;
use approxlab::train::{Halt, Settings, Trainer};
use common::{loss, median, reseeded, train, trained};

/// The first recorded step whose training loss is below `level`.
fn first_below(t: &Trainer<f64>, level: f64) -> Option<u64> {
    t.history()
        .records()
        .iter()
        .find(|r| r.train < level)
        .map(|r| r.step)
}

/// The view-grid x inside the training interval.
fn inside(t: &Trainer<f64>) -> Vec<f64> {
    let d = t.dataset();
    d.view_x
        .iter()
        .copied()
        .filter(|x| d.domain.contains(*x))
        .collect()
}

#[test]
fn learning_rate_extremes() {
    let (_, mut t) = trained("learning-rate-extremes");
    common::diagnosed(&mut t, &["too-slow", "converged", "diverged"]);
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
fn mini_batches() {
    let (preset, mut t) = trained("mini-batches");
    common::diagnosed(&mut t, &["learning", "learning"]);
    assert_eq!(t[0].initial_mlp(), t[1].initial_mlp(), "the same weights");
    assert_eq!(t[0].dataset().train_x.len(), 200);
    assert_eq!(
        (t[0].settings().optim.batch, t[1].settings().optim.batch),
        (0, 16)
    );
    // the mini-batch curve jitters: how often the training loss rises from one record to the next
    let rises = |t: &Trainer<f64>| {
        let r = t.history().records();
        r.windows(2)
            .filter(|w| w[1].step <= 1000 && w[1].train > w[0].train)
            .count()
    };
    let (full_rises, batch_rises) = (rises(&t[0]), rises(&t[1]));
    eprintln!("rises in the first 1000 steps: full batch {full_rises}, batch 16 {batch_rises}");
    assert!(batch_rises > 3 * full_rises + 10);
    let (full, batch) = (loss(&mut t[0]), loss(&mut t[1]));
    // per point seen: the full batch after as many points as the mini-batch run saw
    let same_work = preset.steps * 16 / 200;
    let full_same_work = loss(&mut train(&preset.runs[0], same_work));
    eprintln!(
        "after {} steps: full {full:.2e}, batch 16 {batch:.2e}; full batch after {same_work} steps (the same points seen) {full_same_work:.2e}",
        preset.steps
    );
    assert!(batch < 2.0 * full, "per step it keeps pace");
    assert!(
        full_same_work > 10.0 * batch,
        "per point seen it is far ahead"
    );
}

#[test]
fn overfit_three_points() {
    let (preset, mut t) = trained("overfit-three-points");
    common::diagnosed(&mut t, &["converged"]);
    assert_eq!(t[0].dataset().train_x.len(), 3);
    let at = first_below(&t[0], 1e-6);
    eprintln!("below 1e-6 at step {at:?}; final {:.2e}", loss(&mut t[0]));
    assert!(at.is_some_and(|s| s <= 100), "within a hundred steps");
    for k in 1..5 {
        let t = train(&reseeded(&preset.runs[0], k), preset.steps);
        let at = first_below(&t, 1e-6);
        eprintln!("seed +{k}: below 1e-6 at step {at:?}");
        assert!(at.is_some_and(|s| s <= 100), "seed +{k}");
    }
}

#[test]
fn output_bias_init() {
    let (_, mut t) = trained("output-bias-init");
    common::diagnosed(&mut t, &["plateau", "learning"]);
    let (a, b) = (t[0].initial_mlp().params(), t[1].initial_mlp().params());
    let n = a.len();
    assert_eq!(a[..n - 1], b[..n - 1], "the same kernels and hidden biases");
    assert_eq!((a[n - 1], b[n - 1]), (0.0, 50.0));
    let climbing = first_below(&t[0], 1.0);
    eprintln!(
        "bias 0: below 1 at step {climbing:?}; bias 50 starts at {:.3}",
        t[1].history().records()[0].train
    );
    assert!(
        climbing.is_some_and(|s| s >= 300),
        "several hundred steps climbing"
    );
    assert!(
        t[1].history().records()[0].train < 1.0,
        "the right height from the start"
    );
    let (low, high) = (loss(&mut t[0]), loss(&mut t[1]));
    eprintln!("final: bias 0 {low:.2e}, bias 50 {high:.2e}");
    assert!(low > 1000.0 * high, "still far behind at the end");
}

/// Mean |prediction − sin x| over the view grid inside the interval.
fn off_the_sine(t: &Trainer<f64>) -> f64 {
    let x = inside(t);
    let p = t.mlp().predict(&x);
    x.iter()
        .zip(&p)
        .map(|(x, p)| (p - x.sin()).abs())
        .sum::<f64>()
        / x.len() as f64
}

#[test]
fn outliers_and_losses() {
    let (preset, mut t) = trained("outliers-and-losses");
    common::diagnosed(&mut t, &["learning", "converged", "converged"]);
    assert_eq!(t[0].dataset().train_x.len(), 60);
    let off: Vec<f64> = t.iter().map(off_the_sine).collect();
    eprintln!("mean distance from the sine: mse, huber, mae {off:.3?}");
    assert!(off[0] > 1.5 * off[1], "huber is pulled less than mse");
    assert!(off[1] > 2.0 * off[2], "mae is pulled least");
    assert!(off[2] < 0.05, "mae's fit stays on the sine");
    let medians: Vec<f64> = preset
        .runs
        .iter()
        .map(|s| {
            let d: Vec<f64> = (0..5)
                .map(|k| off_the_sine(&train(&reseeded(s, k), preset.steps)))
                .collect();
            median(&d)
        })
        .collect();
    eprintln!("medians over 5 draws: {medians:.3?}");
    assert!(medians[0] > medians[1] && medians[1] > medians[2]);
}

#[test]
fn overfitting_early_stopping() {
    let (_, mut t) = trained("overfitting-early-stopping");
    common::diagnosed(&mut t, &["overfit", "converged"]);
    let lowest = *t[0]
        .history()
        .records()
        .iter()
        .filter(|r| r.val.is_some())
        .min_by(|a, b| a.val.unwrap().total_cmp(&b.val.unwrap()))
        .unwrap();
    let end = t[0].evaluate();
    let free_val = end.val.unwrap();
    eprintln!(
        "lowest validation {:.3e} at step {} (training {:.3e}); at the end validation {free_val:.3e}, training {:.3e}",
        lowest.val.unwrap(),
        lowest.step,
        lowest.train,
        end.train
    );
    assert!(
        free_val > 1.5 * lowest.val.unwrap(),
        "without early stopping the validation loss turns up"
    );
    assert!(
        end.train < lowest.train / 2.0,
        "while the training loss keeps falling"
    );
    let Some(Halt::EarlyStopped { validation, .. }) = t[1].halt() else {
        panic!("the second run stopped early: {:?}", t[1].halt());
    };
    let now = t[1].evaluate().val.unwrap();
    assert!(
        (now - validation).abs() < 1e-12,
        "the best weights are back"
    );
    let lowest_second = t[1]
        .history()
        .records()
        .iter()
        .filter_map(|r| r.val)
        .fold(f64::INFINITY, f64::min);
    assert!(
        now <= lowest_second + 1e-12,
        "the lowest validation loss seen"
    );
    assert!(
        now < free_val / 1.5,
        "early stopping ends {now:.2e}, training on {free_val:.2e}"
    );
}

/// The mean over the interval of the variance, across data draws, of the fits of `s`.
fn spread_between_draws(s: &Settings, steps: u64, draws: u64) -> f64 {
    let fits: Vec<Vec<f64>> = (0..draws)
        .map(|k| {
            let t = train(&reseeded(s, k), steps);
            t.mlp().predict(&inside(&t))
        })
        .collect();
    let n = fits[0].len();
    (0..n)
        .map(|i| {
            let mean = fits.iter().map(|f| f[i]).sum::<f64>() / fits.len() as f64;
            fits.iter().map(|f| (f[i] - mean).powi(2)).sum::<f64>() / fits.len() as f64
        })
        .sum::<f64>()
        / n as f64
}

#[test]
fn bias_and_variance() {
    let preset = tour::find("bias-and-variance").unwrap();
    let mut runs: Vec<_> = preset
        .runs
        .iter()
        .map(|s| common::train(s, preset.steps))
        .collect();
    common::diagnosed(&mut runs, &["overfit", "overfit"]);
    let plan = preset.sweep_plan().unwrap().unwrap();
    assert!(plan.vary_data_seed, "each seed draws new noise");
    let cells = plan.cells().unwrap();
    let never = std::sync::atomic::AtomicBool::new(false);
    let results = sweep::run(&cells, preset.steps, 2, &never, &|_, _| {})
        .unwrap()
        .unwrap();
    let s = sweep::summarise(&results);
    let at = |w: f64| s.iter().find(|v| v.values[0] == w).unwrap();
    for v in &s {
        eprintln!(
            "width {}: train {:.3e}, validation {:.3e}",
            v.values[0], v.train.median, v.validation.median
        );
    }
    let (best_width, best) = s
        .iter()
        .map(|v| (v.values[0], v.validation.median))
        .fold((0.0, f64::INFINITY), |b, e| if e.1 < b.1 { e } else { b });
    assert!(
        (2.0..=16.0).contains(&best_width),
        "the minimum at a few neurons"
    );
    assert!(
        at(1.0).validation.median > 1.3 * best,
        "one neuron misses the sine"
    );
    assert!(
        at(64.0).validation.median > 1.5 * best,
        "wider nets follow the noise"
    );
    assert!(
        at(256.0).validation.median < at(64.0).validation.median
            && at(256.0).train.median > at(64.0).train.median,
        "the widest come down again, their training loss higher"
    );
    let spread: Vec<f64> = [1, 2, 8, 64]
        .iter()
        .map(|&w| {
            let mut r = preset.runs[0].clone();
            r.net.width = w;
            spread_between_draws(&r, preset.steps, 9)
        })
        .collect();
    let shown: Vec<String> = spread.iter().map(|v| format!("{v:.3e}")).collect();
    eprintln!(
        "variance of the fits between draws, widths 1, 2, 8, 64: {}",
        shown.join(", ")
    );
    assert!(
        spread[0] < spread[1] && spread[1] < spread[2] && spread[2] < spread[3],
        "the wider, the more the fits differ from draw to draw"
    );
    assert!(spread[3] > 2.5 * spread[1]);
}

/// Σ |second difference| of the prediction over the view grid inside the interval: how much it bends.
fn bending(t: &Trainer<f64>) -> f64 {
    let p = t.mlp().predict(&inside(t));
    p.windows(3).map(|w| (w[2] - 2.0 * w[1] + w[0]).abs()).sum()
}

#[test]
fn weight_decay() {
    let (preset, mut t) = trained("weight-decay");
    common::diagnosed(&mut t, &["overfit", "converged"]);
    assert_eq!(t[0].initial_mlp(), t[1].initial_mlp(), "the same weights");
    let (free, decayed) = (t[0].evaluate(), t[1].evaluate());
    let (bend_free, bend_decayed) = (bending(&t[0]), bending(&t[1]));
    eprintln!(
        "λ 0: train {:.3e}, validation {:.3e}, bending {bend_free:.3}; λ 1e-3: train {:.3e}, validation {:.3e}, bending {bend_decayed:.3}",
        free.train,
        free.val.unwrap(),
        decayed.train,
        decayed.val.unwrap()
    );
    assert!(bend_decayed < bend_free / 2.0, "the decayed fit bends less");
    assert!(
        decayed.val.unwrap() < free.val.unwrap(),
        "its validation loss ends lower"
    );
    assert!(decayed.train > free.train, "its training loss ends higher");
    let val = |s: &Settings| {
        let v: Vec<f64> = (0..5)
            .map(|k| train(&reseeded(s, k), preset.steps).evaluate().val.unwrap())
            .collect();
        median(&v)
    };
    let (v_free, v_decayed) = (val(&preset.runs[0]), val(&preset.runs[1]));
    eprintln!("median validation over 5 draws: λ 0 {v_free:.3e}, λ 1e-3 {v_decayed:.3e}");
    assert!(v_decayed < v_free);
}

#[test]
fn lm_vs_adam() {
    let (_, mut t) = trained("lm-vs-adam");
    common::diagnosed(&mut t, &["learning", "plateau"]);
    assert_eq!(t[0].initial_mlp(), t[1].initial_mlp(), "the same weights");
    let (lm, adam) = (loss(&mut t[0]), loss(&mut t[1]));
    eprintln!("LM {lm:.3e}, Adam {adam:.3e}");
    assert!(lm < 1e-4, "LM {lm:.2e}");
    assert!(adam > 1000.0 * lm, "Adam {adam:.2e}");
}

/// ‖W(end) − W(start)‖ / ‖W(start)‖ of each Dense layer's kernel: how far training moved it.
fn moved(t: &Trainer<f64>) -> Vec<f64> {
    let (start, end) = (t.initial_mlp(), t.mlp());
    start
        .layers()
        .iter()
        .map(|l| {
            let k = l.kernel_at..l.kernel_at + l.fan_in * l.fan_out;
            let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
            let change: Vec<f64> = start.params()[k.clone()]
                .iter()
                .zip(&end.params()[k.clone()])
                .map(|(a, b)| b - a)
                .collect();
            norm(&change) / norm(&start.params()[k])
        })
        .collect()
}

/// The deep sigmoid step: the first layer's gradient is a tiny fraction of the output's at the start,
/// the hidden layers barely move under SGD and the net stays at the mean; ReLU with He init fits.
#[test]
fn deep_sigmoid_first_layers_barely_move() {
    let (_, mut t) = trained("deep-sigmoid");
    let ratio_at = |t: &Trainer<f64>, i: usize| {
        let norms = t.history().norms();
        let g = norms.grad(i);
        g[0] / g[g.len() - 1]
    };
    let (sigmoid, relu) = (&t[0], &t[1]);
    assert_eq!(
        sigmoid.history().norms().steps()[0],
        0,
        "the first step is recorded"
    );
    let (s0, r0) = (ratio_at(sigmoid, 0), ratio_at(relu, 0));
    let (s_moved, r_moved) = (moved(sigmoid), moved(relu));
    let short = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.1e}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    eprintln!(
        "first/last gradient at step 0: sigmoid {s0:.2e}, relu {r0:.2e}; kernels moved (relative): \
         sigmoid {}, relu {}",
        short(&s_moved),
        short(&r_moved)
    );
    // measured: 2.43e-4 and 1.06
    assert!(s0 < 1e-3, "about 1/4000: {s0:.2e}");
    assert!((0.2..5.0).contains(&r0), "the same size: {r0:.2e}");
    // measured: sigmoid 1.1e-2 2.8e-3 2.6e-3 3.8e-3 1.0e-2 1.1e-2 (hidden), relu 1.3e-1 … 9.4e-2
    let hidden = s_moved.len() - 1;
    for l in 0..hidden {
        assert!(
            s_moved[l] < 0.02 && s_moved[l] < 0.2 * r_moved[l],
            "layer {}: about a hundredth, a tenth of the relu net's: {:.1e} against {:.1e}",
            l + 1,
            s_moved[l],
            r_moved[l]
        );
    }
    let variance = {
        let y = &sigmoid.dataset().train_y;
        let mean = y.iter().sum::<f64>() / y.len() as f64;
        y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / y.len() as f64
    };
    let (s_loss, r_loss) = (loss(&mut t[0]), loss(&mut t[1]));
    eprintln!(
        "loss after 3000 steps: sigmoid {s_loss:.3e} (variance of sin {variance:.3e}), relu {r_loss:.3e}"
    );
    // measured: 5.208e-1 (the variance, 5.208e-1) and 3.1e-4
    assert!(
        s_loss > 0.99 * variance,
        "a flat line at the mean: {s_loss:.3e}"
    );
    assert!(r_loss < 1e-3, "the relu net fits: {r_loss:.3e}");
}
