//! `approxlab compare --run "optimizer=sgd" --run "optimizer=momentum" [common train flags]`: several
//! runs on the same data, each the common settings changed by its `--run` (keys are `train` flag names,
//! values as there, pairs separated by commas). Runs of the same shape start from the same initial
//! weights (the draw depends on the shape, the init and the weights' seed only). One JSON line per run
//! (the `train --json` fields plus `name`), or a table; `--csv` writes every run's prediction over the
//! view. The same run specs open the window on several runs: `approxlab --run …`.

use super::train_cmd::Outcome;
use super::{Failure, SettingsArgs};
use crate::nn::Float;
use crate::train::{Settings, Trainer};
use clap::{Args, Parser};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `approxlab compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// One run: key=value pairs separated by commas, keys being `train` flags without the dashes
    /// ("optimizer=sgd,lr=0.1"); give it once per run.
    #[arg(long = "run", value_name = "KEY=VALUE,…", required = true)]
    pub runs: Vec<String>,
    /// The settings every run starts from (the data are these for every run).
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// Training steps of every run.
    #[arg(long, default_value_t = 2000)]
    pub steps: u64,
    /// Print one JSON line per run instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write x, target and every run's prediction over the view grid to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

/// A run spec parsed as `train` flags.
#[derive(Debug, Parser)]
#[command(name = "run", no_binary_name = true, disable_help_flag = true)]
struct RunSpec {
    #[command(flatten)]
    settings: SettingsArgs,
}

/// Data settings are shared by every run: a run spec may not set them.
const DATA_KEYS: [&str; 8] = [
    "target",
    "points",
    "sampling",
    "noise",
    "val",
    "domain",
    "view",
    "data-seed",
];

/// The settings of run `number` (1-based): `base` changed by `spec` ("optimizer=sgd,lr=0.1"). The error
/// names the run and the key.
pub fn parse_run(base: &Settings, number: usize, spec: &str) -> Result<Settings, String> {
    let parsed = spec_flags(number, spec)?;
    run_settings(base, number, &parsed)
}

/// A run spec's pairs as the `train` flags they stand for; the error names the run and the key.
fn spec_flags(number: usize, spec: &str) -> Result<SettingsArgs, String> {
    let mut argv = Vec::new();
    for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!(
                "run {number}: '{pair}' is not key=value (e.g. optimizer=sgd)"
            ));
        };
        let key = key.trim().trim_start_matches("--").replace('_', "-");
        if DATA_KEYS.contains(&key.as_str()) {
            return Err(format!(
                "run {number}: '{key}' is a data setting, shared by every run: give it once, outside --run"
            ));
        }
        argv.push(format!("--{key}"));
        argv.push(value.trim().to_string());
    }
    if argv.is_empty() {
        return Err(format!(
            "run {number}: empty (give key=value pairs, e.g. optimizer=sgd)"
        ));
    }
    let parsed = RunSpec::try_parse_from(&argv).map_err(|e| {
        let first = super::first_line(&e).replace("unexpected argument '--", "unknown key '");
        format!("run {number}: {first}")
    })?;
    Ok(parsed.settings)
}

/// `base` changed by a run's own flags, the data kept, checked.
fn run_settings(base: &Settings, number: usize, flags: &SettingsArgs) -> Result<Settings, String> {
    let mut settings = flags
        .apply_to(base.clone())
        .map_err(|e| format!("run {number}: {e}"))?;
    // the data belong to every run (a run's seed= is its weights' seed)
    settings.data = base.data.clone();
    settings
        .validate()
        .map_err(|e| format!("run {number}: {e}"))?;
    Ok(settings)
}

/// The settings of every `--run`, on `base` (made from the `common` flags), and the notes on flags that
/// have no effect on a run (`applies`); a flag that can only be a mistake for a run is refused.
pub fn parse_runs(
    base: &Settings,
    common: &SettingsArgs,
    specs: &[String],
) -> Result<(Vec<Settings>, Vec<String>), String> {
    let mut runs = Vec::with_capacity(specs.len());
    let mut notes = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let own = spec_flags(i + 1, spec)?;
        let settings = run_settings(base, i + 1, &own)?;
        notes.extend(super::applies::check(
            &[common, &own],
            &settings,
            Some(i + 1),
        )?);
        runs.push(settings);
    }
    Ok((runs, notes))
}

/// Runs the command.
pub fn run(args: &CompareArgs) -> Result<(), Failure> {
    let base = args
        .settings
        .apply_to(Settings::default())
        .map_err(Failure::BadInput)?;
    base.validate().map_err(Failure::BadInput)?;
    let (runs, notes) = parse_runs(&base, &args.settings, &args.runs).map_err(Failure::BadInput)?;
    super::applies::say(&notes);
    let mut trainers = Vec::with_capacity(runs.len());
    let mut outcomes = Vec::with_capacity(runs.len());
    for settings in runs {
        let mut trainer = Trainer::<f32>::new(settings).map_err(Failure::BadInput)?;
        outcomes.push(Outcome::train(&mut trainer, args.steps));
        trainers.push(trainer);
    }
    if let Some(path) = &args.csv {
        write_csv(path, &mut trainers, &args.runs).map_err(Failure::BadInput)?;
    }
    let mut table = String::new();
    for ((trainer, outcome), name) in trainers.iter().zip(&outcomes).zip(&args.runs) {
        if args.json {
            let mut line = outcome.json(trainer);
            line["name"] = name.clone().into();
            println!("{line}");
        } else {
            let _ = writeln!(
                table,
                "{name:<32} {:>7} steps  train {:.3e}  outside {}  {:>8}  {}",
                outcome.steps,
                outcome.last.train,
                outcome
                    .last
                    .outside
                    .map_or("—".into(), |o| format!("{o:.3e}")),
                super::duration_text(outcome.seconds),
                outcome.diagnosis.state
            );
        }
    }
    print!("{table}");
    let diverged: Vec<&str> = outcomes
        .iter()
        .zip(&args.runs)
        .filter(|(o, _)| o.diverged())
        .map(|(_, name)| name.as_str())
        .collect();
    Failure::unless_diverged(&diverged)
}

/// x, target and each run's prediction, one row per view-grid point.
fn write_csv<T: Float>(
    path: &Path,
    trainers: &mut [Trainer<T>],
    names: &[String],
) -> Result<(), String> {
    let predictions: Vec<Vec<f64>> = trainers.iter_mut().map(|t| t.view_prediction()).collect();
    let Some(first) = trainers.first() else {
        return Ok(());
    };
    crate::files::curves::save_view_csv(path, first.dataset(), names, &predictions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_specs_change_the_common_settings_and_bad_ones_name_run_and_key() {
        let base = Settings::default();
        let s = parse_run(&base, 1, "optimizer=sgd, lr=0.1").unwrap();
        assert_eq!((s.optim.optimizer.name(), s.optim.lr), ("sgd", 0.1));
        assert_eq!(s.net, base.net);
        let s = parse_run(&base, 1, "weight_decay=0.01,activation=relu").unwrap();
        assert_eq!(s.optim.weight_decay, 0.01);
        let e = parse_run(&base, 2, "optimiser=sgd").unwrap_err();
        assert!(e.starts_with("run 2: unknown key 'optimiser'"), "{e}");
        let e = parse_run(&base, 3, "lr=fast").unwrap_err();
        assert!(e.starts_with("run 3:") && e.contains("lr"), "{e}");
        let e = parse_run(&base, 1, "target=cubic").unwrap_err();
        assert!(e.contains("data setting"), "{e}");
        assert!(
            parse_run(&base, 1, "sgd")
                .unwrap_err()
                .contains("not key=value")
        );
        assert!(
            parse_run(&base, 1, "width=0")
                .unwrap_err()
                .starts_with("run 1:")
        );
        let seeded = parse_run(&base, 1, "seed=7").unwrap();
        assert_eq!(
            (seeded.seed, seeded.data.seed),
            (7, base.data.seed),
            "the data stay"
        );
    }
}
