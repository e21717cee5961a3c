//! The per-layer gradient norms (`train --json`'s `grad_norms`, issue 29): each equals the Frobenius
//! norm of a central finite-difference gradient of the training loss (weight decay included) with
//! respect to that layer's kernel; the history records the step's own gradient and how far the step
//! moved each kernel; the command line prints and writes (`--grad-csv`) the numbers the library computes.

mod common;

use approxlab::nn::{Activation, Loss, Mlp, OptimizerKind, gradients};
use approxlab::train::{Settings, Trainer};
use common::{approxlab, json};

/// A network of `depth` hidden layers of `width` `activation` units with weight decay 0.01 on 40
/// points, trained `steps` steps of `optimizer` in f64.
fn trained_net(
    depth: usize,
    width: usize,
    activation: Activation,
    optimizer: OptimizerKind,
    steps: u64,
) -> Trainer<f64> {
    let mut s = Settings::default();
    s.net.depth = depth;
    s.net.width = width;
    s.net.activation = activation;
    s.optim.optimizer = optimizer;
    s.optim.weight_decay = 0.01;
    s.data.points = 40;
    let mut t = Trainer::<f64>::new(s).unwrap();
    t.advance(steps);
    t
}

/// A small deep tanh network with weight decay, trained 50 steps of Adam in f64.
fn trained() -> Trainer<f64> {
    trained_net(3, 4, Activation::Tanh, OptimizerKind::Adam, 50)
}

/// Each layer's central finite-difference gradient norm of the training loss (weight decay 0.01) at
/// `mlp`'s weights.
fn finite_difference_norms(t: &Trainer<f64>, mlp: &Mlp<f64>) -> Vec<f64> {
    let (x, y) = (&t.dataset().train_x, &t.dataset().train_y);
    let mut mlp = mlp.clone();
    let lambda = 0.01;
    let loss_at = |mlp: &Mlp<f64>| {
        let mut ws = mlp.workspace(x.len());
        let data = mlp.loss_and_gradient(&mut ws, x, y, Loss::Mse, 0.0);
        let decay: f64 = mlp
            .layers()
            .iter()
            .flat_map(|l| &mlp.params()[l.kernel_at..l.kernel_at + l.fan_in * l.fan_out])
            .map(|w| w * w)
            .sum();
        data + lambda * decay
    };
    let h = 1e-6;
    let layers = mlp.layers().to_vec();
    layers
        .iter()
        .map(|layer| {
            let mut sum = 0.0;
            for k in layer.kernel_at..layer.kernel_at + layer.fan_in * layer.fan_out {
                let w = mlp.params()[k];
                mlp.params_mut()[k] = w + h;
                let up = loss_at(&mlp);
                mlp.params_mut()[k] = w - h;
                let down = loss_at(&mlp);
                mlp.params_mut()[k] = w;
                sum += ((up - down) / (2.0 * h)).powi(2);
            }
            sum.sqrt()
        })
        .collect()
}

fn assert_close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: one per layer");
    for (l, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-6 * w.max(1e-3),
            "{what}, layer {}: {g} against {w}",
            l + 1
        );
    }
}

#[test]
fn each_layer_norm_equals_the_finite_difference_gradient_norm() {
    for (depth, width, activation) in [
        (3, 4, Activation::Tanh),
        (2, 6, Activation::Tanh),
        (1, 8, Activation::Relu),
    ] {
        let t = trained_net(depth, width, activation, OptimizerKind::Adam, 50);
        let what = format!("{depth}×{width} {activation}");
        assert_close(
            &what,
            &t.grad_norms(),
            &finite_difference_norms(&t, t.mlp()),
        );
    }
    let t = trained();
    assert_eq!(
        gradients::kernel_norms(t.mlp(), &vec![0.0; t.mlp().params().len()]),
        vec![0.0; 4]
    );
}

/// The history's norms of step 0 are the gradient of the full batch at the initial weights (the step's
/// own, no second pass), for a first-order optimizer and for Levenberg–Marquardt; the update norm is
/// how far that step moved each kernel.
#[test]
fn recorded_norms_are_the_steps_gradient_and_its_update() {
    for optimizer in [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Adam,
        OptimizerKind::Lm,
    ] {
        for steps in [1, 2] {
            let t = trained_net(2, 6, Activation::Tanh, optimizer, steps);
            let norms = t.history().norms();
            assert_eq!(norms.steps(), (0..steps).collect::<Vec<_>>(), "{optimizer}");
            assert_close(
                &format!("{optimizer}: gradient at step 0"),
                norms.grad(0),
                &finite_difference_norms(&t, t.initial_mlp()),
            );
            if steps == 1 {
                let moved: Vec<f64> = gradients::each_layer(t.mlp(), |k| {
                    t.mlp().params()[k] - t.initial_mlp().params()[k]
                })
                .collect();
                assert_eq!(
                    norms.update(0),
                    &moved[..],
                    "{optimizer}: ‖W after − W before‖"
                );
                assert!(
                    moved.iter().all(|&m| m > 0.0),
                    "{optimizer}: every layer moved"
                );
            }
        }
    }
}

/// The command line's flags for the run [`trained`] makes.
const TRAINED: [&str; 13] = [
    "train",
    "--steps",
    "50",
    "--dtype",
    "f64",
    "--depth",
    "3",
    "--width",
    "4",
    "--weight-decay",
    "0.01",
    "--points",
    "40",
];

#[test]
fn grad_csv_writes_every_layer_at_every_recorded_step() {
    let path = common::scratch("grad-norms.csv");
    let mut args = TRAINED.to_vec();
    args.extend(["--grad-csv", path.to_str().unwrap()]);
    approxlab(&args);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("step,layer,grad_norm,update_norm"));
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    let t = trained();
    let norms = t.history().norms();
    assert_eq!(rows.len(), 4 * norms.steps().len());
    for (i, &step) in norms.steps().iter().enumerate() {
        for l in 0..4 {
            let row = &rows[4 * i + l];
            assert_eq!(
                row[..],
                [
                    step as f64,
                    (l + 1) as f64,
                    norms.grad(i)[l],
                    norms.update(i)[l]
                ]
            );
        }
    }
}

#[test]
fn train_json_prints_the_norms_the_library_computes() {
    let mut args = TRAINED.to_vec();
    args.push("--json");
    let line = json(&approxlab(&args));
    let printed: Vec<f64> = line["grad_norms"]
        .as_array()
        .expect("grad_norms")
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(printed, trained().grad_norms());
}
