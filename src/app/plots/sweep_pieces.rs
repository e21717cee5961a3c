//! The sweep chart's "linear pieces" view: for networks of linear, ReLU or leaky ReLU units, the final
//! prediction's number of linear pieces over the view against the parameter swept (log₁₀ plotted): the
//! median over the seeds with its min–max band, and dashed, the most each architecture could make
//! (w + 1 for one layer of w, ∏(wₗ + 1) for deeper ones). One trained layer uses nearly all of its
//! bound; deeper trained networks stay far below theirs (8 wide, sin, 2000 Adam steps: 9 of 9 pieces
//! for one layer, 26 of 6 561 for four).

use super::axes;
use super::sweep_chart::{XAxis, hovered, log, nearest, sweep_plot};
use crate::sweep::ValueSummary;
use egui::{Color32, Ui, Vec2};
use egui_plot::{Legend, Line, LineStyle, PlotPoints, Points, Polygon};

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
    let name = axis.param.name();
    sweep_plot("sweep pieces", axis, size)
        .legend(
            Legend::default()
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.6),
        )
        .y_grid_spacer(axes::log_grid)
        .y_axis_formatter(|mark, _| axes::log_label(mark.value))
        .x_axis_formatter(move |mark, _| axis.label(mark.value))
        .label_formatter(move |hover| {
            let (head, p) = hovered(hover);
            Some(format!(
                "{head}{name} {}\n{:.0} pieces",
                axis.label(p.x),
                10f64.powf(p.y)
            ))
        })
        .show(ui, |p| {
            let label = "linear pieces: median, min–max over seeds";
            for k in 1..xs.len() {
                let (a, b) = (&summaries[k - 1].pieces, &summaries[k].pieces);
                let quad = [
                    [xs[k - 1], log(a.min)],
                    [xs[k], log(b.min)],
                    [xs[k], log(b.max)],
                    [xs[k - 1], log(a.max)],
                ];
                if quad.iter().all(|q| q[1].is_finite()) {
                    p.polygon(
                        Polygon::new(label, PlotPoints::from(quad.to_vec()))
                            .fill_color(PIECES.gamma_multiply(0.2))
                            .stroke(egui::Stroke::NONE),
                    );
                }
            }
            let median: Vec<[f64; 2]> = xs
                .iter()
                .zip(summaries)
                .map(|(&x, s)| [x, log(s.pieces.median)])
                .filter(|q| q[1].is_finite())
                .collect();
            p.line(Line::new(label, median.clone()).color(PIECES).width(2.0));
            p.points(Points::new(label, median).color(PIECES).radius(3.0));
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
