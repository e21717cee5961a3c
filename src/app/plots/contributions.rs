//! The neuron contributions: one curve per neuron of the last hidden layer, w'ⱼ·hⱼ(x), over the same view
//! as the fit; the output bias as a dashed line; for a single hidden layer each neuron's centre/kink −b/w
//! marked on the x axis, and a centre beyond the view marked by an arrow at the edge it lies past (so a
//! far-away centre never stretches the plot). The curves plus the bias add up to the prediction.

use super::handles::{self, Handle};
use super::{
    decimated, hovered_neuron, legend_clear_of, neuron_color, neuron_key, plot_id, title_row,
    view_plot,
};
use crate::train::{DataView, RunView, Snapshot};
use egui::{Color32, Ui, Vec2};
use egui_plot::{HLine, Line, LineStyle, MarkerShape, PlotUi, Points, Span};

/// Most curve points the contributions plot draws in total (the hovered neuron's curve is drawn at full
/// resolution on top): with hundreds of neurons the bundle reads the same, and a frame stays cheap.
pub const CONTRIBUTION_POINT_BUDGET: usize = 4_096;
/// Above this many neurons they share one legend entry.
pub const LEGEND_MAX_NEURONS: usize = 5;

fn neuron_name(j: usize, count: usize) -> String {
    if count > LEGEND_MAX_NEURONS {
        "neurons".to_string()
    } else {
        format!("neuron {}", j + 1)
    }
}

/// Centres split by where they fall: inside the view (x), left of it and right of it (counts).
pub fn place_centres(centres: &[Option<f64>], lo: f64, hi: f64) -> (Vec<f64>, usize, usize) {
    let mut inside = Vec::new();
    let (mut left, mut right) = (0, 0);
    for c in centres.iter().flatten() {
        if *c < lo {
            left += 1;
        } else if *c > hi {
            right += 1;
        } else {
            inside.push(*c);
        }
    }
    (inside, left, right)
}

/// Draws the plot for run `run`; returns the neuron hovered in it, if any, and new weights with a label
/// while a handle is dragged. `reset` restores its view.
pub fn contributions_plot(
    ui: &mut Ui,
    snap: &Snapshot,
    run: &RunView,
    hovered: Option<usize>,
    size: Vec2,
    reset: bool,
) -> (Option<usize>, Option<(Vec<f32>, String)>) {
    let n = run.contributions.len();
    let whose = if snap.runs.len() > 1 {
        format!(
            " of {}",
            super::fit::run_label(
                snap,
                snap.runs.iter().position(|r| r.id == run.id).unwrap_or(0)
            )
        )
    } else {
        String::new()
    };
    let reset = title_row(
        ui,
        egui::RichText::new(format!(
            "Neurons{whose}: {n} + bias{}",
            match run.idle.iter().flatten().count() {
                0 => String::new(),
                k => format!(", {k} idle"),
            }
        )),
        "Neuron contributions: each curve is one last-hidden-layer neuron's outgoing weight times its \
         activation; these curves plus the output bias add up to the prediction. Idle neurons (flat \
         over the data) are faded. Hover one to highlight it.",
    ) || reset;
    let pixels = size.x.max(100.0) as usize;
    let per_curve = (CONTRIBUTION_POINT_BUDGET / n.max(1)).clamp(16, pixels);
    let data = &snap.data;
    let x = &data.view_x;
    let (lo, hi) = (data.view.lo, data.view.hi);
    let marker = ui.visuals().strong_text_color();
    // about 400 points in all decide where the legend goes
    let stride = (x.len() * n / 400).max(1).min(x.len().max(1));
    let sample = run
        .contributions
        .iter()
        .flat_map(|c| x.iter().zip(c).step_by(stride).map(|(&x, &y)| [x, y]));
    let id = plot_id("contributions");
    let transform = egui_plot::PlotMemory::load(ui.ctx(), id).map(|m| m.transform());
    let engaged = handles::engaged(ui.ctx(), id, transform, run, data);
    let mut edit = None;
    let response = view_plot("contributions", data, size, reset)
        .legend(legend_clear_of(ui, "contributions", sample))
        .allow_drag(!engaged)
        .show(ui, |p| {
            edit = handles::drag(p, id, run, data);
            draw_handles(p, run, data, marker);
            // unnamed: the fit's legend names the band, and here its label would be clipped
            p.add(
                Span::new("", data.domain.lo..=data.domain.hi)
                    .fill(Color32::from_rgba_unmultiplied(90, 140, 255, 18)),
            );
            draw_pieces(p, run, hovered, x, (pixels, per_curve));
            p.add(
                HLine::new("output bias", run.output_bias)
                    .color(marker.gamma_multiply(0.8))
                    .style(LineStyle::dashed_loose())
                    .width(1.5),
            );
            if let Some(centres) = &run.centres {
                draw_centres(p, centres, hovered, (lo, hi), marker);
            }
        });
    (hovered_neuron(ui, "contributions", &response, n), edit)
}

/// The handles a drag grabs: each neuron's steepness (a square in its colour) and the output bias (a
/// diamond); the centres are the triangles [`draw_centres`] draws.
fn draw_handles(p: &mut PlotUi<'_>, run: &RunView, data: &DataView, marker: Color32) {
    for (handle, at) in handles::handles(run, data) {
        let (shape, color) = match handle {
            Handle::Centre(_) => continue,
            Handle::Steepness(j) => (MarkerShape::Square, neuron_color(j)),
            Handle::Bias => (MarkerShape::Diamond, marker),
        };
        p.add(
            Points::new("", vec![at])
                .shape(shape)
                .radius(3.5)
                .filled(true)
                .color(color),
        );
    }
}

/// One curve per neuron: the hovered one thick, the others faded while one is hovered, idle ones faded;
/// `resolution` is (points for the hovered curve, points for each other).
fn draw_pieces(
    p: &mut PlotUi<'_>,
    run: &RunView,
    hovered: Option<usize>,
    x: &[f64],
    resolution: (usize, usize),
) {
    let n = run.contributions.len();
    let (pixels, per_curve) = resolution;
    for (j, curve) in run.contributions.iter().enumerate() {
        // a dead or saturated neuron is drawn faded: it no longer learns
        let idle = run.idle.get(j).copied().flatten().is_some();
        let (width, color) = match hovered {
            Some(h) if h == j => (3.0, neuron_color(j)),
            Some(_) => (1.0, neuron_color(j).gamma_multiply(0.35)),
            None if idle => (1.0, neuron_color(j).gamma_multiply(0.3)),
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
}

/// The centres −b/w as triangles on the x axis, arrows at the edges counting those beyond the view
/// (`lo`, `hi`), and the hovered neuron's centre ringed in its colour.
fn draw_centres(
    p: &mut PlotUi<'_>,
    centres: &[Option<f64>],
    hovered: Option<usize>,
    (lo, hi): (f64, f64),
    marker: Color32,
) {
    let (inside, left, right) = place_centres(centres, lo, hi);
    let outside = left + right;
    let name = if outside > 0 {
        format!("centres −b/w ({outside} beyond the view: arrows)")
    } else {
        "centres −b/w".to_string()
    };
    let marks: Vec<[f64; 2]> = inside.iter().map(|&c| [c, 0.0]).collect();
    p.add(
        Points::new(name.clone(), marks)
            .shape(MarkerShape::Up)
            .radius(4.5)
            .filled(true)
            .color(marker),
    );
    for (count, at, shape) in [
        (left, lo, MarkerShape::Left),
        (right, hi, MarkerShape::Right),
    ] {
        if count > 0 {
            p.add(
                Points::new(name.clone(), vec![[at, 0.0]])
                    .shape(shape)
                    .radius(6.0)
                    .filled(true)
                    .color(marker),
            );
        }
    }
    if let Some(j) = hovered
        && let Some(Some(c)) = centres.get(j)
    {
        p.add(
            Points::new("", vec![[c.clamp(lo, hi), 0.0]]) // unnamed: no legend entry to shift the legend under the pointer
                .shape(MarkerShape::Up)
                .radius(7.5)
                .color(neuron_color(j)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centres_beyond_the_view_are_counted_at_their_edge() {
        let centres = [Some(-130.0), Some(0.5), None, Some(10_000.0), Some(6.0)];
        let (inside, left, right) = place_centres(&centres, -6.0, 6.0);
        assert_eq!((inside, left, right), (vec![0.5, 6.0], 1, 1));
    }
}
