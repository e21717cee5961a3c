//! From the peer benchmark's own initial weights, 100 steps of our SGD / momentum / Adam land on the loss the
//! numpy reference recorded (float32): the update rules are Keras's, to rounding.

use approxlab::cli::bench::{init_document, reference_loss, workload_trainer};

#[derive(serde::Deserialize)]
struct Reference {
    initial_loss: f64,
    loss_100: f64,
}

#[derive(serde::Deserialize)]
struct File {
    reference: Reference,
}

fn check(workload: &str, tolerance: f64) {
    let document =
        init_document(None, workload).expect("the workloads' initial weights are built in");
    let reference: File = serde_json::from_value(document).unwrap();
    let (mut trainer, y) = workload_trainer::<f32>(None, workload).unwrap();
    let initial = reference_loss(&trainer, &y);
    let rel = |a: f64, b: f64| (a - b).abs() / b.abs();
    assert!(
        rel(initial, reference.reference.initial_loss) < 1e-6,
        "{workload} initial {initial}"
    );
    assert_eq!(trainer.advance(100), 100);
    let loss_100 = reference_loss(&trainer, &y);
    let want = reference.reference.loss_100;
    assert!(
        rel(loss_100, want) < tolerance,
        "{workload}: loss_100 {loss_100} vs reference {want}"
    );
}

#[test]
fn w1_single_linear_neuron_sgd() {
    check("W1", 1e-6);
}

#[test]
fn w2_five_relu_sgd() {
    check("W2", 1e-6);
}

#[test]
fn w3_fifty_tanh_momentum() {
    check("W3", 1e-6);
}

#[test]
fn w4_two_tanh_layers_adam() {
    check("W4", 1e-4);
}

#[test]
fn w5_three_wide_tanh_layers_adam() {
    check("W5", 1e-4);
}
