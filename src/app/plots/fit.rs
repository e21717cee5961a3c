//! The fit: target, training and validation points, the prediction over the whole view, the shaded
//! training interval and a fading trail of earlier fits; the hovered neuron's piece (its contribution plus
//! the output bias) drawn in its colour.

use super::{
    decimated, hovered_neuron, legend_clear_of, neuron_color, neuron_key, title_row, view_plot,
};
use crate::train::Snapshot;
use egui::{Color32, Ui, Vec2};
use egui_plot::{Line, LineStyle, MarkerShape, Points, Span};

/// Draws the fit plot; returns the neuron hovered in it, if any. `reset` restores its view.
pub fn fit_plot(
    ui: &mut Ui,
    snap: &Snapshot,
    hovered: Option<usize>,
    size: Vec2,
    reset: bool,
) -> Option<usize> {
    let reset = title_row(
        ui,
        egui::RichText::new("Fit"),
        "The target (dashed), the training points and the network's prediction; the shaded band is the \
         training interval, everything beyond it is extrapolation.",
    ) || reset;
    let pixels = size.x.max(100.0) as usize;
    let x = &snap.view_x;
    let text = ui.visuals().text_color();
    let sample = snap
        .train_points
        .iter()
        .step_by(snap.train_points.len() / 200 + 1)
        .copied()
        .chain(x.iter().zip(&snap.prediction).map(|(&x, &y)| [x, y]));
    let response = view_plot("fit", snap, size, reset)
        .legend(legend_clear_of(ui, "fit", sample))
        .show(ui, |p| {
            let (lo, hi) = (snap.domain.lo, snap.domain.hi);
            p.add(
                Span::new("training interval", lo..=hi)
                    .fill(Color32::from_rgba_unmultiplied(90, 140, 255, 28)),
            );
            let count = snap.trail.len();
            for (i, past) in snap.trail.iter().enumerate() {
                let alpha = 20 + (90 * (i + 1) / count.max(1)) as u8;
                let color = Color32::from_rgba_unmultiplied(text.r(), text.g(), text.b(), alpha);
                p.line(
                    Line::new("recent fits", decimated(x, past, pixels))
                        .color(color)
                        .width(1.0)
                        .allow_hover(false),
                );
            }
            if let Some(target) = &snap.target {
                p.line(
                    Line::new("target", decimated(x, target, pixels))
                        .style(LineStyle::dashed_loose())
                        .color(Color32::from_rgb(120, 180, 120))
                        .width(1.5),
                );
            }
            let radius = if snap.train_points.len() > pixels / 2 {
                1.2
            } else {
                2.0
            };
            p.add(
                Points::new("training points", snap.train_points.clone())
                    .radius(radius)
                    .color(Color32::from_rgb(90, 140, 230)),
            );
            if !snap.val_points.is_empty() {
                p.add(
                    Points::new("validation points", snap.val_points.clone())
                        .radius(2.5)
                        .shape(MarkerShape::Diamond)
                        .color(Color32::from_rgb(240, 150, 40)),
                );
            }
            if let Some(j) = hovered
                && let Some(piece) = snap.contributions.get(j)
            {
                let shifted: Vec<f64> = piece.iter().map(|v| v + snap.output_bias).collect();
                p.line(
                    Line::new(
                        format!("neuron {} + output bias", j + 1),
                        decimated(x, &shifted, pixels),
                    )
                    .id(neuron_key(j))
                    .color(neuron_color(j))
                    .style(LineStyle::dashed_dense())
                    .width(2.0),
                );
            }
            p.line(
                Line::new("prediction", decimated(x, &snap.prediction, pixels))
                    .color(Color32::from_rgb(230, 80, 70))
                    .width(2.5),
            );
        });
    hovered_neuron(ui, "fit", &response, snap.contributions.len())
}
