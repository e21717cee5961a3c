//! The `approxlab` command line: `train` (one headless run, every setting a flag), `compare` (several
//! runs on the same data), `sweep` (a grid of trainings on every core), `landscape` (the loss around the
//! trained weights), `bench` (the peer benchmark's workloads, or the window's costs) and `gif` (an animated
//! GIF of a training, drawn by the window); without a subcommand, the window. Exit status: 0 done, 2 bad input (one line on stderr), 3 training diverged.

mod applies;
pub mod bench;
pub mod compare;
mod ensemble_cmd;
mod guess;
mod settings_args;
pub mod sweep_cmd;
mod tour_cmd;
mod values;
use values::{
    parse_area, parse_flavour, parse_fps, parse_frames, parse_members, parse_scale, parse_size,
    parse_train_steps, parse_ui_scale, parse_until_loss,
};
mod train_cmd;
pub mod ui_bench;
pub mod window;

pub use settings_args::{SamplingArg, SettingsArgs, parse_interval};

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status for input the program cannot use.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status when training diverged.
pub const EXIT_DIVERGED: u8 = 3;

/// Watch a small neural network learn y = f(x). Without a subcommand, opens the window.
#[derive(Debug, Parser)]
#[command(
    name = "approxlab",
    version,
    about,
    allow_negative_numbers = true,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do (default: open the window).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Window options.
    #[command(flatten)]
    pub window: WindowArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train one network headless and report its losses (optionally save the model and a CSV of the curves).
    #[command(allow_negative_numbers = true)]
    Train(Box<TrainArgs>),
    /// Time training on the peer benchmark's workloads W1..W5, from the same initial weights as the peers
    /// (or, with --ui, the window's frame cost).
    Bench(bench::BenchArgs),
    /// Train several runs on the same data, each the common flags changed by its --run, and report each.
    #[command(allow_negative_numbers = true)]
    Compare(Box<compare::CompareArgs>),
    /// Record an animated GIF of the fit (or the window, or another plot) while a run trains, frames
    /// spaced evenly in log(step). Opens a window for it: needs a display, as --screenshot does.
    #[command(allow_negative_numbers = true)]
    Gif(Box<GifArgs>),
    /// Train a grid of networks over one or two parameters × seeds on every core and summarise the final
    /// losses per value (median, min, max); a learning-rate sweep also gets its zones.
    #[command(allow_negative_numbers = true)]
    Sweep(Box<sweep_cmd::SweepArgs>),
    /// List the tour's steps (the article's experiments): name and title, one a line.
    Presets,
    /// Train, then print the loss on a 2-D slice through the weights (random directions normalised per
    /// neuron) with the training path projected onto it.
    #[command(allow_negative_numbers = true)]
    Landscape(Box<sweep_cmd::LandscapeArgs>),
}

/// Floating-point precision of training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dtype {
    /// 32-bit, as Keras and PyTorch train by default.
    F32,
    /// 64-bit.
    F64,
}

/// Options of the window.
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// Draw --frames frames, save exactly what the window drew to this PNG file and exit (settings are
    /// neither restored nor saved).
    #[arg(long, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
    /// With --screenshot: picture one plot alone (fit, pieces, loss) or the whole window, painted off
    /// screen as the Export window does.
    #[arg(long, value_name = "AREA", value_parser = parse_area)]
    pub picture: Option<crate::app::PictureArea>,
    /// With --screenshot: the picture's pixels per point relative to the window's (1 to 4; 2 for slides).
    #[arg(long, value_name = "S", value_parser = parse_scale)]
    pub scale: Option<f32>,
    /// With --screenshot: frames to train and draw before the picture [default: 120].
    #[arg(long, requires = "screenshot", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub frames: Option<u32>,
    /// Training steps per frame.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub steps_per_frame: Option<u32>,
    /// Open this session file (its data, runs and training state: the settings flags and --run are
    /// refused with it).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["SettingsArgs", "runs"])]
    pub session: Option<PathBuf>,
    /// Presenter mode: the size of everything, 1 to 2.5 (remembered, as the View menu's UI scale).
    #[arg(long, value_name = "S", value_parser = parse_ui_scale)]
    pub ui_scale: Option<f32>,
    /// Open the window on this step of the tour (`approxlab presets` lists them); the step sets the
    /// data and the runs, so the settings flags and --run are refused with it.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["session", "SettingsArgs", "runs"])]
    pub preset: Option<String>,
    /// Add a run to compare, as `compare --run` ("optimizer=sgd,lr=0.1"); once per run, up to 5.
    #[arg(long = "run", value_name = "KEY=VALUE,…")]
    pub runs: Vec<String>,
    /// Starting settings (they replace the ones remembered from the last launch).
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// `approxlab gif`.
#[derive(Debug, Args)]
pub struct GifArgs {
    /// The GIF file to write.
    #[arg(value_name = "OUT.gif")]
    pub out: PathBuf,
    /// Train up to this step.
    #[arg(long, default_value_t = 3000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub steps: u64,
    /// Frames, at steps spaced evenly in log(1 + step) from 0 to --steps (fewer when --steps is small).
    #[arg(long, default_value_t = 100, value_parser = parse_frames)]
    pub frames: usize,
    /// Frames per second when the GIF plays (1 to 50).
    #[arg(long, default_value_t = 10.0, value_parser = parse_fps)]
    pub fps: f64,
    /// What the frames show: fit, pieces, loss or window.
    #[arg(long, default_value = "fit", value_parser = parse_area)]
    pub area: crate::app::PictureArea,
    /// The window's size in points, WIDTHxHEIGHT (at least 720x480).
    #[arg(long, default_value = "1280x800", value_parser = parse_size)]
    pub size: [f32; 2],
    /// Add a run to compare, as `compare --run` ("optimizer=sgd,lr=0.1"); once per run, up to 5.
    #[arg(long = "run", value_name = "KEY=VALUE,…")]
    pub runs: Vec<String>,
    /// The experiment.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// One run of `approxlab train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// The experiment.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// Number of training steps, 0 to 100000000 [default: 2000; with --preset, the preset's own].
    #[arg(long, value_parser = parse_train_steps)]
    pub steps: Option<u64>,
    /// Precision of training.
    #[arg(long, value_enum, default_value = "f32")]
    pub dtype: Dtype,
    /// Start from this model file: its shape, activations and weights (so --width, --depth,
    /// --activation and --init are refused with it).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["width", "depth", "activation", "init"])]
    pub load_model: Option<PathBuf>,
    /// Train a step of the tour (`approxlab presets` lists them), as a starting point: each of its runs,
    /// for its own number of steps, with every settings flag and --steps given here applied to every
    /// run. --csv and --loss-csv write every run in one file; --save-model, --save-session and
    /// --export-keras write one file per run, the run's number before the extension (fit.run2.json).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["session", "load_model"])]
    pub preset: Option<String>,
    /// Continue the first run of this session file exactly where it stopped: the session brings its
    /// data and settings, so the settings flags are refused with it.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["load_model", "SettingsArgs"])]
    pub session: Option<PathBuf>,
    /// Write the loss history (step, seconds, train, validation, outside) to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub loss_csv: Option<PathBuf>,
    /// Train K runs, 2 to 32, from the weight seeds s, s+1, … s+K−1 (s: --seed) on the same data (the run
    /// reported is member 0) and add how far they disagree: each member's loss, the band of their
    /// predictions on the view grid and its median's error, inside the interval and beyond it; --csv gains
    /// a column per member and median, low, high.
    #[arg(long, value_name = "K", value_parser = parse_members,
          conflicts_with_all = ["session", "load_model", "preset", "until_loss"])]
    pub ensemble: Option<usize>,
    /// Write the breakpoints of the trained prediction over the view, where its slope changes, to this
    /// CSV file: x,slope_left,slope_right (networks of linear, relu and leaky_relu units only).
    #[arg(long, value_name = "FILE")]
    pub pieces_csv: Option<PathBuf>,
    /// Write each Dense layer's kernel gradient norm and the norm of the update the step made to it, at
    /// the loss history's steps, to this CSV file: step,layer,grad_norm,update_norm (layer 1 is the
    /// first hidden layer, the last is the output).
    #[arg(long, value_name = "FILE")]
    pub grad_csv: Option<PathBuf>,
    /// Score your guess of the fit, a CSV of x, y points (linear between them, not extended beyond),
    /// against the trained network and the target on the view grid.
    #[arg(long, value_name = "FILE.csv")]
    pub guess: Option<PathBuf>,
    /// Write a Keras script that rebuilds this run (same initial weights, data, optimizer, steps) and
    /// prints its loss, to compare.
    #[arg(long, value_name = "FILE.py")]
    pub export_keras: Option<PathBuf>,
    /// Save the run, its data and its full training state to this session file after training.
    #[arg(long, value_name = "FILE")]
    pub save_session: Option<PathBuf>,
    /// Save the trained model to this file (JSON).
    #[arg(long, value_name = "FILE")]
    pub save_model: Option<PathBuf>,
    /// Write x, target, prediction and each neuron's contribution over the view grid to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Print one JSON line instead of the text summary.
    #[arg(long)]
    pub json: bool,
    /// Stop at the first step whose training loss is at most this (--steps is then the most it trains)
    /// and report the step and the time.
    #[arg(long, value_name = "L", value_parser = parse_until_loss)]
    pub until_loss: Option<f64>,
    /// Fail on purpose inside training (the tests of the crash path use it).
    #[arg(long, hide = true)]
    pub inject_fault: bool,
    /// After training, print the network as a formula: plain (the f(x) grammar), python or latex.
    #[arg(long, value_name = "FLAVOUR", num_args = 0..=1, default_missing_value = "plain", value_parser = parse_flavour)]
    pub formula: Option<crate::nn::formula::Flavour>,
}

/// What `main` should do after the arguments were read.
#[derive(Debug)]
pub enum Outcome {
    /// A command ran (or the arguments were wrong): exit with this status.
    Exit(ExitCode),
    /// No subcommand: open the window with these options.
    Window(Box<WindowArgs>),
}

/// Parses the process arguments and runs the chosen command.
pub fn run_from_args() -> Outcome {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return Outcome::Exit(ExitCode::SUCCESS);
        }
        Err(e) => return Outcome::Exit(fail(&Failure::BadInput(first_line(&e)))),
    };
    let outcome = match cli.command {
        None => return Outcome::Window(Box::new(cli.window)),
        Some(Command::Train(args)) if args.preset.is_some() => tour_cmd::train(&args),
        Some(Command::Train(args)) => train_cmd::run(&args),
        Some(Command::Bench(args)) => bench::run(&args),
        Some(Command::Compare(args)) => compare::run(&args),
        Some(Command::Gif(args)) => return Outcome::Exit(window::gif(&args)),
        Some(Command::Sweep(args)) => sweep_cmd::run(&args),
        Some(Command::Presets) => {
            tour_cmd::list();
            Ok(())
        }
        Some(Command::Landscape(args)) => sweep_cmd::landscape(&args),
    };
    Outcome::Exit(match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(&failure),
    })
}

/// A panic prints one sentence on stderr ("approxlab: internal error: …; please report it") instead of
/// a backtrace; `main` turns it into exit status 1. (The window's training thread recovers from its
/// own; this line is then the only trace on stderr.) Output whose reader has gone (`approxlab presets
/// | head`) is no error: the process ends quietly, as command-line tools do.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        if what.starts_with("failed printing to stdout") && what.contains("Broken pipe") {
            std::process::exit(0);
        }
        let where_ = info
            .location()
            .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "approxlab: internal error: {}{where_}; please report it",
            what.replace('\n', " ")
        );
    }));
}

/// The first line of a command-line parsing error, without clap's "error: ".
/// A first line that ends in a colon ("the following required arguments were not provided:") takes
/// the indented lines under it along ("…: --screenshot <FILE>").
pub fn first_line(e: &clap::Error) -> String {
    let text = e.to_string();
    let mut lines = text.lines();
    let first = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ");
    if !first.ends_with(':') {
        return first.to_string();
    }
    let listed: Vec<&str> = lines
        .take_while(|l| l.starts_with(' '))
        .map(str::trim)
        .collect();
    format!("{first} {}", listed.join(", "))
}

/// Prints the failure on one line (whatever a file's content put in the message: control characters
/// are escaped, and a runaway message is cut) and returns its exit status.
pub fn fail(failure: &Failure) -> ExitCode {
    let (msg, code) = match failure {
        Failure::BadInput(msg) => (msg, EXIT_BAD_INPUT),
        Failure::Diverged(msg) => (msg, EXIT_DIVERGED),
    };
    eprintln!("approxlab: {}", crate::files::read::quoted(msg, 1000));
    ExitCode::from(code)
}

impl Failure {
    /// Done, unless runs diverged: then one sentence naming them (exit 3).
    pub fn unless_diverged(runs: &[impl AsRef<str>]) -> Result<(), Failure> {
        if runs.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = runs.iter().map(AsRef::as_ref).collect();
        Err(Failure::Diverged(format!(
            "training diverged for {}; try a smaller learning rate",
            names.join(" and ")
        )))
    }
}

/// How a command failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// Input the program cannot use (exit 2).
    BadInput(String),
    /// Training diverged (exit 3).
    Diverged(String),
}

/// A wall-clock duration for a person to read, with three significant digits in the unit that fits
/// (µs, ms or s): a 600-step run of a small network takes half a millisecond, which "0.000 s" hid.
fn duration_text(seconds: f64) -> String {
    let (value, unit) = if seconds >= 1.0 || !seconds.is_finite() {
        (seconds, "s")
    } else if seconds >= 1e-3 {
        (seconds * 1e3, "ms")
    } else {
        (seconds * 1e6, "µs")
    };
    let decimals = match value {
        v if v >= 100.0 => 0,
        v if v >= 10.0 => 1,
        _ => 2,
    };
    format!("{value:.decimals$} {unit}")
}

#[cfg(test)]
mod tests {
    use super::duration_text;

    #[test]
    fn durations_read_in_the_unit_that_fits() {
        assert_eq!(duration_text(0.0), "0.00 µs");
        assert_eq!(duration_text(0.000_49), "490 µs");
        assert_eq!(duration_text(0.004_123), "4.12 ms");
        assert_eq!(duration_text(0.0456), "45.6 ms");
        assert_eq!(duration_text(1.234_5), "1.23 s");
        assert_eq!(duration_text(512.0), "512 s");
    }
}
