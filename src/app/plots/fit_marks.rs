//! What the fit plot marks beside the curves: each run's asymptotes beyond the interval (the lines its
//! fit tends to far out, drawn only within the height of the curves), and for a run of piecewise-linear
//! units its breakpoints, a tick on the x axis each, with their count in the title beside the most its
//! architecture could make.

use super::run_color;
use crate::train::{RunView, Snapshot};
use egui::Ui;
use egui_plot::{Line, LineStyle, PlotUi};

/// The fit's title's tooltip on the linear pieces.
pub(super) const PIECES_TIP: &str = "Pieces: with linear, ReLU or leaky ReLU units the prediction is straight \
     between the small ticks on the x axis, where its slope changes (found exactly, layer by layer). \
     \"At most\": the most this architecture can make on a line, width + 1 for one layer, the product \
     of (width + 1) over the layers for deeper ones; trained networks use far fewer.";

/// "7 of at most 11 pieces" for a run whose pieces are known (piecewise-linear units), over the view.
pub(super) fn pieces_part(run: &RunView) -> Option<String> {
    let pieces = run.pieces.as_ref()?.len() + 1;
    let bound = crate::nn::pieces::max_pieces(&run.mlp.hidden_widths());
    Some(if bound == u64::MAX {
        format!("{pieces} pieces")
    } else {
        format!("{pieces} of at most {bound} pieces")
    })
}

/// A small tick up from the x axis at each breakpoint of the selected run's prediction, painted on the
/// plot's frame (not a plot item, so it never moves the axes).
pub(super) fn draw_pieces(ui: &Ui, response: &egui_plot::PlotResponse<()>, selected: &RunView) {
    let Some(points) = &selected.pieces else {
        return;
    };
    let transform = &response.transform;
    let frame = *transform.frame();
    let painter = ui.painter_at(frame);
    let stroke = egui::Stroke::new(1.5, run_color(selected.colour));
    for b in points.iter() {
        let x = transform.position_from_point_x(b.x);
        if (frame.left()..=frame.right()).contains(&x) {
            painter.line_segment(
                [
                    egui::pos2(x, frame.bottom()),
                    egui::pos2(x, frame.bottom() - 7.0),
                ],
                stroke,
            );
        }
    }
}

/// Each run's asymptotes beyond the interval (thin dotted lines): where its fit tends far out.
/// Each asymptote is drawn only where it stays within the height of the curves and points (widened by
/// half of it): a tail whose last kink lies far beyond the view would otherwise stretch the axes and
/// flatten everything else.
pub(super) fn draw_asymptotes(p: &mut PlotUi<'_>, snap: &Snapshot) {
    let data = &snap.data;
    let heights = snap
        .runs
        .iter()
        .flat_map(|r| r.prediction.iter().copied())
        .chain(data.target.iter().flatten().copied())
        .chain(data.train_points.iter().map(|q| q[1]))
        .filter(|v| v.is_finite());
    let (lo, hi) = heights.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !(lo.is_finite() && hi.is_finite()) {
        return;
    }
    let room = 0.5 * (hi - lo).max(1e-9);
    let (lo, hi) = (lo - room, hi + room);
    for run in &snap.runs {
        if let Some([left, right]) = run.tails {
            let colour = run_color(run.colour).gamma_multiply(0.8);
            for (tail, from, to) in [
                (left, data.view.lo, data.domain.lo),
                (right, data.domain.hi, data.view.hi),
            ] {
                let y = |x: f64| tail.slope * x + tail.intercept;
                // the part of [from, to] where the line lies within [lo, hi]
                let (mut a, mut b) = (from, to);
                if tail.slope != 0.0 {
                    let (x1, x2) = (
                        (lo - tail.intercept) / tail.slope,
                        (hi - tail.intercept) / tail.slope,
                    );
                    a = a.max(x1.min(x2));
                    b = b.min(x1.max(x2));
                } else if !(lo..=hi).contains(&tail.intercept) {
                    continue;
                }
                if b > a {
                    let line = [a, b].map(|x| [x, y(x)]);
                    p.line(
                        Line::new("asymptotes (far out)", line.to_vec())
                            .color(colour)
                            .style(LineStyle::dotted_loose())
                            .width(1.0),
                    );
                }
            }
        }
    }
}
