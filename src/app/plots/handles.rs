//! Handles on the contributions plot of a one-hidden-layer network, to set its weights by hand: each
//! neuron's centre (drag left/right to move the piece, up/down to scale its height), a steepness handle
//! on each piece one unit of w·(x − c) from its centre, and the output bias on its line. A grab is
//! remembered from the press to the release; every frame of the drag yields the new weights, computed
//! from the weights at the press (`nn::hand`). A handle moves along its own axes only (the centre both
//! ways, the steepness sideways, the bias up and down; the pointer's shape says which), and a drag that
//! has changed nothing yet is no edit.

use crate::nn::hand;
use crate::train::{DataView, RunView};
use egui::{Context, Id, Pos2};
use egui_plot::PlotTransform;

/// What can be grabbed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Handle {
    /// Neuron j's centre: moves it and scales its height.
    Centre(usize),
    /// Neuron j's steepness.
    Steepness(usize),
    /// The output bias.
    Bias,
}

/// A grab in progress: the handle, where it started, the weights then, and the plot's bounds then (kept
/// while dragging, so a piece dragged up does not run away from the pointer as the axes rescale).
#[derive(Debug, Clone)]
struct Grab {
    handle: Handle,
    start: [f64; 2],
    params: Vec<f32>,
    bounds: egui_plot::PlotBounds,
    /// The drag has changed the weights at least once (from then on every frame is an edit, even one
    /// back at the start).
    changed: bool,
}

/// The pointer over (or dragging) `handle`: which ways it moves.
fn cursor(handle: Handle) -> egui::CursorIcon {
    match handle {
        Handle::Centre(_) => egui::CursorIcon::Move,
        Handle::Steepness(_) => egui::CursorIcon::ResizeHorizontal,
        Handle::Bias => egui::CursorIcon::ResizeVertical,
    }
}

/// Every handle of `run` and where it sits (plot coordinates); none unless one hidden layer.
pub fn handles(run: &RunView, data: &DataView) -> Vec<(Handle, [f64; 2])> {
    if run.weights.layer != 1 || run.settings.net.depth != 1 {
        return Vec::new();
    }
    let (lo, hi) = (data.view.lo, data.view.hi);
    let x = &data.view_x;
    let mut out = Vec::new();
    for (j, row) in run.weights.rows.iter().enumerate() {
        if row.w == 0.0 {
            continue;
        }
        let c = -row.b / row.w;
        if (lo..=hi).contains(&c) {
            out.push((Handle::Centre(j), [c, 0.0]));
        }
        let s = c + 1.0 / row.w.abs();
        if (lo..=hi).contains(&s)
            && let Some(curve) = run.contributions.get(j)
        {
            let k = x.partition_point(|v| *v < s).min(x.len().saturating_sub(1));
            out.push((
                Handle::Steepness(j),
                [s, curve.get(k).copied().unwrap_or(0.0)],
            ));
        }
    }
    out.push((Handle::Bias, [lo + 0.04 * (hi - lo), run.output_bias]));
    out
}

/// The handle within [`super::GRAB_PX`] of the screen position `at`, if any.
fn nearest(handles: &[(Handle, [f64; 2])], transform: &PlotTransform, at: Pos2) -> Option<Handle> {
    super::nearest_on_screen(handles.iter().map(|(_, p)| *p), transform, at).map(|i| handles[i].0)
}

/// Whether the pointer is on a handle or holds one (the plot must not pan then).
pub fn engaged(
    ctx: &Context,
    id: Id,
    transform: Option<PlotTransform>,
    run: &RunView,
    data: &DataView,
) -> bool {
    if ctx.data(|d| d.get_temp::<Grab>(id.with("grab"))).is_some() {
        return true;
    }
    let (Some(transform), Some(at)) = (transform, ctx.pointer_hover_pos()) else {
        return false;
    };
    nearest(&handles(run, data), &transform, at).is_some()
}

/// The new weights and a label when a handle is being dragged this frame.
pub fn drag(
    p: &mut egui_plot::PlotUi<'_>,
    id: Id,
    run: &RunView,
    data: &DataView,
) -> Option<(Vec<f32>, String)> {
    let response = p.response().clone();
    let ctx = p.ctx().clone();
    let key = id.with("grab");
    if response.drag_stopped() {
        ctx.data_mut(|d| d.remove::<Grab>(key));
        return None;
    }
    let grabbed: Option<Grab> = ctx.data(|d| d.get_temp(key));
    let under = match &grabbed {
        Some(g) => Some(g.handle),
        None => response
            .hover_pos()
            .and_then(|pos| nearest(&handles(run, data), p.transform(), pos)),
    };
    if let Some(handle) = under {
        ctx.set_cursor_icon(cursor(handle));
    }
    let at = p.pointer_coordinate()?;
    if response.drag_started_by(egui::PointerButton::Primary) {
        // where the button went down, not where the drag was recognised a few pixels later
        let pressed = ctx.input(|i| i.pointer.press_origin())?;
        let handle = nearest(&handles(run, data), p.transform(), pressed)?;
        let origin = p.transform().value_from_position(pressed);
        let grab = Grab {
            handle,
            start: [origin.x, origin.y],
            params: run.mlp.params().to_vec(),
            bounds: p.plot_bounds(),
            changed: false,
        };
        ctx.data_mut(|d| d.insert_temp(key, grab));
        return None;
    }
    if !response.dragged_by(egui::PointerButton::Primary) {
        return None;
    }
    let mut grab = grabbed?;
    p.set_plot_bounds(grab.bounds);
    let mut mlp = run.mlp.clone();
    mlp.params_mut().copy_from_slice(&grab.params);
    let (dx, dy) = (at.x - grab.start[0], at.y - grab.start[1]);
    let label = match grab.handle {
        Handle::Centre(j) => {
            let (w, b, o) = hand::neuron(&mlp, j)?;
            hand::move_centre(&mut mlp, j, -b / w + dx);
            hand::scale_height(&mut mlp, j, 1.0 + dy / o.abs().max(0.05) * o.signum());
            format!("neuron {} moved", j + 1)
        }
        Handle::Steepness(j) => {
            // the handle sits 1/|w| right of the centre: it follows the pointer sideways only
            let (w, _, _) = hand::neuron(&mlp, j)?;
            if dx != 0.0 {
                hand::set_steepness(&mut mlp, j, 1.0 / w.abs() + dx);
            }
            format!("neuron {} steepness", j + 1)
        }
        Handle::Bias => {
            hand::set_output_bias(&mut mlp, f64::from(grab.params[grab.params.len() - 1]) + dy);
            "output bias".to_string()
        }
    };
    if !grab.changed {
        if mlp.params() == grab.params.as_slice() {
            return None;
        }
        grab.changed = true;
        ctx.data_mut(|d| d.insert_temp(key, grab));
    }
    Some((mlp.params().to_vec(), label))
}
