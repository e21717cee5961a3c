//! The values of the command line's flags that clap cannot check alone: picture areas and scales, the
//! UI scale, training steps, the loss to stop at, a GIF's frames and rate, window sizes and formula
//! flavours. Each refusal is one sentence naming the flag and its allowed range.

/// `--at`: a picture area by name (window, fit, pieces, loss).
pub(super) fn parse_area(s: &str) -> Result<crate::app::PictureArea, String> {
    crate::app::PictureArea::from_name(s)
        .ok_or_else(|| format!("'{s}' is not a picture area (window, fit, pieces or loss)"))
}

/// A flag's number when `fits` accepts it, else the `refusal` sentence (also for text that is no number).
pub(super) fn number_in<T: std::str::FromStr>(
    s: &str,
    fits: impl Fn(&T) -> bool,
    refusal: impl FnOnce() -> String,
) -> Result<T, String> {
    s.parse::<T>().ok().filter(|v| fits(v)).ok_or_else(refusal)
}

/// `--scale`: a picture's pixels per point, 1 to [`crate::app::MAX_SCALE`].
pub(super) fn parse_scale(s: &str) -> Result<f32, String> {
    let max = crate::app::MAX_SCALE;
    number_in(
        s,
        |v| (1.0..=max).contains(v),
        || format!("the scale must be a number from 1 to {max}"),
    )
}

/// `--ui-scale`: the window's UI scale, within [`crate::app::UI_SCALE`].
pub(super) fn parse_ui_scale(s: &str) -> Result<f32, String> {
    number_in(
        s,
        |v| crate::app::UI_SCALE.contains(v),
        || "the UI scale must be a number from 1 to 2.5".into(),
    )
}

/// Parses train's `--steps` within [`crate::limits::TRAIN_STEPS`].
pub(super) fn parse_train_steps(s: &str) -> Result<u64, String> {
    crate::limits::TRAIN_STEPS.parse_whole(s)
}

/// `--until-loss`: a loss above 0.
pub(super) fn parse_until_loss(s: &str) -> Result<f64, String> {
    number_in(
        s,
        |v: &f64| v.is_finite() && *v > 0.0,
        || "--until-loss must be a number above 0".into(),
    )
}

/// `--frames`: a GIF's frames, 2 to [`crate::files::gif::MAX_FRAMES`].
pub(super) fn parse_frames(s: &str) -> Result<usize, String> {
    let max = crate::files::gif::MAX_FRAMES;
    number_in(
        s,
        |v| (2..=max).contains(v),
        || format!("--frames must be a whole number from 2 to {max}"),
    )
}

/// `--fps`: a GIF's frames per second, 1 to 50.
pub(super) fn parse_fps(s: &str) -> Result<f64, String> {
    number_in(
        s,
        |v| (1.0..=50.0).contains(v),
        || "--fps must be a number from 1 to 50".into(),
    )
}

/// `--size`: a window size WIDTHxHEIGHT from 720x480 to 7680x4320.
pub(super) fn parse_size(s: &str) -> Result<[f32; 2], String> {
    let bad = || {
        format!("'{s}' is not a window size WIDTHxHEIGHT of at least 720x480, at most 7680x4320")
    };
    let (w, h) = s.split_once(['x', '×']).ok_or_else(bad)?;
    let w: f32 = w.trim().parse().map_err(|_| bad())?;
    let h: f32 = h.trim().parse().map_err(|_| bad())?;
    if !(720.0..=7680.0).contains(&w) || !(480.0..=4320.0).contains(&h) {
        return Err(bad());
    }
    Ok([w, h])
}

/// `--formula`: plain, python or latex.
pub(super) fn parse_flavour(s: &str) -> Result<crate::nn::formula::Flavour, String> {
    s.parse()
}

/// An ensemble's member count, within [`crate::train::ensemble::MEMBERS`].
pub fn parse_members(s: &str) -> Result<usize, String> {
    crate::train::ensemble::MEMBERS.parse_whole(s)
}
