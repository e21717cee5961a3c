//! `approxlab bench --ui`: the window's costs without a GPU.
//!
//! - Frame cost: the real window code draws into a plain `egui::Context` (1280 × 800) after some training,
//!   each frame timed in two parts, egui's layout (our panels and plots included) and tessellation into
//!   triangles; for one run of W5's network (3 hidden layers of 256 tanh, 1000 points, all 256
//!   contributions drawn), four runs of 1 × 50 tanh and four runs of 3 × 256 tanh (the runs differ in
//!   optimizer, so four fits and four loss curves are drawn).
//! - Publish cost: building a snapshot after every run moved (a frame of training), with 1 and 4 runs.
//! - Lockstep throughput: steps per second summed over four 1 × 50 tanh runs trained in lockstep, against
//!   one such run alone (the same core does both: the ratio is the lockstep's overhead).
//! - Latency: how long a settings change takes to reach a published snapshot while the thread trains at
//!   max speed.
//! - Beside a sweep: the live training thread's steps per second (1 × 50 tanh at max speed) and the frame
//!   cost (four runs of 1 × 50), alone and while a sweep trains on the threads the window leaves it
//!   (every core but one).
//! - Beside training (`analysis.rs`): an ensemble of 16 members of 1 × 50 tanh on every core against one
//!   run alone, with the frame it draws; the exact linear pieces of a 3 × 256 ReLU net.

use crate::app::{ApproxApp, UiState};
use crate::nn::{Activation, Init, OptimizerKind};
use crate::train::{Command, Lab, Settings, Worker};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

mod analysis;
mod describe;
pub use describe::describe;

/// Frames timed after warm-up.
const FRAMES: usize = 300;
/// Frames drawn before timing starts.
const WARMUP: usize = 30;

/// The settings of the benchmark's big network (W5's shape).
pub fn w5_settings() -> Settings {
    let mut s = Settings::default();
    s.data.points = 1000;
    s.net.depth = 3;
    s.net.width = 256;
    s.net.activation = Activation::Tanh;
    s.net.init = Init::GlorotUniform;
    s.optim.lr = 1e-3;
    s
}

/// One hidden layer of 50 tanh (W3's shape).
pub fn small_settings() -> Settings {
    let mut s = Settings::default();
    s.net.width = 50;
    s
}

/// One hidden layer of 8 tanh on 100 000 given points (a sine with a ripple): the most points a user may
/// give, to show what holding and drawing them costs per frame.
pub fn given_points_settings() -> Settings {
    let mut s = Settings::default();
    s.net.width = 8;
    let n = crate::data::source::MAX_GIVEN_POINTS;
    let points: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let x = -3.0 + 6.0 * i as f64 / (n - 1) as f64;
            [x, x.sin() + 0.1 * (7.0 * x).sin()]
        })
        .collect();
    s.data.source = crate::data::Source::Points(points.into());
    s
}

/// `base` and three copies with another optimizer each.
fn four_runs(base: &Settings) -> Vec<Settings> {
    [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Rmsprop,
    ]
    .into_iter()
    .map(|optimizer| {
        let mut s = base.clone();
        s.optim.optimizer = optimizer;
        s
    })
    .collect()
}

/// Milliseconds from a settings change sent to the training thread (running at max speed) until a
/// published snapshot shows it: the window draws the newest snapshot every frame, so a change is on screen
/// within this plus one frame.
pub fn settings_latency_ms(changes: usize) -> Vec<f64> {
    let Ok(worker) = Worker::spawn(Settings::default(), || {}) else {
        return Vec::new();
    };
    worker.send(Command::Speed {
        steps_per_frame: 10,
        max_speed: true,
    });
    worker.send(Command::Play);
    std::thread::sleep(Duration::from_millis(200));
    let mut latencies = Vec::with_capacity(changes);
    for i in 0..changes {
        let mut next = Settings::default();
        next.net.width = 5 + i % 20;
        let sent = Instant::now();
        worker.send(Command::Apply {
            run: 0,
            settings: next
                .run_settings()
                .check()
                .expect("the bench's widths are valid"),
            keep_neurons: false,
        });
        while worker.latest().first().settings != next && sent.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_micros(200));
        }
        latencies.push(sent.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(30));
    }
    latencies
}

/// Frame cost of the window showing `base` plus `compare` runs after `train_steps` steps.
fn frame_cost(base: Settings, compare: Vec<Settings>, train_steps: u64) -> Value {
    frame_cost_of(base, compare, train_steps, 1)
}

/// [`frame_cost`] with the first run an ensemble of `members` ("Seeds ×", 1 for a single run).
pub(super) fn frame_cost_of(
    base: Settings,
    compare: Vec<Settings>,
    train_steps: u64,
    members: usize,
) -> Value {
    let mut app = ApproxApp::paused(UiState {
        settings: base,
        ..UiState::default()
    });
    if members > 1 {
        app.command(Command::Ensemble { run: 0, members });
    }
    for settings in compare {
        app.command(Command::CompareWith {
            from: 0,
            settings: settings
                .run_settings()
                .check()
                .expect("the bench's runs are valid"),
        });
    }
    app.command(Command::Step(train_steps));
    let ctx = egui::Context::default();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let (mut layout_ms, mut tess_ms, mut vertices) = (Vec::new(), Vec::new(), 0usize);
    for frame in 0..WARMUP + FRAMES {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(frame as f64 / 60.0),
            ..Default::default()
        };
        let t0 = Instant::now();
        let output = ctx.run_ui(input, |ui| app.draw(ui));
        let t1 = Instant::now();
        let meshes = ctx.tessellate(output.shapes, output.pixels_per_point);
        let t2 = Instant::now();
        if frame >= WARMUP {
            layout_ms.push((t1 - t0).as_secs_f64() * 1e3);
            tess_ms.push((t2 - t1).as_secs_f64() * 1e3);
            vertices = meshes
                .iter()
                .map(|m| match &m.primitive {
                    egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                    egui::epaint::Primitive::Callback(_) => 0,
                })
                .sum();
        }
    }
    let total: Vec<f64> = layout_ms.iter().zip(&tess_ms).map(|(a, b)| a + b).collect();
    json!({
        "runs": app.snapshot().runs.len(),
        "neurons_drawn": app.run().contributions.len(),
        "layout_ms_median": percentile(&layout_ms, 0.5),
        "tessellate_ms_median": percentile(&tess_ms, 0.5),
        "frame_ms_median": percentile(&total, 0.5),
        "frame_ms_p90": percentile(&total, 0.9),
        "vertices": vertices,
    })
}

/// A lab of `base` plus `compare` runs, playing at `steps_per_frame`.
fn lab(base: Settings, compare: Vec<Settings>, steps_per_frame: u32) -> Lab {
    let mut lab = Lab::new(base);
    for settings in compare {
        lab.handle(Command::CompareWith {
            from: 0,
            settings: settings
                .run_settings()
                .check()
                .expect("the bench's runs are valid"),
        });
    }
    lab.handle(Command::Speed {
        steps_per_frame,
        max_speed: false,
    });
    lab.handle(Command::Play);
    lab
}

/// Median milliseconds to publish a snapshot after a frame of training moved every run of `base` and
/// `runs - 1` copies.
fn publish_ms(base: Settings, runs: usize) -> f64 {
    let compare = four_runs(&base).into_iter().take(runs - 1).collect();
    let mut lab = lab(base, compare, 10);
    let mut times = Vec::new();
    for _ in 0..200 {
        lab.tick(1.0);
        let t = Instant::now();
        let snapshot = lab.snapshot();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        drop(snapshot);
    }
    percentile(&times, 0.5)
}

/// Steps per second summed over the runs of a lab of `runs` 1 × 50 tanh runs, trained for `seconds`.
fn lockstep_steps_per_s(runs: usize, seconds: f64) -> f64 {
    let base = small_settings();
    let compare = four_runs(&base).into_iter().take(runs - 1).collect();
    let mut lab = lab(base, compare, 100);
    let start = Instant::now();
    let mut steps = 0;
    while start.elapsed().as_secs_f64() < seconds {
        steps += lab.tick(1.0);
    }
    (steps * runs as u64) as f64 / start.elapsed().as_secs_f64()
}

/// Steps per second of a live 1 × 50 thread at max speed, measured over `seconds`.
fn live_steps_per_s(seconds: f64) -> f64 {
    let Ok(worker) = Worker::spawn(small_settings(), || {}) else {
        return f64::NAN;
    };
    worker.send(Command::Speed {
        steps_per_frame: 100,
        max_speed: true,
    });
    worker.send(Command::Play);
    std::thread::sleep(Duration::from_millis(300));
    let (first, start) = (worker.latest().first().step, Instant::now());
    std::thread::sleep(Duration::from_secs_f64(seconds));
    (worker.latest().first().step - first) as f64 / start.elapsed().as_secs_f64()
}

/// The live thread's steps per second and the frame cost, alone and beside a sweep on
/// [`crate::sweep::threads_beside_the_window`] threads.
fn beside_a_sweep(train_steps: u64) -> Value {
    use crate::sweep::{SweepParam, SweepPlan};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let alone = live_steps_per_s(1.5);
    let small = small_settings();
    let frame_alone = frame_cost(small.clone(), four_runs(&small), train_steps);
    let plan = SweepPlan {
        base: small.clone(),
        axes: vec![(SweepParam::Width, (32..96).map(f64::from).collect())],
        seeds: 10,
        vary_data_seed: false,
        steps: 1_000_000,
    };
    let Ok(cells) = plan.cells() else {
        return Value::Null;
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let stop = Arc::clone(&cancel);
    let threads = crate::sweep::threads_beside_the_window();
    let sweep = std::thread::spawn(move || {
        crate::sweep::run(&cells, 1_000_000, threads, &stop, &|_, _| {})
    });
    std::thread::sleep(Duration::from_millis(300));
    let beside = live_steps_per_s(1.5);
    let frame_beside = frame_cost(small.clone(), four_runs(&small), train_steps);
    cancel.store(true, Ordering::Relaxed);
    let _ = sweep.join();
    json!({
        "sweep_threads": threads,
        "live_steps_per_s_alone": alone,
        "live_steps_per_s_beside_sweep": beside,
        "frame_ms_median_alone": frame_alone["frame_ms_median"],
        "frame_ms_median_beside_sweep": frame_beside["frame_ms_median"],
        "frame_ms_p90_beside_sweep": frame_beside["frame_ms_p90"],
    })
}

/// Six runs (the most the lab holds), each diagnosed at every publish: the base and five others.
fn six_runs(base: &Settings) -> Vec<Settings> {
    let mut runs = four_runs(base);
    for lr in [0.001, 0.1] {
        let mut s = base.clone();
        s.optim.lr = lr;
        runs.push(s);
    }
    runs
}

/// Microseconds one diagnosis takes (its rules over the history, the median of 200), after `steps`
/// steps of the small network: the history holds at most 2 048 records however long the run.
fn diagnosis_us(steps: u64) -> f64 {
    let Ok(mut t) = crate::train::Trainer::<f32>::new(small_settings()) else {
        return f64::NAN;
    };
    t.advance(steps);
    let mut times: Vec<f64> = t.with_evidence(|evidence| {
        (0..200)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(crate::train::diagnosis::diagnose(std::hint::black_box(
                    evidence,
                )));
                start.elapsed().as_secs_f64() * 1e6
            })
            .collect()
    });
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Runs the benchmark; returns one JSON object with the figures.
pub fn run(train_steps: u64) -> Value {
    let latency = settings_latency_ms(40);
    let one = lockstep_steps_per_s(1, 1.5);
    let four = lockstep_steps_per_s(4, 1.5);
    let small = small_settings();
    let big = w5_settings();
    let given = given_points_settings();
    json!({
        "benchmark": "ui",
        "frame_one_run_3x256": frame_cost(big.clone(), Vec::new(), train_steps),
        "frame_four_runs_1x50": frame_cost(small.clone(), four_runs(&small), train_steps),
        "frame_four_runs_3x256": frame_cost(big.clone(), four_runs(&big), train_steps),
        "frame_four_runs_100k_points": frame_cost(given.clone(), four_runs(&given), train_steps.min(100)),
        "frame_six_runs_1x50": frame_cost(small.clone(), six_runs(&small), train_steps),
        "diagnosis_us_5000_steps": diagnosis_us(5_000),
        "diagnosis_us_100000_steps": diagnosis_us(100_000),
        "publish_ms_one_run": publish_ms(small.clone(), 1),
        "publish_ms_four_runs": publish_ms(small.clone(), 4),
        "publish_ms_four_runs_100k_points": publish_ms(given, 4),
        "lockstep_steps_per_s_one_run": one,
        "lockstep_steps_per_s_four_runs": four,
        "lockstep_efficiency": four / one,
        "settings_to_snapshot_ms_median": percentile(&latency, 0.5),
        "settings_to_snapshot_ms_max": percentile(&latency, 1.0),
        "beside_a_sweep": beside_a_sweep(train_steps),
        "ensemble_16_1x50": analysis::ensemble(16, 1.5, train_steps),
        "pieces_3x256_relu": analysis::pieces_3x256(),
    })
}

/// The `q` quantile of `values` (the nearest rank).
pub(super) fn percentile(values: &[f64], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64 - 1.0) * q).round() as usize)
        .copied()
        .unwrap_or(f64::NAN)
}
