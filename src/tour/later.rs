//! The steps from the seed's later texts: learning rate, mini-batches, Karpathy's two sanity checks
//! (overfit a tiny batch, initialise the output bias), loss functions against outliers, overfitting and
//! early stopping, bias and variance, weight decay, Levenberg–Marquardt, and the article's warning about
//! depth (gradients that vanish on their way back through sigmoid layers). Hagan's 1 + sin(7πx/5) on
//! [−2, 2] comes from the Neural Network Design demos, typed as an f(x).

use super::steps::{keras, with_init, with_optimizer};
use super::{Preset, TourSweep};
use crate::data::{Interval, Source};
use crate::nn::{Activation, Init, Loss, OptimizerKind};
use crate::sweep::SweepParam;
use crate::train::Settings;

/// Where the outliers of the loss-function step sit (index on the 60-point grid) and how far off.
pub const OUTLIERS: [(usize, f64); 4] = [(10, 2.5), (25, -2.5), (40, 2.5), (50, -2.0)];

/// Sixty points of sin on a grid over [−3, 3], four of them moved far off ([`OUTLIERS`]).
pub fn sine_with_outliers() -> Vec<[f64; 2]> {
    Interval::new(-3.0, 3.0)
        .grid(60)
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            let off = OUTLIERS
                .iter()
                .find(|(at, _)| *at == i)
                .map_or(0.0, |(_, by)| *by);
            [x, x.sin() + off]
        })
        .collect()
}

/// Forty noisy points of sin (σ `noise`), 30 % held out for validation, `width` tanh neurons with
/// Adam at lr 0.01 and `init`.
fn noisy(width: usize, noise: f64, init: Init) -> Settings {
    let mut s = with_init(
        with_optimizer(
            keras(width, Activation::Tanh, 0.01),
            OptimizerKind::Adam,
            0.01,
        ),
        init,
    );
    s.data.points = 40;
    s.data.noise = noise;
    s.data.val_fraction = 0.3;
    s
}

fn with_loss(mut s: Settings, loss: Loss) -> Settings {
    s.optim.loss = loss;
    s
}

fn with_batch(mut s: Settings, batch: usize) -> Settings {
    s.optim.batch = batch;
    s
}

/// The later texts' steps, in order.
pub fn later() -> Vec<Preset> {
    let relu50 = keras(50, Activation::Relu, 0.05);
    let mut three_points =
        with_optimizer(keras(10, Activation::Tanh, 0.01), OptimizerKind::Adam, 0.01);
    three_points.data.points = 3;
    let mut high = with_init(
        with_optimizer(keras(10, Activation::Tanh, 0.01), OptimizerKind::Adam, 0.01),
        Init::HeNormal,
    );
    high.data.source = Source::Expression("50+sin(x)".into());
    // the view stays on the training interval: far out, run 1's climbing neurons level off tens below
    high.data.view = Interval::new(-3.0, 3.0);
    let mut high_bias = high.clone();
    high_bias.net.output_bias = 50.0;
    let mut outliers = with_init(
        with_optimizer(keras(5, Activation::Tanh, 0.01), OptimizerKind::Adam, 0.01),
        Init::HeNormal,
    );
    outliers.data.source = Source::Points(sine_with_outliers().into());
    let overfit = noisy(100, 0.3, Init::GlorotUniform);
    let mut stopping = overfit.clone();
    stopping.optim.patience = 1000;
    let mut decayed = overfit.clone();
    decayed.optim.weight_decay = 1e-3;
    let mut hagan = with_init(
        with_optimizer(keras(4, Activation::Tanh, 0.01), OptimizerKind::Lm, 0.01),
        Init::HeNormal,
    );
    hagan.data.source = Source::Expression("1+sin(7*pi*x/5)".into());
    hagan.data.domain = Interval::new(-2.0, 2.0);
    hagan.data.view = Interval::new(-4.0, 4.0);
    let mut deep_sigmoid = keras(10, Activation::Sigmoid, 0.05);
    deep_sigmoid.net.depth = 6;
    let deep_relu = with_init(
        {
            let mut s = deep_sigmoid.clone();
            s.net.activation = Activation::Relu;
            s
        },
        Init::HeNormal,
    );
    vec![
        Preset {
            name: "learning-rate-extremes",
            title: "Learning rate: too small, good, too large",
            text: "Three runs of SGD from the same weights: lr 0.0001, 0.1 and 10. The first crawls, \
                   the second learns, the third explodes — approxlab catches it, pauses that run and puts \
                   its last good weights back. After 2 000 steps the run list names them too-slow, \
                   converged and diverged; hover a name for the numbers behind it.",
            question: None,
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
            name: "mini-batches",
            title: "Real SGD: mini-batches of 16",
            text: "Until now every step used all 200 points, the exact gradient. Keras's fit takes \
                   mini-batches (32 by default): each step the gradient of a few shuffled points. Here \
                   the fifty ReLU neurons at lr 0.05 from the same weights, on the full batch and on \
                   batches of 16. The mini-batch loss curve jitters, since every step sees different \
                   points, yet per step it keeps pace with the full batch at 16/200 of the work: per point \
                   seen it is far ahead.",
            question: None,
            runs: vec![relu50.clone(), with_batch(relu50, 16)],
            steps_per_frame: 5,
            steps: 2000,
            sweep: None,
        },
        Preset {
            name: "overfit-three-points",
            title: "First, overfit a tiny batch",
            text: "Karpathy's first check before any real training: can the network drive the loss on a \
                   handful of points to zero? Three points, ten tanh neurons, Adam (lr 0.01): the loss \
                   falls below 1e-6 within a hundred steps. A network that cannot do this has a bug \
                   or a setup problem, and more data will not fix it.",
            question: None,
            runs: vec![three_points],
            steps_per_frame: 2,
            steps: 1000,
            sweep: None,
        },
        Preset {
            name: "output-bias-init",
            title: "Start the output bias at the target's mean",
            text: "The target is 50 + sin(x): far from zero, where every network starts. Two runs from the \
                   same weights, with the output bias starting at 0 and at 50 (Keras: \
                   bias_initializer=Constant(50) on the output layer). The first spends its early steps \
                   climbing to the right height, the hockey stick of Karpathy's recipe, and is still far \
                   behind at the end. The second starts at the right height and learns the sine at once.",
            question: None,
            runs: vec![high, high_bias],
            steps_per_frame: 10,
            steps: 3000,
            sweep: None,
        },
        Preset {
            name: "outliers-and-losses",
            title: "Loss functions and outliers",
            text: "Sixty points on the sine, four of them knocked far off, and five tanh neurons from the \
                   same weights with three losses. MSE squares every error, so the four outliers pull \
                   the whole fit toward them. Huber (Keras's δ = 1) squares small errors and grows \
                   linearly beyond, and is pulled less. MAE, the mean absolute error, is pulled least: \
                   its fit stays on the sine.",
            question: None,
            runs: vec![
                outliers.clone(),
                with_loss(outliers.clone(), Loss::Huber),
                with_loss(outliers, Loss::Mae),
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
                   keeps the weights with the lowest validation loss. Watch the line under the fit: the \
                   first run is diagnosed overfit from the step of its lowest validation loss, the second \
                   converged.",
            question: None,
            runs: vec![overfit.clone(), stopping],
            steps_per_frame: 20,
            steps: 30_000,
            sweep: None,
        },
        Preset {
            name: "bias-and-variance",
            title: "Bias and variance: the width sweep on noisy points",
            text: "Forty noisy points (σ = 0.2), 30 % held out. The sweep trains widths 1 to 256 on nine \
                   draws of the noise each and charts the validation loss: it falls to a minimum at a \
                   few neurons, where the fit stops missing the sine (bias), then climbs as wider nets \
                   follow the noise and their fits differ from one draw to the next (variance). In this \
                   step budget the widest nets come down again: they have not fitted the noise yet, and \
                   their training loss stays higher. The two runs show 8 and 64 neurons on one draw.",
            question: None,
            runs: vec![
                noisy(8, 0.2, Init::HeNormal),
                noisy(64, 0.2, Init::HeNormal),
            ],
            steps_per_frame: 10,
            steps: 5000,
            sweep: Some(TourSweep {
                param: SweepParam::Width,
                values: "1,2,4,8,16,32,64,128,256",
                seeds: 9,
                vary_data_seed: true,
            }),
        },
        Preset {
            name: "weight-decay",
            title: "Weight decay against overfitting",
            text: "The noisy hundred-neuron net again, twice from the same weights: without weight decay \
                   and with λ = 1e-3, which adds λ·ΣW² to the loss and so pulls every kernel weight toward \
                   zero. The decayed fit bends less between the points and its validation loss ends \
                   lower. Its training loss ends higher: it no longer chases the noise.",
            question: None,
            runs: vec![overfit, decayed],
            steps_per_frame: 20,
            steps: 10_000,
            sweep: None,
        },
        Preset {
            name: "lm-vs-adam",
            title: "Levenberg–Marquardt against Adam",
            text: "Hagan's 1 + sin(7πx/5) on [−2, 2], from the Neural Network Design demos, with four tanh \
                   neurons: Levenberg–Marquardt, a damped Gauss–Newton method for small networks, \
                   against Adam (lr 0.01) from the same weights. LM brings the MSE below 1e-4 within 300 \
                   steps; Adam is still more than a thousand times higher. Each LM step solves a linear system in \
                   all the weights at once, which is why it is kept for small networks.",
            question: None,
            runs: vec![
                hagan.clone(),
                with_optimizer(hagan, OptimizerKind::Adam, 0.01),
            ],
            steps_per_frame: 1,
            steps: 300,
            sweep: None,
        },
        Preset {
            name: "deep-sigmoid",
            title: "Deep and sigmoid: the first layers barely move",
            text: "Six hidden layers of ten on sin(x), plain SGD: sigmoid with glorot_uniform, and ReLU \
                   with he_normal. Open the loss plot's gradients tab. At the first step the sigmoid net's \
                   first layer gets about 1/4000 of its output layer's pull: on the way back each sigmoid \
                   layer multiplies the gradient by its slope (at most 1/4) and its weights. SGD moves \
                   a layer by the rate times its gradient, so in 3000 steps the hidden layers move by \
                   about a hundredth of their size; once the output has learnt the mean, every pull is \
                   tiny and the net stays flat. In the ReLU net every layer gets a pull of the same \
                   size; its layers move ten times more, and it fits.",
            question: Some("Draw the sigmoid network's fit after 3000 steps."),
            runs: vec![deep_sigmoid, deep_relu],
            steps_per_frame: 10,
            steps: 3000,
            sweep: None,
        },
    ]
}
