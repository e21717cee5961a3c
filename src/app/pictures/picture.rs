//! Pictures of the window for slides: the whole window or one plot alone, at 1× or 2× its pixels. The
//! window is drawn a second time, frozen (no training, no actions), into a private egui context (kept
//! between pictures) that is handed the window's memory (panel sizes, plot bounds, open windows) but has
//! `scale` times the pixels per point, so the layout in points is the one on screen; the chosen area of
//! that pass is painted off screen (`offscreen.rs`). A picture shows no hover highlight: it pictures the plots, not the pointer.

use crate::app::ApproxApp;
use crate::app::offscreen::OffscreenPainter;
use eframe::egui_wgpu::RenderState;
use egui::{ColorImage, Rect, ViewportId};

/// Points of the window kept left, above and right of a plot's picture, so its heading does not touch
/// the edge (none below: the next row's heading starts there).
const MARGIN: f32 = 5.0;

/// Largest pixel scale a picture may ask for.
pub const MAX_SCALE: f32 = 4.0;

/// What a picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureArea {
    /// The whole window.
    Window,
    /// The fit plot (target, points, predictions).
    Fit,
    /// The neuron contributions plot.
    Pieces,
    /// The loss plot.
    Loss,
}

impl PictureArea {
    /// Every area, in the order the Export window lists them.
    pub const ALL: [PictureArea; 4] = [Self::Window, Self::Fit, Self::Pieces, Self::Loss];

    /// The name the Export window and the command line use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Window => "window",
            Self::Fit => "fit",
            Self::Pieces => "pieces",
            Self::Loss => "loss",
        }
    }

    /// The area called `name` (as `name` writes it), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// Where each plot was drawn in the last frame, in points.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlotRects {
    /// The fit plot.
    pub fit: Option<Rect>,
    /// The contributions plot.
    pub pieces: Option<Rect>,
    /// The loss plot (absent while the weight table has its place).
    pub loss: Option<Rect>,
}

impl ApproxApp {
    /// Pictures `area` as it is on screen now, with `scale` times the window's pixels along each side.
    pub fn picture(
        &mut self,
        ctx: &egui::Context,
        gpu: &RenderState,
        area: PictureArea,
        scale: f32,
    ) -> Result<ColorImage, String> {
        if !(1.0..=MAX_SCALE).contains(&scale) {
            return Err(format!(
                "the picture's scale must lie in [1, {MAX_SCALE}], not {scale}"
            ));
        }
        let screen = ctx.viewport_rect();
        let region = match area {
            PictureArea::Window => Some(screen),
            PictureArea::Fit => self.plots.plot_rects.fit,
            PictureArea::Pieces => self.plots.plot_rects.pieces,
            PictureArea::Loss => self.plots.plot_rects.loss,
        }
        .map(|rect| match area {
            PictureArea::Window => rect,
            _ => Rect::from_min_max(
                rect.min - egui::vec2(MARGIN, MARGIN),
                rect.max + egui::vec2(MARGIN, 0.0),
            )
            .intersect(screen),
        })
        .ok_or_else(|| {
            format!(
                "the {} plot is not on screen (the weight table has its place: choose the Loss tab)",
                area.name()
            )
        })?;
        let native = ctx.native_pixels_per_point().unwrap_or(1.0) * scale;
        let mut painter = self
            .pictures
            .painter
            .take()
            .filter(|p| p.native_pixels_per_point() == native)
            .unwrap_or_else(|| OffscreenPainter::new(gpu, native));
        let offscreen = painter.ctx().clone();
        offscreen.memory_mut(|m| *m = ctx.memory(|m| m.clone()));
        offscreen.set_zoom_factor(ctx.zoom_factor());
        let mut input = egui::RawInput {
            screen_rect: Some(screen),
            time: ctx.input(|i| Some(i.time)),
            ..Default::default()
        };
        if let Some(viewport) = input.viewports.get_mut(&ViewportId::ROOT) {
            viewport.native_pixels_per_point = Some(native);
        }
        // a picture shows the plots, not where the pointer happens to rest: no neuron highlighted
        let hovered = self.plots.hovered_neuron.take();
        self.pictures.frozen = true;
        let passes: Vec<_> = (0..painter.passes_needed())
            .map(|_| offscreen.run_ui(input.clone(), |ui| self.draw(ui)))
            .collect();
        self.pictures.frozen = false;
        self.plots.hovered_neuron = hovered;
        let image = painter.paint(gpu, passes, region);
        self.pictures.painter = Some(painter);
        image
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_is_found_by_its_name() {
        for area in PictureArea::ALL {
            assert_eq!(PictureArea::from_name(area.name()), Some(area));
        }
        assert_eq!(PictureArea::from_name("plot"), None);
    }
}
