//! The per-layer gradient norms (`train --json`'s `grad_norms`, issue 29): each equals the Frobenius
//! norm of a central finite-difference gradient of the training loss (weight decay included) with
//! respect to that layer's kernel, and the command line prints the numbers the library computes.

mod common;

use approxlab::nn::{Activation, Loss, gradients};
use approxlab::train::{Settings, Trainer};
use common::{approxlab, json};

/// A small deep tanh network with weight decay, trained 50 steps in f64.
fn trained() -> Trainer<f64> {
    let mut s = Settings::default();
    s.net.depth = 3;
    s.net.width = 4;
    s.net.activation = Activation::Tanh;
    s.optim.weight_decay = 0.01;
    s.data.points = 40;
    let mut t = Trainer::<f64>::new(s).unwrap();
    t.advance(50);
    t
}

#[test]
fn each_layer_norm_equals_the_finite_difference_gradient_norm() {
    let t = trained();
    let (x, y) = (&t.dataset().train_x, &t.dataset().train_y);
    let norms = t.grad_norms();
    assert_eq!(norms.len(), 4, "three hidden layers and the output");
    let mut mlp = t.mlp().clone();
    let lambda = 0.01;
    let loss_at = |mlp: &approxlab::nn::Mlp<f64>| {
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
    for (layer, &norm) in mlp.clone().layers().iter().zip(&norms) {
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
        let fd = sum.sqrt();
        assert!(
            (fd - norm).abs() <= 1e-6 * fd.max(1e-3),
            "layer at {}: finite differences {fd}, gradient {norm}",
            layer.kernel_at
        );
    }
    assert_eq!(
        gradients::kernel_norms(t.mlp(), &vec![0.0; t.mlp().params().len()]),
        vec![0.0; 4]
    );
}

#[test]
fn train_json_prints_the_norms_the_library_computes() {
    let line = json(&approxlab(&[
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
        "--json",
    ]));
    let printed: Vec<f64> = line["grad_norms"]
        .as_array()
        .expect("grad_norms")
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(printed, trained().grad_norms());
}
