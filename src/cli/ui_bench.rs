//! `approxlab bench --ui`: the window's frame cost without a GPU. The real window code draws into a plain
//! `egui::Context` (1280 × 800) showing W5's network (3 hidden layers of 256 tanh, 1000 points, all 256
//! contributions drawn) after some training; each frame is timed in two parts, egui's layout (our panels
//! and plots included) and tessellation into triangles. Prints the median and 90th percentile, and how
//! long a settings change takes to reach a published snapshot while the thread trains at max speed.

use crate::app::{ApproxApp, UiState};
use crate::nn::{Activation, Init};
use crate::train::{Command, Settings, Worker};
use std::time::{Duration, Instant};

/// Frames timed after warm-up.
const FRAMES: usize = 300;
/// Frames drawn before timing starts.
const WARMUP: usize = 30;

/// The settings of the benchmark's network (W5's shape).
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
        worker.send(Command::Apply(next.clone()));
        while worker.latest().settings != next && sent.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_micros(200));
        }
        latencies.push(sent.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(30));
    }
    latencies
}

/// Runs the benchmark; returns one JSON object with the figures.
pub fn run(train_steps: u64) -> serde_json::Value {
    let latency = settings_latency_ms(40);
    let mut app = ApproxApp::paused(UiState {
        settings: w5_settings(),
        ..UiState::default()
    });
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
    serde_json::json!({
        "benchmark": "ui_frame",
        "network": "1-256-256-256-1 tanh",
        "neurons_drawn": app.snapshot().contributions.len(),
        "frames": FRAMES,
        "layout_ms_median": percentile(&layout_ms, 0.5),
        "tessellate_ms_median": percentile(&tess_ms, 0.5),
        "frame_ms_median": percentile(&total, 0.5),
        "frame_ms_p90": percentile(&total, 0.9),
        "vertices": vertices,
        "settings_to_snapshot_ms_median": percentile(&latency, 0.5),
        "settings_to_snapshot_ms_max": percentile(&latency, 1.0),
    })
}

fn percentile(values: &[f64], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64 - 1.0) * q).round() as usize)
        .copied()
        .unwrap_or(f64::NAN)
}
