//! What changed between two settings, in the few words the status line and the loss plot's marks use:
//! "width from 10 to 25" when the weights are drawn anew, "lr 0.1, mae loss" when they are kept.

use super::settings::{OptimSettings, RunSettings};
use crate::data::DataSettings;
use crate::limits::show_3 as round;

/// Names what changed between two settings that re-initialise ("width from 10 to 25, seed from 1 to 2").
pub fn reinit(before: &RunSettings, after: &RunSettings) -> String {
    let (a, b) = (&before.net, &after.net);
    let mut parts = Vec::new();
    if a.depth != b.depth {
        parts.push(format!("hidden layers from {} to {}", a.depth, b.depth));
    }
    if a.width != b.width {
        parts.push(format!("width from {} to {}", a.width, b.width));
    }
    if a.activation != b.activation {
        parts.push(format!(
            "activation from {} to {}",
            a.activation, b.activation
        ));
    }
    if a.init != b.init {
        parts.push(format!("init from {} to {}", a.init, b.init));
    }
    if a.output_bias != b.output_bias {
        parts.push(format!(
            "output bias at start from {} to {}",
            round(a.output_bias),
            round(b.output_bias)
        ));
    }
    if before.seed != after.seed {
        parts.push(format!("seed from {} to {}", before.seed, after.seed));
    }
    if parts.is_empty() {
        "network changed".into()
    } else {
        parts.join(", ")
    }
}

/// A change that keeps the weights, as (which fields changed, a short label with their new values):
/// the fields tell one slider drag from the next edit, the label goes on the loss plot. The lab marks
/// the data's and a run's changes apart ([`kept_data`], [`kept_training`]); the tests read both in one.
#[cfg(test)]
fn kept(before: &super::Settings, after: &super::Settings) -> (String, String) {
    let mut changes = Changes::default();
    changes.data(&before.data, &after.data);
    changes.training(&before.optim, &after.optim);
    changes.said()
}

/// [`kept`] for the data alone (the lab's one data setting changed).
pub fn kept_data(before: &DataSettings, after: &DataSettings) -> (String, String) {
    let mut changes = Changes::default();
    changes.data(before, after);
    changes.said()
}

/// [`kept`] for what a run owns (its data did not change).
pub fn kept_training(before: &RunSettings, after: &RunSettings) -> (String, String) {
    let mut changes = Changes::default();
    changes.training(&before.optim, &after.optim);
    changes.said()
}

/// The fields that changed and their labels, in the order the settings list them.
#[derive(Default)]
struct Changes {
    fields: Vec<&'static str>,
    labels: Vec<String>,
}

impl Changes {
    fn note(&mut self, changed: bool, field: &'static str, label: String) {
        if changed {
            self.fields.push(field);
            self.labels.push(label);
        }
    }

    fn said(self) -> (String, String) {
        (self.fields.join(","), self.labels.join(", "))
    }

    fn data(&mut self, a: &DataSettings, b: &DataSettings) {
        let target = match b.source.preset() {
            Some(t) => format!("target {t}"),
            None => short(&b.source.label()),
        };
        self.note(a.source != b.source, "target", target);
        self.note(
            a.points != b.points,
            "points",
            format!("{} points", b.points),
        );
        self.note(
            a.sampling != b.sampling,
            "sampling",
            format!("{:?} sampling", b.sampling).to_lowercase(),
        );
        self.note(
            a.noise != b.noise,
            "noise",
            format!("noise {}", round(b.noise)),
        );
        self.note(
            a.val_fraction != b.val_fraction,
            "validation",
            format!("validation {}%", round(b.val_fraction * 100.0)),
        );
        self.note(
            a.domain != b.domain,
            "domain",
            format!("interval {} … {}", round(b.domain.lo), round(b.domain.hi)),
        );
        self.note(
            a.view != b.view,
            "view",
            format!("view {} … {}", round(b.view.lo), round(b.view.hi)),
        );
    }

    fn training(&mut self, o: &OptimSettings, p: &OptimSettings) {
        self.note(
            o.optimizer != p.optimizer,
            "optimizer",
            p.optimizer.to_string(),
        );
        self.note(o.lr != p.lr, "lr", format!("lr {}", round(p.lr)));
        self.note(
            o.momentum != p.momentum,
            "momentum",
            format!("momentum {}", round(p.momentum)),
        );
        let batch = if p.batch == 0 {
            "full batch".to_string()
        } else {
            format!("batch {}", p.batch)
        };
        self.note(o.batch != p.batch, "batch", batch);
        self.note(
            o.weight_decay != p.weight_decay,
            "decay",
            format!("decay {}", round(p.weight_decay)),
        );
        self.note(o.loss != p.loss, "loss", format!("{} loss", p.loss));
    }
}

/// How run `other` differs from the first run, in a few words ("momentum 0.9", "relu, 2 layers"); empty
/// when it does not.
pub fn difference(first: &RunSettings, other: &RunSettings) -> String {
    // rates from a sweep's grid (10^k computed) differ from typed ones in the last bits: a difference
    // too small to show is none
    let differ = |x: f64, y: f64| round(x) != round(y);
    let (a, b) = (&first.net, &other.net);
    let mut parts = Vec::new();
    if a.depth != b.depth {
        parts.push(match b.depth {
            0 => "single neuron".to_string(),
            1 => "1 layer".to_string(),
            d => format!("{d} layers"),
        });
    }
    if a.width != b.width && b.depth > 0 {
        parts.push(format!("width {}", b.width));
    }
    if a.activation != b.activation && b.depth > 0 {
        parts.push(b.activation.to_string());
    }
    if a.init != b.init {
        parts.push(b.init.to_string());
    }
    if a.output_bias != b.output_bias {
        parts.push(format!("output bias {}", round(b.output_bias)));
    }
    let (o, p) = (&first.optim, &other.optim);
    if o.optimizer != p.optimizer {
        parts.push(if p.optimizer.uses_momentum() {
            format!("{} {}", p.optimizer, round(p.momentum))
        } else {
            p.optimizer.to_string()
        });
    } else if differ(o.momentum, p.momentum) && p.optimizer.uses_momentum() {
        parts.push(format!("momentum {}", round(p.momentum)));
    }
    if differ(o.lr, p.lr) && p.optimizer != crate::nn::OptimizerKind::Lm {
        parts.push(format!("lr {}", round(p.lr)));
    }
    if o.batch != p.batch {
        parts.push(if p.batch == 0 {
            "full batch".to_string()
        } else {
            format!("batch {}", p.batch)
        });
    }
    if differ(o.weight_decay, p.weight_decay) {
        parts.push(format!("decay {}", round(p.weight_decay)));
    }
    if o.loss != p.loss {
        parts.push(format!("{} loss", p.loss));
    }
    if first.seed != other.seed {
        parts.push(format!("seed {}", other.seed));
    }
    parts.join(", ")
}

/// A label cut to a few words for the loss plot's marks.
fn short(text: &str) -> String {
    if text.chars().count() <= 24 {
        return text.to_string();
    }
    let cut: String = text.chars().take(23).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Loss;
    use crate::train::Settings;

    #[test]
    fn kept_changes_read_as_short_labels() {
        let a = Settings::default();
        let mut b = a.clone();
        b.optim.lr = 0.123_456;
        b.optim.loss = Loss::Mae;
        assert_eq!(
            kept(&a, &b),
            ("lr,loss".into(), "lr 0.123, mae loss".into())
        );
        let mut c = a.clone();
        c.data.val_fraction = 0.2;
        c.optim.batch = 32;
        assert_eq!(kept(&a, &c).1, "validation 20%, batch 32");
        let mut d = a.clone();
        d.optim.lr = 1.5e-5;
        assert_eq!(kept(&a, &d).1, "lr 1.5e-5");
    }

    #[test]
    fn a_run_is_named_by_how_it_differs_from_the_first() {
        let a = RunSettings::default();
        let mut b = a.clone();
        assert_eq!(difference(&a, &b), "");
        b.optim.optimizer = crate::nn::OptimizerKind::Momentum;
        assert_eq!(difference(&a, &b), "momentum 0.9");
        b.net.activation = crate::nn::Activation::Relu;
        b.net.depth = 2;
        assert_eq!(difference(&a, &b), "2 layers, relu, momentum 0.9");
    }

    #[test]
    fn reinitialising_changes_name_before_and_after() {
        let a = RunSettings::default();
        let mut b = a.clone();
        b.net.width = 25;
        b.seed = 7;
        assert_eq!(reinit(&a, &b), "width from 10 to 25, seed from 42 to 7");
    }
}
