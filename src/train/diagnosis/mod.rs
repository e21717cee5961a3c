//! What a run is doing, in words: one **state** (learning, converged, plateau, too slow, unstable,
//! diverged, underfit, overfit) and any number of **findings** (dead units, saturated units, an
//! extrapolation gap, a symmetric start), each with one sentence of evidence in numbers and, where it
//! maps to a setting, one suggested change the user can click.
//!
//! Everything is read from what a run already keeps — its decimated loss history (at most
//! `history::CAPACITY` records, so one diagnosis costs the same after 5 000 or 100 000 steps), its
//! halt, its settings, the fit's quality on the view grid and its idle units — never from a step.
//!
//! The measures (`measures.rs`; the rules that read them in `rules.rs`, `capacity.rs`, `findings.rs`):
//! - the **recent drop** d = log₁₀(L(s/2) / L(s)), the decades the training loss fell over the last half
//!   of the s steps so far: a window that grows with the run, so a stall must last as long as the
//!   training before it to count (a short pause in a long run is not a plateau);
//! - the **fit level**: R² ≥ [`FIT_R2`] inside the interval against the target (the noiseless function),
//!   or the **noise floor**: the training loss within [`NOISE_MARGIN`]× of what the noise alone costs
//!   (σ² for mse, σ·√(2/π) for mae, σ²/2 for Huber while σ is small);
//! - for `overfit`, the validation loss against its own lowest, and the training loss since then;
//! - for `unstable`, jumps of the training loss between consecutive records.
//!
//! The rules are tried in a fixed order (`diagnose`); the first that holds names the state.

mod capacity;
mod findings;
mod measures;
mod rules;
mod suggestion;
#[cfg(test)]
mod tests;

use super::history::LossRecord;
use super::quality::FitQuality;
use super::run::Halt;
use super::settings::RunSettings;
use crate::nn::explain::Idle;
pub use suggestion::Suggestion;

/// No state but `learning` (or `diverged`) before this many steps: too early to tell a plateau from
/// the first steps' search, and every run starts with a few records of nearly flat loss.
pub const MIN_STEPS: u64 = 100;
/// Nor before this many records: the recent drop needs a few points to be measured on.
pub const MIN_RECORDS: usize = 8;
/// R² inside the interval at or above which a fit "fits the data": 0.99 leaves 1 % of the target's
/// variance unexplained, a fit no eye tells from the target on the plot.
pub const FIT_R2: f64 = 0.99;
/// The training loss within this factor of the noise's own cost is at the noise floor: the fit cannot
/// honestly go lower (going lower is fitting the noise). 1.5 leaves room for a fit that is slightly off.
pub const NOISE_MARGIN: f64 = 1.5;
/// A recent drop below this many decades is a stall: 0.02 decades is 4.7 % over the last half of the
/// run, less than a plot on a log scale shows as falling.
pub const STALL_DECADES: f64 = 0.02;
/// A fit that already fits and fell less than this many decades over the last half of the run has
/// converged: 0.3 decades is a factor of 2 in a loss already below 1 % of the target's variance, a
/// change no one sees on the fit.
pub const SETTLED_DECADES: f64 = 0.3;
/// A fit that fits with a training loss below this fraction of the targets' variance has converged
/// however fast the loss still falls: a millionth is far below anything the plot or the fit shows (a
/// net that memorises three points drives the loss on toward rounding in f64).
pub const NEGLIGIBLE: f64 = 1e-6;
/// Falling, but needing this many times the steps so far to reach the fit level, is too slow: half an
/// order of magnitude more than the user has already waited, at a pace measured over the last half of
/// the run, which only slows as training goes on (the true wait is longer). Tuned on the tour's
/// learning-rate step: SGD at lr 1e-4 needs about 6× its 2 000 steps at that pace; lr 0.1 is there.
pub const TOO_SLOW_FACTOR: f64 = 5.0;
/// …and only while the loss is at least this many decades above the fit level (a run close to it may
/// finish slowly).
pub const TOO_SLOW_GAP_DECADES: f64 = 1.0;
/// The validation loss this far (relative) above its lowest is rising: 20 % is well beyond the
/// record-to-record wobble of a full-batch validation loss (under 1 % in the tour's runs).
pub const OVERFIT_RISE: f64 = 0.2;
/// …and the training loss must have fallen at least this much (relative) since that lowest point: the
/// network is still learning the training points while it loses the others.
pub const OVERFIT_TRAIN_FALL: f64 = 0.1;
/// A training loss this many times the record before it is a jump.
pub const UNSTABLE_JUMP: f64 = 1.5;
/// This many jumps in the recent window make a run unstable (one or two are a mini-batch's luck).
pub const UNSTABLE_JUMPS: usize = 3;
/// The error outside the interval this many times the error inside is an extrapolation gap worth
/// saying: an order of magnitude.
pub const GAP_FACTOR: f64 = 10.0;
/// A bias this small next to its weight (relative) is zero: every centre −b/w at 0.
pub const ZERO_BIAS: f64 = 1e-6;

/// What a run is doing now: exactly one per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum State {
    /// The loss falls steadily (and a run not yet trained).
    #[default]
    Learning,
    /// The loss stopped moving at a level that fits the data, or reached the noise floor.
    Converged,
    /// The loss stalled well above the fit level with no limit of the network to blame: a saddle,
    /// likely to move again.
    Plateau,
    /// Falling, but so slowly that reaching the fit level would take orders of magnitude more steps.
    TooSlow,
    /// The loss jumps up again and again without diverging.
    Unstable,
    /// The loss exploded; training halted.
    Diverged,
    /// Stuck high because this network cannot draw the target.
    Underfit,
    /// The validation loss rises from its lowest while the training loss falls.
    Overfit,
}

impl State {
    /// The state's name, as the run list and the JSON output say it.
    pub fn name(self) -> &'static str {
        match self {
            State::Learning => "learning",
            State::Converged => "converged",
            State::Plateau => "plateau",
            State::TooSlow => "too-slow",
            State::Unstable => "unstable",
            State::Diverged => "diverged",
            State::Underfit => "underfit",
            State::Overfit => "overfit",
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Something worth knowing about a run, whatever its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// ReLU units off on every training point.
    DeadUnits,
    /// tanh/sigmoid-like units flat on every training point.
    SaturatedUnits,
    /// The error beyond the interval many times the error inside.
    ExtrapolationGap,
    /// The units cannot become different: all centres at 0 on a symmetric problem, or identical units.
    SymmetricStart,
}

impl FindingKind {
    /// The finding's name, as the JSON output says it.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::DeadUnits => "dead-units",
            FindingKind::SaturatedUnits => "saturated-units",
            FindingKind::ExtrapolationGap => "extrapolation-gap",
            FindingKind::SymmetricStart => "symmetric-start",
        }
    }
}

/// A finding with its evidence and, where a setting addresses it, a suggested change.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Which.
    pub kind: FindingKind,
    /// One sentence with the numbers.
    pub evidence: String,
    /// What to try, if a setting addresses it.
    pub suggestion: Option<Suggestion>,
}

/// One run's diagnosis (the default: a run not yet trained, learning).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagnosis {
    /// What it is doing.
    pub state: State,
    /// Since when, where that is known (the divergence, the validation minimum, the start of a stall).
    pub since_step: Option<u64>,
    /// One sentence with the numbers that show it.
    pub evidence: String,
    /// What to try next, if a setting addresses it.
    pub suggestion: Option<Suggestion>,
    /// Everything else worth knowing.
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    /// The JSON object the command line prints: state, since_step, evidence and the findings' names.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "state": self.state.name(),
            "since_step": self.since_step,
            "evidence": self.evidence,
            "findings": self.findings.iter().map(|f| f.kind.name()).collect::<Vec<_>>(),
        })
    }

    /// The state and its evidence in one line, then each finding's ("overfit since step 1 200:
    /// validation …"), for a tooltip or the command line's text output.
    pub fn sentences(&self) -> Vec<String> {
        let since = self
            .since_step
            .map_or(String::new(), |s| format!(" since step {s}"));
        let mut lines = vec![format!("{}{since}: {}", self.state, self.evidence)];
        lines.extend(
            self.findings
                .iter()
                .map(|f| format!("{}: {}", f.kind.name(), f.evidence)),
        );
        lines
    }
}

/// What the units of the network look like, for the symmetric-start finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Units {
    /// One hidden layer whose every bias is zero (every centre −b/w at 0), with more than one unit.
    pub centres_at_zero: bool,
    /// Every unit of the first hidden layer has the same incoming weight and bias, with more than one
    /// unit: they compute the same thing and get the same gradient, forever.
    pub identical: bool,
}

impl Units {
    /// Reads them from a network.
    pub fn of<T: crate::nn::Float>(mlp: &crate::nn::Mlp<T>) -> Self {
        let layers = mlp.layers();
        if layers.len() < 2 {
            return Self::default();
        }
        let first = layers[0];
        if first.fan_out < 2 || first.fan_in != 1 {
            return Self::default();
        }
        let p = mlp.params();
        let w = |j: usize| p[first.kernel_at + j].to_f64();
        let b = |j: usize| p[first.bias_at + j].to_f64();
        let units = 0..first.fan_out;
        Self {
            centres_at_zero: layers.len() == 2
                && units
                    .clone()
                    .all(|j| b(j).abs() <= ZERO_BIAS * w(j).abs().max(1.0)),
            identical: units.clone().all(|j| w(j) == w(0) && b(j) == b(0)),
        }
    }
}

/// Everything a diagnosis reads: what the run keeps and what its view already computed.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The loss history, oldest first.
    pub records: &'a [LossRecord],
    /// Why it stopped by itself, if it did.
    pub halt: Option<Halt>,
    /// Its settings.
    pub settings: &'a RunSettings,
    /// Updates applied so far.
    pub step: u64,
    /// The standard deviation of the noise added to the targets (0 for none, or given points).
    pub noise: f64,
    /// Whether the target function is known (not given points): R² against it means "fits".
    pub target_known: bool,
    /// R², RMSE and largest error inside and beyond the interval, on the view grid.
    pub quality: FitQuality,
    /// The variance of the training targets (for R² on the points when no target is known).
    pub train_variance: f64,
    /// The turning points (local extrema) of the target inside the interval, where it is known.
    pub bends: Option<usize>,
    /// Each unit of the one hidden layer: idle, and why (empty for other depths).
    pub idle: &'a [Option<Idle>],
    /// Symmetry of the units.
    pub units: Units,
}

/// The diagnosis of `run` on `data`, whose targets carry noise of standard deviation `noise` (where a
/// target function made them), from the fit's `quality` and the `idle` units its view computed.
pub fn of_run<T: crate::nn::Float>(
    run: &super::Run<T>,
    data: &super::Data<T>,
    noise: f64,
    quality: FitQuality,
    idle: &[Option<Idle>],
) -> Diagnosis {
    diagnose(&evidence(run, data, noise, quality, idle))
}

/// What [`of_run`] reads of `run` on `data`: the one place a run's evidence is gathered (the window,
/// the command line and the benchmark all diagnose from it).
pub fn evidence<'a, T: crate::nn::Float>(
    run: &'a super::Run<T>,
    data: &super::Data<T>,
    noise: f64,
    quality: FitQuality,
    idle: &'a [Option<Idle>],
) -> Evidence<'a> {
    let target_known = data.dataset.view_y.is_some();
    Evidence {
        records: run.history().records(),
        halt: run.halt(),
        settings: run.settings(),
        step: run.step(),
        noise: if target_known { noise } else { 0.0 },
        target_known,
        quality,
        train_variance: data.train_variance,
        bends: data.bends,
        idle,
        units: Units::of(run.mlp()),
    }
}

/// The diagnosis of the run `evidence` describes.
pub fn diagnose(evidence: &Evidence<'_>) -> Diagnosis {
    let (state, since_step, sentence, suggestion) = rules::state(evidence);
    Diagnosis {
        state,
        since_step,
        evidence: sentence,
        suggestion,
        findings: findings::findings(evidence),
    }
}

/// The turning points of `target` over the grid `x` inside [`lo`, `hi`]: where its slope changes sign
/// (flat stretches and non-finite values skipped). Used for "too few neurons for the target's bends".
pub fn bends(x: &[f64], target: &[f64], lo: f64, hi: f64) -> usize {
    let inside: Vec<f64> = x
        .iter()
        .zip(target)
        .filter(|(xi, y)| **xi >= lo && **xi <= hi && y.is_finite())
        .map(|(_, &y)| y)
        .collect();
    let scale = inside
        .iter()
        .fold(0.0f64, |m, y| m.max(y.abs()))
        .max(1e-300);
    let mut last_sign = 0i8;
    let mut count = 0;
    for pair in inside.windows(2) {
        let slope = pair[1] - pair[0];
        if slope.abs() <= 1e-9 * scale {
            continue;
        }
        let sign = if slope > 0.0 { 1 } else { -1 };
        if last_sign != 0 && sign != last_sign {
            count += 1;
        }
        last_sign = sign;
    }
    count
}
