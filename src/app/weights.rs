//! The weight table: each neuron of the last hidden layer with its w, b, centre −b/w and outgoing weight
//! w', plus the output bias — the article's first lesson is reading w and b of a single neuron. A deeper
//! layer's neurons have many inputs, so it shows the length |w| of their input weights instead of w. With
//! no hidden layer it shows the line itself, ŷ = w·x + b. Rows scroll; numbers sit in fixed-width columns.
//! A thin bar under each row is the neuron's |∂L/∂w| in the last step, against the largest in the table.

use super::plots::neuron_color;
use crate::train::RunView;
use egui::{RichText, Ui};

/// Width the table needs.
pub const TABLE_WIDTH: f32 = 320.0;
/// Width of one number column.
const COLUMN: f32 = 62.0;
/// Height of one row.
const ROW: f32 = 18.0;
/// Width of the neuron's name column.
const NAME_COLUMN: f32 = 28.0;

/// A table entry: fixed decimals in [1e-3, 1e4), scientific outside ("1.03e4", "−2.50e-5"); always at most
/// nine characters, so columns never run together.
pub fn cell(v: f64) -> String {
    let text = if v == 0.0 {
        "0".to_string()
    } else if !v.is_finite() {
        format!("{v}")
    } else if v.abs() >= 1e4 || v.abs() < 1e-3 {
        format!("{v:.2e}")
    } else {
        format!("{v:.3}")
    };
    text.replacen('-', "−", 1)
}

/// Why every centre sits at x = 0, when it does: on a symmetric grid, with an odd target and zero
/// initial biases, every bias gradient is exactly zero.
const SYMMETRY_NOTE: &str = "Every bias is 0 (up to rounding), so every centre −b/w sits at x = 0. \
     With an odd target (like sin) on a grid symmetric about 0 and biases that start at 0, the gradient \
     of every bias is exactly 0, so gradient descent never moves them: the network stays an odd \
     function. Break the symmetry: random sampling, a little noise, or an interval not centred on 0.";

/// A weight cell of a one-hidden-layer table: a number field that applies on Enter (the window checks the
/// value against [`crate::limits::WEIGHT`]); true when a new value was typed.
fn weight_cell(ui: &mut Ui, value: &mut f64, name: &str) -> bool {
    let before = *value;
    let response = ui.add_sized(
        [COLUMN, ROW],
        egui::DragValue::new(value)
            .speed(0.01)
            .update_while_editing(false)
            .custom_parser(super::number_field::number_parser(name.to_string()))
            .custom_formatter(|v, _| cell(v)),
    );
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, enabled, name));
    response.on_hover_text(format!(
        "{name}: drag or type a value (Enter applies); training pauses."
    ));
    *value != before
}

/// Draws the table; returns the neuron whose row is hovered, and new weights with a label when a cell
/// was edited.
pub fn weight_table(
    ui: &mut Ui,
    snap: &RunView,
    hovered: Option<usize>,
) -> (Option<usize>, Option<(Vec<f32>, String)>) {
    let mut edited = None;
    let hovered_row = table(ui, snap, hovered, &mut edited);
    (hovered_row, edited)
}

fn table(
    ui: &mut Ui,
    snap: &RunView,
    hovered: Option<usize>,
    edited: &mut Option<(Vec<f32>, String)>,
) -> Option<usize> {
    let table = &snap.weights;
    let depth = snap.settings.net.depth;
    if table.layer == 0 {
        ui.label(RichText::new("Weights: a single neuron").strong())
            .on_hover_text("With no hidden layer the network is one neuron: a straight line.");
        let w = table.rows.first().map_or(0.0, |r| r.w);
        ui.monospace(format!(
            "ŷ = w·x + b\nw = {}\nb = {}",
            cell(w),
            cell(snap.output_bias)
        ));
        return None;
    }
    let title = if depth == 1 {
        "Weights: the hidden layer".to_string()
    } else {
        format!("Weights: hidden layer {} of {depth}", table.layer)
    };
    ui.label(RichText::new(title).strong()).on_hover_text(
        "Each hidden neuron computes act(w·x + b); the output adds up w'·act(…) plus the output bias.",
    );
    let several_inputs = table.inputs > 1;
    if several_inputs {
        ui.label(
            RichText::new(format!(
                "its neurons read the {} outputs of layer {}: |w| is the length of their weights",
                table.inputs,
                table.layer - 1
            ))
            .small()
            .weak(),
        );
    }
    let symmetric = depth == 1
        && snap.step > 0
        && table.rows.len() > 1
        && table
            .rows
            .iter()
            .all(|r| r.b.abs() <= 1e-6 * r.w.abs().max(1.0));
    if symmetric {
        ui.label(RichText::new("All centres at 0: why? (hover)").small())
            .on_hover_text(SYMMETRY_NOTE);
    }
    let headers: &[&str] = if several_inputs {
        &["", "|w|", "b", "w'"]
    } else {
        &["", "w", "b", "−b/w", "w'"]
    };
    ui.horizontal(|ui| {
        for (i, h) in headers.iter().enumerate() {
            let width = if i == 0 { NAME_COLUMN } else { COLUMN };
            let label = ui.add_sized([width, ROW], egui::Label::new(RichText::new(*h).strong()));
            if symmetric {
                label.on_hover_text(SYMMETRY_NOTE);
            }
        }
    });
    let mut hovered_row = None;
    let room = (ui.available_height() - 2.0 * ROW).max(3.0 * ROW);
    egui::ScrollArea::vertical()
        .max_height(room)
        .auto_shrink([false, true])
        .show_rows(ui, ROW, table.rows.len(), |ui, range| {
            for j in range {
                let row = ui.horizontal(|ui| neuron_row(ui, snap, j, hovered, edited));
                gradient_bar(ui, row.response.rect, &table.grad, j);
                if row.response.contains_pointer() {
                    hovered_row = Some(j);
                }
            }
        });
    ui.horizontal(|ui| {
        ui.label("output bias b' =");
        let mut bias = snap.output_bias;
        if weight_cell(ui, &mut bias, "output bias b'") {
            let mut mlp = snap.mlp.clone();
            crate::nn::hand::set_output_bias(&mut mlp, bias);
            *edited = Some((mlp.params().to_vec(), "output bias typed".into()));
        }
    });
    let longest = table.grad.iter().copied().fold(0.0, f64::max);
    if longest > 0.0 {
        ui.label(
            RichText::new(format!(
                "bars under the rows: |∂L/∂w| in the last step (longest {})",
                cell(longest)
            ))
            .small()
            .weak(),
        )
        .on_hover_text(GRADIENT_NOTE);
    }
    hovered_row
}

/// What the bars under the rows mean.
const GRADIENT_NOTE: &str = "Each bar is the size of the gradient of the loss with respect to the \
     neuron's input weights (|∂L/∂w|, its length when there are several) in the last training step, \
     against the largest in the table. A neuron whose bar stays empty is not being trained: dead, \
     saturated, or too deep in a network whose gradient vanishes. The loss plot's gradients tab shows \
     each layer over time.";

/// A thin bar in the gap under row `j` (at `row`), as long as the neuron's |∂L/∂w| against the
/// longest in the table; nothing before the first step.
fn gradient_bar(ui: &Ui, row: egui::Rect, grad: &[f64], j: usize) {
    let longest = grad.iter().copied().fold(0.0, f64::max);
    let Some(&g) = grad.get(j) else {
        return;
    };
    if !(longest > 0.0 && g.is_finite()) {
        return;
    }
    let from = row.left() + NAME_COLUMN + ui.spacing().item_spacing.x;
    let length = ((row.right() - from) as f64 * g / longest) as f32;
    let y = row.bottom() + 0.5;
    let bar = egui::Rect::from_min_size(egui::pos2(from, y), egui::vec2(length.max(1.0), 2.0));
    ui.painter()
        .rect_filled(bar, 0.0, neuron_color(j).gamma_multiply(0.8));
}

/// Row `j` of the weight table: the neuron's name (marked † dead, ~ saturated), its w, b and w' as
/// fields to type into (with one input) or as numbers (|w| with several), and its centre −b/w; a typed
/// value becomes `edited`.
fn neuron_row(
    ui: &mut Ui,
    snap: &RunView,
    j: usize,
    hovered: Option<usize>,
    edited: &mut Option<(Vec<f32>, String)>,
) {
    let r = snap.weights.rows[j];
    let idle = snap.idle.get(j).copied().flatten();
    let mark = match idle {
        Some(crate::nn::explain::Idle::Dead) => "†",
        Some(crate::nn::explain::Idle::Saturated) => "~",
        None => "",
    };
    let colour = if idle.is_some() {
        neuron_color(j).gamma_multiply(0.45)
    } else {
        neuron_color(j)
    };
    let name = RichText::new(format!("{}{mark}", j + 1)).color(colour);
    let name = if hovered == Some(j) {
        name.strong()
    } else {
        name
    };
    let label = ui.add_sized([NAME_COLUMN, ROW], egui::Label::new(name));
    if let Some(idle) = idle {
        label.on_hover_text(format!("Neuron {}: {}.", j + 1, idle.why()));
    }
    if snap.weights.inputs > 1 {
        for v in [r.w, r.b, r.w_out] {
            let text = RichText::new(cell(v)).monospace();
            ui.add_sized([COLUMN, ROW], egui::Label::new(text));
        }
        return;
    }
    let (mut w, mut b, mut w_out) = (r.w, r.b, r.w_out);
    let n = j + 1;
    let mut changed = weight_cell(ui, &mut w, &format!("neuron {n} input weight w"));
    changed |= weight_cell(ui, &mut b, &format!("neuron {n} bias b"));
    let centre = if r.w != 0.0 {
        cell(-r.b / r.w)
    } else {
        "—".into()
    };
    ui.add_sized(
        [COLUMN, ROW],
        egui::Label::new(RichText::new(centre).monospace()),
    );
    changed |= weight_cell(ui, &mut w_out, &format!("neuron {n} outgoing weight w'"));
    if changed {
        let mut mlp = snap.mlp.clone();
        crate::nn::hand::set_neuron(&mut mlp, j, w, b, w_out);
        *edited = Some((mlp.params().to_vec(), format!("neuron {n} typed")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_narrow_whatever_the_number() {
        assert_eq!(cell(10_254.52), "1.03e4");
        assert_eq!(cell(0.097), "0.097");
        assert_eq!(cell(-2.5e-5), "−2.50e-5");
        assert_eq!(cell(-0.372), "−0.372");
        assert_eq!(cell(0.0), "0");
        for v in [1e30, -1e-30, 9_999.999, -123.456_789, 1e-3] {
            assert!(cell(v).chars().count() <= 9, "{v}: {}", cell(v));
        }
    }
}
