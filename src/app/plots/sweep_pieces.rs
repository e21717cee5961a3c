//! The sweep chart's "linear pieces" view: for networks of linear, ReLU or leaky ReLU units, the final
//! prediction's number of linear pieces over the view against the parameter swept (log₁₀ plotted): the
//! median over the seeds with its min–max band, and dashed, the most each architecture could make
//! (w + 1 for one layer of w, ∏(wₗ + 1) for deeper ones). One trained layer uses nearly all of its
//! bound; deeper trained networks stay far below theirs (8 wide, sin, 2000 Adam steps: 9 of 9 pieces
//! for one layer, 26 of 6 561 for four).

use super::sweep_chart::{XAxis, draw_stats, log, nearest, sweep_plot};
use crate::sweep::ValueSummary;
use egui::{Color32, Ui, Vec2};
use egui_plot::{Line, LineStyle};

/// The pieces' colour.
const PIECES: Color32 = Color32::from_rgb(90, 200, 160);

/// Draws the pieces chart of `summaries` at chart positions `xs`; returns the grid point clicked.
pub fn pieces_chart(
    ui: &mut Ui,
    axis: XAxis,
    xs: &[f64],
    summaries: &[ValueSummary],
    size: Vec2,
) -> Option<usize> {
    let mut clicked = None;
    sweep_plot("sweep pieces", axis, size, |v| format!("{v:.0} pieces")).show(ui, |p| {
        let stats: Vec<_> = summaries.iter().map(|s| s.pieces).collect();
        let label = "linear pieces: median, min–max over seeds";
        draw_stats(p, label, (PIECES, LineStyle::Solid), xs, &stats);
        let bound: Vec<[f64; 2]> = xs
            .iter()
            .zip(summaries)
            .filter_map(|(&x, s)| s.pieces_bound.map(|b| [x, log(b as f64)]))
            .filter(|q| q[1].is_finite())
            .collect();
        p.line(
            Line::new("at most, for the architecture", bound)
                .color(Color32::from_gray(170))
                .style(LineStyle::dashed_loose())
                .width(1.5),
        );
        if p.response().clicked()
            && let Some(at) = p.pointer_coordinate()
        {
            clicked = nearest(xs, at.x);
        }
    });
    clicked
}
