//! The trainer's promises: determinism, reset to the same weights, which changes keep the weights, divergence.

use approxlab::data::{Source, Target};
use approxlab::nn::{Activation, OptimizerKind};
use approxlab::train::{Change, Halt, Settings, Trainer};

#[test]
fn the_same_settings_and_seed_give_a_bit_identical_history() {
    let mut s = Settings::default();
    s.data.noise = 0.1;
    s.data.val_fraction = 0.2;
    s.optim.batch = 32;
    let run = || {
        let mut t = Trainer::<f32>::new(s.clone()).unwrap();
        t.advance(3000);
        (t.history().clone(), t.mlp().clone())
    };
    let (a, b) = (run(), run());
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
    let mut other = s.clone();
    other.seed += 1;
    let mut t = Trainer::<f32>::new(other).unwrap();
    t.advance(3000);
    assert_ne!(t.history(), &a.0);
}

#[test]
fn reset_returns_to_the_same_initial_weights_and_repeats_the_run() {
    let mut t = Trainer::<f32>::new(Settings::default()).unwrap();
    let before = t.curves();
    t.advance(500);
    let first_run = t.history().clone();
    assert_ne!(t.curves(), before);
    t.reset();
    assert_eq!(t.step(), 0);
    assert_eq!(t.curves(), before);
    t.advance(500);
    assert_eq!(t.history(), &first_run);
}

#[test]
fn learning_rate_and_target_keep_the_weights_width_and_seed_reinitialise() {
    let mut t = Trainer::<f32>::new(Settings::default()).unwrap();
    t.advance(200);
    let weights = t.mlp().clone();
    let mut s = t.settings().clone();
    s.optim.lr = 0.001;
    s.data.source = Source::Preset(Target::Cubic);
    assert_eq!(t.apply(s.clone()), Ok(Change::KeptWeights));
    assert_eq!((t.step(), t.mlp()), (200, &weights));
    assert_eq!(t.dataset().train_y[0], Target::Cubic.eval(-3.0));
    s.net.width = 3;
    assert_eq!(t.apply(s.clone()), Ok(Change::Reinitialised));
    assert_eq!((t.step(), t.mlp().hidden_widths()), (0, vec![3]));
    s.seed = 7;
    assert_eq!(t.apply(s), Ok(Change::Reinitialised));
}

#[test]
fn a_refused_setting_changes_nothing() {
    let mut t = Trainer::<f32>::new(Settings::default()).unwrap();
    t.advance(10);
    let mut s = t.settings().clone();
    s.optim.lr = -1.0;
    assert!(t.apply(s).unwrap_err().contains("learning rate"));
    assert_eq!(t.settings(), &Settings::default());
    assert_eq!(t.step(), 10);
}

#[test]
fn an_exploding_learning_rate_stops_with_the_step_and_a_smaller_rate() {
    let mut s = Settings::default();
    s.optim.optimizer = OptimizerKind::Sgd;
    s.optim.lr = 50.0;
    let mut t = Trainer::<f32>::new(s).unwrap();
    let done = t.advance(1000);
    let Some(Halt::Diverged {
        step, suggested_lr, ..
    }) = t.halt()
    else {
        panic!("no divergence: {:?}", t.halt())
    };
    assert_eq!(step, done);
    assert!(done < 1000);
    // a rate that was tried from the restored weights: smaller, and it trains on from there
    let lr = suggested_lr.expect("a smaller rate lowers the loss");
    assert!(lr < 50.0 / 3.0, "{lr}");
    assert!(t.halt().unwrap().to_string().contains(&format!(
        "try a learning rate of {lr:.1e} or less (tried from there"
    )));
    let mut slower = t.settings().clone();
    slower.optim.lr = lr;
    let mut again = t.clone();
    again.apply(slower).unwrap();
    let before = again.evaluate().train;
    again.advance(approxlab::train::run::TRIAL_STEPS);
    assert!(again.halt().is_none(), "{:?}", again.halt());
    assert!(again.evaluate().train < before);
    assert_eq!(
        t.advance(10),
        0,
        "a diverged run stays stopped until the settings change or reset"
    );
}

#[test]
fn a_divergence_restores_the_last_good_weights_exactly_and_training_goes_on_from_them() {
    let mut s = Settings::default();
    s.optim.optimizer = OptimizerKind::Sgd;
    s.optim.lr = 0.05;
    let mut t = Trainer::<f32>::new(s.clone()).unwrap();
    t.advance(300);
    let mut faster = s.clone();
    faster.optim.lr = 10.0;
    t.apply(faster).unwrap();
    t.advance(1000);
    let Some(Halt::Diverged {
        step,
        loss,
        restored_step,
        ..
    }) = t.halt()
    else {
        panic!("lr 10 diverges: {:?}", t.halt())
    };
    let every = approxlab::train::run::CHECKPOINT_EVERY;
    assert!(
        restored_step < step && step - restored_step <= 3 * every + 20,
        "the checkpoint is recent: {restored_step} of {step}"
    );
    // the same run, stopped at the restored step, has exactly these weights
    let mut again = Trainer::<f32>::new(s.clone()).unwrap();
    again.advance(restored_step.min(300));
    if restored_step > 300 {
        let mut faster = s.clone();
        faster.optim.lr = 10.0;
        again.apply(faster).unwrap();
        again.advance(restored_step - 300);
    }
    assert_eq!(
        t.mlp(),
        again.mlp(),
        "bit for bit the weights of step {restored_step}"
    );
    let records = t.history().records();
    assert!(
        records
            .iter()
            .any(|r| r.step == step - 1 && r.train == loss),
        "the explosion is kept"
    );
    assert_eq!(records.last().unwrap().step, step, "then the restored loss");
    assert!(records.last().unwrap().train < 1.0);
    assert_eq!(t.history().marks().last().unwrap().label, "diverged");
    // a lower rate (or Play) goes on from there without a false alarm
    let mut slower = s;
    slower.optim.lr = 0.01;
    t.apply(slower).unwrap();
    assert_eq!(t.advance(500), 500);
    assert_eq!(t.halt(), None);
    assert!(t.evaluate().train < 1.0);
}

#[test]
fn validation_and_outside_losses_are_reported() {
    let mut s = Settings::default();
    s.data.val_fraction = 0.25;
    let mut t = Trainer::<f32>::new(s).unwrap();
    t.advance(100);
    let r = t.evaluate();
    assert!(r.val.is_some() && r.outside.is_some());
    assert!(r.train.is_finite());
}

#[test]
fn every_activation_trains_without_error() {
    for act in Activation::ALL {
        let mut s = Settings::default();
        s.net.activation = act;
        let mut t = Trainer::<f32>::new(s).unwrap();
        let start = t.evaluate().train;
        t.advance(300);
        assert!(t.evaluate().train < start, "{act} did not learn");
    }
}

#[test]
fn a_much_bigger_target_is_not_mistaken_for_divergence() {
    let mut t = Trainer::<f32>::new(Settings::default()).unwrap();
    t.advance(100);
    let mut s = t.settings().clone();
    s.data.source = Source::Preset(Target::Cubic);
    s.data.domain = approxlab::data::Interval::new(-50.0, 50.0);
    s.data.view = approxlab::data::Interval::new(-100.0, 100.0);
    assert_eq!(t.apply(s), Ok(Change::KeptWeights));
    assert_eq!(t.advance(5), 5);
    assert_eq!(
        t.halt(),
        None,
        "losses near 1e9 are this target's scale, not a divergence"
    );
}
