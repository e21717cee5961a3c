//! The fit: target, training and validation points, every run's prediction over the whole view (in the
//! run's colour), the shaded training interval and a fading trail of the selected run's earlier fits; the
//! hovered neuron's piece (its contribution plus the output bias) drawn in its colour; the learner's
//! prediction (thick, dashed, in the text's colour), alone with the data while it is drawn.

use super::{
    decimated, hovered_neuron, legend_clear_of, neuron_color, neuron_key, run_color, title_row,
    view_plot,
};
use crate::app::state::PointEdit;
use crate::train::{RunView, Snapshot};
use egui::{Color32, Ui, Vec2};
use egui_plot::{Line, LineStyle, MarkerShape, PlotPoint, PlotUi, Points, Span};

/// The legend name of a run's prediction: "prediction" alone, "run 2 (relu)" among several; an
/// ensemble's says so ("median of 8 seeds", "run 2 (relu) ×8").
pub fn run_label(snap: &Snapshot, index: usize) -> String {
    let run = &snap.runs[index];
    let members = run.ensemble.as_ref().map(|e| e.seeds.len());
    match (snap.runs.len(), members) {
        (1, None) => "prediction".into(),
        (1, Some(k)) => format!("median of {k} seeds"),
        (_, None) => crate::train::snapshot::run_title(index, &run.name),
        (_, Some(k)) => format!(
            "{} ×{k}",
            crate::train::snapshot::run_title(index, &run.name)
        ),
    }
}

/// "Fit · inside R² 0.998, RMSE 0.021, max 0.061 · outside R² −2.1, RMSE 1.3, max 2.4" (R² etc. of the
/// selected run, where there is a target).
fn fit_title(q: &crate::train::quality::FitQuality) -> String {
    let part = |name: &str, q: Option<crate::train::quality::Quality>| {
        q.map(|q| {
            let r2 = if q.r2.is_finite() {
                format!("{:.3}", q.r2).replace('-', "−")
            } else {
                "—".into()
            };
            format!(
                " · {name} R² {r2}, RMSE {}, max {}",
                short(q.rmse),
                short(q.max_error)
            )
        })
        .unwrap_or_default()
    };
    format!(
        "Fit{}{}",
        part("inside", q.inside),
        part("outside", q.outside)
    )
}

/// A positive number in three significant digits: 0.0213, 1.30, 2.4e-5.
pub(super) fn short(v: f64) -> String {
    if v != 0.0 && (v.abs() < 1e-3 || v.abs() >= 1e4) {
        format!("{v:.1e}")
    } else {
        format!("{v:.3}")
    }
}

/// The fit's title's tooltip (for a single run).
const FIT_TIP: &str = "The target (dashed), the training points and the network's prediction; the \
     shaded band is the training interval, everything beyond it is extrapolation, where the thin dotted \
     lines are the asymptotes each fit tends to far out. The title: R² (1 = perfect, 0 = no better than \
     the mean), RMSE and the largest error of the selected run, inside the interval and beyond it.";

/// What happened in the fit plot this frame.
#[derive(Debug, Default)]
pub struct FitOutcome {
    /// The neuron whose piece or legend entry is hovered.
    pub hovered: Option<usize>,
    /// What a click or drag did to the points being edited.
    pub point_edit: Option<PointEdit>,
    /// "Add a neuron here" was chosen at this x.
    pub add_neuron: Option<f64>,
    /// What the pointer drew while a prediction is drawn.
    pub pens: Vec<crate::app::Pen>,
    /// The member of the selected run's ensemble under the pointer.
    pub hovered_member: Option<usize>,
}

/// The learner's prediction on the fit plot: its curve, and whether it is being drawn (then the
/// networks' predictions, pieces and trail hide, the axes hold still and the pointer draws).
#[derive(Clone, Copy)]
pub struct GuessLayer<'a> {
    /// The curve, by x.
    pub curve: &'a [[f64; 2]],
    /// Being drawn now.
    pub drawing: bool,
}

/// How the fit plot is to be drawn this frame, besides the lab.
pub struct FitView<'a> {
    /// The neuron hovered on the contributions plot, highlighted here too.
    pub hovered: Option<usize>,
    /// The member of the selected run's ensemble hovered in the last frame, drawn out.
    pub hovered_member: Option<usize>,
    /// The plot's size.
    pub size: Vec2,
    /// Restore the plot's view (the data's view changed).
    pub reset: bool,
    /// The points being edited, if they are.
    pub editing: Option<&'a [[f64; 2]]>,
    /// The learner's prediction.
    pub guess: GuessLayer<'a>,
}

/// Draws the fit plot for `selected` among the runs of `snap`, with the data's `points`, as `view` says.
pub fn fit_plot(
    ui: &mut Ui,
    snap: &Snapshot,
    points: &DataPoints,
    selected: &RunView,
    view: FitView<'_>,
) -> FitOutcome {
    let FitView {
        hovered,
        hovered_member,
        size,
        reset,
        editing,
        guess,
    } = view;
    let drawing = guess.drawing;
    let (title, tip) = match (&selected.ensemble, drawing) {
        (_, true) => (
            "Fit · draw your prediction: press and drag across the plot".to_string(),
            FIT_TIP.to_string(),
        ),
        (Some(e), false) => (super::band::title(e), super::band::TIP.to_string()),
        (None, false) => match super::fit_marks::pieces_part(selected) {
            Some(pieces) => (
                fit_title(&selected.quality).replacen("Fit", &format!("Fit · {pieces}"), 1),
                format!("{FIT_TIP} {}", super::fit_marks::PIECES_TIP),
            ),
            None => (fit_title(&selected.quality), FIT_TIP.to_string()),
        },
    };
    let reset = title_row(ui, egui::RichText::new(title), &tip) || reset;
    let pixels = size.x.max(100.0) as usize;
    let data = &snap.data;
    let x = &data.view_x;
    let text = ui.visuals().text_color();
    let sample = data
        .train_points
        .iter()
        .step_by(data.train_points.len() / 200 + 1)
        .copied()
        .chain(x.iter().zip(&selected.prediction).map(|(&x, &y)| [x, y]));
    let (mut edit, mut pens) = (None, Vec::new());
    let still = editing.is_some() || drawing;
    let mut plot = view_plot("fit", data, size, reset);
    if drawing {
        // room to draw a fit that leaves the data's range (a straight tail, a rise): the axes hold
        // still while drawing, so the headroom must be there from the start
        let (lo, hi) = super::fit_edit::y_range(data);
        let room = (0.75 * (hi - lo)).max(1.0);
        plot = plot.include_y(lo - room).include_y(hi + room);
    }
    let response = plot
        .legend(legend_clear_of(ui, "fit", sample))
        .allow_drag(!still)
        .allow_zoom(!drawing)
        .allow_scroll(!drawing)
        .show(ui, |p| {
            let (lo, hi) = (data.domain.lo, data.domain.hi);
            p.add(
                Span::new("training interval", lo..=hi)
                    .fill(Color32::from_rgba_unmultiplied(90, 140, 255, 28)),
            );
            if !drawing {
                draw_trail(p, selected, x, pixels, text);
            }
            draw_data(p, data, points, pixels);
            if !drawing {
                if let Some(j) = hovered {
                    draw_piece(p, selected, j, x, pixels);
                }
                super::fit_marks::draw_asymptotes(p, snap);
                for run in &snap.runs {
                    let lit = hovered_member.filter(|_| run.id == selected.id);
                    super::band::draw_on_fit(p, run, x, pixels, lit);
                }
                draw_predictions(p, snap, selected, pixels);
            }
            super::fit_edit::draw_guess(p, guess.curve, text);
            super::fit_edit::hold_still(p, still, reset);
            edit = super::fit_edit::edit_points(p, editing, text);
            if drawing {
                pens = super::fit_edit::pen(p);
            }
        });
    if !drawing && selected.ensemble.is_none() {
        super::fit_marks::draw_pieces(ui, &response, selected);
    }
    let add_neuron = if !still && selected.weights.layer == 1 {
        add_neuron_menu(ui, &response)
    } else {
        None
    };
    let hovered_member = super::band::hovered_member(&response, selected);
    if let (Some(k), Some(e)) = (hovered_member, &selected.ensemble) {
        response.response.clone().on_hover_text_at_pointer(format!(
            "member {k} of the ensemble: weight seed {}",
            e.seeds[k]
        ));
    }
    FitOutcome {
        hovered_member,
        hovered: hovered_neuron(ui, "fit", &response, selected.contributions.len()),
        point_edit: edit,
        add_neuron,
        pens,
    }
}

/// Every run's prediction in its colour, the selected one wider.
fn draw_predictions(p: &mut PlotUi<'_>, snap: &Snapshot, selected: &RunView, pixels: usize) {
    let x = &snap.data.view_x;
    for (i, run) in snap.runs.iter().enumerate() {
        let width = if run.id == selected.id { 2.5 } else { 1.8 };
        p.line(
            Line::new(run_label(snap, i), decimated(x, &run.prediction, pixels))
                .color(run_color(run.colour))
                .width(width),
        );
    }
}

/// The run's recent predictions, fading with age (the trail of where the fit has been).
fn draw_trail(p: &mut PlotUi<'_>, selected: &RunView, x: &[f64], pixels: usize, text: Color32) {
    let count = selected.trail.len();
    for (i, past) in selected.trail.iter().enumerate() {
        let alpha = 20 + (90 * (i + 1) / count.max(1)) as u8;
        let color = Color32::from_rgba_unmultiplied(text.r(), text.g(), text.b(), alpha);
        p.line(
            Line::new("recent fits", decimated(x, past, pixels))
                .color(color)
                .width(1.0)
                .allow_hover(false),
        );
    }
}

/// The target (dashed, broken where it is not finite), the training and the validation points.
fn draw_data<'a>(
    p: &mut PlotUi<'a>,
    data: &crate::train::DataView,
    points: &'a DataPoints,
    pixels: usize,
) {
    let x = &data.view_x;
    if let Some(target) = &data.target {
        // drawn where it is finite: 1/x breaks at 0 instead of joining ±infinity
        for (from, to) in finite_runs(target) {
            p.line(
                Line::new("target", decimated(&x[from..to], &target[from..to], pixels))
                    .style(LineStyle::dashed_loose())
                    .color(Color32::from_rgb(120, 180, 120))
                    .width(1.5),
            );
        }
    }
    let radius = if data.train_points.len() > pixels / 2 {
        1.2
    } else {
        2.0
    };
    p.add(
        Points::new("training points", points.train.as_slice())
            .radius(radius)
            .color(Color32::from_rgb(90, 140, 230)),
    );
    if !data.val_points.is_empty() {
        p.add(
            Points::new("validation points", points.val.as_slice())
                .radius(2.5)
                .shape(MarkerShape::Diamond)
                .color(Color32::from_rgb(240, 150, 40)),
        );
    }
}

/// Hidden neuron `j`'s piece plus the output bias, dashed in its colour (the neuron hovered).
fn draw_piece(p: &mut PlotUi<'_>, selected: &RunView, j: usize, x: &[f64], pixels: usize) {
    if let Some(piece) = selected.contributions.get(j) {
        let shifted: Vec<f64> = piece.iter().map(|v| v + selected.output_bias).collect();
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
}

/// The fit plot's right-click menu: "Add a neuron here", at the x clicked.
fn add_neuron_menu(ui: &Ui, response: &egui_plot::PlotResponse<()>) -> Option<f64> {
    let key = super::plot_id("fit").with("right-click x");
    if response.response.secondary_clicked()
        && let Some(pos) = response.response.interact_pointer_pos()
    {
        let x = response.transform.value_from_position(pos).x;
        ui.ctx().data_mut(|d| d.insert_temp(key, x));
    }
    let x: f64 = ui.ctx().data(|d| d.get_temp(key))?;
    let mut chosen = None;
    response.response.context_menu(|ui| {
        if ui
            .button(format!("Add a neuron here (x = {x:.2})"))
            .on_hover_text(
                "A new hidden neuron centred here, with zero outgoing weight so the fit does not jump; \
                 then drag its piece up or down in the contributions plot.",
            )
            .clicked()
        {
            chosen = Some(x);
            ui.close();
        }
    });
    chosen
}

/// The index ranges where `values` are finite, in order.
pub fn finite_runs(values: &[f64]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, v) in values.iter().enumerate() {
        match (v.is_finite(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, values.len()));
    }
    runs
}

/// The data's training and validation points as the plot takes them, converted once per data set (the
/// snapshots share one `DataView` until the data change) and borrowed by every frame's plot.
#[derive(Default)]
pub struct DataPoints {
    /// The data set converted.
    of: Option<std::sync::Arc<crate::train::DataView>>,
    /// Its training points.
    train: Vec<PlotPoint>,
    /// Its validation points.
    val: Vec<PlotPoint>,
}

impl DataPoints {
    /// Converts `data`'s points unless they are the ones already held.
    pub fn follow(&mut self, data: &std::sync::Arc<crate::train::DataView>) {
        if self
            .of
            .as_ref()
            .is_some_and(|held| std::sync::Arc::ptr_eq(held, data))
        {
            return;
        }
        let convert =
            |points: &[[f64; 2]]| points.iter().map(|&[x, y]| PlotPoint::new(x, y)).collect();
        self.train = convert(&data.train_points);
        self.val = convert(&data.val_points);
        self.of = Some(std::sync::Arc::clone(data));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curve_breaks_where_it_is_not_finite() {
        let v = [1.0, f64::INFINITY, 2.0, 3.0, f64::NAN, f64::NAN, 4.0];
        assert_eq!(finite_runs(&v), vec![(0, 1), (2, 4), (6, 7)]);
        assert_eq!(finite_runs(&[f64::NAN]), vec![]);
    }
}
