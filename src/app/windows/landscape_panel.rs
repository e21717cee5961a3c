//! The Loss landscape window: the loss on a 2-D slice through the selected run's weights (`sweep::landscape`),
//! computed on a thread of its own, with the path of a headless replay of the run's training when the
//! replay ends on exactly the run's weights (else no path, and why).

use crate::app::plots;
use crate::sweep;
use crate::sweep::landscape::{self, Landscape};
use crate::train::{Settings, Trainer};
use std::thread::JoinHandle;

/// Steps a replay for the landscape's path may take before the path is left out.
const MAX_REPLAY_STEPS: u64 = 200_000;
/// Floating-point operations a replay may take (a few seconds of one core) before the path is left out.
const MAX_REPLAY_FLOPS: f64 = 5e10;

/// A slice, and why its path is missing if it is.
type Slice = Result<(Landscape, Option<String>), String>;

/// A landscape being computed (or computed) for a run.
pub struct LandscapeJob {
    /// The run's name and step, for the window's title line.
    pub about: String,
    /// The step whose weights the slice is centred on (training may have gone on since).
    pub step: u64,
    worker: Option<JoinHandle<Slice>>,
    /// The slice, and why the path is missing if it is, once computed.
    pub outcome: Option<Slice>,
}

impl std::fmt::Debug for LandscapeJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LandscapeJob")
            .field("about", &self.about)
            .finish_non_exhaustive()
    }
}

impl LandscapeJob {
    /// Starts computing the slice around `run`'s weights on `data`'s training points.
    pub fn start(
        about: String,
        run: &crate::train::RunView,
        data: &crate::train::DataView,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let mlp = run.mlp.clone();
        let settings = run.settings.clone();
        let step = run.step;
        let x: Vec<f32> = data.train_points.iter().map(|p| p[0] as f32).collect();
        let y: Vec<f32> = data.train_points.iter().map(|p| p[1] as f32).collect();
        let worker = std::thread::Builder::new()
            .name("approxlab-landscape".into())
            .spawn(move || {
                let points = settings.optim.points_per_step(settings.data.train_count());
                let per_step =
                    crate::nn::cost::Cost::of(mlp.layers()).flops_per_step(points) as f64;
                let (path, missing) = replay_path(&settings, step, mlp.params(), per_step);
                let dirs = landscape::directions(&mlp, 1);
                let threads = sweep::threads_beside_the_window();
                let slice = landscape::compute(
                    &mlp,
                    &x,
                    &y,
                    settings.optim.loss,
                    &dirs,
                    1.0,
                    61,
                    &path,
                    threads,
                );
                repaint();
                slice.map(|s| (s, missing))
            })
            .ok();
        Self {
            about,
            step,
            outcome: worker
                .is_none()
                .then(|| Err("cannot start the landscape's thread".into())),
            worker,
        }
    }

    fn poll(&mut self) {
        if self.worker.as_ref().is_some_and(JoinHandle::is_finished)
            && let Some(worker) = self.worker.take()
        {
            self.outcome = Some(
                worker
                    .join()
                    .unwrap_or_else(|_| Err("the landscape stopped unexpectedly".into())),
            );
        }
    }
}

/// The run's path, replayed headless from its settings (100 points), if the replay ends on exactly its
/// weights; else no path and why.
fn replay_path(
    settings: &Settings,
    step: u64,
    now: &[f32],
    per_step: f64,
) -> (Vec<Vec<f64>>, Option<String>) {
    if step > MAX_REPLAY_STEPS || per_step * step as f64 > MAX_REPLAY_FLOPS {
        return (
            Vec::new(),
            Some(format!(
                "no path: replaying {step} steps would take too long"
            )),
        );
    }
    let Ok(mut trainer) = Trainer::<f32>::new(settings.clone()) else {
        return (
            Vec::new(),
            Some("no path: its settings cannot be replayed".into()),
        );
    };
    let path = landscape::train_along_path(&mut trainer, step);
    if trainer.mlp().params() == now {
        (path, None)
    } else {
        (
            Vec::new(),
            Some("no path: the run's settings or weights changed while it trained".into()),
        )
    }
}

impl super::sweep_panel::SweepWindow {
    /// Draws the landscape window while there is a landscape; closing it drops the landscape.
    pub(in crate::app) fn landscape_window(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.landscape else {
            return;
        };
        job.poll();
        let mut open = true;
        crate::app::placed(ctx, egui::Window::new("Loss landscape"))
            .open(&mut open)
            .default_size([520.0, 520.0])
            .resizable(true)
            .show(ctx, |ui| {
                ui.label(format!("Loss around {}: 61 × 61 points, α and β along two random directions normalised per neuron (Li et al., 2018).", job.about));
                match &job.outcome {
                    None => {
                        ui.spinner();
                    }
                    Some(Err(e)) => {
                        crate::app::path_field::error_line(ui, Some(e));
                    }
                    Some(Ok((slice, missing))) => {
                        let finite = slice.loss.iter().copied().filter(|v| v.is_finite());
                        let (lo, hi) = finite.fold((f64::INFINITY, 0.0_f64), |(l, h), v| (l.min(v), h.max(v)));
                        ui.label(format!("Colour: the training loss on a log scale, from {lo:.1e} (dark blue) to {hi:.1e} (yellow); the white diamond is the run's weights at step {} (training may have gone on since: Landscape again to see it now).", job.step));
                        if let Some(why) = missing {
                            ui.weak(why);
                        }
                        let size = ui.available_size().max(egui::vec2(200.0, 200.0));
                        plots::landscape_plot(ui, slice, size, job.step);
                    }
                }
            });
        if !open {
            self.landscape = None;
        }
    }
}
