//! The tour on the command line: `approxlab presets` lists every step (name and title, one a line);
//! `approxlab train --preset NAME [--json] [flags]` trains each of its runs for the preset's steps (or
//! `--steps`), the settings flags applied to every run as to a starting point, and prints one line per
//! run (and, for a step with a sweep, its summary per value: training and, with a validation split,
//! validation loss).

use super::applies::{check, say};
use super::train_cmd::train_one;
use super::{Dtype, Failure, TrainArgs};
use crate::nn::Float;
use crate::sweep;
use crate::train::Trainer;

/// Prints the presets.
pub fn list() {
    for p in crate::tour::presets() {
        println!("{:<28} {}", p.name, p.title);
    }
}

/// Trains the preset's runs, each with the settings flags and `--steps` of `args` applied, and prints them
/// (with the per-run and the combined outputs `args` asks for; see `train --help`).
pub fn train(args: &TrainArgs) -> Result<(), Failure> {
    match args.dtype {
        Dtype::F32 => train_in::<f32>(args),
        Dtype::F64 => train_in::<f64>(args),
    }
}

fn train_in<T: Float>(args: &TrainArgs) -> Result<(), Failure> {
    let bad = Failure::BadInput;
    let preset = crate::tour::find(args.preset.as_deref().unwrap_or_default()).map_err(bad)?;
    let steps = args.steps.unwrap_or(preset.steps);
    let json = args.json;
    if !json {
        println!("{}: {}", preset.name, preset.title);
    }
    let several = preset.runs.len() > 1;
    let mut trainers = Vec::with_capacity(preset.runs.len());
    for (i, base) in preset.runs.iter().enumerate() {
        let number = several.then_some(i + 1);
        let settings = args.settings.apply_to(base.clone()).map_err(bad)?;
        let mut trainer = Trainer::<T>::new(settings).map_err(bad)?;
        say(&check(&[&args.settings], trainer.settings(), number).map_err(bad)?);
        let (outcome, formula) = train_one(args, &mut trainer, steps, number)?;
        let what = describe(trainer.settings());
        if json {
            let mut line = outcome.json(&trainer);
            line["preset"] = preset.name.into();
            line["run"] = (i + 1).into();
            line["settings"] = what.into();
            if let Some(text) = &formula {
                line["formula"] = text.clone().into();
            }
            println!("{line}");
        } else {
            let halt = outcome.halt.map_or(String::new(), |h| format!(" ({h})"));
            println!(
                "run {}: {what}: {} steps, train loss {:.3e}{}{halt}",
                i + 1,
                outcome.steps,
                outcome.last.train,
                outcome
                    .last
                    .outside
                    .map_or(String::new(), |o| format!(", outside {o:.3e}")),
            );
            if let Some((target, reached)) = outcome.until {
                match reached {
                    Some(step) => println!("  reached a training loss ≤ {target:e} at step {step}"),
                    None => println!("  did not reach a training loss ≤ {target:e}"),
                }
            }
            if let Some(text) = &formula {
                println!("  {text}");
            }
            if !outcome.diverged() {
                println!("  diagnosis: {}", outcome.diagnosis.sentences().join("; "));
            }
            if let Some(guess) = &outcome.guess {
                println!("  {}", guess.text().replace('\n', "\n  "));
            }
        }
        trainers.push(trainer);
    }
    let names: Vec<String> = (1..=trainers.len()).map(|k| format!("run {k}")).collect();
    if let Some(path) = &args.csv {
        let predictions: Vec<Vec<f64>> = trainers.iter_mut().map(|t| t.view_prediction()).collect();
        if let Some(first) = trainers.first() {
            crate::files::curves::save_view_csv(path, first.dataset(), &names, &predictions)
                .map_err(bad)?;
        }
    }
    if let Some(path) = &args.loss_csv {
        let runs: Vec<(String, &[crate::train::LossRecord])> = names
            .iter()
            .zip(&trainers)
            .map(|(name, t)| (name.clone(), t.history().records()))
            .collect();
        crate::files::curves::save_loss_csv(path, &runs).map_err(bad)?;
    }
    if let Some(plan) = preset.sweep_plan() {
        let mut plan = plan.map_err(Failure::BadInput)?;
        // the flags given are the sweep's starting point too (its swept setting excepted)
        plan.base = args.settings.apply_to(plan.base).map_err(bad)?;
        plan.steps = steps;
        let param = plan.axes[0].0;
        let cells = plan.cells().map_err(Failure::BadInput)?;
        let threads = sweep::all_threads();
        let never = std::sync::atomic::AtomicBool::new(false);
        let results = sweep::run(&cells, steps, threads, &never, &|_, _| {})
            .map_err(Failure::BadInput)?
            .unwrap_or_default();
        for s in sweep::summarise(&results) {
            let has_validation = s.validation.median.is_finite();
            if json {
                let mut line = serde_json::json!({"preset": preset.name, param.name(): s.values[0], "train_median": s.train.median, "train_min": s.train.min, "train_max": s.train.max});
                if has_validation {
                    line["validation_median"] = s.validation.median.into();
                    line["validation_min"] = s.validation.min.into();
                    line["validation_max"] = s.validation.max.into();
                }
                println!("{line}");
            } else {
                let validation = if has_validation {
                    format!(
                        "; validation {:.3e} (min {:.3e}, max {:.3e})",
                        s.validation.median, s.validation.min, s.validation.max
                    )
                } else {
                    String::new()
                };
                println!(
                    "{} {}: median final train loss {:.3e} (min {:.3e}, max {:.3e}){validation} over {} seeds",
                    param.name(),
                    param.label(s.values[0]),
                    s.train.median,
                    s.train.min,
                    s.train.max,
                    s.seeds
                );
            }
        }
    }
    // a step that shows a divergence (the learning-rate step) has done what it was for: each run's
    // line says how it ended, and the exit status stays 0
    Ok(())
}

/// "2×10 tanh (he_normal), adam lr 0.01, batch 16": what distinguishes a run.
fn describe(s: &crate::train::Settings) -> String {
    let net = if s.net.depth == 0 {
        "one neuron".to_string()
    } else {
        format!(
            "{}×{} {}",
            s.net.depth,
            s.net.width,
            s.net.activation.name()
        )
    };
    let optimizer = match s.optim.optimizer {
        crate::nn::OptimizerKind::Lm => "lm".to_string(),
        k => format!("{} lr {}", k.name(), crate::sweep::show(s.optim.lr)),
    };
    let mut extras = String::new();
    if s.net.output_bias != 0.0 {
        extras += &format!(
            ", output bias {} at start",
            crate::sweep::show(s.net.output_bias)
        );
    }
    if s.optim.batch > 0 {
        extras += &format!(", batch {}", s.optim.batch);
    }
    if s.optim.weight_decay > 0.0 {
        extras += &format!(
            ", weight decay {}",
            crate::sweep::show(s.optim.weight_decay)
        );
    }
    if s.optim.loss != crate::nn::Loss::Mse {
        extras += &format!(", {} loss", s.optim.loss.name());
    }
    if s.optim.patience > 0 {
        extras += &format!(", early stop after {} steps", s.optim.patience);
    }
    format!("{net} ({}), {optimizer}{extras}", s.net.init.name())
}
