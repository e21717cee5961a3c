//! Divergence everywhere: every optimizer × every activation × learning rates from 1e-4 to 100, the
//! largest a user can set (one per decade; Levenberg–Marquardt, which has no rate, once per activation),
//! 300 steps each as the window runs them; 1e6 is refused with the field and its range. Nothing a user sees or saves holds a NaN or an infinity — the prediction, the neuron pieces,
//! the weight table, the losses shown, the model file and the curves CSV — a divergence halts the run at
//! the step it happens with the last good weights back, and the sentence fits the optimizer (a smaller
//! learning rate, or for Levenberg–Marquardt a reason).

use approxlab::files::{curves, model};
use approxlab::nn::{Activation, OptimizerKind};
use approxlab::train::{Command, Halt, Lab, Settings};

#[test]
fn no_rate_on_any_optimizer_and_activation_puts_a_nan_on_screen_or_in_a_file() {
    let mut diverged = 0;
    let mut cases = 0;
    for optimizer in OptimizerKind::ALL {
        for activation in Activation::ALL {
            let rates: Vec<f64> = if optimizer == OptimizerKind::Lm {
                vec![0.01]
            } else {
                (-4..=2).map(|e| 10f64.powi(e)).collect()
            };
            for lr in rates {
                let mut s = Settings::default();
                s.optim.optimizer = optimizer;
                s.net.activation = activation;
                s.optim.lr = lr;
                cases += 1;
                let what = format!("{} {} lr {lr:e}", optimizer.name(), activation.name());
                let mut lab = Lab::new(s);
                lab.handle(Command::Step(300));
                let snap = lab.snapshot();
                let run = snap.first();
                assert!(
                    run.prediction.iter().all(|v| v.is_finite()),
                    "{what}: prediction"
                );
                assert!(
                    run.contributions.iter().flatten().all(|v| v.is_finite()),
                    "{what}: pieces"
                );
                assert!(run.output_bias.is_finite(), "{what}: output bias");
                assert!(
                    run.mlp.params().iter().all(|v| v.is_finite()),
                    "{what}: weights"
                );
                assert!(run.latest.train.is_finite(), "{what}: the loss shown");
                for r in run.weights.rows.iter() {
                    assert!(
                        [r.w, r.b, r.w_out].iter().all(|v| v.is_finite()),
                        "{what}: weight table"
                    );
                }
                let text =
                    serde_json::to_string(&model::ModelFile::from_mlp(&run.mlp.cast())).unwrap();
                assert!(
                    !text.contains("null") && !text.contains("NaN"),
                    "{what}: model file"
                );
                let csv = curves::grid_csv(
                    &snap.data.view_x,
                    snap.data.target.as_deref(),
                    &["p".into()],
                    std::slice::from_ref(&run.prediction),
                );
                assert!(
                    !csv.contains("NaN") && !csv.contains("inf"),
                    "{what}: curves CSV"
                );
                if let Some(h @ Halt::Diverged { suggested_lr, .. }) = run.halt {
                    diverged += 1;
                    let sentence = h.to_string();
                    match optimizer {
                        OptimizerKind::Lm => {
                            assert!(
                                suggested_lr.is_none() && sentence.contains("no learning rate"),
                                "{what}: {sentence}"
                            )
                        }
                        _ => assert!(
                            sentence.contains("try a learning rate of")
                                || sentence.contains("no smaller learning rate tried"),
                            "{what}: {sentence}"
                        ),
                    }
                    // caught at the step it happened: the explosion is the last training record
                    let exploded = run.marks.iter().filter(|m| m.label == "diverged").count();
                    assert_eq!(exploded, 1, "{what}: one divergence mark");
                }
            }
        }
    }
    eprintln!("{cases} cases, {diverged} diverged and were caught");
    // above 100 the rate is refused where it is typed, naming the field and the range
    let mut s = Settings::default();
    s.optim.lr = 1e6;
    let e = s.validate().unwrap_err();
    assert!(e.contains("learning rate") && e.contains("100"), "{e}");
    assert!(
        diverged > 50,
        "the sweep reaches the exploding rates: {diverged}"
    );
}
