//! Every setting of an experiment, as plain data (saved with a session, sent to the trainer thread).
//!
//! Changes fall in two kinds (design notes §3): the network's shape and draw — depth, width, activation,
//! init, seed — re-initialise the weights; everything else (data, optimizer, learning rate, momentum, batch,
//! weight decay, loss) keeps them, so the network adapts live.

use crate::data::DataSettings;
use crate::limits::{self, Limit};
use crate::nn::{Activation, Init, LM_MAX_PARAMS, Loss, OptimizerKind};
use serde::{Deserialize, Serialize};

/// The network's shape and initial draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetSettings {
    /// Number of hidden layers (0: a single output neuron, ŷ = w·x + b).
    pub depth: usize,
    /// Neurons per hidden layer.
    pub width: usize,
    /// Activation of every hidden layer (the output layer is linear).
    pub activation: Activation,
    /// How kernels are drawn.
    pub init: Init,
    /// The output neuron's bias at step 0 (Keras: `bias_initializer=Constant(b)` on the output layer;
    /// 0 by default). Set near the target's mean, the net starts at the right height instead of
    /// spending its first steps climbing there.
    pub output_bias: f64,
}

impl Default for NetSettings {
    fn default() -> Self {
        Self {
            depth: 1,
            width: 10,
            activation: Activation::Tanh,
            init: Init::HeNormal,
            output_bias: 0.0,
        }
    }
}

impl NetSettings {
    /// The hidden layer widths.
    pub fn hidden(&self) -> Vec<usize> {
        vec![self.width; self.depth]
    }

    /// Number of trainable parameters of this shape.
    pub fn param_count(&self) -> usize {
        let mut widths = vec![1];
        widths.extend(self.hidden());
        widths.push(1);
        widths.windows(2).map(|w| w[0] * w[1] + w[1]).sum()
    }
}

/// How the weights are updated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptimSettings {
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Learning rate (step size); unused by Levenberg–Marquardt, which adapts its own damping.
    pub lr: f64,
    /// Momentum μ for `momentum` and `nesterov`.
    pub momentum: f64,
    /// Points per step; 0 means the full batch.
    pub batch: usize,
    /// L2 weight decay λ: adds λ·Σ W² (kernels only) to the loss.
    pub weight_decay: f64,
    /// What is minimised.
    pub loss: Loss,
    /// Early stopping: halt once the validation loss has not improved for this many steps, with the
    /// best weights back (0: off; needs a validation split).
    pub patience: u64,
}

impl OptimSettings {
    /// Points one step trains on, out of `train_points`: the batch size, or all of them for the full
    /// batch (0) or a batch at least that large.
    pub fn points_per_step(&self, train_points: usize) -> usize {
        if self.batch == 0 || self.batch >= train_points {
            train_points
        } else {
            self.batch
        }
    }
}

impl Default for OptimSettings {
    fn default() -> Self {
        Self {
            optimizer: OptimizerKind::Adam,
            lr: 0.01,
            momentum: 0.9,
            batch: 0,
            weight_decay: 0.0,
            loss: Loss::Mse,
            patience: 0,
        }
    }
}

/// What one run owns: its network, its optimizer and the seed of its weights and shuffling. The data
/// belong to the lab and reach every run already checked and sampled, so they are not here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunSettings {
    /// Shape and initial draw.
    pub net: NetSettings,
    /// Update rule and its knobs.
    pub optim: OptimSettings,
    /// Seed of the initial weights and of the mini-batch shuffling.
    pub seed: u64,
}

impl Default for RunSettings {
    fn default() -> Self {
        Settings::default().run_settings()
    }
}

impl RunSettings {
    /// Checks the network, the optimizer and the seed — not the data, which reach a run already
    /// checked and sampled (`Command::data`, `Data::generate`): a slider move never walks up to 100 000
    /// given points again.
    pub fn validate(&self) -> Result<(), String> {
        self.validate_net()?;
        self.validate_training(self.net.param_count())
    }

    /// Checks the network's shape and output bias.
    pub fn validate_net(&self) -> Result<(), String> {
        limits::DEPTH.check(self.net.depth as f64)?;
        limits::WIDTH.check(self.net.width as f64)?;
        limits::OUTPUT_BIAS.check(self.net.output_bias)?;
        Ok(())
    }

    /// Checks the optimizer settings and the seed for a network of `param_count` parameters (a loaded
    /// model brings its own shape, so `net` is not consulted).
    pub fn validate_training(&self, param_count: usize) -> Result<(), String> {
        let o = &self.optim;
        limits::LEARNING_RATE.check(o.lr)?;
        limits::MOMENTUM.check(o.momentum)?;
        limits::WEIGHT_DECAY.check(o.weight_decay)?;
        limits::PATIENCE.check(o.patience as f64)?;
        limits::SEED.check(self.seed as f64)?;
        if o.optimizer == OptimizerKind::Lm {
            self.check_lm(param_count)?;
        }
        Ok(())
    }

    /// Levenberg–Marquardt minimises squared error on the full batch, for networks it can solve quickly.
    pub fn check_lm(&self, param_count: usize) -> Result<(), String> {
        if self.optim.loss != Loss::Mse {
            return Err("Levenberg–Marquardt minimises squared error: choose the mse loss".into());
        }
        if param_count > LM_MAX_PARAMS {
            return Err(format!(
                "Levenberg–Marquardt accepts at most {LM_MAX_PARAMS} parameters and this network has {param_count}: \
                 make it smaller or choose adam"
            ));
        }
        Ok(())
    }

    /// Whether going from `self` to `next` draws new weights (shape, activation, init or seed changed).
    pub fn reinitialises(&self, next: &RunSettings) -> bool {
        self.net != next.net || self.seed != next.seed
    }

    /// These settings trained on `data`: the experiment as the window's form, a flag set or a saved
    /// model describes it.
    pub fn with_data(self, data: DataSettings) -> Settings {
        Settings {
            data,
            net: self.net,
            optim: self.optim,
            seed: self.seed,
        }
    }
}

/// One experiment as a person sets it up — the window's form, the command line's flags, a sweep's
/// cell, a tour step: the data and what a run owns ([`RunSettings`]). The lab splits it: one data
/// setting for the lab, run settings for each run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Target and sampling.
    pub data: DataSettings,
    /// Shape and initial draw.
    pub net: NetSettings,
    /// Update rule and its knobs.
    pub optim: OptimSettings,
    /// Seed of the initial weights and of the mini-batch shuffling (the data have their own, in `data`).
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data: DataSettings::default(),
            net: NetSettings::default(),
            optim: OptimSettings::default(),
            seed: 42,
        }
    }
}

impl Settings {
    /// What a run of this experiment owns (a copy: a few numbers).
    pub fn run_settings(&self) -> RunSettings {
        RunSettings {
            net: self.net.clone(),
            optim: self.optim.clone(),
            seed: self.seed,
        }
    }

    /// Checks every field against [`crate::limits`], explaining the first problem in words a user can act
    /// on.
    pub fn validate(&self) -> Result<(), String> {
        self.data.validate()?;
        self.validate_run()
    }

    /// Checks what a run owns ([`RunSettings::validate`]), not the data.
    pub fn validate_run(&self) -> Result<(), String> {
        self.run_settings().validate()
    }

    /// Brings every field within its limit (as the window does with typed values); returns one sentence
    /// per field that had to move. Ordering problems (an interval from 3 to −3) are left to
    /// [`Settings::validate`], which refuses them.
    pub fn clamp_to_limits(&mut self) -> Vec<String> {
        let mut said = Vec::new();
        let mut note = |m: Option<String>| said.extend(m);
        let d = &mut self.data;
        note(limits::POINTS.clamp_usize(&mut d.points));
        note(limits::NOISE.clamp(&mut d.noise));
        note(limits::VALIDATION.clamp(&mut d.val_fraction));
        for end in [
            &mut d.domain.lo,
            &mut d.domain.hi,
            &mut d.view.lo,
            &mut d.view.hi,
        ] {
            note(limits::INTERVAL_END.clamp(end));
        }
        note(limits::DEPTH.clamp_usize(&mut self.net.depth));
        note(limits::WIDTH.clamp_usize(&mut self.net.width));
        note(limits::OUTPUT_BIAS.clamp(&mut self.net.output_bias));
        let o = &mut self.optim;
        note(limits::LEARNING_RATE.clamp(&mut o.lr));
        note(limits::MOMENTUM.clamp(&mut o.momentum));
        note(limits::WEIGHT_DECAY.clamp(&mut o.weight_decay));
        let mut patience = o.patience as f64;
        if let Some(m) = limits::PATIENCE.clamp(&mut patience) {
            o.patience = patience as u64;
            note(Some(m));
        }
        let batch = Limit::new("batch size", 0.0, self.data.train_count() as f64);
        note(batch.clamp_usize(&mut self.optim.batch));
        let mut seed = self.seed as f64;
        if let Some(m) = limits::SEED.clamp(&mut seed) {
            self.seed = seed as u64;
            note(Some(m));
        }
        let mut data_seed = self.data.seed as f64;
        if let Some(m) = limits::SEED.named("data seed").clamp(&mut data_seed) {
            self.data.seed = data_seed as u64;
            note(Some(m));
        }
        said
    }

    /// Whether going from `self` to `next` draws new weights (shape, activation, init or seed changed).
    pub fn reinitialises(&self, next: &Settings) -> bool {
        self.net != next.net || self.seed != next.seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_demo() {
        let s = Settings::default();
        assert_eq!(
            (s.net.depth, s.net.width, s.net.activation, s.net.init),
            (1, 10, Activation::Tanh, Init::HeNormal)
        );
        assert_eq!(
            (s.optim.optimizer, s.data.source.label(), s.seed),
            (OptimizerKind::Adam, "sin".to_string(), 42)
        );
        assert!(s.validate().is_ok());
        assert_eq!(s.net.param_count(), 31);
    }

    #[test]
    fn only_shape_init_and_seed_reinitialise() {
        let s = Settings::default();
        let mut lr = s.clone();
        lr.optim.lr = 0.5;
        lr.data.noise = 0.2;
        assert!(!s.reinitialises(&lr));
        let mut width = s.clone();
        width.net.width = 11;
        assert!(s.reinitialises(&width));
        let mut seed = s.clone();
        seed.seed = 1;
        assert!(s.reinitialises(&seed));
    }

    #[test]
    fn absurd_values_are_refused_with_a_reason() {
        let mut s = Settings::default();
        s.optim.lr = f64::NAN;
        assert!(s.validate().unwrap_err().contains("learning rate"));
        s.optim.lr = 0.01;
        s.net.width = 0;
        assert!(s.validate().unwrap_err().contains("width"));
        s.net.width = 100;
        s.net.depth = 3;
        s.optim.optimizer = OptimizerKind::Lm;
        assert!(
            s.validate()
                .unwrap_err()
                .contains("at most 2000 parameters")
        );
        s.net.depth = 1;
        s.optim.loss = Loss::Mae;
        assert!(s.validate().unwrap_err().contains("mse"));
    }

    #[test]
    fn settings_are_clamped_field_by_field_with_a_sentence_each() {
        let mut s = Settings::default();
        s.data.points = 1_000_000;
        s.data.val_fraction = 0.95;
        s.net.width = 5000;
        s.optim.batch = 1_000_000;
        let said = s.clamp_to_limits();
        assert_eq!(
            (
                s.data.points,
                s.data.val_fraction,
                s.net.width,
                s.optim.batch
            ),
            (100_000, 0.9, 1024, 10_000)
        );
        assert_eq!(said.len(), 4, "{said:?}");
        assert_eq!(said[0], "points 1e6 is outside 2 … 100000: set to 100000");
        let mut few = Settings::default();
        few.data.points = 0;
        assert_eq!(
            few.clamp_to_limits(),
            ["points 0 is outside 2 … 100000: set to 2"]
        );
        assert!(s.validate().is_ok(), "{:?}", s.validate());
        assert!(Settings::default().clamp_to_limits().is_empty());
    }

    #[test]
    fn the_output_bias_at_start_is_the_first_output_bias_and_a_new_draw() {
        let s = Settings::default();
        let mut high = s.clone();
        high.net.output_bias = 50.0;
        assert!(s.reinitialises(&high));
        assert_eq!(
            super::super::describe::reinit(&s.run_settings(), &high.run_settings()),
            "output bias at start from 0 to 50"
        );
        let a = super::super::Trainer::<f64>::new(s).unwrap();
        let b = super::super::Trainer::<f64>::new(high.clone()).unwrap();
        let (pa, pb) = (a.mlp().params(), b.mlp().params());
        let n = pa.len();
        assert_eq!(
            pa[..n - 1],
            pb[..n - 1],
            "the same kernels and hidden biases"
        );
        assert_eq!((pa[n - 1], pb[n - 1]), (0.0, 50.0));
        for bad in [f64::NAN, 2e6] {
            high.net.output_bias = bad;
            assert!(high.validate().is_err());
        }
    }
}
