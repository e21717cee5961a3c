//! The change a diagnosis suggests: one setting, named in a few words for a button ("lr 0.01 (now 0.1)",
//! "He init", "width 8 (now 3)"), applied to the experiment's settings as the controls would. (The
//! window's font has no arrow, so the words say from what.)

use crate::nn::{Activation, Init, OptimizerKind};
use crate::train::Settings;

/// A suggested change of one setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Suggestion {
    /// A new learning rate.
    LearningRate(f64),
    /// Early stopping with this patience (steps).
    EarlyStopping(u64),
    /// Another weight init.
    Init(Init),
    /// Another activation for the hidden layers (a network with no hidden layer gets one).
    Activation(Activation),
    /// A wider hidden layer.
    Width(usize),
    /// Random sampling of the training points instead of the grid.
    RandomSampling,
    /// Adam instead of the optimizer in force.
    Adam,
}

impl Suggestion {
    /// The button's words, from the settings in force ("lr 0.01 (now 0.1)").
    pub fn label(&self, now: &Settings) -> String {
        let show = crate::limits::show_3;
        match *self {
            Suggestion::LearningRate(lr) => format!("lr {} (now {})", show(lr), show(now.optim.lr)),
            Suggestion::EarlyStopping(patience) => {
                format!("early stopping (patience {patience})")
            }
            Suggestion::Init(Init::HeNormal | Init::HeUniform) => "He init".into(),
            Suggestion::Init(Init::GlorotUniform | Init::GlorotNormal) => "Glorot init".into(),
            Suggestion::Init(init) => format!("{init} init"),
            Suggestion::Activation(act) if now.net.depth == 0 => {
                format!("one hidden layer of {act}")
            }
            Suggestion::Activation(act) => act.to_string(),
            Suggestion::Width(w) => format!("width {w} (now {})", now.net.width),
            Suggestion::RandomSampling => "random sampling".into(),
            Suggestion::Adam => format!("adam (now {})", now.optim.optimizer),
        }
    }

    /// `settings` with the change made (early stopping brings a validation split if there is none).
    pub fn applied(&self, settings: &Settings) -> Settings {
        let mut next = settings.clone();
        match *self {
            Suggestion::LearningRate(lr) => next.optim.lr = lr,
            Suggestion::EarlyStopping(patience) => {
                next.optim.patience = patience;
                if next.data.val_fraction == 0.0 {
                    next.data.val_fraction = 0.2;
                }
            }
            Suggestion::Init(init) => next.net.init = init,
            Suggestion::Activation(act) => {
                next.net.activation = act;
                next.net.depth = next.net.depth.max(1);
            }
            Suggestion::Width(w) => next.net.width = w,
            Suggestion::RandomSampling => next.data.sampling = crate::data::Sampling::Random,
            Suggestion::Adam => next.optim.optimizer = OptimizerKind::Adam,
        }
        next
    }
}
