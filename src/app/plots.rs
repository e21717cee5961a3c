//! The three plots. Each item is named in the legend; curves are decimated to the plot's pixel width (and
//! to a total point budget when hundreds of neurons are drawn), so a frame stays cheap for any network.
//! Hovering a neuron's curve (or its legend entry) returns its index, which both plots then highlight.

use crate::train::Snapshot;
use egui::{Color32, Ui, Vec2};
use egui_plot::{
    Corner, HLine, HoverPosition, ItemId, Legend, Line, LineStyle, MarkerShape, Plot, PlotMemory,
    PlotPoints, PlotResponse, Points, Span,
};

/// Height of the title line above each plot.
const TITLE_HEIGHT: f32 = 22.0;

/// Most curve points the contributions plot draws in total (the hovered neuron's curve is drawn at full
/// resolution on top): with hundreds of neurons the bundle reads the same, and a frame stays cheap.
pub const CONTRIBUTION_POINT_BUDGET: usize = 4_096;
/// Above this many neurons they share one legend entry.
pub const LEGEND_MAX_NEURONS: usize = 5;

/// Colour of neuron `j`, the same in every plot (golden-ratio hues stay distinct for any count).
pub fn neuron_color(j: usize) -> Color32 {
    let hue = (j as f32 * 0.618_034).fract();
    egui::ecolor::Hsva::new(hue, 0.7, 0.85, 1.0).into()
}

/// The points (xᵢ, yᵢ), keeping every k-th so at most `max_points` remain (both ends kept).
pub fn decimated(x: &[f64], y: &[f64], max_points: usize) -> PlotPoints<'static> {
    let n = x.len().min(y.len());
    if n == 0 {
        return PlotPoints::default();
    }
    let step = n.div_ceil(max_points.max(2)).max(1);
    let mut points: Vec<[f64; 2]> = (0..n).step_by(step).map(|i| [x[i], y[i]]).collect();
    if !(n - 1).is_multiple_of(step) {
        points.push([x[n - 1], y[n - 1]]);
    }
    PlotPoints::from(points)
}

/// What identifies neuron `j`'s curve in every plot (`Line::id` hashes it into the item's id).
fn neuron_key(j: usize) -> (&'static str, usize) {
    ("neuron", j)
}

fn neuron_name(j: usize, count: usize) -> String {
    if count > LEGEND_MAX_NEURONS {
        "neurons".to_string()
    } else {
        format!("neuron {}", j + 1)
    }
}

/// A plot over the view interval in x, sized to `size` below its title line, legend top left.
fn view_plot<'a>(id: &'a str, snap: &Snapshot, size: Vec2) -> Plot<'a> {
    Plot::new(id)
        .id(plot_id(id))
        .width(size.x)
        .height((size.y - TITLE_HEIGHT).max(80.0))
        .legend(Legend::default().position(Corner::LeftTop))
        .x_axis_label("x")
        .include_x(snap.view.lo)
        .include_x(snap.view.hi)
}

/// The id a plot keeps its memory (zoom, legend state) under.
fn plot_id(name: &str) -> egui::Id {
    egui::Id::unique(("approxlab plot", name))
}

/// Which neuron, if any, is hovered in plot `name`: its legend entry first (the user points at a name),
/// else the curve nearest the pointer.
fn hovered_neuron(ui: &Ui, name: &str, response: &PlotResponse<()>, count: usize) -> Option<usize> {
    let legend = PlotMemory::load(ui.ctx(), plot_id(name)).and_then(|m| m.hovered_legend_item);
    let id = legend.or(response.hovered_plot_item)?;
    (0..count).find(|&j| ItemId::new(neuron_key(j)) == id)
}

/// Target, points, prediction over the whole view, the shaded training interval and a fading trail of
/// earlier fits; the hovered neuron's piece (its contribution plus the output bias) drawn in its colour.
pub fn fit_plot(ui: &mut Ui, snap: &Snapshot, hovered: Option<usize>, size: Vec2) -> Option<usize> {
    ui.label(egui::RichText::new("Fit").strong()).on_hover_text(
        "The target (dashed), the training points and the network's prediction; the shaded band is the \
         training interval, everything beyond it is extrapolation.",
    );
    let pixels = size.x.max(100.0) as usize;
    let x = &snap.view_x;
    let text = ui.visuals().text_color();
    let response = view_plot("fit", snap, size).show(ui, |p| {
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

/// One curve per neuron of the last hidden layer (w'ⱼ·hⱼ(x)), the output bias as a line, and for a single
/// hidden layer each neuron's centre/kink −b/w marked on the x axis. Their sum is the prediction.
pub fn contributions_plot(
    ui: &mut Ui,
    snap: &Snapshot,
    hovered: Option<usize>,
    size: Vec2,
) -> Option<usize> {
    let n = snap.contributions.len();
    ui.label(egui::RichText::new(format!("Neuron contributions ({n} neurons + output bias)")).strong()).on_hover_text(
        "Each curve is one last-hidden-layer neuron's outgoing weight times its activation; these curves \
         plus the output bias add up to the prediction. Hover one to highlight it.",
    );
    let pixels = size.x.max(100.0) as usize;
    let per_curve = (CONTRIBUTION_POINT_BUDGET / n.max(1)).clamp(16, pixels);
    let x = &snap.view_x;
    let response = view_plot("contributions", snap, size).show(ui, |p| {
        p.add(
            Span::new("training interval", snap.domain.lo..=snap.domain.hi)
                .fill(Color32::from_rgba_unmultiplied(90, 140, 255, 18)),
        );
        for (j, curve) in snap.contributions.iter().enumerate() {
            let (width, color) = match hovered {
                Some(h) if h == j => (3.0, neuron_color(j)),
                Some(_) => (1.0, neuron_color(j).gamma_multiply(0.35)),
                None => (1.3, neuron_color(j)),
            };
            let resolution = if hovered == Some(j) {
                pixels
            } else {
                per_curve
            };
            p.line(
                Line::new(neuron_name(j, n), decimated(x, curve, resolution))
                    .id(neuron_key(j))
                    .color(color)
                    .width(width),
            );
        }
        p.add(
            HLine::new("output bias", snap.output_bias)
                .style(LineStyle::dashed_loose())
                .width(1.5),
        );
        if let Some(centres) = &snap.centres {
            let marks: Vec<[f64; 2]> = centres.iter().flatten().map(|&c| [c, 0.0]).collect();
            p.add(
                Points::new("centres −b/w", marks)
                    .shape(MarkerShape::Up)
                    .radius(4.0)
                    .filled(true),
            );
            if let Some(Some(c)) = hovered.and_then(|j| centres.get(j)) {
                p.add(
                    Points::new("", vec![[*c, 0.0]]) // unnamed: no legend entry to shift the legend under the pointer
                        .shape(MarkerShape::Up)
                        .radius(7.0)
                        .color(neuron_color(hovered.unwrap_or(0))),
                );
            }
        }
    });
    hovered_neuron(ui, "contributions", &response, n)
}

/// Train, validation and outside-the-interval loss against the step, on a log scale (log₁₀ plotted, ticks
/// labelled as powers of ten).
pub fn loss_plot(ui: &mut Ui, snap: &Snapshot, size: Vec2) {
    let l = &snap.latest;
    let fmt = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.2e}"));
    let mut title = format!("Loss (log): train {}", fmt(Some(l.train)));
    if l.val.is_some() {
        title += &format!(" · val {}", fmt(l.val));
    }
    if l.outside.is_some() {
        title += &format!(" · outside {}", fmt(l.outside));
    }
    ui.label(egui::RichText::new(title).strong()).on_hover_text(
        "Loss against training step. Falling: learning. Flat: stalled. Shooting up: diverging.",
    );
    let series = |pick: &dyn Fn(&crate::train::LossRecord) -> Option<f64>| -> Vec<[f64; 2]> {
        snap.history
            .iter()
            .filter_map(|r| {
                pick(r)
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .map(|v| [r.step as f64, v.log10()])
            })
            .collect()
    };
    Plot::new("loss")
        .width(size.x)
        .height((size.y - TITLE_HEIGHT).max(80.0))
        .legend(Legend::default().position(Corner::RightTop))
        .x_axis_label("step")
        .y_axis_formatter(|mark, _| format!("1e{:.0}", mark.value))
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\nstep {:.0}\nloss {:.3e}",
                position.x,
                10f64.powf(position.y)
            )),
            HoverPosition::Elsewhere { position } => Some(format!(
                "step {:.0}\nloss {:.3e}",
                position.x,
                10f64.powf(position.y)
            )),
        })
        .show(ui, |p| {
            p.line(
                Line::new("train", series(&|r| Some(r.train)))
                    .color(Color32::from_rgb(90, 140, 230))
                    .width(2.0),
            );
            let val = series(&|r| r.val);
            if !val.is_empty() {
                p.line(
                    Line::new("validation", val)
                        .color(Color32::from_rgb(240, 150, 40))
                        .width(1.5),
                );
            }
            let outside = series(&|r| r.outside);
            if !outside.is_empty() {
                p.line(
                    Line::new("outside the interval", outside)
                        .color(Color32::from_rgb(170, 110, 210))
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                );
            }
        });
}
