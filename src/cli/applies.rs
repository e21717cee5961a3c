//! No flag is silently ignored: once a run's settings are final, each settings flag the user gave either
//! takes effect, or is refused (where it can only be a mistake: exit 2, one line naming the flag), or is
//! noted once on stderr ("--momentum has no effect on adam; …", exit 0). The choices follow what the
//! window greys out: a control greyed out for a setting is a note here, a request that cannot be met at
//! all is a refusal.
//!
//! | flag | when | what |
//! |---|---|---|
//! | `--batch N` (N > 0) | lm | refused: Levenberg–Marquardt is full batch |
//! | `--patience N` (N > 0) | no validation share | refused: early stopping watches the validation loss |
//! | `--lr` | lm | note: LM's step comes from its damping |
//! | `--momentum` | not momentum or nesterov | note |
//! | `--width`, `--activation` | `--depth 0` | note: a single neuron, w·x + b |
//! | `--points`, `--sampling`, `--noise`, `--domain` | points from a file | note: the file gives the points as they are |
//! | `--data-seed` | nothing drawn by chance (grid, no noise, no validation share) | note |

use super::SettingsArgs;
use crate::data::{Sampling, Source};
use crate::nn::OptimizerKind;
use crate::sweep::SweepParam;
use crate::train::Settings;

/// Refusals and notes for the flags given in any of `given` (the common flags, a run's own), for a run
/// that ends up with `settings`; `run` names the run in the sentences when there are several ("run 2: ").
/// `Err` is the first refusal.
pub fn check(
    given: &[&SettingsArgs],
    settings: &Settings,
    run: Option<usize>,
) -> Result<Vec<String>, String> {
    let args = Given::of(given);
    let who = run.map_or(String::new(), |k| format!("run {k}: "));
    let o = &settings.optim;
    let d = &settings.data;
    let lm = o.optimizer == OptimizerKind::Lm;
    if args.batch.is_some_and(|b| b > 0) && lm {
        return Err(format!(
            "{who}--batch: Levenberg–Marquardt (lm) trains on the full batch; leave --batch out or choose \
             another optimizer"
        ));
    }
    if args.patience.is_some_and(|p| p > 0) && d.val_fraction <= 0.0 {
        return Err(format!(
            "{who}--patience needs a validation share (--val): early stopping watches the validation loss"
        ));
    }
    let mut notes = Vec::new();
    let mut note = |given: bool, text: String| {
        if given {
            notes.push(format!("{who}{text}"));
        }
    };
    note(
        args.lr.is_some() && lm,
        "--lr has no effect on lm: Levenberg–Marquardt takes its step from its damping".into(),
    );
    note(
        args.momentum.is_some() && !o.optimizer.uses_momentum(),
        format!(
            "--momentum has no effect on {}; it applies to momentum and nesterov",
            o.optimizer.name()
        ),
    );
    let single = settings.net.depth == 0;
    for (given, flag) in [
        (args.width.is_some(), "--width"),
        (args.activation.is_some(), "--activation"),
    ] {
        note(
            given && single,
            format!("{flag} has no effect with --depth 0: a single neuron, w·x + b"),
        );
    }
    let from_file = matches!(d.source, Source::Points(_));
    for (given, flag) in [
        (args.points.is_some(), "--points"),
        (args.sampling.is_some(), "--sampling"),
        (args.noise.is_some(), "--noise"),
    ] {
        note(
            given && from_file,
            format!("{flag} has no effect on points from a file: they are trained as they are"),
        );
    }
    note(
        args.domain.is_some() && from_file,
        "--domain has no effect on how points from a file train: they are trained as they are, and the \
         interval drawn follows them"
            .into(),
    );
    let by_chance =
        (!from_file && (d.sampling == Sampling::Random || d.noise > 0.0)) || d.val_fraction > 0.0;
    note(
        args.data_seed.is_some() && !by_chance,
        "--data-seed has no effect here: nothing in the data is drawn by chance (no random sampling, \
         noise or validation share)"
            .into(),
    );
    Ok(notes)
}

/// A sweep over `param` must change what trains: sweeping a setting the optimizer ignores (the learning
/// rate or the batch of Levenberg–Marquardt, the momentum of another optimizer) or the points' count of
/// points from a file would train the same run over and over, so it is refused, naming why.
pub fn check_swept(param: SweepParam, base: &Settings) -> Result<(), String> {
    let optimizer = base.optim.optimizer;
    let lm = optimizer == OptimizerKind::Lm;
    let why = match param {
        SweepParam::Lr if lm => "lm takes its step from its damping, not a learning rate",
        SweepParam::Batch if lm => "lm trains on the full batch",
        SweepParam::Momentum if !optimizer.uses_momentum() => {
            "only momentum and nesterov use a momentum (choose one with --optimizer)"
        }
        SweepParam::Points | SweepParam::Noise if matches!(base.data.source, Source::Points(_)) => {
            "points from a file are trained as they are"
        }
        _ => return Ok(()),
    };
    Err(format!(
        "sweeping {} would train the same run at every value: {why}",
        param.name()
    ))
}

/// Which settings flags were given, in any of several sets of flags.
#[derive(Default)]
struct Given {
    batch: Option<usize>,
    patience: Option<u64>,
    lr: Option<f64>,
    momentum: Option<f64>,
    width: Option<usize>,
    activation: Option<()>,
    points: Option<usize>,
    sampling: Option<()>,
    noise: Option<f64>,
    domain: Option<()>,
    data_seed: Option<u64>,
}

impl Given {
    /// The last given value of each flag across `sets` (a run's own flags come after the common ones).
    fn of(sets: &[&SettingsArgs]) -> Self {
        let mut g = Self::default();
        for a in sets {
            g.batch = a.batch.or(g.batch);
            g.patience = a.patience.or(g.patience);
            g.lr = a.lr.or(g.lr);
            g.momentum = a.momentum.or(g.momentum);
            g.width = a.width.or(g.width);
            g.activation = a.activation.map(|_| ()).or(g.activation);
            g.points = a.points.or(g.points);
            g.sampling = a.sampling.map(|_| ()).or(g.sampling);
            g.noise = a.noise.or(g.noise);
            g.domain = a.domain.map(|_| ()).or(g.domain);
            g.data_seed = a.data_seed.or(g.data_seed);
        }
        g
    }
}

/// Prints each note on stderr, one line each ("approxlab: note: …").
pub fn say(notes: &[String]) {
    for note in notes {
        eprintln!("approxlab: note: {}", crate::files::read::quoted(note, 300));
    }
}
