//! Animated GIFs of a training: frames are handed to a background thread that encodes them with the `gif`
//! crate, so the window never waits for the encoder. Every frame is cut or padded (white) to the first
//! frame's size, since a GIF has one screen size. After the first, a frame stores only the rectangle
//! that changed, its unchanged pixels transparent over the frame before (kept, not disposed): the
//! controls and the still parts of a plot cost nothing, and each frame's 256-colour palette (NeuQuant
//! when it has more colours) is spent on what moved. The finished file is written atomically.
//!
//! `log_spaced_steps` gives the steps at which frames are taken by default: evenly spaced in log(step),
//! so the fast start of a training gets as many frames as its slow end.

use gif::{DisposalMethod, Encoder, Frame, Repeat};
use image::{Rgba, RgbaImage};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// NeuQuant's speed (1 slowest and best … 30 fastest): plots are flat colours and thin lines, for which
/// 10 loses nothing visible and keeps a frame's encoding well under a tenth of a second.
const QUANTIZER_SPEED: i32 = 10;

/// Most frames one recording holds (a minute at 10 frames per second).
pub const MAX_FRAMES: usize = 600;

/// A GIF being encoded on its own thread.
#[derive(Debug)]
pub struct GifRecorder {
    sender: Option<Sender<(RgbaImage, Option<Duration>)>>,
    worker: Option<JoinHandle<Result<Vec<u8>, String>>>,
    frames: usize,
}

impl GifRecorder {
    /// Starts a looping GIF shown at `fps` frames per second (clamped to 1…50) where a frame does not
    /// say how long it lasted.
    pub fn start(fps: f64) -> Self {
        let (sender, receiver) = channel::<(RgbaImage, Option<Duration>)>();
        let delay_ms = (1000.0 / fps.clamp(1.0, 50.0)).round() as u32;
        let worker = std::thread::Builder::new()
            .name("approxlab-gif".into())
            .spawn(move || encode(&receiver, delay_ms))
            .ok();
        Self {
            sender: worker.as_ref().map(|_| sender),
            worker,
            frames: 0,
        }
    }

    /// Adds a frame (RGBA, `width × height`) taken `since` after the frame before it (that frame then
    /// shows for that long; None: the pace `start` was given); false once the recording is full or the
    /// encoder is gone.
    pub fn push(
        &mut self,
        width: usize,
        height: usize,
        rgba: Vec<u8>,
        since: Option<Duration>,
    ) -> bool {
        if self.frames >= MAX_FRAMES {
            return false;
        }
        let Some(image) = RgbaImage::from_raw(width as u32, height as u32, rgba) else {
            return false;
        };
        let sent = self
            .sender
            .as_ref()
            .is_some_and(|s| s.send((image, since)).is_ok());
        if sent {
            self.frames += 1;
        }
        sent
    }

    /// Frames added so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Waits for the encoder and returns the GIF's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        drop(self.sender.take());
        let worker = self
            .worker
            .take()
            .ok_or("cannot start the GIF encoder's thread")?;
        if self.frames == 0 {
            return Err("no frame was recorded".into());
        }
        worker
            .join()
            .map_err(|_| "the GIF encoder failed".to_string())?
    }

    /// Waits for the encoder and writes the GIF atomically to `path`.
    pub fn save(self, path: &Path) -> Result<(), String> {
        let bytes = self.finish()?;
        super::write_atomic(path, &bytes, "GIF")
    }
}

/// The encoder thread: every frame received, fitted to the first frame's size, as the change from the
/// frame before; a frame is written when the next arrives, so it shows for the time the next one says
/// passed (or `delay_ms`), the last one for `delay_ms`. GIF delays are in hundredths of a second.
fn encode(
    frames: &Receiver<(RgbaImage, Option<Duration>)>,
    delay_ms: u32,
) -> Result<Vec<u8>, String> {
    let mut writer = Writer::default();
    let mut pending: Option<RgbaImage> = None;
    for (image, since) in frames {
        if let Some(shown) = pending.take() {
            let ms = since.map_or(delay_ms, |d| {
                u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
            });
            writer.write(shown, ms)?;
        }
        pending = Some(image);
    }
    if let Some(shown) = pending {
        writer.write(shown, delay_ms)?;
    }
    match writer.encoder {
        Some(e) => e.into_inner().map_err(fail),
        None => Ok(Vec::new()),
    }
}

fn fail(e: gif::EncodingError) -> String {
    format!("cannot encode the GIF: {e}")
}

/// The GIF so far and its last frame, which the next is drawn over.
#[derive(Default)]
struct Writer {
    encoder: Option<Encoder<Vec<u8>>>,
    before: Option<RgbaImage>,
}

impl Writer {
    /// Writes `image` (fitted to the first frame's size) to show for `delay_ms` (at least 10 ms).
    fn write(&mut self, image: RgbaImage, delay_ms: u32) -> Result<(), String> {
        let (width, height) = self
            .before
            .as_ref()
            .map_or(image.dimensions(), |b| b.dimensions());
        let too_large = || format!("a {width}×{height} frame is too large for a GIF");
        let w = u16::try_from(width).map_err(|_| too_large())?;
        let h = u16::try_from(height).map_err(|_| too_large())?;
        let image = fit_to(image, width, height);
        let (left, top, mut pixels, cw, ch) = match &self.before {
            None => (0, 0, image.as_raw().clone(), w, h),
            Some(b) => changed_part(b, &image),
        };
        let mut frame = Frame::from_rgba_speed(cw, ch, &mut pixels, QUANTIZER_SPEED);
        frame.left = left;
        frame.top = top;
        let hundredths = ((delay_ms + 5) / 10).max(1);
        frame.delay = u16::try_from(hundredths).unwrap_or(u16::MAX);
        frame.dispose = DisposalMethod::Keep;
        let encoder = match &mut self.encoder {
            Some(e) => e,
            None => {
                let mut e = Encoder::new(Vec::new(), w, h, &[]).map_err(fail)?;
                e.set_repeat(Repeat::Infinite).map_err(fail)?;
                self.encoder.insert(e)
            }
        };
        encoder.write_frame(&frame).map_err(fail)?;
        self.before = Some(image);
        Ok(())
    }
}

/// The smallest rectangle of `now` holding every pixel that differs from `before` (both the same size),
/// with the unchanged pixels in it transparent: (left, top, RGBA, width, height). A frame equal to the
/// one before gives one transparent pixel.
fn changed_part(before: &RgbaImage, now: &RgbaImage) -> (u16, u16, Vec<u8>, u16, u16) {
    let (width, height) = now.dimensions();
    let (mut x0, mut y0, mut x1, mut y1) = (width, height, 0, 0);
    for (x, y, pixel) in now.enumerate_pixels() {
        if pixel != before.get_pixel(x, y) {
            (x0, y0) = (x0.min(x), y0.min(y));
            (x1, y1) = (x1.max(x + 1), y1.max(y + 1));
        }
    }
    if x1 <= x0 {
        return (0, 0, vec![0; 4], 1, 1);
    }
    let mut pixels = Vec::with_capacity(((x1 - x0) * (y1 - y0) * 4) as usize);
    for y in y0..y1 {
        for x in x0..x1 {
            let pixel = now.get_pixel(x, y);
            if pixel == before.get_pixel(x, y) {
                pixels.extend_from_slice(&[0, 0, 0, 0]);
            } else {
                pixels.extend_from_slice(&[pixel[0], pixel[1], pixel[2], 255]);
            }
        }
    }
    // the sizes are below u16::MAX: `encode` checked the frame's
    let narrow = |v: u32| u16::try_from(v).unwrap_or(u16::MAX);
    (
        narrow(x0),
        narrow(y0),
        pixels,
        narrow(x1 - x0),
        narrow(y1 - y0),
    )
}

/// `image` cut or padded with white to `width × height`.
fn fit_to(image: RgbaImage, width: u32, height: u32) -> RgbaImage {
    if image.dimensions() == (width, height) {
        return image;
    }
    RgbaImage::from_fn(width, height, |x, y| {
        if x < image.width() && y < image.height() {
            *image.get_pixel(x, y)
        } else {
            Rgba([255, 255, 255, 255])
        }
    })
}

/// `frames` steps from 0 to `last`, evenly spaced in log(1 + step) — but at least one step apart, so
/// the first frames are consecutive steps where the log spacing would repeat one — strictly increasing
/// (fewer when `last` is too small to give that many distinct steps).
pub fn log_spaced_steps(last: u64, frames: usize) -> Vec<u64> {
    if frames <= 1 || last == 0 {
        return vec![last];
    }
    let top = (1.0 + last as f64).ln();
    let mut steps: Vec<u64> = Vec::with_capacity(frames);
    for k in 0..frames - 1 {
        let spaced = ((top * k as f64 / (frames - 1) as f64).exp() - 1.0).round() as u64;
        let step = steps.last().map_or(spaced, |&s| spaced.max(s + 1));
        if step >= last {
            break;
        }
        steps.push(step);
    }
    steps.push(last);
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Vec<image::Frame> {
        use image::AnimationDecoder;
        let decoder = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(bytes)).unwrap();
        decoder.into_frames().collect_frames().unwrap()
    }

    #[test]
    fn frames_come_back_in_order_at_the_first_frames_size() {
        let mut recorder = GifRecorder::start(10.0);
        for shade in [0u8, 120, 240] {
            assert!(recorder.push(40, 30, vec![shade; 40 * 30 * 4], None));
        }
        assert!(recorder.push(20, 50, vec![0; 20 * 50 * 4], None));
        assert_eq!(recorder.frames(), 4);
        let frames = decode(&recorder.finish().unwrap());
        assert_eq!(frames.len(), 4);
        for frame in &frames {
            assert_eq!(frame.buffer().dimensions(), (40, 30));
            assert_eq!(frame.delay().numer_denom_ms(), (100, 1));
        }
        let first = frames[0].buffer().get_pixel(5, 5).0;
        let third = frames[2].buffer().get_pixel(5, 5).0;
        assert!(first[0] < 20 && third[0] > 220, "{first:?} {third:?}");
        // the tall last frame was cut to 30 rows and padded with white beyond its 20 columns
        assert_eq!(frames[3].buffer().get_pixel(30, 10).0, [255, 255, 255, 255]);
        assert!(frames[3].buffer().get_pixel(5, 5).0[0] < 20);
    }

    #[test]
    fn each_live_frame_shows_for_the_time_the_window_took_to_the_next() {
        let mut recorder = GifRecorder::start(10.0);
        let gaps = [None, Some(250), Some(100), Some(333)];
        for (shade, gap) in gaps.iter().enumerate() {
            let since = gap.map(Duration::from_millis);
            assert!(recorder.push(8, 8, vec![shade as u8 * 60; 8 * 8 * 4], since));
        }
        let delays: Vec<u32> = decode(&recorder.finish().unwrap())
            .iter()
            .map(|f| f.delay().numer_denom_ms().0)
            .collect();
        assert_eq!(
            delays,
            vec![250, 100, 330, 100],
            "the last one at the pace asked"
        );
    }

    #[test]
    fn a_frame_stores_only_what_changed_and_shows_the_whole_picture() {
        let mut recorder = GifRecorder::start(25.0);
        let mut picture = vec![200u8; 64 * 48 * 4];
        assert!(recorder.push(64, 48, picture.clone(), None));
        // a 3×2 patch changes, then nothing does
        for (x, y) in [(10, 20), (11, 20), (12, 20), (10, 21), (11, 21), (12, 21)] {
            picture[(y * 64 + x) * 4..][..4].copy_from_slice(&[10, 40, 250, 255]);
        }
        assert!(recorder.push(64, 48, picture.clone(), None));
        assert!(recorder.push(64, 48, picture, None));
        let bytes = recorder.finish().unwrap();
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::RGBA);
        let mut decoder = options.read_info(std::io::Cursor::new(&bytes)).unwrap();
        let mut stored = Vec::new();
        while let Some(frame) = decoder.read_next_frame().unwrap() {
            stored.push((frame.left, frame.top, frame.width, frame.height));
        }
        assert_eq!(stored, vec![(0, 0, 64, 48), (10, 20, 3, 2), (0, 0, 1, 1)]);
        let frames = decode(&bytes);
        let last = frames[2].buffer();
        assert_eq!(last.dimensions(), (64, 48));
        let patch = last.get_pixel(11, 21).0;
        let still = last.get_pixel(40, 40).0;
        assert!(patch[2] > 230 && patch[0] < 30, "{patch:?}");
        assert!(still[0] > 190 && still[0] < 210, "{still:?}");
    }

    #[test]
    fn an_empty_recording_is_refused_with_a_sentence() {
        let recorder = GifRecorder::start(10.0);
        assert_eq!(recorder.finish().unwrap_err(), "no frame was recorded");
        assert!(!GifRecorder::start(10.0).push(10, 10, vec![0; 3], None));
    }

    #[test]
    fn log_spaced_steps_crowd_the_start_and_end_at_the_last_step() {
        let steps = log_spaced_steps(10_000, 100);
        assert_eq!(steps.len(), 100);
        assert_eq!(steps.first(), Some(&0));
        assert_eq!(steps.last(), Some(&10_000));
        assert!(steps.windows(2).all(|w| w[0] < w[1]));
        // as many frames in the first 1 % of the steps as in the last half, give or take
        let early = steps.iter().filter(|&&s| s <= 100).count();
        let late = steps.iter().filter(|&&s| s >= 5_000).count();
        assert!(early >= 40 && late <= 10, "{early} early, {late} late");
        let short = log_spaced_steps(3_000, 100);
        assert_eq!(short.len(), 100);
        assert_eq!(&short[..5], &[0, 1, 2, 3, 4]);
        assert_eq!(short.last(), Some(&3_000));
        assert_eq!(log_spaced_steps(5, 100), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(log_spaced_steps(0, 10), vec![0]);
    }
}
