//! `approxlab train`: one headless training run with every setting as a flag; prints a summary (or one JSON
//! line), and can save the model and a CSV of the curves over the view grid.

use super::{Dtype, Failure, TrainArgs};
use crate::data::Dataset;
use crate::files::model as model_file;
use crate::nn::{Float, Mlp};
use crate::train::{Halt, LossRecord, Settings, Trainer};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// Runs the command in the chosen precision.
pub fn run(args: &TrainArgs) -> Result<(), Failure> {
    if args.inject_fault {
        panic!("a fault injected on purpose");
    }
    match args.dtype {
        Dtype::F32 => run_in::<f32>(args),
        Dtype::F64 => run_in::<f64>(args),
    }
}

/// Steps `train` takes when `--steps` is left out (a preset takes its own).
pub const DEFAULT_STEPS: u64 = 2000;

fn run_in<T: Float>(args: &TrainArgs) -> Result<(), Failure> {
    let bad = Failure::BadInput;
    let settings = args.settings.apply_to(Settings::default()).map_err(bad)?;
    let mut trainer = match (&args.session, &args.load_model) {
        (Some(path), _) => {
            let lab = crate::files::session::load(path).map_err(bad)?;
            Trainer::<T>::from_saved(&lab).map_err(bad)?
        }
        (None, Some(path)) => {
            let mlp: Mlp<T> = model_file::load(path).map_err(bad)?.cast();
            settings.data.validate().map_err(bad)?;
            settings
                .run_settings()
                .validate_training(mlp.params().len())
                .map_err(bad)?;
            let data = Dataset::generate(&settings.data).map_err(bad)?;
            Trainer::assemble(settings, data, mlp).map_err(bad)?
        }
        (None, None) => Trainer::<T>::new(settings).map_err(bad)?,
    };
    if args.session.is_none() {
        // once the settings are known to be valid; a session brings its own (the flags conflict
        // with it at parse time)
        let notes = super::applies::check(&[&args.settings], trainer.settings(), None);
        super::applies::say(&notes.map_err(bad)?);
    }
    let (outcome, formula) = train_one(
        args,
        &mut trainer,
        args.steps.unwrap_or(DEFAULT_STEPS),
        None,
    )?;
    let ensemble = args
        .ensemble
        .map(|k| super::ensemble_cmd::train_others(&mut trainer, k, outcome.steps))
        .transpose()
        .map_err(bad)?;
    if let Some(path) = &args.csv {
        write_csv(path, &mut trainer, ensemble.as_ref()).map_err(bad)?;
    }
    if let Some(path) = &args.loss_csv {
        let name = "run 1".to_string();
        crate::files::curves::save_loss_csv(path, &[(name, trainer.history().records())])
            .map_err(bad)?;
    }
    if args.json {
        let mut line = outcome.json(&trainer);
        if let Some(text) = &formula {
            line["formula"] = text.clone().into();
        }
        if let Some(report) = &ensemble {
            line["ensemble"] = report.json();
        }
        println!("{line}");
    } else {
        print!(
            "{}",
            summary(
                &trainer,
                outcome.steps,
                outcome.seconds,
                outcome.initial.train,
                &outcome.last
            )
        );
        if let Some(text) = &formula {
            println!("{text}");
        }
        match outcome.until {
            Some((target, Some(step))) => println!(
                "reached a training loss ≤ {target:e} at step {step}, after {} of training",
                super::duration_text(outcome.seconds)
            ),
            Some((target, None)) => println!(
                "did not reach a training loss ≤ {target:e} in {} steps ({})",
                outcome.steps,
                super::duration_text(outcome.seconds)
            ),
            None => {}
        }
        // a divergence is said once, by the failure on stderr, with the rate to try
        if !outcome.diverged() {
            println!("diagnosis: {}", outcome.diagnosis.sentences().join("; "));
        }
        if let Some(guess) = &outcome.guess {
            println!("{}", guess.text());
        }
        let norms: Vec<String> = outcome
            .grad_norms
            .iter()
            .map(|g| format!("{g:.3e}"))
            .collect();
        println!(
            "gradient norm of each layer's kernel, input side first: {}",
            norms.join(" ")
        );
        if let Some(report) = &ensemble {
            println!("{}", report.text());
        }
        if let Some(points) = &outcome.breakpoints {
            let hidden = trainer.mlp().hidden_widths();
            println!(
                "linear pieces over the view: {}",
                crate::nn::pieces::count_text(points.len() + 1, &hidden)
            );
        }
    }
    let halt = outcome.halt;
    match halt {
        Some(h @ Halt::Diverged { .. }) => Err(Failure::Diverged(h.to_string())),
        _ => Ok(()),
    }
}

/// Trains one run for `steps` (or until `--until-loss`) with the per-run outputs of `args`: the Keras
/// script (written before training, from the initial weights), the session and the model, each at its
/// path, or with `run`'s number in it (`fit.json` → `fit.run2.json`) when a preset has several runs.
/// Returns the outcome and, with `--formula`, the trained network's formula.
pub(super) fn train_one<T: Float>(
    args: &TrainArgs,
    trainer: &mut Trainer<T>,
    steps: u64,
    run: Option<usize>,
) -> Result<(Outcome, Option<String>), Failure> {
    let bad = Failure::BadInput;
    let at = |path: &Path| numbered(path, run);
    let guess = args
        .guess
        .as_deref()
        .map(|path| super::guess::GuessFile::load(path, trainer))
        .transpose()?;
    if let Some(path) = &args.export_keras {
        let d = trainer.dataset();
        crate::files::keras::save(
            &at(path),
            trainer.settings(),
            trainer.mlp(),
            &d.train_x,
            &d.train_y,
            steps,
        )
        .map_err(bad)?;
    }
    let mut outcome = match args.until_loss {
        Some(target) => Outcome::train_until(trainer, steps, target),
        None => Outcome::train(trainer, steps),
    };
    outcome.guess = guess.and_then(|g| g.report(trainer));
    if let Some(path) = &args.save_session {
        crate::files::session::save(&at(path), &trainer.saved()).map_err(bad)?;
    }
    if let Some(path) = &args.save_model {
        model_file::save(&at(path), &trainer.mlp().cast()).map_err(bad)?;
    }
    if let Some(path) = &args.pieces_csv {
        let Some(points) = trainer.breakpoints() else {
            return Err(bad(format!(
                "--pieces-csv: a {} network is smooth: it has no linear pieces (they need linear, relu \
                 or leaky_relu activations)",
                trainer.settings().net.activation
            )));
        };
        crate::files::curves::save_pieces_csv(&at(path), &points).map_err(bad)?;
    }
    if let Some(path) = &args.grad_csv {
        crate::files::curves::save_norms_csv(&at(path), trainer.history().norms()).map_err(bad)?;
    }
    let formula = args
        .formula
        .map(|flavour| crate::nn::formula::formula(trainer.mlp(), flavour));
    Ok((outcome, formula))
}

/// `path` with run `k`'s number before its extension (`fit.json` → `fit.run2.json`); unchanged for
/// `None` (a single run).
pub(super) fn numbered(path: &Path, run: Option<usize>) -> std::path::PathBuf {
    let Some(k) = run else {
        return path.to_path_buf();
    };
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}.run{k}.{}", ext.to_string_lossy()),
        None => format!("{stem}.run{k}"),
    };
    path.with_file_name(name)
}

/// A loss for a JSON line: the number, or null when it is not finite.
pub(super) fn finite_or_null(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// What a headless training run did: its losses before and after, its steps and time, why it stopped.
pub struct Outcome {
    /// Losses before the first step.
    pub initial: LossRecord,
    /// Losses after the last.
    pub last: LossRecord,
    /// Steps taken.
    pub steps: u64,
    /// Wall-clock seconds they took.
    pub seconds: f64,
    /// Why it stopped early, if it did.
    pub halt: Option<Halt>,
    /// With `--until-loss L`: L, and the first step whose training loss was ≤ L, if one was.
    pub until: Option<(f64, Option<u64>)>,
    /// What the run was doing when it ended, in words.
    pub diagnosis: crate::train::diagnosis::Diagnosis,
    /// With `--guess`: the guess against the trained network.
    pub guess: Option<super::guess::GuessReport>,
    /// Each layer's kernel gradient norm at the final weights, input side first.
    pub grad_norms: Vec<f64>,
    /// The breakpoints of the final prediction over the view (None for smooth activations).
    pub breakpoints: Option<Vec<crate::nn::pieces::Breakpoint>>,
}

impl Outcome {
    /// Trains `trainer` for up to `steps` steps.
    pub fn train<T: Float>(trainer: &mut Trainer<T>, steps: u64) -> Self {
        let initial = trainer.evaluate();
        let started = Instant::now();
        let steps = trainer.advance(steps);
        Self::finish(trainer, initial, steps, started, None)
    }

    /// The outcome once training ended: the losses now, the time since `started`, the halt.
    fn finish<T: Float>(
        trainer: &mut Trainer<T>,
        initial: LossRecord,
        steps: u64,
        started: Instant,
        until: Option<(f64, Option<u64>)>,
    ) -> Self {
        let seconds = started.elapsed().as_secs_f64();
        Self {
            initial,
            last: trainer.evaluate(),
            steps,
            seconds,
            halt: trainer.halt(),
            until,
            diagnosis: trainer.diagnosis(),
            guess: None,
            grad_norms: trainer.grad_norms(),
            breakpoints: trainer.breakpoints(),
        }
    }

    /// Trains `trainer` until the first step whose training loss (on the batch, before its update) is
    /// ≤ `target`, or for `max_steps`; that step trains, so the weights kept are one update further.
    pub fn train_until<T: Float>(trainer: &mut Trainer<T>, max_steps: u64, target: f64) -> Self {
        let initial = trainer.evaluate();
        let started = Instant::now();
        let mut reached = None;
        let mut steps = 0;
        while steps < max_steps && trainer.halt().is_none() {
            if trainer.advance(1) == 0 {
                break;
            }
            steps += 1;
            if trainer.last_loss() <= target {
                reached = Some(trainer.step() - 1);
                break;
            }
        }
        Self::finish(trainer, initial, steps, started, Some((target, reached)))
    }

    /// Whether it diverged.
    pub fn diverged(&self) -> bool {
        matches!(self.halt, Some(Halt::Diverged { .. }))
    }

    /// Floating-point operations of one training step (forward and backward over a batch).
    fn flops_per_step<T: Float>(&self, trainer: &Trainer<T>) -> usize {
        let cost = crate::nn::cost::Cost::of(trainer.mlp().layers());
        let points = trainer.dataset().train_x.len();
        cost.flops_per_step(trainer.settings().optim.points_per_step(points))
    }

    /// The `train --json` line.
    pub fn json<T: Float>(&self, trainer: &Trainer<T>) -> serde_json::Value {
        let steps_per_s = if self.seconds > 0.0 {
            self.steps as f64 / self.seconds
        } else {
            0.0
        };
        let mut line = serde_json::json!({
            "steps": self.steps,
            "initial_loss": self.initial.train,
            "train_loss": finite_or_null(self.last.train),
            "val_loss": self.last.val.and_then(finite_or_null),
            "outside_loss": self.last.outside.and_then(finite_or_null),
            "seconds": self.seconds,
            "steps_per_s": steps_per_s,
            "diverged": self.diverged(),
            "halt": self.halt.map(|h| h.to_string()),
            "params": trainer.mlp().params().len(),
            "until_loss": self.until.map(|u| u.0),
            "reached_at_step": self.until.and_then(|u| u.1),
            "flops_per_step": self.flops_per_step(trainer),
            "dtype": T::NAME,
            "diagnosis": self.diagnosis.json(),
            "grad_norms": self.grad_norms.iter().map(|&g| finite_or_null(g)).collect::<Vec<_>>(),
            "linear_pieces": self.breakpoints.as_ref().map(|b| b.len() + 1),
        });
        if let Some(guess) = &self.guess {
            guess.add_to(&mut line);
        }
        line
    }
}

fn summary<T: Float>(
    trainer: &Trainer<T>,
    steps: u64,
    seconds: f64,
    initial: f64,
    last: &LossRecord,
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
        "{shape} ({} parameters, {} lr {}) on {} over [{}, {}]: {steps} steps in {} ({:.0} steps/s)",
        trainer.mlp().params().len(),
        s.optim.optimizer,
        s.optim.lr,
        d.source.label(),
        d.domain.lo,
        d.domain.hi,
        super::duration_text(seconds),
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
    if let Some(h @ (Halt::Converged { .. } | Halt::EarlyStopped { .. })) = trainer.halt() {
        let _ = writeln!(out, "{h}");
    }
    out
}

/// x, target, prediction, each neuron's contribution and the output bias, one row per view-grid point;
/// with an ensemble, each member's prediction and the median, low and high of the band after them.
fn write_csv<T: Float>(
    path: &Path,
    trainer: &mut Trainer<T>,
    ensemble: Option<&super::ensemble_cmd::EnsembleReport>,
) -> Result<(), String> {
    let curves = trainer.curves();
    let n = trainer.dataset().view_x.len();
    let mut names = vec!["prediction".to_string()];
    let mut columns = vec![curves.prediction];
    for (j, c) in curves.contributions.into_iter().enumerate() {
        names.push(format!("neuron_{}", j + 1));
        columns.push(c);
    }
    names.push("output_bias".into());
    columns.push(vec![curves.output_bias; n]);
    if let Some(report) = ensemble {
        let (more_names, more_columns) = report.columns();
        names.extend(more_names);
        columns.extend(more_columns);
    }
    crate::files::curves::save_view_csv(path, trainer.dataset(), &names, &columns)
}
