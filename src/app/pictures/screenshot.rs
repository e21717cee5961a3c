//! `approxlab --screenshot FILE.png --frames N`: draw N frames, ask eframe for exactly what the window
//! drew (`ViewportCommand::Screenshot`), write it as a PNG and close. With `--picture AREA` or
//! `--scale S` the picture is the Export window's instead (one plot, or S times the pixels), painted off
//! screen. The outcome is shared with `main`, which turns it into the exit status.

use crate::app::picture::PictureArea;
use egui::ColorImage;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

/// Frames to wait for the picture after asking for it before giving up.
const PATIENCE_FRAMES: u32 = 300;

/// Where the outcome lands: `Ok(path)` once written, `Err(reason)` if not.
pub type ScreenshotOutcome = Arc<Mutex<Option<Result<String, String>>>>;

/// A pending screenshot.
#[derive(Debug)]
pub struct ScreenshotPlan {
    path: PathBuf,
    frames_left: u32,
    waited: u32,
    requested: bool,
    sender: Sender<Arc<ColorImage>>,
    receiver: Receiver<Arc<ColorImage>>,
    outcome: ScreenshotOutcome,
    /// Set for an off-screen picture: what it shows and its scale.
    offscreen: Option<(PictureArea, f32)>,
    /// Why the off-screen picture could not be taken.
    failed: Option<String>,
}

impl ScreenshotPlan {
    /// Plans a picture of the window after `frames` frames, written to `path`.
    pub fn new(path: PathBuf, frames: u32) -> (Self, ScreenshotOutcome) {
        let (sender, receiver) = channel();
        let outcome: ScreenshotOutcome = Arc::new(Mutex::new(None));
        let plan = Self {
            path,
            frames_left: frames.max(1),
            waited: 0,
            requested: false,
            sender,
            receiver,
            outcome: Arc::clone(&outcome),
            offscreen: None,
            failed: None,
        };
        (plan, outcome)
    }

    /// Takes the picture off screen: `area` at `scale` times the window's pixels.
    pub fn off_screen(mut self, area: PictureArea, scale: f32) -> Self {
        self.offscreen = Some((area, scale));
        self
    }

    /// Hands over the off-screen picture (or why there is none).
    pub fn deliver(&mut self, picture: Result<ColorImage, String>) {
        match picture {
            Ok(image) => {
                let _ = self.sender.send(Arc::new(image));
            }
            Err(e) => self.failed = Some(e),
        }
    }

    /// Counts a drawn frame; asks for the picture once enough were drawn, or returns what to picture
    /// off screen (then `deliver` it). Keeps frames coming. No tooltip appears in the picture, wherever
    /// the display's pointer happens to rest.
    pub fn frame_drawn(&mut self, ctx: &egui::Context) -> Option<(PictureArea, f32)> {
        ctx.all_styles_mut(|style| style.interaction.tooltip_delay = f32::INFINITY);
        ctx.request_repaint();
        if self.requested {
            self.waited += 1;
            return None;
        }
        self.frames_left = self.frames_left.saturating_sub(1);
        if self.frames_left == 0 && self.offscreen.is_some() {
            self.requested = true;
            return self.offscreen;
        }
        if self.frames_left == 0 {
            let sender = self.sender.clone();
            ctx.request_screenshot(move |image| {
                let _ = sender.send(image);
            });
            self.requested = true;
        }
        None
    }

    /// Writes the picture once it arrived; true when done (written, failed, or given up).
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        let result = if let Some(e) = self.failed.take() {
            Err(e)
        } else if let Ok(image) = self.receiver.try_recv() {
            crate::files::png::save_png(
                image.size[0],
                image.size[1],
                crate::app::capture::rgba_bytes(&image),
                &self.path,
            )
            .map(|()| self.path.display().to_string())
        } else if self.waited > PATIENCE_FRAMES {
            Err(format!(
                "no screenshot arrived after {PATIENCE_FRAMES} frames"
            ))
        } else {
            ctx.request_repaint();
            return false;
        };
        *self.outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
        true
    }
}
