//! What the window draws, computed on the trainer's side and published as one immutable value: the data,
//! the prediction and its recent trail, each neuron's contribution, the last hidden layer's weights, the
//! loss history with its marks and the newest message.

use super::history::{LossRecord, Mark};
use super::session::Message;
use super::settings::Settings;
use super::trainer::{Halt, Trainer};
use crate::data::Interval;

/// w, b of one hidden neuron and its outgoing weight w' (the article's first lesson is reading these).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuronWeights {
    /// Input weight w; for a neuron with several inputs (a deeper layer), the length |w| of its input
    /// weights.
    pub w: f64,
    /// Bias b.
    pub b: f64,
    /// Outgoing weight w'.
    pub w_out: f64,
}

/// The weights of the last hidden layer (or, with no hidden layer, the single neuron's w).
#[derive(Debug, Clone, PartialEq)]
pub struct WeightTable {
    /// Which hidden layer the rows belong to, from 1 (0: no hidden layer, one row holding w).
    pub layer: usize,
    /// Inputs of each neuron of that layer (1 for the first hidden layer: x itself).
    pub inputs: usize,
    /// One row per neuron.
    pub rows: Vec<NeuronWeights>,
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
    /// The last hidden layer's weights, neuron by neuron.
    pub weights: WeightTable,
    /// Loss history (decimated), oldest first.
    pub history: Vec<LossRecord>,
    /// Setting changes and divergences, oldest first.
    pub marks: Vec<Mark>,
    /// Losses of the current weights.
    pub latest: LossRecord,
    /// Training speed over the last second or so.
    pub steps_per_s: f64,
    /// Why training stopped by itself, if it did.
    pub halt: Option<Halt>,
    /// The newest message, while it is still true.
    pub message: Option<Message>,
    /// How many messages the session has said so far (the newest one's id), also after a message went
    /// away: the window's own older messages stay hidden.
    pub messages_said: u64,
}

/// w, b, w' per neuron of the last hidden layer (|w| in place of w when that layer has several inputs).
pub(super) fn weight_table(t: &Trainer<f32>) -> WeightTable {
    let mlp = t.mlp();
    let p = mlp.params();
    let f = |v: f32| f64::from(v);
    let layers = mlp.layers();
    let [.., hidden, out] = layers else {
        let only = layers[0];
        return WeightTable {
            layer: 0,
            inputs: 1,
            rows: vec![NeuronWeights {
                w: f(p[only.kernel_at]),
                b: 0.0,
                w_out: 1.0,
            }],
        };
    };
    let n = hidden.fan_in;
    let rows = (0..hidden.fan_out)
        .map(|j| {
            let column = &p[hidden.kernel_at + j * n..hidden.kernel_at + (j + 1) * n];
            let w = if n == 1 {
                f(column[0])
            } else {
                column.iter().map(|&v| f(v) * f(v)).sum::<f64>().sqrt()
            };
            NeuronWeights {
                w,
                b: f(p[hidden.bias_at + j]),
                w_out: f(p[out.kernel_at + j]),
            }
        })
        .collect();
    WeightTable {
        layer: layers.len() - 1,
        inputs: n,
        rows,
    }
}
