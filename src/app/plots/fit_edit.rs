//! Editing the data's points on the fit plot: while "Edit points" is on, the axes hold still (a click must
//! land where it was aimed), the points are drawn as handles, and a click adds a point, a drag moves one,
//! a right-click removes one.

use crate::app::state::PointEdit;
use egui::{Color32, PointerButton};
use egui_plot::{Line, PlotUi, Points};

/// While points are edited the axes hold still (a click must land where it was aimed) and the points
/// are drawn editable; returns the edit the pointer made, if any.
pub(super) fn hold_still_while_editing(
    p: &mut PlotUi<'_>,
    editing: Option<&[[f64; 2]]>,
    reset: bool,
    text: Color32,
) -> Option<PointEdit> {
    let held = p.response().id.with("bounds while editing");
    let Some(points) = editing else {
        p.ctx()
            .data_mut(|d| d.remove::<egui_plot::PlotBounds>(held));
        return None;
    };
    match p.ctx().data(|d| d.get_temp::<egui_plot::PlotBounds>(held)) {
        Some(bounds) if !reset => p.set_plot_bounds(bounds),
        _ => {
            let bounds = p.plot_bounds();
            p.ctx().data_mut(|d| d.insert_temp(held, bounds));
        }
    }
    draw_points_being_edited(p, points, text);
    point_edit(p, points)
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
