//! The loss against the step or the training time, on a log scale (log₁₀ plotted, ticks labelled as
//! values): training, validation and outside-the-interval error of every run. Every setting change and every divergence is a thin vertical
//! line with a short label, so the curve's history stays readable when what it measures changes mid-way;
//! an explosion stays on the curve (the point that blew up, then the restored weights).

use super::{axes, base_plot, is_top, legend_corner, run_color, run_label, title_row_with};
use crate::train::{LossRecord, RunView, Snapshot};
use egui::{Align2, Color32, RichText, Ui, Vec2};
use egui_plot::{HoverPosition, Legend, Line, LineStyle, MarkerShape, Points, Text, VLine};

/// Colour of the divergence marks.
const DIVERGED: Color32 = Color32::from_rgb(230, 70, 60);
/// The colour of a change of diagnosed state ("now overfit") on the loss plot.
const STATE_MARK: Color32 = Color32::from_rgb(230, 140, 30);

/// log₁₀ of one loss series against the step (or the training time), finite positive values only.
fn series(
    history: &[LossRecord],
    time: bool,
    pick: impl Fn(&LossRecord) -> Option<f64>,
) -> Vec<[f64; 2]> {
    history
        .iter()
        .filter_map(|r| {
            let x = if time { r.seconds } else { r.step as f64 };
            pick(r)
                .filter(|v| v.is_finite() && *v > 0.0)
                .map(|v| [x, v.log10()])
        })
        .collect()
}

/// The three series of one run.
struct RunSeries {
    train: Vec<[f64; 2]>,
    val: Vec<[f64; 2]>,
    outside: Vec<[f64; 2]>,
}

/// A loss with two significant digits: plain between 0.01 and 100 (0.18, 3.2), else scientific (1.5e-6);
/// "—" when there is none.
fn short_loss(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |v| {
        if (0.01..100.0).contains(&v.abs()) {
            let decimals = (1 - v.abs().log10().floor() as i32).max(0) as usize;
            format!("{v:.decimals$}")
        } else {
            format!("{v:.1e}")
        }
    })
}

/// "Loss 1.2e-3": the selected run's training loss, short enough to stay whole beside the plot's
/// buttons at any size; the other losses are in the top bar's readout and in [`title_tip`].
fn title(run: &RunView) -> String {
    format!("Loss {}", short_loss(Some(run.latest.train)))
}

/// The title's tooltip: every loss of the selected run now ("outside —" when no target is known beyond
/// the data), then how to read the plot.
fn title_tip(run: &RunView, several: bool, target_known: bool) -> String {
    let l = &run.latest;
    let mut now = format!(
        "{}: training loss {}",
        if several {
            "The selected run now"
        } else {
            "Now"
        },
        short_loss(Some(l.train))
    );
    if l.val.is_some() {
        now += &format!(", validation {}", short_loss(l.val));
    }
    if l.outside.is_some() || !target_known {
        now += &format!(", outside the training interval {}", short_loss(l.outside));
    }
    format!(
        "{now}. The plot: loss against training step (or time), log scale; solid lines train, dashed \
         outside. Falling: learning. Flat: stalled. Shooting up: diverging. Thin vertical lines mark \
         setting changes and divergences."
    )
}

/// What the loss plot shows: its x axis and whether its "gradients" tab is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LossAxes {
    /// The x axis is the training time instead of the step.
    pub time: bool,
    /// The selected run's per-layer gradient and update norms instead of the losses.
    pub gradients: bool,
}

/// Draws the loss plot: every run's losses, the marks of the selected run; or, on its "gradients" tab,
/// the selected run's per-layer norms. With `time` the x axis is the training time instead of the step
/// (a Levenberg–Marquardt step costs more than an Adam step: a race is judged on time). Returns the
/// axes chosen with the toggles in its title row. `reset` restores its view.
pub fn loss_plot(
    ui: &mut Ui,
    snap: &Snapshot,
    selected: &RunView,
    size: Vec2,
    reset: bool,
    shown: LossAxes,
) -> LossAxes {
    let several = snap.runs.len() > 1;
    let LossAxes {
        mut time,
        mut gradients,
    } = shown;
    let (heading, tip) = if gradients {
        (
            super::gradients::title(&selected.norms),
            super::gradients::TIP.to_string(),
        )
    } else {
        (
            title(selected),
            title_tip(selected, several, snap.data.target.is_some()),
        )
    };
    let reset = title_row_with(ui, RichText::new(heading), &tip, |ui| {
        ui.toggle_value(&mut time, "time").on_hover_text(
            "x axis: seconds of training (each run its own compute time); off: training steps.",
        );
        ui.toggle_value(&mut gradients, "gradients").on_hover_text(
            "Each layer's gradient and how far each step moves it, for the selected run, instead \
             of the losses.",
        );
    }) || reset;
    let shown = LossAxes { time, gradients };
    if gradients {
        super::gradients::draw(ui, selected, size, reset, time);
        return shown;
    }
    let all_series: Vec<RunSeries> = snap
        .runs
        .iter()
        .map(|r| RunSeries {
            train: series(&r.history, time, |r| Some(r.train)),
            val: series(&r.history, time, |r| r.val),
            outside: series(&r.history, time, |r| r.outside),
        })
        .collect();
    let all = || {
        all_series
            .iter()
            .flat_map(|s| s.train.iter().chain(&s.val).chain(&s.outside))
            .copied()
    };
    let top = all().map(|p| p[1]).fold(f64::NEG_INFINITY, f64::max);
    let bottom = all().map(|p| p[1]).fold(f64::INFINITY, f64::min);
    let text = ui.visuals().text_color();
    let corner = legend_corner(ui, "loss", all());
    let labels_at_top = !is_top(corner);
    log_plot("loss", size, (time, reset), corner, "loss").show(ui, |p| {
        for (i, (run, s)) in snap.runs.iter().zip(&all_series).enumerate() {
            draw_run(p, snap, i, run, s, (several, time));
        }
        if top.is_finite() {
            let edge = if labels_at_top { top } else { bottom };
            draw_marks(p, selected, time, edge, top - bottom, labels_at_top, text);
        }
    });
    shown
}

/// A plot of log₁₀ values against the step (or, with `time`, the training time), its y axis labelled
/// as values and its hover saying "`value_name` 1.2e-3": the loss plot and its gradients tab.
pub(super) fn log_plot<'a>(
    name: &'a str,
    size: Vec2,
    (time, reset): (bool, bool),
    corner: egui_plot::Corner,
    value_name: &'static str,
) -> egui_plot::Plot<'a> {
    let x_name = if time { "seconds" } else { "step" };
    base_plot(
        name,
        size,
        if time { "training time (s)" } else { "step" },
        reset,
    )
    .legend(
        Legend::default()
            .text_style(egui::TextStyle::Small)
            .background_alpha(0.6)
            .position(corner),
    )
    .y_grid_spacer(axes::log_grid)
    .y_axis_formatter(|mark, _| axes::log_label(mark.value))
    .label_formatter(move |hover| {
        let (name, position) = match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => (format!("{plot_name}\n"), position),
            HoverPosition::Elsewhere { position } => (String::new(), position),
        };
        Some(format!(
            "{name}{x_name} {}\n{value_name} {:.3e}",
            axes::compact(
                position.x,
                1e-3_f64.max(position.x.abs() * 1e-4),
                position.x.abs()
            ),
            10f64.powf(position.y)
        ))
    })
}

/// One run's lines: with a single run, train / validation / outside in their own colours; among several,
/// all in the run's colour (train solid, validation dotted, outside dashed) under the run's name. An
/// ensemble's training loss is its members' median with their band.
fn draw_run(
    p: &mut egui_plot::PlotUi<'_>,
    snap: &Snapshot,
    i: usize,
    run: &RunView,
    s: &RunSeries,
    (several, time): (bool, bool),
) {
    let colour = run_color(run.colour);
    let name = |what: &str| {
        if several {
            run_label(snap, i)
        } else {
            what.to_string()
        }
    };
    let pick = |single: Color32| if several { colour } else { single };
    match &run.ensemble {
        Some(e) => {
            let label = format!("{}, median of {}", name("train"), e.seeds.len());
            super::band::draw_on_loss(p, run, label, time);
        }
        None => p.line(
            Line::new(name("train"), s.train.clone())
                .color(pick(Color32::from_rgb(90, 140, 230)))
                .width(2.0),
        ),
    }
    if !s.val.is_empty() {
        p.line(
            Line::new(name("validation"), s.val.clone())
                .color(pick(Color32::from_rgb(240, 150, 40)))
                .style(if several {
                    LineStyle::dotted_dense()
                } else {
                    LineStyle::Solid
                })
                .width(1.5),
        );
    }
    if !s.outside.is_empty() {
        p.line(
            Line::new(name("outside the interval"), s.outside.clone())
                .color(pick(Color32::from_rgb(170, 110, 210)))
                .style(LineStyle::dashed_loose())
                .width(1.5),
        );
    }
}

/// Most rows of mark labels: a mark whose label finds no room in them keeps its line only (many edits
/// while training would otherwise pile labels down over the curves).
const MAX_LABEL_ROWS: usize = 3;

/// The marks: a thin vertical line each, its label at the `edge` of the curves' range away from the
/// legend (at the top when `at_top`) on a backing the colour of the plot so a curve beneath never runs
/// through it, labels that would collide stacked in rows (the newest first, at most
/// [`MAX_LABEL_ROWS`]), a label near the right end on the line's left; a divergence whose loss was not
/// finite also gets a cross at the edge. Changes of the diagnosed state are marked alike, in amber.
fn draw_marks(
    p: &mut egui_plot::PlotUi<'_>,
    run: &RunView,
    time: bool,
    edge: f64,
    span: f64,
    at_top: bool,
    text: Color32,
) {
    let row_height = (span * 0.08).max(0.05) * if at_top { -1.0 } else { 1.0 };
    let transform = *p.transform();
    let right_end = transform.frame().right();
    let mut rows: Vec<(f32, f32)> = Vec::new();
    let backing = p
        .ctx()
        .global_style()
        .visuals
        .extreme_bg_color
        .gamma_multiply(0.85);
    let mut marks: Vec<(&crate::train::Mark, bool)> = run
        .marks
        .iter()
        .map(|m| (m, false))
        .chain(run.state_marks.iter().map(|m| (m, true)))
        .collect();
    marks.sort_by_key(|(m, _)| m.step);
    for &(mark, state) in marks.iter().rev() {
        let diverged = mark.label == "diverged";
        let (line, label_color) = if diverged {
            (DIVERGED, DIVERGED)
        } else if state {
            (STATE_MARK.gamma_multiply(0.6), STATE_MARK)
        } else {
            (text.gamma_multiply(0.4), text.gamma_multiply(0.85))
        };
        let x = if time {
            run.history
                .iter()
                .find(|r| r.step >= mark.step)
                .map_or(run.seconds, |r| r.seconds)
        } else {
            mark.step as f64
        };
        p.vline(VLine::new("", x).color(line).width(1.0));
        let px = transform.position_from_point_x(x);
        let width = 7.0 * mark.label.chars().count() as f32 + 8.0;
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
        let labelled = row < MAX_LABEL_ROWS;
        if row == rows.len() && labelled {
            rows.push((from, to));
        } else if labelled {
            rows[row] = (rows[row].0.min(from), rows[row].1.max(to));
        }
        let anchor = match (on_left, at_top) {
            (false, true) => Align2::LEFT_TOP,
            (true, true) => Align2::RIGHT_TOP,
            (false, false) => Align2::LEFT_BOTTOM,
            (true, false) => Align2::RIGHT_BOTTOM,
        };
        if labelled {
            let label = RichText::new(format!(" {} ", mark.label))
                .small()
                .color(label_color)
                .background_color(backing);
            p.text(Text::new("", [x, edge + row as f64 * row_height].into(), label).anchor(anchor));
        }
        let blew_up = run
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
