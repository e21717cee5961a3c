//! The sweep's pictures. One parameter: the median final training, validation and outside loss against
//! the parameter (log axes where the values span decades), each with its min–max band over the seeds,
//! diverged grid points crossed in red, and for a learning-rate sweep the three zones shaded behind.
//! Clicking a grid point returns it (the window opens it as a run). The loss colour scale (`shade`) is
//! shared with the two-parameter heat map (`heatmap.rs`) and the loss landscape.

use super::{axes, base_plot};
use crate::sweep::{Stats, SweepParam, ValueSummary, Zone};
use egui::{Color32, Ui, Vec2};
use egui_plot::{
    HoverPosition, Legend, Line, LineStyle, MarkerShape, PlotPoint, PlotPoints, PlotUi, Points,
    Polygon, Span, Text,
};

/// Colours of the three losses (as in the loss plot).
const TRAIN: Color32 = Color32::from_rgb(90, 140, 230);
const VALIDATION: Color32 = Color32::from_rgb(240, 150, 40);
const OUTSIDE: Color32 = Color32::from_rgb(190, 120, 230);
pub(super) const DIVERGED: Color32 = Color32::from_rgb(230, 60, 60);

/// Low to high loss: dark blue (good) through teal and green to yellow (bad).
const PALETTE: [Color32; 5] = [
    Color32::from_rgb(20, 30, 90),
    Color32::from_rgb(30, 100, 150),
    Color32::from_rgb(40, 160, 130),
    Color32::from_rgb(150, 200, 70),
    Color32::from_rgb(250, 230, 60),
];

/// One loss series of the chart: its name, colour, which stats it reads and its line style.
type Series = (&'static str, Color32, fn(&ValueSummary) -> Stats, LineStyle);

/// log₁₀ of a loss, or NaN for none.
pub(super) fn log(v: f64) -> f64 {
    if v > 0.0 { v.log10() } else { f64::NAN }
}

/// Where a parameter's value sits on the chart's x axis, and how a tick there is labelled.
#[derive(Clone, Copy)]
pub(super) struct XAxis {
    pub(super) param: SweepParam,
    pub(super) log: bool,
}

impl XAxis {
    fn at(self, v: f64) -> f64 {
        if self.log { v.log10() } else { v }
    }

    /// The tick label at chart position `x`.
    pub(super) fn label(self, x: f64) -> String {
        let v = if self.log { 10f64.powf(x) } else { x };
        match self.param {
            SweepParam::Shape { .. } if (x - x.round()).abs() < 1e-9 && x >= 0.0 => {
                self.param.label(x.round())
            }
            SweepParam::Shape { .. } => String::new(),
            _ if self.log => axes::log_label(x),
            _ => crate::sweep::show((v * 1e6).round() / 1e6),
        }
    }
}

/// The one-parameter chart; returns the index of the grid point clicked.
pub fn sweep_chart(
    ui: &mut Ui,
    param: SweepParam,
    summaries: &[ValueSummary],
    zones: &[Zone],
    size: Vec2,
) -> Option<usize> {
    let values: Vec<f64> = summaries.iter().map(|s| s.values[0]).collect();
    let axis = XAxis {
        param,
        log: param.log_axis(&values),
    };
    let xs: Vec<f64> = values.iter().map(|&v| axis.at(v)).collect();
    let mut clicked = None;
    let mut size = size;
    if summaries.iter().any(|s| s.pieces_bound.is_some()) {
        let id = egui::Id::unique("approxlab sweep chart shows linear pieces");
        let mut pieces = ui.data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
        let row = ui.horizontal(|ui| {
            ui.selectable_value(&mut pieces, false, "loss")
                .on_hover_text("Chart the final losses.");
            ui.selectable_value(&mut pieces, true, "linear pieces").on_hover_text(
                "Chart the final prediction's linear pieces over the view (ReLU-like units), with the \
                 most each architecture could make: one trained layer uses nearly all of its w + 1, \
                 deeper trained networks a small part of their ∏(w + 1).",
            );
        });
        ui.data_mut(|d| d.insert_temp(id, pieces));
        size.y -= row.response.rect.height() + ui.spacing().item_spacing.y;
        if pieces {
            return super::sweep_pieces::pieces_chart(ui, axis, &xs, summaries, size);
        }
    }
    sweep_plot("sweep", axis, size, |v| format!("loss {v:.3e}")).show(ui, |p| {
        draw_zones(p, summaries, zones, &xs);
        draw_series(p, summaries, &xs);
        let diverged: Vec<[f64; 2]> = xs
            .iter()
            .zip(summaries)
            .filter(|(_, s)| s.diverged > 0)
            .map(|(&x, s)| [x, log(s.train.median)])
            .filter(|q| q[1].is_finite())
            .collect();
        if !diverged.is_empty() {
            p.points(
                Points::new("diverged (some seeds)", diverged)
                    .shape(MarkerShape::Cross)
                    .color(DIVERGED)
                    .radius(6.0),
            );
        }
        if p.response().clicked()
            && let Some(at) = p.pointer_coordinate()
        {
            clicked = nearest(&xs, at.x);
        }
    });
    clicked
}

/// A chart named `name` of log₁₀ values over the parameter's values on `axis` (whole-number ticks for a
/// shape sweep, decades for a log axis), its legend in small type, its hover naming the parameter and
/// `value` of the value under the pointer ("loss 1.2e-3", "23 pieces").
pub(super) fn sweep_plot(
    name: &str,
    axis: XAxis,
    size: Vec2,
    value: fn(f64) -> String,
) -> egui_plot::Plot<'_> {
    let x_name = match axis.param {
        SweepParam::Shape { params } => format!("shape (depth × width, about {params} parameters)"),
        param => param.name().replace('_', " "),
    };
    let plot = base_plot(name, size, &x_name, false);
    let plot = match (axis.param, axis.log) {
        (SweepParam::Shape { .. }, _) => plot.x_grid_spacer(whole_numbers),
        (_, true) => plot.x_grid_spacer(axes::x_log_grid),
        _ => plot,
    };
    plot.legend(
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
            "{head}{} {}\n{}",
            axis.param.name(),
            axis.label(p.x),
            value(10f64.powf(p.y))
        ))
    })
}

/// The zones (too small, good, too large) as faint bands, each named in its own colour just below the
/// lowest loss drawn.
fn draw_zones(p: &mut PlotUi<'_>, summaries: &[ValueSummary], zones: &[Zone], xs: &[f64]) {
    // the zones' names sit just below the lowest loss drawn: a place fixed by the data, not by the
    // plot's bounds (which include the names, so placing them by the bounds would push them lower
    // every frame)
    let drawn: Vec<f64> = summaries
        .iter()
        .flat_map(|s| [s.train.min, s.train.max, s.outside.min, s.outside.max])
        .map(log)
        .filter(|v| v.is_finite())
        .collect();
    let (lowest, highest) = drawn
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(*v), h.max(*v))
        });
    let below_data = if lowest.is_finite() {
        lowest - 0.12 * (highest - lowest).max(1.0)
    } else {
        0.0
    };
    if zones.len() != xs.len() {
        return;
    }
    let mut i = 0;
    while i < zones.len() {
        let mut j = i;
        while j + 1 < zones.len() && zones[j + 1] == zones[i] {
            j += 1;
        }
        let left = if i > 0 {
            (xs[i] + xs[i - 1]) / 2.0
        } else {
            xs[0] - 0.5 * step(xs)
        };
        let right = if j + 1 < xs.len() {
            (xs[j] + xs[j + 1]) / 2.0
        } else {
            xs[j] + 0.5 * step(xs)
        };
        let (r, g, b) = match zones[i] {
            Zone::TooSmall => (120, 140, 200),
            Zone::Good => (80, 200, 110),
            Zone::TooLarge => (230, 80, 70),
        };
        // the shading stays out of the legend (its swatch would be the faint fill, and the legend
        // would cover a name at the top): each zone is named at the bottom, in its own colour
        p.span(
            Span::new("", left..=right)
                .fill(Color32::from_rgba_unmultiplied(r, g, b, 45))
                .border_width(0.0),
        );
        p.text(
            Text::new(
                "",
                PlotPoint::new((left + right) / 2.0, below_data),
                egui::RichText::new(zones[i].name())
                    .small()
                    .strong()
                    .color(Color32::from_rgb(r, g, b)),
            )
            .anchor(egui::Align2::CENTER_BOTTOM),
        );
        i = j + 1;
    }
}

/// The training, validation and outside losses: each series' median over the seeds as a line and its
/// min–max as a band.
fn draw_series(p: &mut PlotUi<'_>, summaries: &[ValueSummary], xs: &[f64]) {
    let series: [Series; 3] = [
        ("train", TRAIN, |s| s.train, LineStyle::Solid),
        (
            "validation",
            VALIDATION,
            |s| s.validation,
            LineStyle::dotted_dense(),
        ),
        (
            "outside the interval",
            OUTSIDE,
            |s| s.outside,
            LineStyle::dashed_loose(),
        ),
    ];
    for (name, colour, pick, style) in series {
        let stats: Vec<Stats> = summaries.iter().map(pick).collect();
        if stats.iter().all(|s| s.median.is_nan()) {
            continue;
        }
        let label = format!("{name}: median, min–max over seeds");
        draw_stats(p, &label, (colour, style), xs, &stats);
    }
}

/// One result over the grid points (log₁₀ plotted): its median as a line with points, its min–max over
/// the seeds as a band, all under `label`.
pub(super) fn draw_stats(
    p: &mut PlotUi<'_>,
    label: &str,
    (colour, style): (Color32, LineStyle),
    xs: &[f64],
    stats: &[Stats],
) {
    for k in 1..xs.len() {
        let (a, b) = (&stats[k - 1], &stats[k]);
        let quad = [
            [xs[k - 1], log(a.min)],
            [xs[k], log(b.min)],
            [xs[k], log(b.max)],
            [xs[k - 1], log(a.max)],
        ];
        if quad.iter().all(|q| q[1].is_finite()) {
            p.polygon(
                Polygon::new(label, PlotPoints::from(quad.to_vec()))
                    .fill_color(colour.gamma_multiply(0.18))
                    .stroke(egui::Stroke::NONE),
            );
        }
    }
    let median: Vec<[f64; 2]> = xs
        .iter()
        .zip(stats)
        .map(|(&x, s)| [x, log(s.median)])
        .filter(|q| q[1].is_finite())
        .collect();
    p.line(
        Line::new(label, median.clone())
            .color(colour)
            .width(2.0)
            .style(style),
    );
    p.points(Points::new(label, median).color(colour).radius(3.0));
}

/// The hovered item's name (with a line break) and the pointer's position.
pub(super) fn hovered(hover: &HoverPosition<'_>) -> (String, PlotPoint) {
    match hover {
        HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => (format!("{plot_name}\n"), *position),
        HoverPosition::Elsewhere { position } => (String::new(), *position),
    }
}

/// Grid marks on whole numbers (the depths of a shape sweep).
fn whole_numbers(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    if !(lo.is_finite() && hi.is_finite()) || hi - lo > 1000.0 {
        return Vec::new();
    }
    (lo.ceil() as i64..=hi.floor() as i64)
        .map(|v| egui_plot::GridMark {
            value: v as f64,
            step_size: 1.0,
        })
        .collect()
}

/// The typical spacing of `xs` (1 for a single value).
fn step(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        1.0
    } else {
        (xs[xs.len() - 1] - xs[0]) / (xs.len() - 1) as f64
    }
}

/// The index of the value of `xs` nearest `x`.
pub(super) fn nearest(xs: &[f64], x: f64) -> Option<usize> {
    xs.iter()
        .enumerate()
        .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
        .map(|(i, _)| i)
}

/// A colour for log₁₀ loss `v` between `lo` and `hi` (grey where there is none).
pub(super) fn shade(v: f64, lo: f64, hi: f64) -> Color32 {
    if !v.is_finite() {
        return Color32::from_gray(70);
    }
    let t = if hi > lo {
        ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        0.5
    };
    let at = t * (PALETTE.len() - 1) as f64;
    let k = (at.floor() as usize).min(PALETTE.len() - 2);
    let f = (at - k as f64) as f32;
    let (a, b) = (PALETTE[k], PALETTE[k + 1]);
    let mix = |x: u8, y: u8| (f32::from(x) + f * (f32::from(y) - f32::from(x))).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}
