//! The tour's steps, in the article's order, each with every setting written out. The article's "harder"
//! target with wide plateaus is not given as a formula; our `plateaus` preset (flat stretches joined by
//! steep, uneven changes) stands in for it. Hagan's 1 + sin(7πx/5) on [−2, 2] is typed as an f(x).

use super::Preset;
use crate::data::{Interval, Source, Target};
use crate::nn::{Activation, Init, OptimizerKind};
use crate::sweep::SweepParam;
use crate::train::Settings;

/// The article's setting: sin on [−3, 3] (view [−6, 6], 200 points on a grid), one hidden layer of
/// `width` neurons, glorot_uniform kernels, zero biases, plain SGD on the full batch, MSE.
fn keras(width: usize, activation: Activation, lr: f64) -> Settings {
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

fn on(mut s: Settings, target: Target) -> Settings {
    s.data.source = Source::Preset(target);
    s
}

fn with_optimizer(mut s: Settings, optimizer: OptimizerKind, lr: f64) -> Settings {
    s.optim.optimizer = optimizer;
    s.optim.lr = lr;
    s
}

fn with_init(mut s: Settings, init: Init) -> Settings {
    s.net.init = init;
    s
}

fn with_depth(mut s: Settings, depth: usize) -> Settings {
    s.net.depth = depth;
    s
}

/// A single neuron ŷ = w·x + b.
fn one_neuron(target: Target) -> Settings {
    with_depth(on(keras(1, Activation::Linear, 0.1), target), 0)
}

/// The tour, in order.
pub fn all() -> Vec<Preset> {
    let relu5 = keras(5, Activation::Relu, 0.05);
    let plateaus_relu = with_optimizer(
        on(keras(10, Activation::Relu, 0.01), Target::Plateaus),
        OptimizerKind::Adam,
        0.01,
    );
    let plateaus_tanh = Settings {
        net: crate::train::NetSettings {
            activation: Activation::Tanh,
            ..plateaus_relu.net.clone()
        },
        ..plateaus_relu.clone()
    };
    let mut noisy = with_optimizer(
        keras(100, Activation::Tanh, 0.01),
        OptimizerKind::Adam,
        0.01,
    );
    noisy.data.points = 40;
    noisy.data.noise = 0.3;
    noisy.data.val_fraction = 0.3;
    let mut stopping = noisy.clone();
    stopping.optim.patience = 1000;
    let mut hagan = with_init(
        with_optimizer(keras(4, Activation::Tanh, 0.01), OptimizerKind::Lm, 0.01),
        Init::HeNormal,
    );
    hagan.data.source = Source::Expression("1+sin(7*pi*x/5)".into());
    hagan.data.domain = Interval::new(-2.0, 2.0);
    hagan.data.view = Interval::new(-4.0, 4.0);
    vec![
        Preset {
            name: "one-neuron-line",
            title: "One neuron, no activation, on a line",
            text: "A single neuron computes ŷ = w·x + b: a straight line. The target is 2x + 1, so plain \
                   gradient descent (lr 0.1) moves w to 2 and b to 1 — watch both in the weight table. \
                   Nothing else can happen: the line is all a neuron without activation can draw.",
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
                   only a different network can.",
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
            runs: vec![keras(5, Activation::Linear, 0.01)],
            steps_per_frame: 2,
            steps: 2000,
            sweep: None,
        },
        Preset {
            name: "five-relu-neurons",
            title: "Five ReLU neurons: at most five kinks",
            text: "ReLU, max(0, z), bends each neuron's line once, at x = −b/w (the markers on the \
                   contributions plot's axis). The sum is a broken line with at most five kinks. Watch \
                   the kinks slide to where the sine bends most.",
            runs: vec![relu5.clone()],
            steps_per_frame: 5,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "more-relu-neurons",
            title: "More ReLU neurons",
            text: "Fifty ReLU neurons can place fifty kinks, so the broken line follows the sine much more \
                   closely. The loss ends far lower than with five. Outside the training interval the fit \
                   still goes on straight.",
            runs: vec![keras(50, Activation::Relu, 0.05)],
            steps_per_frame: 5,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "sgd-vs-momentum",
            title: "SGD against momentum",
            text: "Two runs from the same initial weights: plain SGD and SGD with momentum 0.9, both at lr \
                   0.01. Momentum keeps part of the previous update, so it keeps moving along the shallow \
                   valleys where SGD crawls. Compare the two loss curves.",
            runs: vec![
                keras(10, Activation::Tanh, 0.01),
                with_optimizer(
                    keras(10, Activation::Tanh, 0.01),
                    OptimizerKind::Momentum,
                    0.01,
                ),
            ],
            steps_per_frame: 5,
            steps: 2000,
            sweep: None,
        },
        Preset {
            name: "plateaus-relu",
            title: "A harder target: plateaus, with ReLU",
            text: "Wide flat stretches joined by steep changes (our stand-in for the article's harder \
                   target). Ten ReLU neurons (Adam, lr 0.01) must spend a kink on \
                   every corner, and have too few. The fit stays rough.",
            runs: vec![plateaus_relu.clone()],
            steps_per_frame: 10,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "plateaus-tanh",
            title: "Tanh on the plateaus",
            text: "The same ten neurons with tanh: each is a smooth step, which is exactly what a plateau \
                   edge looks like. The loss ends far below ReLU's after the same steps.",
            runs: vec![plateaus_tanh.clone()],
            steps_per_frame: 10,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "glorot-vs-he",
            title: "glorot_normal against he_normal",
            text: "The same tanh network on the plateaus, two initial draws: glorot_normal and he_normal \
                   (larger weights). The steeper starting pieces of he_normal reach the plateau edges \
                   sooner here. The init is a choice, not a detail.",
            runs: vec![
                with_init(plateaus_tanh.clone(), Init::GlorotNormal),
                with_init(plateaus_tanh.clone(), Init::HeNormal),
            ],
            steps_per_frame: 10,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "tanh-pieces",
            title: "The fit is a sum of tanh pieces",
            text: "Each curve in the contributions plot is one neuron's w'·tanh(w·x + b); the dashed line \
                   is the output bias. Add them up and you get the prediction, exactly. Hover a piece to \
                   see it on the fit.",
            runs: vec![with_init(
                with_optimizer(keras(10, Activation::Tanh, 0.01), OptimizerKind::Adam, 0.01),
                Init::HeNormal,
            )],
            steps_per_frame: 10,
            steps: 3000,
            sweep: None,
        },
        Preset {
            name: "beyond-the-interval",
            title: "Beyond [−3, 3]",
            text: "The network only saw x in [−3, 3]. Outside, every tanh piece flattens to ±|w'|, so the \
                   fit goes flat, whatever the sine does. A ReLU fit would go on along a straight line \
                   instead. The outside error in the loss plot measures the difference.",
            runs: vec![
                with_init(
                    with_optimizer(keras(10, Activation::Tanh, 0.01), OptimizerKind::Adam, 0.01),
                    Init::HeNormal,
                ),
                with_init(
                    with_optimizer(keras(10, Activation::Relu, 0.01), OptimizerKind::Adam, 0.01),
                    Init::HeNormal,
                ),
            ],
            steps_per_frame: 10,
            steps: 3000,
            sweep: None,
        },
        Preset {
            name: "second-hidden-layer",
            title: "A second hidden layer",
            text: "On the plateaus again: ten tanh neurons in one layer against two layers of ten. The second \
                   layer combines smooth steps into sharper ones. The deeper network ends well below.",
            runs: vec![plateaus_tanh.clone(), with_depth(plateaus_tanh.clone(), 2)],
            steps_per_frame: 10,
            steps: 5000,
            sweep: None,
        },
        Preset {
            name: "width-experiment",
            title: "The width experiment",
            text: "How many neurons does sin(x) need? The sweep trains widths 1 to 64, three seeds each, \
                   and charts the final loss. It falls steeply at first, then flattens: past some width, \
                   more neurons stop helping.",
            runs: vec![with_init(
                with_optimizer(keras(16, Activation::Tanh, 0.01), OptimizerKind::Adam, 0.01),
                Init::HeNormal,
            )],
            steps_per_frame: 10,
            steps: 2000,
            sweep: Some((SweepParam::Width, "1,2,4,8,16,32,64", 3)),
        },
        Preset {
            name: "learning-rate-extremes",
            title: "Learning rate: too small, good, too large",
            text: "Three runs of SGD from the same weights: lr 0.0001, 0.1 and 10. The first crawls, \
                   the second learns, the third explodes — approxlab catches it, pauses that run and puts \
                   its last good weights back.",
            runs: vec![
                keras(10, Activation::Tanh, 1e-4),
                keras(10, Activation::Tanh, 0.1),
                keras(10, Activation::Tanh, 10.0),
            ],
            steps_per_frame: 5,
            steps: 2000,
            sweep: None,
        },
        Preset {
            name: "overfitting-early-stopping",
            title: "Noise, a validation split, overfitting and early stopping",
            text: "Forty noisy points, 30 % held out for validation, a hundred neurons. Without early \
                   stopping the training loss keeps falling while the validation loss turns up: the net \
                   learns the noise. With early stopping (patience 1000 steps) the second run stops and \
                   keeps the weights with the lowest validation loss.",
            runs: vec![noisy, stopping],
            steps_per_frame: 20,
            steps: 30_000,
            sweep: None,
        },
        Preset {
            name: "lm-vs-adam",
            title: "Levenberg–Marquardt against Adam",
            text: "Hagan's 1 + sin(7πx/5) on [−2, 2] with four tanh neurons: Levenberg–Marquardt, a damped \
                   Gauss–Newton method for small networks, against Adam (lr 0.01) from the same weights. \
                   LM gets within 1e-4 in a few hundred steps, each costlier; Adam is still far off.",
            runs: vec![
                hagan.clone(),
                with_optimizer(hagan, OptimizerKind::Adam, 0.01),
            ],
            steps_per_frame: 1,
            steps: 300,
            sweep: None,
        },
    ]
}
