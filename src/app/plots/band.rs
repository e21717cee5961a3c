//! An ensemble on the plots ("Seeds ×K"): on the fit, the band from the lowest to the highest member at
//! each x, filled in the run's colour, every member a faint line (the hovered one drawn out, with its
//! seed), and the median as the run's prediction; on the loss plot, the band of the members' training
//! losses around their median. The fit's title then gives the band's mean width and the median's RMSE
//! against the target, inside the interval and beyond it.

use super::{decimated, run_color};
use crate::train::RunView;
use crate::train::ensemble::{EnsembleView, Spread};
use egui::Color32;
use egui_plot::{FilledArea, ItemId, Line, PlotPoints, PlotResponse, PlotUi};

/// What identifies member `k`'s curve of the run `run` on the fit.
fn member_key(run: u64, k: usize) -> (&'static str, u64, usize) {
    ("ensemble member", run, k)
}

/// "ensemble of 8 · inside: spread 0.021, error 0.013 · outside: spread 0.41, error 2.1" (spread: the
/// band's mean width; error: the median's RMSE against the target, "—" where there is none).
pub fn title(e: &EnsembleView) -> String {
    let Spread {
        width_inside,
        width_outside,
        median_rmse_inside,
        median_rmse_outside,
    } = e.spread;
    let show = |v: Option<f64>| v.map_or("—".to_string(), super::fit::short);
    let mut text = format!(
        "Fit · ensemble of {} · inside: spread {}, error {}",
        e.seeds.len(),
        show(width_inside),
        show(median_rmse_inside)
    );
    if width_outside.is_some() {
        text += &format!(
            " · outside: spread {}, error {}",
            show(width_outside),
            show(median_rmse_outside)
        );
    }
    text
}

/// The title's tooltip for an ensemble.
pub const TIP: &str = "An ensemble: the same network trained from several weight seeds on the same \
     data. The line is their median, the shaded band runs from the lowest to the highest member at each \
     x, and each member is a faint line (hover one to see its seed). Spread: the band's mean width; \
     error: the median's RMSE against the target; inside the training interval and beyond it. Where the \
     spread is much smaller than the error, the members agree on a wrong answer: an ensemble's band is \
     no error bar far from the data.";

/// Draws the band of `run`'s ensemble and its members on the fit, `hovered` drawn out.
pub fn draw_on_fit(
    p: &mut PlotUi<'_>,
    run: &RunView,
    x: &[f64],
    pixels: usize,
    hovered: Option<usize>,
) {
    let Some(e) = &run.ensemble else { return };
    let colour = run_color(run.colour);
    let band = &e.band;
    let keep = x.len().div_ceil(pixels.max(2)).max(1);
    let pick = |v: &[f64]| -> Vec<f64> { v.iter().step_by(keep).copied().collect() };
    let xs = pick(x);
    let (low, high) = (pick(&band.low), pick(&band.high));
    if low.iter().chain(&high).all(|v| v.is_finite()) {
        p.add(
            FilledArea::new("", &xs, &low, &high)
                .fill_color(colour.gamma_multiply(0.22))
                .allow_hover(false),
        );
    }
    for (k, member) in band.members.iter().enumerate() {
        let lit = hovered == Some(k);
        p.line(
            Line::new("", decimated(x, member, pixels))
                .id(member_key(run.id, k))
                .color(if lit {
                    colour
                } else {
                    colour.gamma_multiply(0.35)
                })
                .width(if lit { 2.0 } else { 0.8 }),
        );
    }
}

/// The member of `run`'s ensemble whose curve the pointer is on, if any.
pub fn hovered_member(response: &PlotResponse<()>, run: &RunView) -> Option<usize> {
    let e = run.ensemble.as_ref()?;
    let id = response.hovered_plot_item?;
    (0..e.seeds.len()).find(|&k| ItemId::new(member_key(run.id, k)) == id)
}

/// Draws the band of the members' training losses (log₁₀) around their median on the loss plot, in
/// the run's colour, against the step or the training time.
pub fn draw_on_loss(p: &mut PlotUi<'_>, run: &RunView, name: String, time: bool) {
    let Some(e) = &run.ensemble else { return };
    let colour: Color32 = run_color(run.colour);
    let rows: Vec<[f64; 4]> = e
        .losses
        .iter()
        .filter(|r| r.low > 0.0 && r.high.is_finite() && r.median > 0.0)
        .map(|r| {
            let x = if time { r.seconds } else { r.step as f64 };
            [x, r.low.log10(), r.median.log10(), r.high.log10()]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let column = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
    p.add(
        FilledArea::new("", &column(0), &column(1), &column(3))
            .fill_color(colour.gamma_multiply(0.2))
            .allow_hover(false),
    );
    let median: Vec<[f64; 2]> = rows.iter().map(|r| [r[0], r[2]]).collect();
    p.line(
        Line::new(name, PlotPoints::from(median))
            .color(colour)
            .width(2.0),
    );
}
