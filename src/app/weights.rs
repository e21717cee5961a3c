//! The weight table for small networks: each hidden neuron's w, b, its centre −b/w and its outgoing weight
//! w', plus the output bias — the article's first lesson is reading w and b of a single neuron. With no
//! hidden layer it shows the line itself, ŷ = w·x + b.

use super::plots::neuron_color;
use crate::train::Snapshot;
use egui::{RichText, Ui};

/// Width the table needs.
pub const TABLE_WIDTH: f32 = 300.0;

/// Draws the table; returns the neuron whose row is hovered.
pub fn weight_table(ui: &mut Ui, snap: &Snapshot, hovered: Option<usize>) -> Option<usize> {
    let rows = snap.weights.as_ref()?;
    ui.label(RichText::new("Weights").strong())
        .on_hover_text("Each hidden neuron computes act(w·x + b); the output adds up w'·act(…) plus the output bias.");
    if snap.settings.net.depth == 0 {
        let w = rows.first().map_or(0.0, |r| r.w);
        ui.label(format!(
            "ŷ = w·x + b\nw = {w:.4}\nb = {:.4}",
            snap.output_bias
        ));
        return None;
    }
    let mut hovered_row = None;
    egui::Grid::new("weights")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for title in ["", "w", "b", "−b/w", "w'"] {
                ui.label(RichText::new(title).strong());
            }
            ui.end_row();
            for (j, r) in rows.iter().enumerate() {
                let name = RichText::new(format!("{}", j + 1)).color(neuron_color(j));
                let name = if hovered == Some(j) {
                    name.strong()
                } else {
                    name
                };
                let mut row = ui.label(name);
                row |= ui.label(format!("{:.3}", r.w));
                row |= ui.label(format!("{:.3}", r.b));
                let centre = if r.w != 0.0 {
                    format!("{:.2}", -r.b / r.w)
                } else {
                    "—".into()
                };
                row |= ui.label(centre);
                row |= ui.label(format!("{:.3}", r.w_out));
                if row.hovered() {
                    hovered_row = Some(j);
                }
                ui.end_row();
            }
        });
    ui.label(format!("output bias b' = {:.3}", snap.output_bias));
    hovered_row
}
