//! The window benchmark's figures on what the lab computes beside training: an ensemble's members trained
//! together against one run alone (and the frame with the ensemble drawn), and the exact linear pieces
//! of a large ReLU network.

use super::{frame_cost_of, percentile, small_settings, w5_settings};
use serde_json::{Value, json};
use std::time::Instant;

/// Member-steps per second of an ensemble of `members` 1 × 50 tanh runs on every core, each member a
/// task, against one such run alone (each over `seconds`); and the window's frame with that ensemble
/// against the same window with a single run.
pub(super) fn ensemble(members: usize, seconds: f64, train_steps: u64) -> Value {
    use crate::train::ensemble::Ensemble;
    use crate::train::{Data, Run};
    let small = small_settings();
    let (Ok(data), Ok(checked)) = (
        Data::<f32>::generate(&small.data),
        small.run_settings().check(),
    ) else {
        return Value::Null;
    };
    let mut single = Run::new(checked.clone(), &data);
    let start = Instant::now();
    let mut steps = 0;
    while start.elapsed().as_secs_f64() < seconds {
        steps += single.advance(&data, 100);
    }
    let single_rate = steps as f64 / start.elapsed().as_secs_f64();
    let threads = crate::sweep::all_threads();
    let (Ok(mut ensemble), Ok(pool)) = (
        Ensemble::new(&checked, members, &data),
        rayon::ThreadPoolBuilder::new().num_threads(threads).build(),
    ) else {
        return Value::Null;
    };
    let start = Instant::now();
    let mut steps = 0;
    while start.elapsed().as_secs_f64() < seconds {
        steps += ensemble.advance(&data, 100, &pool);
    }
    let member_rate = (steps * members as u64) as f64 / start.elapsed().as_secs_f64();
    let alone = frame_cost_of(small.clone(), Vec::new(), train_steps, 1);
    let with = frame_cost_of(small, Vec::new(), train_steps, members);
    json!({
        "members": members,
        "threads": threads,
        "one_run_steps_per_s": single_rate,
        "member_steps_per_s": member_rate,
        "efficiency": member_rate / (threads as f64 * single_rate),
        "frame_ms_median_single_run": alone["frame_ms_median"],
        "frame_ms_median_ensemble": with["frame_ms_median"],
        "frame_ms_p90_ensemble": with["frame_ms_p90"],
    })
}

/// Microseconds to find the exact breakpoints of a 3 × 256 ReLU network over the view (the median of
/// 20), after 200 steps of Adam on sin, and how many it has.
pub(super) fn pieces_3x256() -> Value {
    let mut s = w5_settings();
    s.net.activation = crate::nn::Activation::Relu;
    let Ok(mut t) = crate::train::Trainer::<f32>::new(s) else {
        return Value::Null;
    };
    t.advance(200);
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..20 {
        let start = Instant::now();
        count = std::hint::black_box(t.breakpoints()).map_or(0, |b| b.len());
        times.push(start.elapsed().as_secs_f64() * 1e6);
    }
    json!({ "us_median": percentile(&times, 0.5), "breakpoints": count })
}
