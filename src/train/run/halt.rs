//! Why a run stopped by itself — divergence, Levenberg–Marquardt's minimum, early stopping — and the
//! sentence the status line and the command line say about it.

use std::fmt;

/// Why training stopped by itself.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Halt {
    /// The loss became non-finite or exploded.
    Diverged {
        /// The step whose loss gave it away.
        step: u64,
        /// That loss.
        loss: f64,
        /// The largest smaller learning rate that, tried from the restored weights, stayed finite and
        /// lowered the loss (None for Levenberg–Marquardt, which has none, or when no rate tried did).
        suggested_lr: Option<f64>,
        /// The step whose weights were restored (the last good ones, before the explosion).
        restored_step: u64,
        /// Smaller rates were tried from there (false for Levenberg–Marquardt and older session files).
        #[serde(default)]
        rates_tried: bool,
    },
    /// Levenberg–Marquardt found no step that lowers the loss: a minimum.
    Converged {
        /// The step at which it stalled.
        step: u64,
    },
    /// Early stopping: the validation loss had not improved for the patience's steps; the weights with
    /// the lowest validation loss are back.
    EarlyStopped {
        /// The step at which it stopped.
        step: u64,
        /// The step of the restored weights.
        best_step: u64,
        /// Their validation loss.
        validation: f64,
    },
}

impl fmt::Display for Halt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Halt::Diverged {
                step,
                loss,
                suggested_lr,
                restored_step,
                rates_tried,
            } => {
                write!(
                    f,
                    "training diverged at step {step} (loss {loss:.3e}); the weights of step \
                     {restored_step}, before the explosion, are back; "
                )?;
                let trial = super::TRIAL_STEPS;
                match (suggested_lr, rates_tried) {
                    (Some(lr), _) => write!(
                        f,
                        "try a learning rate of {lr:.1e} or less (tried from there: {trial} steps at it \
                         stay finite and lower the loss)"
                    ),
                    (None, true) => write!(
                        f,
                        "no smaller learning rate tried from there (down to 1e5 times smaller) lowered \
                         the loss within {trial} steps: try another optimizer, a smaller network or \
                         other data"
                    ),
                    (None, false) => write!(
                        f,
                        "Levenberg–Marquardt has no learning rate to lower: its damped steps blew up on \
                         this network, so try fewer neurons, another activation or another optimizer"
                    ),
                }
            }
            Halt::Converged { step } => {
                write!(
                    f,
                    "Levenberg–Marquardt converged at step {step}: no step lowers the loss any further"
                )
            }
            Halt::EarlyStopped {
                step,
                best_step,
                validation,
            } => write!(
                f,
                "early stopping at step {step}: the validation loss stopped improving; the weights of \
                 step {best_step} (validation loss {validation:.3e}, the lowest) are back"
            ),
        }
    }
}
