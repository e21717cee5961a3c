//! Every setting of an experiment as a command-line flag, shared by `train`, `compare`, its `--run` specs
//! and the window; each number is parsed within the limits of [`crate::limits`], each name by the names
//! the menus use.

use crate::data::{Interval, Sampling, Source};
use crate::limits;
use crate::nn::{Activation, Init, Loss, OptimizerKind};
use crate::train::Settings;
use clap::Args;
use std::path::PathBuf;

/// Every setting of an experiment; a flag left out keeps the value it replaces (the default for `train`).
#[derive(Debug, Args, Default)]
pub struct SettingsArgs {
    /// Target function: a preset (line, sin, plateaus, abs, step, cubic, bump, sawtooth) or any f(x) such
    /// as "1+sin(7*pi*x/5)" [default: sin].
    #[arg(long, value_parser = parse_target, allow_hyphen_values = true)]
    pub target: Option<Source>,
    /// Train on the points (x, y) of this CSV file instead of a target function (comma, semicolon or tab
    /// separated, a header line optional).
    #[arg(long, value_name = "FILE", conflicts_with = "target")]
    pub data: Option<PathBuf>,
    /// With --data: the names of the x and y columns of a file with a header, as X,Y [default: the first
    /// two].
    #[arg(long, value_name = "X,Y", requires = "data")]
    pub columns: Option<String>,
    /// Number of points on the training interval, training + validation, 2 to 100000 [default: 200].
    #[arg(long, value_parser = parse_points)]
    pub points: Option<usize>,
    /// Point placement: grid (evenly spaced, both ends) or random (seeded uniform) [default: grid].
    #[arg(long, value_enum)]
    pub sampling: Option<SamplingArg>,
    /// Standard deviation of the Gaussian noise added to y [default: 0].
    #[arg(long)]
    pub noise: Option<f64>,
    /// Fraction of the points held out for validation, 0 to 0.9 [default: 0].
    #[arg(long)]
    pub val: Option<f64>,
    /// Training interval, as LO,HI [default: -3,3].
    #[arg(long, value_parser = parse_interval, allow_hyphen_values = true)]
    pub domain: Option<Interval>,
    /// View interval (where the fit is drawn and the outside error measured), as LO,HI [default: -6,6].
    #[arg(long, value_parser = parse_interval, allow_hyphen_values = true)]
    pub view: Option<Interval>,
    /// Neurons per hidden layer, 1 to 1024 [default: 10].
    #[arg(long, value_parser = parse_width)]
    pub width: Option<usize>,
    /// Number of hidden layers, 0 to 8; 0 is a single neuron, ŷ = w·x + b [default: 1].
    #[arg(long, value_parser = parse_depth)]
    pub depth: Option<usize>,
    /// Hidden activation: linear, relu, leaky_relu, elu, tanh, sigmoid, softplus, sin [default: tanh].
    #[arg(long, value_parser = parse_from_str::<Activation>)]
    pub activation: Option<Activation>,
    /// Kernel init (Keras names): zeros, random_uniform, random_normal, glorot_uniform, glorot_normal,
    /// he_uniform, he_normal, lecun_normal [default: he_normal].
    #[arg(long, value_parser = parse_from_str::<Init>)]
    pub init: Option<Init>,
    /// The output neuron's bias at step 0 (Keras: bias_initializer=Constant on the output layer); near
    /// the target's mean, the net starts at the right height [default: 0].
    #[arg(long, value_parser = parse_output_bias, allow_hyphen_values = true)]
    pub output_bias: Option<f64>,
    /// Optimizer: sgd, momentum, nesterov, rmsprop, adam, lm (Levenberg–Marquardt: full batch, mse only)
    /// [default: adam].
    #[arg(long, value_parser = parse_from_str::<OptimizerKind>)]
    pub optimizer: Option<OptimizerKind>,
    /// Learning rate [default: 0.01].
    #[arg(long)]
    pub lr: Option<f64>,
    /// Momentum μ for momentum and nesterov [default: 0.9].
    #[arg(long)]
    pub momentum: Option<f64>,
    /// Points per step; 0 is the full batch [default: 0].
    #[arg(long, value_parser = parse_batch)]
    pub batch: Option<usize>,
    /// L2 weight decay λ: adds λ·ΣW² over kernels to the loss [default: 0].
    #[arg(long)]
    pub weight_decay: Option<f64>,
    /// Early stopping: halt once the validation loss has not improved for this many steps and put the
    /// best weights back (needs --val) [default: 0, off].
    #[arg(long, value_parser = parse_patience)]
    pub patience: Option<u64>,
    /// Loss: mse, mae, huber [default: mse].
    #[arg(long, value_parser = parse_from_str::<Loss>)]
    pub loss: Option<Loss>,
    /// Seed of every random choice (data, weights, shuffling), a whole number from 0 to 4294967295: the
    /// same seed gives the same run [default: 42].
    #[arg(long, value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Seed of the data alone (random sampling, noise, validation split), overriding --seed for them
    /// [default: the --seed].
    #[arg(long, value_parser = parse_seed)]
    pub data_seed: Option<u64>,
}

impl SettingsArgs {
    /// `base` with every given flag applied; a --data file is read here (its problem, if any, is the
    /// error: the file, the line and the value).
    pub fn apply_to(&self, mut s: Settings) -> Result<Settings, String> {
        fn set<T: Copy>(field: &mut T, flag: Option<T>) {
            if let Some(v) = flag {
                *field = v;
            }
        }
        if let Some(source) = &self.target {
            s.data.source = source.clone();
        }
        set(&mut s.data.points, self.points);
        set(&mut s.data.sampling, self.sampling.map(Into::into));
        set(&mut s.data.noise, self.noise);
        set(&mut s.data.val_fraction, self.val);
        set(&mut s.data.domain, self.domain);
        set(&mut s.data.view, self.view);
        set(&mut s.net.width, self.width);
        set(&mut s.net.depth, self.depth);
        set(&mut s.net.activation, self.activation);
        set(&mut s.net.init, self.init);
        set(&mut s.net.output_bias, self.output_bias);
        set(&mut s.optim.optimizer, self.optimizer);
        set(&mut s.optim.lr, self.lr);
        set(&mut s.optim.momentum, self.momentum);
        set(&mut s.optim.batch, self.batch);
        set(&mut s.optim.weight_decay, self.weight_decay);
        set(&mut s.optim.patience, self.patience);
        set(&mut s.optim.loss, self.loss);
        set(&mut s.seed, self.seed);
        set(&mut s.data.seed, self.seed);
        set(&mut s.data.seed, self.data_seed);
        if let Some(path) = &self.data {
            let columns = match &self.columns {
                None => None,
                Some(text) => match text.split_once(',') {
                    Some((x, y)) if !x.trim().is_empty() && !y.trim().is_empty() => {
                        Some((x.trim(), y.trim()))
                    }
                    _ => return Err(format!("--columns takes two names, X,Y (got '{text}')")),
                },
            };
            let points = crate::data::csv_points::load_points(path, columns)?;
            s.data.source = Source::Points(points.into());
        }
        if let Some(batch) = self.batch {
            // a batch of every training point is the full batch; more points than that do not exist
            let most = s.data.train_count();
            crate::limits::Limit::new("batch size", 0.0, most as f64).check(batch as f64)?;
        }
        Ok(s)
    }

    /// Whether any setting was given on the command line.
    pub fn any(&self) -> bool {
        let given = [
            self.target.is_some(),
            self.points.is_some(),
            self.sampling.is_some(),
            self.noise.is_some(),
            self.val.is_some(),
            self.domain.is_some(),
            self.view.is_some(),
            self.width.is_some(),
            self.depth.is_some(),
            self.activation.is_some(),
            self.init.is_some(),
            self.output_bias.is_some(),
            self.optimizer.is_some(),
            self.lr.is_some(),
            self.momentum.is_some(),
            self.batch.is_some(),
            self.weight_decay.is_some(),
            self.patience.is_some(),
            self.loss.is_some(),
            self.seed.is_some(),
            self.data_seed.is_some(),
            self.data.is_some(),
        ];
        given.contains(&true)
    }
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

/// Parses `--target`: a preset's name, or an expression checked at once (what is wrong, and where).
fn parse_target(s: &str) -> Result<Source, String> {
    let source = Source::from_text(s);
    source.validate()?;
    Ok(source)
}

/// Parses `--points` within [`limits::POINTS`].
fn parse_points(s: &str) -> Result<usize, String> {
    limits::POINTS.parse_whole(s)
}

/// Parses `--width` within [`limits::WIDTH`].
fn parse_width(s: &str) -> Result<usize, String> {
    limits::WIDTH.parse_whole(s)
}

/// Parses `--depth` within [`limits::DEPTH`].
fn parse_depth(s: &str) -> Result<usize, String> {
    limits::DEPTH.parse_whole(s)
}

/// Parses `--seed` within [`limits::SEED`].
fn parse_seed(s: &str) -> Result<u64, String> {
    limits::SEED.parse_whole(s)
}

/// Parses `--batch`: a whole number of points, 0 for the full batch.
fn parse_batch(s: &str) -> Result<usize, String> {
    s.trim().parse().map_err(|_| {
        format!("batch must be a whole number of points, 0 for the full batch (got '{s}')")
    })
}

/// Parses `--output-bias` within [`limits::OUTPUT_BIAS`].
fn parse_output_bias(s: &str) -> Result<f64, String> {
    let value: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("output bias must be a number (got '{s}')"))?;
    limits::OUTPUT_BIAS.check(value)?;
    Ok(value)
}

/// Parses `--patience` within [`limits::PATIENCE`].
fn parse_patience(s: &str) -> Result<u64, String> {
    limits::PATIENCE.parse_whole(s)
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
