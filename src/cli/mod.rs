//! The `approxlab` command line: `train` (one headless run, every setting a flag) and `bench` (the peer
//! benchmark's workloads). Exit status: 0 done, 2 bad input (one line on stderr), 3 training diverged.

pub mod bench;
mod train_cmd;

use crate::data::{Interval, Sampling, Target};
use crate::nn::{Activation, Init, Loss, OptimizerKind};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status for input the program cannot use.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status when training diverged.
pub const EXIT_DIVERGED: u8 = 3;

/// Watch a small neural network learn y = f(x).
#[derive(Debug, Parser)]
#[command(name = "approxlab", version, about, allow_negative_numbers = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train one network headless and report its losses (optionally save the model and a CSV of the curves).
    #[command(allow_negative_numbers = true)]
    Train(TrainArgs),
    /// Time training on the peer benchmark's workloads W1..W5, from the same initial weights as the peers.
    Bench(bench::BenchArgs),
}

/// Floating-point precision of training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dtype {
    /// 32-bit, as Keras and PyTorch train by default.
    F32,
    /// 64-bit.
    F64,
}

/// Every setting of one training run; unset flags keep the defaults shown.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Target function: line, sin, plateaus, abs, step, cubic, bump, sawtooth.
    #[arg(long, default_value = "sin", value_parser = parse_from_str::<Target>)]
    pub target: Target,
    /// Number of points on the training interval (training + validation).
    #[arg(long, default_value_t = 200, value_parser = parse_count)]
    pub points: usize,
    /// Point placement: grid (evenly spaced, both ends) or random (seeded uniform).
    #[arg(long, value_enum, default_value = "grid")]
    pub sampling: SamplingArg,
    /// Standard deviation of the Gaussian noise added to y.
    #[arg(long, default_value_t = 0.0)]
    pub noise: f64,
    /// Fraction of the points held out for validation (0 to 0.9).
    #[arg(long, default_value_t = 0.0)]
    pub val: f64,
    /// Training interval, as LO,HI.
    #[arg(long, default_value = "-3,3", value_parser = parse_interval, allow_hyphen_values = true)]
    pub domain: Interval,
    /// View interval (where the fit is drawn and the outside error measured), as LO,HI.
    #[arg(long, default_value = "-6,6", value_parser = parse_interval, allow_hyphen_values = true)]
    pub view: Interval,
    /// Neurons per hidden layer.
    #[arg(long, default_value_t = 10, value_parser = parse_count)]
    pub width: usize,
    /// Number of hidden layers (0: a single neuron, ŷ = w·x + b).
    #[arg(long, default_value_t = 1, value_parser = parse_count)]
    pub depth: usize,
    /// Hidden activation: linear, relu, leaky_relu, elu, tanh, sigmoid, softplus, sin.
    #[arg(long, default_value = "tanh", value_parser = parse_from_str::<Activation>)]
    pub activation: Activation,
    /// Kernel init (Keras names): zeros, random_uniform, random_normal, glorot_uniform, glorot_normal,
    /// he_uniform, he_normal, lecun_normal.
    #[arg(long, default_value = "he_normal", value_parser = parse_from_str::<Init>)]
    pub init: Init,
    /// Optimizer: sgd, momentum, nesterov, rmsprop, adam, lm (Levenberg–Marquardt, full batch, mse only).
    #[arg(long, default_value = "adam", value_parser = parse_from_str::<OptimizerKind>)]
    pub optimizer: OptimizerKind,
    /// Learning rate.
    #[arg(long, default_value_t = 0.01)]
    pub lr: f64,
    /// Momentum μ (momentum and nesterov).
    #[arg(long, default_value_t = 0.9)]
    pub momentum: f64,
    /// Points per step; 0 is the full batch.
    #[arg(long, default_value_t = 0, value_parser = parse_count)]
    pub batch: usize,
    /// L2 weight decay λ (adds λ·ΣW² over kernels to the loss).
    #[arg(long, default_value_t = 0.0)]
    pub weight_decay: f64,
    /// Loss: mse, mae, huber.
    #[arg(long, default_value = "mse", value_parser = parse_from_str::<Loss>)]
    pub loss: Loss,
    /// Seed of every random choice (data, weights, shuffling).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Number of training steps.
    #[arg(long, default_value_t = 2000)]
    pub steps: u64,
    /// Precision of training.
    #[arg(long, value_enum, default_value = "f32")]
    pub dtype: Dtype,
    /// Start from this model file (its shape and activations replace --width/--depth/--activation).
    #[arg(long, value_name = "FILE")]
    pub load_model: Option<PathBuf>,
    /// Save the trained model to this file (JSON).
    #[arg(long, value_name = "FILE")]
    pub save_model: Option<PathBuf>,
    /// Write x, target, prediction and each neuron's contribution over the view grid to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Print one JSON line instead of the text summary.
    #[arg(long)]
    pub json: bool,
}

/// Point placement on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SamplingArg {
    /// Evenly spaced, both ends.
    Grid,
    /// Seeded uniform draws.
    Random,
}

impl From<SamplingArg> for Sampling {
    fn from(s: SamplingArg) -> Self {
        match s {
            SamplingArg::Grid => Sampling::Grid,
            SamplingArg::Random => Sampling::Random,
        }
    }
}

/// Parses a count (points, neurons, layers), explaining that it must be a whole number ≥ 0.
fn parse_count(s: &str) -> Result<usize, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("expected a whole number of at least 0 (got '{s}')"))
}

fn parse_from_str<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, String> {
    s.parse()
}

/// Parses "LO,HI" (e.g. "-3,3") into an interval; the order is checked with the other settings.
pub fn parse_interval(s: &str) -> Result<Interval, String> {
    let (lo, hi) = s
        .split_once(',')
        .ok_or_else(|| format!("expected LO,HI such as -3,3 (got '{s}')"))?;
    let num = |v: &str| {
        v.trim()
            .parse::<f64>()
            .map_err(|_| format!("'{}' is not a number", v.trim()))
    };
    Ok(Interval::new(num(lo)?, num(hi)?))
}

/// Parses the process arguments and runs the chosen command; `None` means no subcommand was given (the
/// caller opens the window or prints help).
pub fn run_from_args() -> Option<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return Some(ExitCode::SUCCESS);
        }
        Err(e) => {
            let text = e.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ");
            eprintln!("approxlab: {first}");
            return Some(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let outcome = match cli.command? {
        Command::Train(args) => train_cmd::run(&args),
        Command::Bench(args) => bench::run(&args),
    };
    Some(match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(msg)) => {
            eprintln!("approxlab: {msg}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(Failure::Diverged(msg)) => {
            eprintln!("approxlab: {msg}");
            ExitCode::from(EXIT_DIVERGED)
        }
    })
}

/// How a command failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// Input the program cannot use (exit 2).
    BadInput(String),
    /// Training diverged (exit 3).
    Diverged(String),
}
