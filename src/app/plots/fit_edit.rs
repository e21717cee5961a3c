//! Editing the data's points on the fit plot: while "Edit points" is on, the axes hold still (a click must
//! land where it was aimed), the points are drawn as handles, and a click adds a point, a drag moves one,
//! a right-click removes one. While a prediction is drawn the axes hold still too, with room above and
//! below the data's range, and the pointer's strokes are read as pens; the prediction is drawn here.

use crate::app::Pen;
use crate::app::state::PointEdit;
use egui::{Color32, PointerButton};
use egui_plot::{Line, LineStyle, PlotUi, Points};

/// While points are edited or a prediction drawn (`still`), the axes hold still: a click must land
/// where it was aimed.
pub(super) fn hold_still(p: &mut PlotUi<'_>, still: bool, reset: bool) {
    let held = p.response().id.with("bounds while editing");
    if !still {
        p.ctx()
            .data_mut(|d| d.remove::<egui_plot::PlotBounds>(held));
        return;
    }
    match p.ctx().data(|d| d.get_temp::<egui_plot::PlotBounds>(held)) {
        Some(bounds) if !reset => p.set_plot_bounds(bounds),
        _ => {
            let bounds = p.plot_bounds();
            p.ctx().data_mut(|d| d.insert_temp(held, bounds));
        }
    }
}

/// The points being edited, drawn editable; returns the edit the pointer made, if any.
pub(super) fn edit_points(
    p: &mut PlotUi<'_>,
    editing: Option<&[[f64; 2]]>,
    text: Color32,
) -> Option<PointEdit> {
    let points = editing?;
    draw_points_being_edited(p, points, text);
    point_edit(p, points)
}

/// What the pointer drew on the plot while a prediction is drawn: a stroke begins where the button was
/// pressed (not where the drag was recognised), follows the pointer, and ends on release; a click is a
/// stroke of one point.
pub(super) fn pen(p: &PlotUi<'_>) -> Vec<Pen> {
    let response = p.response();
    let transform = *p.transform();
    let at = |pos: egui::Pos2| {
        let v = transform.value_from_position(pos);
        [v.x, v.y]
    };
    let mut pens = Vec::new();
    if response.drag_started_by(PointerButton::Primary) {
        let origin = p.ctx().input(|i| i.pointer.press_origin());
        if let Some(origin) = origin.or(response.interact_pointer_pos()) {
            pens.push(Pen::Down(at(origin)));
        }
    }
    if response.dragged_by(PointerButton::Primary)
        && let Some(pos) = response.interact_pointer_pos()
    {
        pens.push(Pen::To(at(pos)));
    }
    if response.drag_stopped() {
        // the release may come with a last move the drag no longer reports
        if let Some(pos) = p.ctx().input(|i| i.pointer.latest_pos()) {
            pens.push(Pen::To(at(pos)));
        }
        pens.push(Pen::Up);
    }
    if response.clicked_by(PointerButton::Primary)
        && let Some(pos) = response.interact_pointer_pos()
    {
        pens.extend([Pen::Down(at(pos)), Pen::Up]);
    }
    pens
}

/// The points being edited: many read as a curve (a thin line through them, small dots), few as rings;
/// the one a press would grab is ringed under the pointer.
fn draw_points_being_edited(p: &mut PlotUi<'_>, points: &[[f64; 2]], text: Color32) {
    const RINGS_UP_TO: usize = 60;
    if points.len() > RINGS_UP_TO {
        let mut sorted = points.to_vec();
        sorted.sort_by(|a, b| a[0].total_cmp(&b[0]));
        p.line(
            Line::new("your points (drag, right-click)", sorted.clone())
                .color(text.gamma_multiply(0.6))
                .width(1.0)
                .allow_hover(false),
        );
        p.add(
            Points::new("your points (drag, right-click)", sorted)
                .radius(1.8)
                .color(text),
        );
    } else {
        p.add(
            Points::new("your points (drag, right-click)", points.to_vec())
                .radius(4.5)
                .filled(false)
                .color(text),
        );
    }
    let near = p.pointer_coordinate().and_then(|at| {
        let pointer = p.transform().position_from_point(&at);
        super::nearest_on_screen(points.iter().copied(), p.transform(), pointer)
    });
    if let Some(i) = near {
        p.add(
            Points::new("the point a press grabs", vec![points[i]])
                .radius(7.0)
                .filled(false)
                .color(Color32::from_rgb(255, 210, 80)),
        );
    }
}

/// What the pointer did to the points: a click on empty space adds one, a drag moves the one grabbed,
/// a right-click removes the one under the pointer.
fn point_edit(p: &PlotUi<'_>, points: &[[f64; 2]]) -> Option<PointEdit> {
    let response = p.response().clone();
    let at = p.pointer_coordinate()?;
    let pointer = p.transform().position_from_point(&at);
    let near = super::nearest_on_screen(points.iter().copied(), p.transform(), pointer);
    let grabbed = response.id.with("grabbed point");
    let ctx = p.ctx().clone();
    if response.drag_started_by(PointerButton::Primary) {
        ctx.data_mut(|d| d.insert_temp(grabbed, near));
    }
    let held: Option<usize> = ctx.data(|d| d.get_temp(grabbed)).flatten();
    if response.drag_stopped() {
        ctx.data_mut(|d| d.remove::<Option<usize>>(grabbed));
    }
    if response.dragged_by(PointerButton::Primary)
        && let Some(i) = held
    {
        return Some(PointEdit::Move(i, [at.x, at.y]));
    }
    if response.secondary_clicked() {
        return near.map(PointEdit::Remove);
    }
    if response.clicked_by(PointerButton::Primary) && near.is_none() {
        return Some(PointEdit::Add([at.x, at.y]));
    }
    None
}

/// The learner's prediction, thick and dashed in the text's colour (nothing while none is drawn).
pub(super) fn draw_guess(p: &mut PlotUi<'_>, curve: &[[f64; 2]], text: Color32) {
    if !curve.is_empty() {
        p.line(
            Line::new("your prediction", curve.to_vec())
                .color(text)
                .style(LineStyle::dashed_dense())
                .width(3.0),
        );
    }
}

/// The lowest and highest y of the target and the training points (−1 … 1 when there are none).
pub(super) fn y_range(data: &crate::train::DataView) -> (f64, f64) {
    let target = data.target.iter().flatten().copied();
    let points = data.train_points.iter().map(|p| p[1]);
    let (lo, hi) = target
        .chain(points)
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if lo <= hi { (lo, hi) } else { (-1.0, 1.0) }
}
