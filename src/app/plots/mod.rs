//! The three plots, and what they share: a title row with a "Reset view" button, the view interval on x
//! (so the fit and the contributions line up), readable axes (`axes.rs`), legends in the corner that
//! covers the least data, and decimation of curves to the plot's pixel width (and to a total point budget
//! when hundreds of neurons are drawn), so a frame stays cheap for any network. Hovering a neuron's curve
//! (or its legend entry) returns its index, which every plot then highlights.

mod activation_lab;
pub mod axes;
mod band;
mod contour;
mod contributions;
mod fit;
mod fit_edit;
mod fit_marks;
mod gradients;
mod handles;
mod heatmap;
mod landscape;
mod loss;
mod sweep_chart;
mod sweep_pieces;

pub use activation_lab::activation_lab;
pub use contributions::contributions_plot;
pub use fit::{DataPoints, FitOutcome, FitView, GuessLayer, fit_plot, run_label};
pub use heatmap::sweep_heatmap;
pub use landscape::landscape_plot;
pub use loss::{LossAxes, loss_plot};
pub use sweep_chart::sweep_chart;

use crate::train::DataView;
use egui::{Color32, RichText, Ui, Vec2};
use egui_plot::{Corner, ItemId, Legend, Plot, PlotMemory, PlotPoints, PlotResponse};

/// Whether a legend in `corner` sits at the top of its plot.
fn is_top(corner: Corner) -> bool {
    matches!(corner, Corner::LeftTop | Corner::RightTop)
}

/// How close (in pixels) the pointer must be to a point or a handle to grab it (a near miss of 12
/// pixels still grabs; the point that would be grabbed is highlighted under the pointer).
pub const GRAB_PX: f32 = 16.0;

/// The index of the plot point nearest the screen position `at`, if one lies within [`GRAB_PX`].
pub fn nearest_on_screen(
    points: impl Iterator<Item = [f64; 2]>,
    transform: &egui_plot::PlotTransform,
    at: egui::Pos2,
) -> Option<usize> {
    points
        .map(|p| {
            transform
                .position_from_point(&egui_plot::PlotPoint::new(p[0], p[1]))
                .distance(at)
        })
        .enumerate()
        .filter(|(_, d)| *d <= GRAB_PX)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Height of the title line above each plot.
pub const TITLE_HEIGHT: f32 = 24.0;

/// The colours of the runs: the first is the prediction's red of a single run.
const RUN_COLORS: [Color32; 6] = [
    Color32::from_rgb(230, 80, 70),
    Color32::from_rgb(240, 170, 50),
    Color32::from_rgb(70, 200, 220),
    Color32::from_rgb(180, 120, 240),
    Color32::from_rgb(240, 110, 180),
    Color32::from_rgb(170, 220, 80),
];

/// Colour of the run with palette place `colour`, the same in every plot and in the run list.
pub fn run_color(colour: usize) -> Color32 {
    RUN_COLORS[colour % RUN_COLORS.len()]
}

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

/// The id a plot keeps its memory (zoom, legend state) under.
fn plot_id(name: &str) -> egui::Id {
    egui::Id::unique(("approxlab plot", name))
}

/// The x range plot `name` ("fit", "contributions", "loss") showed in its last frame, if it was drawn.
pub fn shown_x_range(ctx: &egui::Context, name: &str) -> Option<(f64, f64)> {
    let memory = PlotMemory::load(ctx, plot_id(name))?;
    let bounds = memory.bounds();
    Some((bounds.min()[0], bounds.max()[0]))
}

/// Where the plot point (x, y) of plot `name` was on screen in its last frame (tests drive the mouse with
/// it), if the plot was drawn.
pub fn screen_position(ctx: &egui::Context, name: &str, x: f64, y: f64) -> Option<egui::Pos2> {
    let memory = PlotMemory::load(ctx, plot_id(name))?;
    Some(
        memory
            .transform()
            .position_from_point(&egui_plot::PlotPoint::new(x, y)),
    )
}

/// The plot's title (truncated to the width, whole on hover) with a "Reset view" button at its right;
/// true when the button was pressed.
fn title_row(ui: &mut Ui, title: RichText, tip: &str) -> bool {
    title_row_with(ui, title, tip, |_| {})
}

/// Set in a context's memory while a picture is drawn: plot titles leave their buttons out.
pub const PICTURE_PASS: &str = "approxlab picture pass";

/// [`title_row`] with more widgets (`extra`, drawn right to left) before the button. In a picture (or a
/// GIF's frame) the buttons are left out: widget chrome is not part of the plot.
fn title_row_with(ui: &mut Ui, title: RichText, tip: &str, extra: impl FnOnce(&mut Ui)) -> bool {
    let mut reset = false;
    let picture = ui
        .ctx()
        .data(|d| d.get_temp::<bool>(egui::Id::unique(PICTURE_PASS)))
        .unwrap_or(false);
    ui.allocate_ui_with_layout(
        egui::vec2(ui.available_width(), TITLE_HEIGHT),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            if !picture {
                reset = ui
                    .small_button("Reset view")
                    .on_hover_text(
                        "Show the whole plot again after a drag or zoom (double-clicking the plot \
                         does the same).",
                    )
                    .clicked();
                extra(ui);
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(egui::Label::new(title.strong()).truncate())
                    .on_hover_text(tip);
            });
        },
    );
    reset
}

/// A plot named `name` of `size` below its title line, with readable axes and the x-axis `x_label`; its
/// view restored when `reset`.
fn base_plot<'a>(name: &'a str, size: Vec2, x_label: &str, reset: bool) -> Plot<'a> {
    let plot = Plot::new(name)
        .id(plot_id(name))
        .width(size.x)
        .height((size.y - TITLE_HEIGHT).max(60.0))
        .custom_x_axes(vec![axes::x_axis(x_label)])
        .x_grid_spacer(axes::x_grid);
    if reset { plot.reset() } else { plot }
}

/// A plot over the view interval in x (the fit and the contributions line up).
fn view_plot<'a>(name: &'a str, data: &DataView, size: Vec2, reset: bool) -> Plot<'a> {
    base_plot(name, size, "x", reset)
        .y_grid_spacer(axes::y_grid)
        .y_axis_formatter(|mark, range| {
            axes::compact(mark.value, mark.step_size, axes::magnitude(range))
        })
        .include_x(data.view.lo)
        .include_x(data.view.hi)
}

/// A legend in small type, in the corner of plot `name` where it hides the fewest of `points`. It moves
/// only when another corner is clearly better, so it does not jump from frame to frame under the pointer.
fn legend_clear_of(ui: &Ui, name: &str, points: impl Iterator<Item = [f64; 2]>) -> Legend {
    Legend::default()
        .text_style(egui::TextStyle::Small)
        .background_alpha(0.6)
        .position(legend_corner(ui, name, points))
}

/// The corner [`legend_clear_of`] puts plot `name`'s legend in.
fn legend_corner(ui: &Ui, name: &str, points: impl Iterator<Item = [f64; 2]>) -> Corner {
    let memory = plot_id(name).with("legend corner");
    let before: Option<usize> = ui.data(|d| d.get_temp(memory));
    let counts = corner_counts(points);
    let chosen = quiet_corner(&counts, before);
    ui.data_mut(|d| d.insert_temp(memory, chosen));
    CORNERS[chosen]
}

/// The corners in the order [`corner_counts`] counts them (and ties prefer).
const CORNERS: [Corner; 4] = [
    Corner::LeftTop,
    Corner::RightTop,
    Corner::LeftBottom,
    Corner::RightBottom,
];

/// How many of the points fall in each corner's patch (40 % of the width, 45 % of the height) of their
/// bounding box, in the order of [`CORNERS`], and how many points there are.
pub fn corner_counts(points: impl Iterator<Item = [f64; 2]>) -> ([usize; 4], usize) {
    let points: Vec<[f64; 2]> = points
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for [x, y] in &points {
        (x0, x1, y0, y1) = (x0.min(*x), x1.max(*x), y0.min(*y), y1.max(*y));
    }
    if points.is_empty() || x1 <= x0 {
        return ([0; 4], 0);
    }
    let (dx, dy) = ((x1 - x0) * 0.4, (y1 - y0).max(f64::MIN_POSITIVE) * 0.45);
    let count = |left: bool, top: bool| {
        points
            .iter()
            .filter(|[x, y]| {
                let in_x = if left { *x <= x0 + dx } else { *x >= x1 - dx };
                let in_y = if top { *y >= y1 - dy } else { *y <= y0 + dy };
                in_x && in_y
            })
            .count()
    };
    let counts = [
        count(true, true),
        count(false, true),
        count(true, false),
        count(false, false),
    ];
    (counts, points.len())
}

/// The index (into [`CORNERS`]) of the emptiest corner; the corner used `before` stays unless it covers
/// clearly more (5 % of the points, at least 3) than the best.
pub fn quiet_corner((counts, total): &([usize; 4], usize), before: Option<usize>) -> usize {
    let best = (0..4).min_by_key(|&i| counts[i]).unwrap_or(0);
    match before {
        Some(b) if b < 4 && counts[b] <= counts[best] + (total / 20).max(3) => b,
        _ => best,
    }
}

/// Which neuron, if any, is hovered in plot `name`: its legend entry first (the user points at a name),
/// else the curve nearest the pointer.
fn hovered_neuron(ui: &Ui, name: &str, response: &PlotResponse<()>, count: usize) -> Option<usize> {
    let legend = PlotMemory::load(ui.ctx(), plot_id(name)).and_then(|m| m.hovered_legend_item);
    let id = legend.or(response.hovered_plot_item)?;
    (0..count).find(|&j| ItemId::new(neuron_key(j)) == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_goes_where_the_data_is_not_and_stays_put() {
        let corner = |points: Vec<[f64; 2]>, before| {
            CORNERS[quiet_corner(&corner_counts(points.into_iter()), before)]
        };
        // a falling loss: high on the left, low on the right
        let falling: Vec<[f64; 2]> = (0..100).map(|i| [i as f64, -(i as f64) / 10.0]).collect();
        let c = corner(falling.clone(), None);
        assert!(c == Corner::RightTop || c == Corner::LeftBottom, "{c:?}");
        // a rising line leaves the top left and bottom right free
        let rising: Vec<[f64; 2]> = (0..100).map(|i| [i as f64, i as f64]).collect();
        assert_eq!(corner(rising.clone(), None), Corner::LeftTop);
        assert_eq!(
            corner(rising, Some(3)),
            Corner::RightBottom,
            "an equally good corner keeps the legend"
        );
        // flat on the top left: the legend leaves that corner
        let step: Vec<[f64; 2]> = (0..100)
            .map(|i| [i as f64, if i < 50 { 10.0 } else { 0.0 }])
            .collect();
        assert_ne!(corner(step.clone(), None), Corner::LeftTop);
        assert_ne!(
            corner(step, Some(0)),
            Corner::LeftTop,
            "a clearly worse corner is left"
        );
    }
}
