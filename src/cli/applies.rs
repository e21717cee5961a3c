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
    sets: &[&SettingsArgs],
    settings: &Settings,
    run: Option<usize>,
) -> Result<Vec<String>, String> {
    // whether a flag was given in any set; its value is the settings' own (the last set given wins)
    let given = |flag: fn(&SettingsArgs) -> bool| sets.iter().any(|a| flag(a));
    let who = run.map_or(String::new(), |k| format!("run {k}: "));
    let o = &settings.optim;
    let d = &settings.data;
    let lm = o.optimizer == OptimizerKind::Lm;
    if given(|a| a.batch.is_some()) && o.batch > 0 && lm {
        return Err(format!(
            "{who}--batch: Levenberg–Marquardt (lm) trains on the full batch; leave --batch out or choose \
             another optimizer"
        ));
    }
    if given(|a| a.patience.is_some()) && o.patience > 0 && d.val_fraction <= 0.0 {
        return Err(format!(
            "{who}--patience needs a validation share (--val): early stopping watches the validation loss"
        ));
    }
    let mut notes = Vec::new();
    let mut note = |applies: bool, text: String| {
        if applies {
            notes.push(format!("{who}{text}"));
        }
    };
    note(
        given(|a| a.lr.is_some()) && lm,
        "--lr has no effect on lm: Levenberg–Marquardt takes its step from its damping".into(),
    );
    note(
        given(|a| a.momentum.is_some()) && !o.optimizer.uses_momentum(),
        format!(
            "--momentum has no effect on {}; it applies to momentum and nesterov",
            o.optimizer.name()
        ),
    );
    let single = settings.net.depth == 0;
    for (was_given, flag) in [
        (given(|a| a.width.is_some()), "--width"),
        (given(|a| a.activation.is_some()), "--activation"),
    ] {
        note(
            was_given && single,
            format!("{flag} has no effect with --depth 0: a single neuron, w·x + b"),
        );
    }
    let from_file = matches!(d.source, Source::Points(_));
    for (was_given, flag) in [
        (given(|a| a.points.is_some()), "--points"),
        (given(|a| a.sampling.is_some()), "--sampling"),
        (given(|a| a.noise.is_some()), "--noise"),
    ] {
        note(
            was_given && from_file,
            format!("{flag} has no effect on points from a file: they are trained as they are"),
        );
    }
    note(
        given(|a| a.domain.is_some()) && from_file,
        "--domain has no effect on how points from a file train: they are trained as they are, and the \
         interval drawn follows them"
            .into(),
    );
    let by_chance =
        (!from_file && (d.sampling == Sampling::Random || d.noise > 0.0)) || d.val_fraction > 0.0;
    note(
        given(|a| a.data_seed.is_some()) && !by_chance,
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

/// Prints each note on stderr, one line each ("approxlab: note: …").
pub fn say(notes: &[String]) {
    for note in notes {
        eprintln!("approxlab: note: {}", crate::files::read::quoted(note, 300));
    }
}
