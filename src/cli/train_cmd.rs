//! `approxlab train`: one headless training run with every setting as a flag; prints a summary (or one JSON
//! line), and can save the model and a CSV of the curves over the view grid.

use super::{Dtype, Failure, TrainArgs};
use crate::data::Dataset;
use crate::model_file;
use crate::nn::{Float, Mlp};
use crate::train::{Halt, Settings, Trainer};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// Runs the command in the chosen precision.
pub fn run(args: &TrainArgs) -> Result<(), Failure> {
    match args.dtype {
        Dtype::F32 => run_in::<f32>(args),
        Dtype::F64 => run_in::<f64>(args),
    }
}

fn run_in<T: Float>(args: &TrainArgs) -> Result<(), Failure> {
    let settings = args.settings.apply_to(Settings::default());
    let bad = Failure::BadInput;
    let mut trainer = match &args.load_model {
        Some(path) => {
            let mlp: Mlp<T> = model_file::load(path).map_err(bad)?.cast();
            settings
                .validate_except_net(mlp.params().len())
                .map_err(bad)?;
            let data = Dataset::generate(&settings.data, settings.seed);
            Trainer::assemble(settings, data, mlp).map_err(bad)?
        }
        None => Trainer::<T>::new(settings).map_err(bad)?,
    };
    let initial = trainer.evaluate();
    let started = Instant::now();
    let steps = trainer.advance(args.steps);
    let seconds = started.elapsed().as_secs_f64();
    let last = trainer.evaluate();
    let halt = trainer.halt();
    let steps_per_s = if seconds > 0.0 {
        steps as f64 / seconds
    } else {
        0.0
    };

    if let Some(path) = &args.csv {
        write_csv(path, &mut trainer).map_err(bad)?;
    }
    if let Some(path) = &args.save_model {
        model_file::save(path, &trainer.mlp().cast()).map_err(bad)?;
    }
    let diverged = matches!(halt, Some(Halt::Diverged { .. }));
    if args.json {
        let line = serde_json::json!({
            "steps": steps,
            "initial_loss": initial.train,
            "train_loss": finite_or_null(last.train),
            "val_loss": last.val.and_then(finite_or_null),
            "outside_loss": last.outside.and_then(finite_or_null),
            "seconds": seconds,
            "steps_per_s": steps_per_s,
            "diverged": diverged,
            "halt": halt.map(|h| h.to_string()),
            "params": trainer.mlp().params().len(),
            "dtype": T::NAME,
        });
        println!("{line}");
    } else {
        print!(
            "{}",
            summary(&trainer, steps, seconds, initial.train, &last)
        );
    }
    match halt {
        Some(h @ Halt::Diverged { .. }) => Err(Failure::Diverged(h.to_string())),
        _ => Ok(()),
    }
}

fn finite_or_null(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn summary<T: Float>(
    trainer: &Trainer<T>,
    steps: u64,
    seconds: f64,
    initial: f64,
    last: &crate::train::LossRecord,
) -> String {
    let s = trainer.settings();
    let shape: Vec<String> = trainer
        .mlp()
        .hidden_widths()
        .iter()
        .map(|w| w.to_string())
        .collect();
    let shape = if shape.is_empty() {
        "a single neuron".to_string()
    } else {
        format!("1-{}-1 {}", shape.join("-"), s.net.activation)
    };
    let d = &s.data;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{shape} ({} parameters, {} lr {}) on {} over [{}, {}]: {steps} steps in {seconds:.3} s ({:.0} steps/s)",
        trainer.mlp().params().len(),
        s.optim.optimizer,
        s.optim.lr,
        d.target,
        d.domain.lo,
        d.domain.hi,
        steps as f64 / seconds.max(1e-12),
    );
    let opt = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3e}"));
    let _ = writeln!(
        out,
        "{} loss: initial {initial:.3e} → train {:.3e}, validation {}, outside the training interval (view [{}, {}]) {}",
        s.optim.loss,
        last.train,
        opt(last.val),
        d.view.lo,
        d.view.hi,
        opt(last.outside)
    );
    if let Some(centres) = trainer.mlp().centres() {
        let list: Vec<String> = centres
            .iter()
            .map(|c| c.map_or("—".into(), |c| format!("{c:.2}")))
            .collect();
        let _ = writeln!(out, "neuron centres −b/w: {}", list.join(" "));
    }
    // a divergence is reported once, on stderr with exit status 3
    if let Some(h @ Halt::Converged { .. }) = trainer.halt() {
        let _ = writeln!(out, "{h}");
    }
    out
}

/// x, target, prediction, each neuron's contribution and the output bias, one row per view-grid point.
fn write_csv<T: Float>(path: &Path, trainer: &mut Trainer<T>) -> Result<(), String> {
    let curves = trainer.curves();
    let d = trainer.dataset();
    let mut out = String::from("x,target,prediction");
    for j in 1..=curves.contributions.len() {
        let _ = write!(out, ",neuron_{j}");
    }
    out.push_str(",output_bias\n");
    for (n, x) in d.view_x.iter().enumerate() {
        let target = d
            .view_y
            .as_ref()
            .map_or(String::new(), |y| y[n].to_string());
        let _ = write!(out, "{x},{target},{}", curves.prediction[n]);
        for c in &curves.contributions {
            let _ = write!(out, ",{}", c[n]);
        }
        let _ = writeln!(out, ",{}", curves.output_bias);
    }
    std::fs::write(path, out).map_err(|e| format!("cannot write CSV file {}: {e}", path.display()))
}
