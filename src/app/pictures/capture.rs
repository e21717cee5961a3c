//! Pictures and recordings taken after a frame is drawn: a PNG asked for in the Export window, and the
//! frames of a GIF — from the window while the user watches ("Record": a frame every 1/fps seconds of
//! wall time, what the user sees), or headless for `approxlab gif` (a frame at each step of a plan,
//! log-spaced by default, training between frames).

use crate::app::picture::PictureArea;
use crate::app::{ApproxApp, ScreenshotOutcome};
use crate::files::gif::GifRecorder;
use crate::train::{Command, Severity};
use eframe::egui_wgpu::RenderState;
use std::sync::PoisonError;
use std::time::{Duration, Instant};

/// Frames drawn before `approxlab gif` takes its first picture (the window settles to its size).
const WARM_UP_FRAMES: u32 = 5;

/// A PNG to write after this frame.
#[derive(Debug, Clone)]
pub struct PictureJob {
    /// What to picture.
    pub area: PictureArea,
    /// Pixels per point relative to the window (1 or 2 from the Export window).
    pub scale: f32,
    /// Where to write it.
    pub path: String,
}

/// When a recording takes its frames.
#[derive(Debug)]
enum Pace {
    /// Every `every` of wall time, while the user trains and drags (the window's Record).
    Live {
        every: Duration,
        last: Option<Instant>,
    },
    /// At these steps of the selected run, stepping the lab between frames, then closing the window
    /// with the outcome (`approxlab gif`).
    Steps {
        steps: Vec<u64>,
        next: usize,
        warm_up: u32,
        outcome: ScreenshotOutcome,
    },
}

/// A GIF being recorded from the window.
#[derive(Debug)]
pub struct Recording {
    recorder: GifRecorder,
    area: PictureArea,
    path: String,
    pace: Pace,
}

impl Recording {
    /// Records `area` at `fps` frames per second of wall time until stopped, into `path`.
    pub fn live(path: String, area: PictureArea, fps: f64) -> Self {
        Self {
            recorder: GifRecorder::start(fps),
            area,
            path,
            pace: Pace::Live {
                every: Duration::from_secs_f64(1.0 / fps.clamp(1.0, 50.0)),
                last: None,
            },
        }
    }

    /// Records `area` at each of `steps` (increasing), shown at `fps`; the outcome lands in `outcome`.
    pub fn at_steps(
        path: String,
        area: PictureArea,
        fps: f64,
        steps: Vec<u64>,
        outcome: ScreenshotOutcome,
    ) -> Self {
        Self {
            recorder: GifRecorder::start(fps),
            area,
            path,
            pace: Pace::Steps {
                steps,
                next: 0,
                warm_up: WARM_UP_FRAMES,
                outcome,
            },
        }
    }

    /// Frames recorded so far.
    pub fn frames(&self) -> usize {
        self.recorder.frames()
    }
}

impl ApproxApp {
    /// Starts recording a GIF of `area` from the window into `path`.
    pub(in crate::app) fn start_recording(&mut self, path: String, area: PictureArea) {
        self.pictures.recording = Some(Recording::live(path.clone(), area, 10.0));
        self.say_locally(
            Severity::Info,
            format!(
                "recording the {} into {path}: press Stop recording in the top bar",
                area.name()
            ),
        );
    }

    /// Stops the recording and writes the GIF; says what happened in the status line.
    pub(in crate::app) fn stop_recording(&mut self) {
        let Some(recording) = self.pictures.recording.take() else {
            return;
        };
        let frames = recording.frames();
        let path = recording.path.clone();
        let written = recording.recorder.save(std::path::Path::new(&path));
        let outcome = match &written {
            Ok(()) => format!("{path} ({frames} frames)"),
            Err(e) => e.clone(),
        };
        if let Pace::Steps { outcome: out, .. } = &recording.pace {
            let result = written
                .as_ref()
                .map(|()| outcome.clone())
                .map_err(Clone::clone);
            *out.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
        }
        match written {
            Ok(()) => self.say_locally(Severity::Info, format!("GIF written: {outcome}")),
            Err(e) => self.say_locally(Severity::Error, format!("GIF not written: {e}")),
        }
    }

    /// Drops the recording, writing nothing, because of `reason` (said in the status line; the
    /// command line's outcome; a headless recording's window closes).
    fn abandon_recording(&mut self, ctx: &egui::Context, reason: &str) {
        let Some(recording) = self.pictures.recording.take() else {
            return;
        };
        if let Pace::Steps { outcome, .. } = &recording.pace {
            *outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(Err(reason.into()));
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.say_locally(
            Severity::Error,
            format!("recording stopped, no GIF written: {reason}"),
        );
    }

    /// After a frame is drawn: writes the PNG asked for, and adds a frame to the recording when one is
    /// due. `gpu` is the window's renderer (absent in tests without a GPU: the export says so).
    pub fn take_pictures(&mut self, ctx: &egui::Context, gpu: Option<&RenderState>) {
        if let Some(job) = self.pictures.pending_picture.take() {
            let painted = gpu
                .ok_or_else(no_gpu)
                .and_then(|gpu| self.picture(ctx, gpu, job.area, job.scale));
            let what = crate::app::file_jobs::describe("writing the picture", &job.path);
            // painted here (the GPU is the window's), encoded and written on a file job
            let done = self.files.start(what, move |_| {
                let written = painted.and_then(|image| {
                    let [w, h] = image.size;
                    crate::files::png::save_png(
                        w,
                        h,
                        rgba_bytes(&image),
                        std::path::Path::new(&job.path),
                    )
                    .map(|()| format!("{w}×{h} picture written to {}", job.path))
                });
                crate::app::file_jobs::Done::Written {
                    what: crate::app::file_jobs::Written::Export,
                    path: job.path,
                    result: written,
                }
            });
            if let Some(done) = done {
                self.file_done(done);
            }
        }
        if self.pictures.recording.is_some() {
            self.record_frame(ctx, gpu);
        }
    }

    fn record_frame(&mut self, ctx: &egui::Context, gpu: Option<&RenderState>) {
        let Some(recording) = &mut self.pictures.recording else {
            return;
        };
        let area = recording.area;
        // the steps to train after this frame's picture, and whether it is the last picture
        let (mut train, mut last) = (0, false);
        // a live frame shows for as long as the window really took to the next one (a window drawing
        // slower than the pace asked must not play back faster than it happened)
        let mut gap = None;
        match &mut recording.pace {
            Pace::Live { every, last } => {
                ctx.request_repaint_after(*every);
                if last.is_some_and(|t| t.elapsed() < *every) {
                    return;
                }
                gap = last.map(|t| t.elapsed());
                *last = Some(Instant::now());
            }
            Pace::Steps {
                steps,
                next,
                warm_up,
                ..
            } => {
                ctx.request_repaint();
                if *warm_up > 0 {
                    *warm_up -= 1;
                    let first = steps.first().copied().unwrap_or(0);
                    if *warm_up == 0 && first > 0 {
                        self.driver.send(Command::Step(first));
                    }
                    return;
                }
                *next += 1;
                match steps.get(*next) {
                    Some(&step) => train = step - steps[*next - 1],
                    None => last = true,
                }
            }
        }
        let frame = gpu
            .ok_or_else(no_gpu)
            .and_then(|gpu| self.picture(ctx, gpu, area, 1.0));
        let pushed = match frame {
            Ok(image) => {
                let [w, h] = image.size;
                let rgba = rgba_bytes(&image);
                self.pictures
                    .recording
                    .as_mut()
                    .is_some_and(|r| r.recorder.push(w, h, rgba, gap))
            }
            Err(e) => {
                self.abandon_recording(ctx, &e);
                return;
            }
        };
        if train > 0 {
            self.driver.send(Command::Step(train));
        }
        if last || !pushed {
            let headless = self
                .pictures
                .recording
                .as_ref()
                .is_some_and(|r| matches!(r.pace, Pace::Steps { .. }));
            self.stop_recording();
            if headless {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}

/// Why a picture cannot be taken without the window's renderer.
pub(in crate::app) fn no_gpu() -> String {
    "pictures need the window's GPU renderer, which this window does not have".into()
}

/// A picture's pixels as RGBA bytes, row after row: how `files` takes pictures (PNG, GIF frames).
pub(in crate::app) fn rgba_bytes(image: &egui::ColorImage) -> Vec<u8> {
    image.pixels.iter().flat_map(|c| c.to_array()).collect()
}
