//! The loss landscape's picture: log₁₀ of the loss on the slice as a heat map (dark blue low, yellow high),
//! contour lines every half decade (`contour.rs`), the training path projected onto the slice and the
//! weights it ends at, the centre.

use super::sweep_chart::{hovered, log, shade};
use super::{axes, base_plot, contour::contour_lines};
use crate::sweep::landscape::Landscape;
use egui::{Color32, Ui, Vec2};
use egui_plot::{Heatmap, Legend, Line, MarkerShape, PlotPoint, Points};

/// The loss landscape: log₁₀ loss as a heat map, contour lines at whole and half decades, the training
/// path and the weights at `step` it ends at (the centre).
pub fn landscape_plot(ui: &mut Ui, slice: &Landscape, size: Vec2, step: u64) {
    let n = slice.side();
    let logs: Vec<f64> = slice.loss.iter().map(|&v| log(v)).collect();
    let finite = logs.iter().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let spacing = if n > 1 {
        slice.coords[1] - slice.coords[0]
    } else {
        1.0
    };
    let origin = slice.coords[0] - spacing / 2.0;
    base_plot("landscape", size, "α (direction 1)", false)
        .custom_y_axes(vec![egui_plot::AxisHints::new_y().label("β (direction 2)")])
        .y_grid_spacer(axes::y_grid)
        .data_aspect(1.0)
        .legend(
            Legend::default()
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.6),
        )
        .label_formatter(|hover| {
            let (head, p) = hovered(hover);
            Some(format!("{head}α {:.3}  β {:.3}", p.x, p.y))
        })
        .show(ui, |p| {
            p.heatmap(
                Heatmap::new(logs.clone(), n.max(1))
                    .at(PlotPoint::new(origin, origin))
                    .tile_size(spacing as f32, spacing as f32)
                    .show_labels(false)
                    .custom_mapping(Box::new(move |v| shade(v, lo, hi)))
                    .name("log₁₀ training loss"),
            );
            if lo.is_finite() && hi > lo {
                let mut level = (lo * 2.0).ceil() / 2.0;
                while level <= hi {
                    for ring in contour_lines(&logs, &slice.coords, level) {
                        p.line(
                            Line::new("contours every ½ decade", ring)
                                .color(Color32::from_white_alpha(110))
                                .width(1.0),
                        );
                    }
                    level += 0.5;
                }
            }
            if !slice.path.is_empty() {
                p.line(
                    Line::new("training path", slice.path.clone())
                        .color(Color32::from_rgb(240, 90, 70))
                        .width(2.0),
                );
                p.points(
                    Points::new("start", vec![slice.path[0]])
                        .color(Color32::from_rgb(240, 90, 70))
                        .radius(4.0),
                );
            }
            p.points(
                Points::new(format!("the weights at step {step}"), vec![[0.0, 0.0]])
                    .shape(MarkerShape::Diamond)
                    .color(Color32::WHITE)
                    .radius(5.0),
            );
        });
}
