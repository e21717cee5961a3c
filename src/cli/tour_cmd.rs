//! The tour on the command line: `approxlab presets` lists every step (name and title, one a line);
//! `approxlab train --preset NAME [--json]` trains each of its runs for the preset's steps and prints one
//! line per run (and, for the width experiment, its sweep's summary per width).

use super::Failure;
use super::train_cmd::Outcome;
use crate::sweep;
use crate::train::Trainer;

/// Prints the presets.
pub fn list() {
    for p in crate::tour::presets() {
        println!("{:<28} {}", p.name, p.title);
    }
}

/// Trains preset `name`'s runs and prints them.
pub fn train(name: &str, json: bool) -> Result<(), Failure> {
    let preset = crate::tour::find(name).map_err(Failure::BadInput)?;
    if !json {
        println!("{}: {}", preset.name, preset.title);
    }
    for (i, settings) in preset.runs.iter().enumerate() {
        let mut trainer = Trainer::<f32>::new(settings.clone()).map_err(Failure::BadInput)?;
        let outcome = Outcome::train(&mut trainer, preset.steps);
        let what = describe(trainer.settings());
        if json {
            let mut line = outcome.json(&trainer);
            line["preset"] = preset.name.into();
            line["run"] = (i + 1).into();
            line["settings"] = what.into();
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
        }
    }
    if let Some(plan) = preset.sweep_plan() {
        let plan = plan.map_err(Failure::BadInput)?;
        let param = plan.axes[0].0;
        let cells = plan.cells().map_err(Failure::BadInput)?;
        let threads = sweep::all_threads();
        let never = std::sync::atomic::AtomicBool::new(false);
        let results = sweep::run(&cells, preset.steps, threads, &never, &|_, _| {})
            .map_err(Failure::BadInput)?
            .unwrap_or_default();
        for s in sweep::summarise(&results) {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"preset": preset.name, param.name(): s.values[0], "train_median": s.train.median, "train_min": s.train.min, "train_max": s.train.max})
                );
            } else {
                println!(
                    "{} {}: median final train loss {:.3e} (min {:.3e}, max {:.3e}) over {} seeds",
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
    Ok(())
}

/// "2×10 tanh (he_normal), adam lr 0.01": what distinguishes a run.
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
    let stop = if s.optim.patience > 0 {
        format!(", early stop after {} steps", s.optim.patience)
    } else {
        String::new()
    };
    format!("{net} ({}), {optimizer}{stop}", s.net.init.name())
}
