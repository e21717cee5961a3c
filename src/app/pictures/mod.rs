//! What the window draws, as pictures: the area a picture covers (`picture`), painting it off screen at
//! any scale (`offscreen`), the Export window's PNG and GIF recording (`capture`) and the `--screenshot`
//! mode (`screenshot`).

pub(super) mod capture;
pub(super) mod offscreen;
pub(super) mod picture;
pub(super) mod screenshot;

/// The pictures the window takes of itself, and what it keeps between them.
#[derive(Default)]
pub(super) struct Pictures {
    /// The `--screenshot` plan, when this window is one.
    pub(super) screenshot: Option<screenshot::ScreenshotPlan>,
    /// What paints pictures off screen, kept between pictures (a GIF's frames).
    pub(super) painter: Option<offscreen::OffscreenPainter>,
    /// A picture asked for in the Export window, taken after this frame is drawn.
    pub(super) pending_picture: Option<capture::PictureJob>,
    /// The GIF being recorded from the window, if any.
    pub(super) recording: Option<capture::Recording>,
    /// While true, `draw` only draws (a picture's second pass): no training, no actions, no Export window.
    pub(super) frozen: bool,
}
