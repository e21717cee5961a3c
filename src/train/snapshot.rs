//! What the window draws, computed on the lab's side and published as one immutable value: one view of
//! the shared data (replaced only when the data change) and one view per run (rebuilt only when that run
//! moved): its prediction and recent trail, each neuron's contribution, the last hidden layer's weights,
//! the loss history with its marks; and the newest message.

use super::history::{LayerNorms, LossRecord, Mark};
use super::message::Message;
use super::run::{Halt, Run};
use super::settings::Settings;
use crate::data::{DataSettings, Interval};
use crate::nn::Mlp;
use std::sync::Arc;

/// How a run is called among several: "run 2", or "run 2 (relu)" when it has a name (`index` from 0).
pub fn run_title(index: usize, name: &str) -> String {
    if name.is_empty() {
        format!("run {}", index + 1)
    } else {
        format!("run {} ({name})", index + 1)
    }
}

/// Identifies a run for as long as it exists (not its place in the list, which removals change).
pub type RunId = u64;
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
    /// Each row's |∂L/∂w|, the norm of its input weights' gradient in the last step (empty before the
    /// first step, and with no hidden layer).
    pub grad: Vec<f64>,
}

/// The shared data, as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct DataView {
    /// The data settings they were sampled from.
    pub settings: DataSettings,
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
    /// A remark on the data ("3 of 200 points left out: f is not finite there").
    pub note: Option<String>,
}

/// One run, as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    /// Which run.
    pub id: RunId,
    /// A name that says how it differs from the first run ("momentum", "relu", "2 layers").
    pub name: String,
    /// Its place in the palette of run colours.
    pub colour: usize,
    /// Updates applied so far.
    pub step: u64,
    /// Wall-clock seconds of training so far.
    pub seconds: f64,
    /// The experiment this run trains: its own settings with the lab's data settings (what the window's
    /// form shows when the run is selected).
    pub settings: Settings,
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
    /// The network as it is now (its formula and cost are read from it).
    pub mlp: Mlp<f32>,
    /// Loss history (decimated), oldest first.
    pub history: Vec<LossRecord>,
    /// Setting changes and divergences, oldest first.
    pub marks: Vec<Mark>,
    /// Each layer's gradient and update norm at the recorded steps.
    pub norms: LayerNorms,
    /// Losses of the current weights.
    pub latest: LossRecord,
    /// Its own speed: steps per second of its own compute time (Levenberg–Marquardt's steps cost more
    /// than Adam's), over about the last second of it.
    pub steps_per_s: f64,
    /// Why it stopped by itself, if it did.
    pub halt: Option<Halt>,
    /// R², RMSE and the largest error inside and outside the training interval.
    pub quality: super::quality::FitQuality,
    /// The lines the prediction tends to far left and far right (None for sin, or if not finite).
    pub tails: Option<[crate::nn::explain::Asymptote; 2]>,
    /// Which neurons of the one hidden layer are dead or saturated on the training points.
    pub idle: Vec<Option<crate::nn::explain::Idle>>,
    /// What the run is doing, in words, with its evidence and a suggestion.
    pub diagnosis: crate::train::diagnosis::Diagnosis,
    /// A mark at each change of the diagnosed state ("now overfit"), drawn on the loss plot beside
    /// the setting changes.
    pub state_marks: Vec<crate::train::history::Mark>,
    /// When the run is an ensemble ("Seeds ×K"): its members' band. Then `prediction` and `quality`
    /// are the median's, and the rest (pieces, weights, diagnosis) member 0's.
    pub ensemble: Option<Arc<crate::train::ensemble::EnsembleView>>,
    /// The breakpoints of the prediction over the view, exact (member 0's for an ensemble); None for
    /// smooth activations. Found a few times a second for a large network while it trains.
    pub pieces: Option<Arc<Vec<crate::nn::pieces::Breakpoint>>>,
}

/// Everything the window draws; immutable once published.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Whether training runs continuously.
    pub running: bool,
    /// The shared data.
    pub data: Arc<DataView>,
    /// The runs, in the order they were added (at least one).
    pub runs: Vec<Arc<RunView>>,
    /// Steps every run advanced per wall-clock second, over the last second or so.
    pub steps_per_s: f64,
    /// The newest message, while it is still true.
    pub message: Option<Message>,
    /// How many messages the lab has said so far (the newest one's id), also after a message went
    /// away: the window's own older messages stay hidden.
    pub messages_said: u64,
    /// Commands the lab had handled when it was taken (a command sent is answered once this counts it).
    pub commands_handled: u64,
}

impl Snapshot {
    /// The run with this id, or the first run if it is gone.
    pub fn run(&self, id: RunId) -> &RunView {
        self.runs
            .iter()
            .find(|r| r.id == id)
            .unwrap_or(&self.runs[0])
    }

    /// The first run (the one a single-run window shows).
    pub fn first(&self) -> &RunView {
        &self.runs[0]
    }
}

/// w, b, w' per neuron of the last hidden layer (|w| in place of w when that layer has several inputs).
pub(super) fn weight_table(run: &Run<f32>) -> WeightTable {
    let mlp = run.mlp();
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
            grad: Vec::new(),
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
    let grad = run.last_gradient().map_or_else(Vec::new, |g| {
        crate::nn::gradients::last_hidden_neuron_norms(mlp, &g)
    });
    WeightTable {
        layer: layers.len() - 1,
        inputs: n,
        rows,
        grad,
    }
}
