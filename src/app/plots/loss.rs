//! The loss against the step, on a log scale (log₁₀ plotted, ticks labelled as values): training,
//! validation and outside-the-interval error. Every setting change and every divergence is a thin vertical
//! line with a short label, so the curve's history stays readable when what it measures changes mid-way;
//! an explosion stays on the curve (the point that blew up, then the restored weights).

use super::{axes, base_plot, is_top, legend_corner, title_row};
use crate::train::{LossRecord, Snapshot};
use egui::{Align2, Color32, RichText, Ui, Vec2};
use egui_plot::{HoverPosition, Legend, Line, LineStyle, MarkerShape, Points, Text, VLine};

/// Colour of the divergence marks.
const DIVERGED: Color32 = Color32::from_rgb(230, 70, 60);

/// log₁₀ of one loss series, finite positive values only.
fn series(history: &[LossRecord], pick: impl Fn(&LossRecord) -> Option<f64>) -> Vec<[f64; 2]> {
    history
        .iter()
        .filter_map(|r| {
            pick(r)
                .filter(|v| v.is_finite() && *v > 0.0)
                .map(|v| [r.step as f64, v.log10()])
        })
        .collect()
}

/// Draws the loss plot. `reset` restores its view.
pub fn loss_plot(ui: &mut Ui, snap: &Snapshot, size: Vec2, reset: bool) {
    let l = &snap.latest;
    let fmt = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.2e}"));
    let mut title = format!("Loss: train {}", fmt(Some(l.train)));
    if l.val.is_some() {
        title += &format!(" · val {}", fmt(l.val));
    }
    if l.outside.is_some() {
        title += &format!(" · outside {}", fmt(l.outside));
    }
    let reset = title_row(
        ui,
        RichText::new(title),
        "Loss against training step, log scale. Falling: learning. Flat: stalled. Shooting up: \
         diverging. Thin vertical lines mark setting changes and divergences.",
    ) || reset;
    let train = series(&snap.history, |r| Some(r.train));
    let val = series(&snap.history, |r| r.val);
    let outside = series(&snap.history, |r| r.outside);
    let all = || train.iter().chain(&val).chain(&outside).copied();
    let top = all().map(|p| p[1]).fold(f64::NEG_INFINITY, f64::max);
    let bottom = all().map(|p| p[1]).fold(f64::INFINITY, f64::min);
    let text = ui.visuals().text_color();
    let corner = legend_corner(ui, "loss", all());
    let labels_at_top = !is_top(corner);
    base_plot("loss", size, "step", reset)
        .legend(
            Legend::default()
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.6)
                .position(corner),
        )
        .y_grid_spacer(axes::log_grid)
        .y_axis_formatter(|mark, _| axes::log_label(mark.value))
        .label_formatter(|hover| {
            let (name, position) = match hover {
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (format!("{plot_name}\n"), position),
                HoverPosition::Elsewhere { position } => (String::new(), position),
            };
            Some(format!(
                "{name}step {:.0}\nloss {:.3e}",
                position.x,
                10f64.powf(position.y)
            ))
        })
        .show(ui, |p| {
            p.line(
                Line::new("train", train.clone())
                    .color(Color32::from_rgb(90, 140, 230))
                    .width(2.0),
            );
            if !val.is_empty() {
                p.line(
                    Line::new("validation", val.clone())
                        .color(Color32::from_rgb(240, 150, 40))
                        .width(1.5),
                );
            }
            if !outside.is_empty() {
                p.line(
                    Line::new("outside the interval", outside.clone())
                        .color(Color32::from_rgb(170, 110, 210))
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                );
            }
            if top.is_finite() {
                let edge = if labels_at_top { top } else { bottom };
                draw_marks(p, snap, edge, top - bottom, labels_at_top, text);
            }
        });
}

/// The marks: a thin vertical line each, its label at the `edge` of the curves' range away from the
/// legend (at the top when `at_top`), labels that would collide stacked in rows, a label near the right
/// end on the line's left; a divergence whose loss was not finite also gets a cross at the edge.
fn draw_marks(
    p: &mut egui_plot::PlotUi<'_>,
    snap: &Snapshot,
    edge: f64,
    span: f64,
    at_top: bool,
    text: Color32,
) {
    let row_height = (span * 0.08).max(0.05) * if at_top { -1.0 } else { 1.0 };
    let transform = *p.transform();
    let right_end = transform.frame().right();
    let mut rows: Vec<(f32, f32)> = Vec::new();
    for mark in &snap.marks {
        let diverged = mark.label == "diverged";
        let (line, label_color) = if diverged {
            (DIVERGED, DIVERGED)
        } else {
            (text.gamma_multiply(0.4), text.gamma_multiply(0.85))
        };
        let x = mark.step as f64;
        p.vline(VLine::new("", x).color(line).width(1.0));
        let px = transform.position_from_point_x(x);
        let width = 6.5 * mark.label.chars().count() as f32 + 6.0;
        let on_left = px + width > right_end;
        let (from, to) = if on_left {
            (px - width, px)
        } else {
            (px, px + width)
        };
        let row = rows
            .iter()
            .position(|&(a, b)| to < a || from > b)
            .unwrap_or(rows.len());
        if row == rows.len() {
            rows.push((from, to));
        } else {
            rows[row] = (rows[row].0.min(from), rows[row].1.max(to));
        }
        let anchor = match (on_left, at_top) {
            (false, true) => Align2::LEFT_TOP,
            (true, true) => Align2::RIGHT_TOP,
            (false, false) => Align2::LEFT_BOTTOM,
            (true, false) => Align2::RIGHT_BOTTOM,
        };
        let label = RichText::new(format!(" {} ", mark.label))
            .small()
            .color(label_color);
        p.text(Text::new("", [x, edge + row as f64 * row_height].into(), label).anchor(anchor));
        let blew_up = snap
            .history
            .iter()
            .any(|r| r.step == mark.step && !r.train.is_finite());
        if diverged && blew_up {
            p.points(
                Points::new("", vec![[x, edge]])
                    .shape(MarkerShape::Cross)
                    .radius(6.0)
                    .color(DIVERGED),
            );
        }
    }
}
