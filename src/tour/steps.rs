//! The article's steps, in its order, each with every setting written out: one neuron, five linear, five
//! and fifty ReLU with plain SGD, SGD with momentum, the harder target with ReLU and then tanh (momentum,
//! as the article goes on with it), three inits, the sum of tanh pieces, beyond the interval, a second
//! hidden layer and the width experiment. The article's "harder" target is not given as a formula; our
//! `plateaus` preset (three smooth steps of different heights and steepness) stands in for it.

use super::{Preset, TourSweep};
use crate::data::{Interval, Source, Target};
use crate::nn::{Activation, Init, OptimizerKind};
use crate::sweep::SweepParam;
use crate::train::Settings;

/// The article's setting: sin on [−3, 3] (view [−6, 6], 200 points on a grid), one hidden layer of
/// `width` neurons, glorot_uniform kernels, zero biases, plain SGD on the full batch, MSE.
pub(super) fn keras(width: usize, activation: Activation, lr: f64) -> Settings {
    let mut s = Settings::default();
    s.data.source = Source::Preset(Target::Sin);
    s.net.depth = 1;
    s.net.width = width;
    s.net.activation = activation;
    s.net.init = Init::GlorotUniform;
    s.optim.optimizer = OptimizerKind::Sgd;
    s.optim.lr = lr;
    s.optim.momentum = 0.9;
    s.optim.batch = 0;
    s
}

pub(super) fn on(mut s: Settings, target: Target) -> Settings {
    s.data.source = Source::Preset(target);
    s
}

pub(super) fn with_optimizer(mut s: Settings, optimizer: OptimizerKind, lr: f64) -> Settings {
    s.optim.optimizer = optimizer;
    s.optim.lr = lr;
    s
}

pub(super) fn with_init(mut s: Settings, init: Init) -> Settings {
    s.net.init = init;
    s
}

fn with_depth(mut s: Settings, depth: usize) -> Settings {
    s.net.depth = depth;
    s
}

fn with_width(mut s: Settings, width: usize) -> Settings {
    s.net.width = width;
    s
}

/// A single neuron ŷ = w·x + b.
fn one_neuron(target: Target) -> Settings {
    with_depth(on(keras(1, Activation::Linear, 0.1), target), 0)
}

/// The article's network after the momentum step: `width` neurons of `activation` with SGD and
/// momentum 0.9 at lr 0.03, on the plateaus.
fn plateaus(width: usize, activation: Activation) -> Settings {
    with_optimizer(
        on(keras(width, activation, 0.03), Target::Plateaus),
        OptimizerKind::Momentum,
        0.03,
    )
}

/// The tanh network with he_normal and momentum at `lr` on sin(x), where the article ends up.
fn tanh_he(width: usize, lr: f64) -> Settings {
    with_init(
        with_optimizer(
            keras(width, Activation::Tanh, lr),
            OptimizerKind::Momentum,
            lr,
        ),
        Init::HeNormal,
    )
}

/// The article's steps, in order.
pub fn article() -> Vec<Preset> {
    let relu5 = keras(5, Activation::Relu, 0.05);
    let relu50 = keras(50, Activation::Relu, 0.05);
    let plateaus_tanh = plateaus(10, Activation::Tanh);
    let deep = with_optimizer(
        with_init(plateaus(10, Activation::Tanh), Init::HeNormal),
        OptimizerKind::Momentum,
        0.01,
    );
    let mut beyond = tanh_he(10, 0.03);
    beyond.data.view = Interval::new(-12.0, 12.0);
    let mut beyond_relu = beyond.clone();
    beyond_relu.net.activation = Activation::Relu;
    vec![
        Preset {
            name: "one-neuron-line",
            title: "One neuron, no activation, on a line",
            text: "A single neuron computes ŷ = w·x + b: a straight line. The bias b is a weight like \
                   w, on an input that is always 1 (frameworks add that input for you). The target is \
                   2x + 1, so plain gradient descent (lr 0.1) moves w to 2 and b to 1: watch both in \
                   the weight table. In this tour a step is one update on all the training points at \
                   once (the full batch), so every curve is smooth; Keras's fit would take mini-batches \
                   of 32, and the mini-batches step shows what changes.",
            question: None,
            runs: vec![one_neuron(Target::Line)],
            steps_per_frame: 1,
            steps: 500,
            sweep: None,
        },
        Preset {
            name: "one-neuron-curve",
            title: "The same neuron on a curve",
            text: "Now the target is sin(x). The neuron still draws a line, the one closest to the curve \
                   in mean square. The loss stops falling well above zero: more training cannot help, \
                   only a different network can. The line under the fit says so: underfit, the network is \
                   linear.",
            question: Some(
                "Draw what one neuron without activation will make of this sine, across the whole view.",
            ),
            runs: vec![one_neuron(Target::Sin)],
            steps_per_frame: 1,
            steps: 2000,
            sweep: None,
        },
        Preset {
            name: "five-linear-neurons",
            title: "Five linear neurons: still a line",
            text: "Five neurons without activation, added up by the output neuron. Each piece in the \
                   contributions plot is a line, and a sum of lines is a line. More neurons without an \
                   activation add parameters, never shape.",
            question: Some("Draw what five linear neurons will make of this curve."),
            runs: vec![keras(5, Activation::Linear, 0.01)],
            steps_per_frame: 2,
            steps: 2000,
            sweep: None,
        },
        Preset {
            name: "five-relu-neurons",
            title: "Five ReLU neurons: at most five kinks",
            text: "ReLU, max(0, z), bends each neuron's line once, at x = −b/w (the markers on the \
                   contributions plot's axis). The sum is a broken line with at most five kinks, so at \
                   most six straight pieces (the article says five segments: the kinks are what the \
                   neurons add). Every kink starts at x = 0, because the biases start at zero, and \
                   training spreads them out.",
            question: Some(
                "Draw the fit five ReLU neurons will make of the sine, beyond x = 3 too.",
            ),
            runs: vec![relu5],
            steps_per_frame: 5,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "more-relu-neurons",
            title: "More ReLU neurons",
            text: "Fifty ReLU neurons can place fifty kinks, so the broken line follows the sine much more \
                   closely: the loss ends far lower than with five. Beyond the outermost kink on each \
                   side the fit goes on straight. That kink sits wherever a neuron put it, not at the \
                   interval's end: the straight tail may start past 3, inside the view.",
            question: Some(
                "Draw what fifty ReLU neurons will make of the sine, inside [−3, 3] and beyond it.",
            ),
            runs: vec![relu50.clone()],
            steps_per_frame: 5,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "sgd-vs-momentum",
            title: "SGD against momentum",
            text: "The fifty ReLU neurons, three runs from the same weights: plain SGD at lr 0.05, SGD \
                   with momentum 0.9 at lr 0.05, and plain SGD at lr 0.5. Momentum adds 90 % of the \
                   previous update to each new one, so on a steady slope its steps grow to ten times \
                   plain SGD's, and it ends far lower than SGD at the same rate. Plain SGD given that \
                   larger rate outright stalls far above both (over several draws it stalls or \
                   diverges): momentum reaches its long steps gradually and stays stable.",
            question: None,
            runs: vec![
                relu50.clone(),
                with_optimizer(relu50.clone(), OptimizerKind::Momentum, 0.05),
                with_optimizer(relu50, OptimizerKind::Sgd, 0.5),
            ],
            steps_per_frame: 5,
            steps: 2000,
            sweep: None,
        },
        Preset {
            name: "plateaus-relu",
            title: "A harder target: plateaus, with ReLU",
            text: "Wide flat stretches joined by steep changes (our stand-in for the article's harder \
                   target), fitted by ten ReLU neurons with momentum (lr 0.03). The fit stays rough: the \
                   loss ends above 1e-3. Ten kinks would be enough: a broken line with six well-placed \
                   kinks gets about 3e-4 on these points. What fails is training, which does not bring \
                   the kinks to the corners, not the number of neurons.",
            question: Some("Draw the fit ten ReLU neurons will make of the plateaus."),
            runs: vec![plateaus(10, Activation::Relu)],
            steps_per_frame: 20,
            steps: 20_000,
            sweep: None,
        },
        Preset {
            name: "plateaus-tanh",
            title: "Tanh on the plateaus",
            text: "The same ten neurons and optimizer with tanh: each piece is now a smooth step. Our \
                   stand-in target is itself a sum of three smooth steps, so tanh suits it by \
                   construction, as straight ramps would suit ReLU; over several draws its loss ends \
                   several times below ReLU's. But the default init, glorot_uniform, starts every piece \
                   nearly flat (slopes below 0.74) and centred at x = 0, and the pieces are slow to \
                   reach the edges: the steepest one, at x = 0.5, is still rounded at the end.",
            question: None,
            runs: vec![plateaus_tanh.clone()],
            steps_per_frame: 20,
            steps: 20_000,
            sweep: None,
        },
        Preset {
            name: "glorot-vs-he",
            title: "Three inits: glorot_uniform, glorot_normal, he_normal",
            text: "The tanh network with three initial draws. glorot_normal draws from a normal law with \
                   the same spread as the default glorot_uniform, and over several draws the two end \
                   within a third of each other. he_normal draws the first layer's weights about three times wider (σ = √2 for \
                   one input, against √(2/11)), so its pieces start steeper. Over several draws it ends \
                   lowest, and in this draw too.",
            question: None,
            runs: vec![
                plateaus_tanh.clone(),
                with_init(plateaus_tanh.clone(), Init::GlorotNormal),
                with_init(plateaus_tanh, Init::HeNormal),
            ],
            steps_per_frame: 20,
            steps: 20_000,
            sweep: None,
        },
        Preset {
            name: "tanh-pieces",
            title: "The fit is a sum of tanh pieces",
            text: "Five tanh neurons with he_normal on the plateaus, as in the article. Each curve in the \
                   contributions plot is one neuron's w'·tanh(w·x + b), the dashed line is the output \
                   bias, and their sum is the prediction, exactly. In this draw, by the end of the step's \
                   20 000 steps, every edge of the target has a piece centred on it (x = −b/w, the \
                   markers); the last edge, at x ≈ 2.2, is reached late. Away from its centre a piece \
                   levels off at +w' on one side and −w' on the other (tanh tends to ±1: the article's \
                   \"zero or one\" is a slip).",
            question: None,
            runs: vec![with_init(plateaus(5, Activation::Tanh), Init::HeNormal)],
            steps_per_frame: 20,
            steps: 20_000,
            sweep: None,
        },
        Preset {
            name: "beyond-the-interval",
            title: "Beyond [−3, 3]",
            text: "The network only saw x in [−3, 3]; this step widens the view to [−12, 12]. Past its \
                   centre every tanh piece levels off at +w' or −w', so the tanh fit bends toward a \
                   constant: still sloping at x = ±6, nearly flat by ±12, whatever the sine does. The \
                   ReLU run goes on along a straight line beyond its outermost kink. The outside error \
                   in the loss plot is each run's error against the target out there.",
            question: Some("Draw the fit beyond x = 3: where do the networks go out to x = 12?"),
            runs: vec![beyond, beyond_relu],
            steps_per_frame: 10,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "second-hidden-layer",
            title: "A second hidden layer",
            text: "On the plateaus with he_normal and momentum (lr 0.01): ten tanh neurons in one layer, \
                   two layers of ten, and one layer of 47, which has as many parameters as the two \
                   layers (142 against 141). Here depth wins, even against the same number of \
                   parameters. Adding layers blindly gains nothing, though: two hidden layers are \
                   usually enough, and deeper nets bring trouble of their own, such as gradients that \
                   vanish on their way back to the first layers.",
            question: None,
            runs: vec![
                deep.clone(),
                with_depth(deep.clone(), 2),
                with_width(deep, 47),
            ],
            steps_per_frame: 20,
            steps: 20_000,
            sweep: None,
        },
        Preset {
            name: "width-experiment",
            title: "The width experiment",
            text: "How many neurons does sin(x) need? The sweep trains widths 1 to 64 (tanh, he_normal, \
                   momentum), three seeds each, for the same number of steps, and charts the final loss. \
                   From one neuron to eight the loss falls a hundredfold; from sixteen to 64 it falls \
                   less than fourfold. The article's rule of thumb, the mean of the numbers of inputs \
                   and outputs, gives one neuron here: the worst width of all. The fixed step budget and \
                   rate hold the widest nets back: at this rate 128 neurons diverge.",
            question: None,
            runs: vec![tanh_he(16, 0.03)],
            steps_per_frame: 20,
            steps: 20_000,
            sweep: Some(TourSweep {
                param: SweepParam::Width,
                values: "1,2,4,8,16,32,64",
                seeds: 3,
                vary_data_seed: false,
            }),
        },
    ]
}
