//! What the window draws, computed on the trainer's side and published as one immutable value: the data,
//! the prediction and its recent trail, each neuron's contribution, the weights of small networks, the loss
//! history and the newest message.

use super::history::LossRecord;
use super::session::Message;
use super::settings::Settings;
use super::trainer::{Halt, Trainer};
use crate::data::Interval;

/// A hidden layer this narrow (or no hidden layer) gets a weight table.
pub const WEIGHT_TABLE_MAX_WIDTH: usize = 12;

/// w, b of one hidden neuron and its outgoing weight w' (the article's first lesson is reading these).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuronWeights {
    /// Input weight w.
    pub w: f64,
    /// Bias b.
    pub b: f64,
    /// Outgoing weight w'.
    pub w_out: f64,
}

/// Everything the window draws, computed on the trainer's side; immutable once published.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Updates applied so far.
    pub step: u64,
    /// Whether training runs continuously.
    pub running: bool,
    /// The settings in force.
    pub settings: Settings,
    /// Training interval.
    pub domain: Interval,
    /// View interval.
    pub view: Interval,
    /// The view grid.
    pub view_x: Vec<f64>,
    /// The noise-free target on the view grid.
    pub target: Option<Vec<f64>>,
    /// Training points (x, y).
    pub train_points: Vec<[f64; 2]>,
    /// Validation points (x, y).
    pub val_points: Vec<[f64; 2]>,
    /// ŷ on the view grid.
    pub prediction: Vec<f64>,
    /// Earlier predictions, oldest first.
    pub trail: Vec<Vec<f64>>,
    /// One curve per last-hidden-layer neuron: w'ⱼ·hⱼ(x) on the view grid.
    pub contributions: Vec<Vec<f64>>,
    /// The output bias.
    pub output_bias: f64,
    /// For one hidden layer: each neuron's centre/kink −b/w.
    pub centres: Option<Vec<Option<f64>>>,
    /// For a single small hidden layer (or none): every neuron's w, b, w'.
    pub weights: Option<Vec<NeuronWeights>>,
    /// Loss history (decimated), oldest first.
    pub history: Vec<LossRecord>,
    /// Losses of the current weights.
    pub latest: LossRecord,
    /// Training speed over the last second or so.
    pub steps_per_s: f64,
    /// Why training stopped by itself, if it did.
    pub halt: Option<Halt>,
    /// The newest message.
    pub message: Option<Message>,
}

/// w, b, w' per neuron for a network with at most one hidden layer of up to [`WEIGHT_TABLE_MAX_WIDTH`].
pub(super) fn weight_table(t: &Trainer<f32>) -> Option<Vec<NeuronWeights>> {
    let mlp = t.mlp();
    let f = |v: f32| f64::from(v);
    match mlp.layers() {
        [only] => Some(vec![NeuronWeights {
            w: f(mlp.params()[only.kernel_at]),
            b: 0.0,
            w_out: 1.0,
        }]),
        [hidden, out] if hidden.fan_out <= WEIGHT_TABLE_MAX_WIDTH => Some(
            (0..hidden.fan_out)
                .map(|j| NeuronWeights {
                    w: f(mlp.params()[hidden.kernel_at + j]),
                    b: f(mlp.params()[hidden.bias_at + j]),
                    w_out: f(mlp.params()[out.kernel_at + j]),
                })
                .collect(),
        ),
        _ => None,
    }
}
