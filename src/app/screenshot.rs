//! `approxlab --screenshot FILE.png --frames N`: draw N frames, ask eframe for exactly what the window
//! drew (`ViewportCommand::Screenshot`), write it as a PNG and close. The outcome is shared with `main`,
//! which turns it into the exit status.

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
        };
        (plan, outcome)
    }

    /// Counts a drawn frame; asks for the picture once enough were drawn. Keeps frames coming. No
    /// tooltip appears in the picture, wherever the display's pointer happens to rest.
    pub fn frame_drawn(&mut self, ctx: &egui::Context) {
        ctx.all_styles_mut(|style| style.interaction.tooltip_delay = f32::INFINITY);
        ctx.request_repaint();
        if self.requested {
            self.waited += 1;
            return;
        }
        self.frames_left = self.frames_left.saturating_sub(1);
        if self.frames_left == 0 {
            let sender = self.sender.clone();
            ctx.request_screenshot(move |image| {
                let _ = sender.send(image);
            });
            self.requested = true;
        }
    }

    /// Writes the picture once it arrived; true when done (written, failed, or given up).
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        let result = if let Ok(image) = self.receiver.try_recv() {
            crate::files::png::save_png(&image, &self.path)
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
