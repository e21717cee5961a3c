//! The loss plot's "gradients" tab: for the selected run, each Dense layer's kernel gradient norm
//! ‖∂L/∂Wₗ‖ (solid) and the norm of the update its step made, ‖ΔWₗ‖ (dashed), against the step or the
//! training time, log₁₀ plotted, one colour per layer from the input side (blue) to the output (red).
//! A deep sigmoid network's first layer sits orders of magnitude below its last: the vanishing gradient.
//! Adam rescales each step by the gradient's own size, so its dashed lines stay together where the
//! solid ones part; plain SGD moves each layer by lr × its gradient.

use super::legend_corner;
use crate::train::{LayerNorms, LossRecord, RunView};
use egui::{Color32, Ui, Vec2};
use egui_plot::{Line, LineStyle};

/// Layer `l`'s colour among `layers`: blue on the input side, red at the output.
fn layer_color(l: usize, layers: usize) -> Color32 {
    let t = if layers > 1 {
        l as f32 / (layers - 1) as f32
    } else {
        1.0
    };
    egui::ecolor::Hsva::new(0.62 * (1.0 - t), 0.75, 0.9, 1.0).into()
}

/// Layer `l`'s name among `layers`: "layer 1" … for the hidden layers, "output" for the last.
pub fn layer_name(l: usize, layers: usize) -> String {
    if l + 1 == layers {
        "output".into()
    } else {
        format!("layer {}", l + 1)
    }
}

/// The x of recorded step `step`: the step itself, or the training time of the loss record at that
/// step (`history` is sorted by step).
fn x_of(step: u64, history: &[LossRecord], time: bool) -> f64 {
    if !time {
        return step as f64;
    }
    let at = history.partition_point(|r| r.step < step);
    history.get(at).map_or(f64::NAN, |r| r.seconds)
}

/// log₁₀ of layer `l`'s gradient (or, with `update`, update) norm at each recorded step, finite
/// positive values only.
fn series(
    norms: &LayerNorms,
    l: usize,
    update: bool,
    history: &[LossRecord],
    time: bool,
) -> Vec<[f64; 2]> {
    norms
        .steps()
        .iter()
        .enumerate()
        .filter_map(|(i, &step)| {
            let v = if update {
                norms.update(i)[l]
            } else {
                norms.grad(i)[l]
            };
            let x = x_of(step, history, time);
            (v.is_finite() && v > 0.0 && x.is_finite()).then(|| [x, v.log10()])
        })
        .collect()
}

/// The title, short enough to stay whole beside the plot's buttons at 1280 px: the newest ratio of the
/// first layer's gradient norm to the last's ("1st/last 2e-4"), or the one layer's norm ("Gradient
/// 3e-2"); "Gradients" before the first step. The tooltip says it in words.
pub fn title(norms: &LayerNorms) -> String {
    let Some(i) = norms.steps().len().checked_sub(1) else {
        return "Gradients".into();
    };
    let grad = norms.grad(i);
    match grad {
        [only] => format!("Gradient {only:.0e}"),
        [first, .., last] if *last > 0.0 => format!("1st/last {:.0e}", first / last),
        _ => "Gradients".into(),
    }
}

/// The title's tooltip: how to read the tab.
pub const TIP: &str = "Each layer's pull from the loss: solid, the size (Frobenius norm) of the \
     gradient of the loss with respect to the layer's weights, in the step's own batch; dashed, how far \
     that step moved them. Blue is the input side, red the output. In a deep sigmoid network the first \
     layers get orders of magnitude less than the last (the vanishing gradient); with plain SGD they \
     then barely move. Adam divides each step by the gradient's own size, so its dashed lines stay \
     together. The title (\"1st/last\") gives the first layer's gradient over the last's, now.";

/// Draws the selected run's per-layer norms below the title row already drawn; `reset` restores the
/// view.
pub fn draw(ui: &mut Ui, run: &RunView, size: Vec2, reset: bool, time: bool) {
    let norms = &run.norms;
    let layers = norms.layers();
    let lines: Vec<[Vec<[f64; 2]>; 2]> = (0..layers)
        .map(|l| [false, true].map(|update| series(norms, l, update, &run.history, time)))
        .collect();
    let all = || lines.iter().flatten().flatten().copied();
    let corner = legend_corner(ui, "gradients", all());
    super::loss::log_plot("gradients", size, (time, reset), corner, "norm").show(ui, |p| {
        // a layer's two lines share its name: one legend entry a layer (solid and dashed: the tip)
        for (l, [grad, update]) in lines.into_iter().enumerate() {
            let (colour, name) = (layer_color(l, layers), layer_name(l, layers));
            p.line(Line::new(name.clone(), grad).color(colour).width(2.0));
            p.line(
                Line::new(name, update)
                    .color(colour)
                    .style(LineStyle::dashed_loose())
                    .width(1.2),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_are_named_from_the_input_side_and_the_last_is_the_output() {
        assert_eq!(layer_name(0, 3), "layer 1");
        assert_eq!(layer_name(2, 3), "output");
        assert_eq!(layer_name(0, 1), "output");
        assert_ne!(layer_color(0, 4), layer_color(3, 4));
    }

    #[test]
    fn the_title_is_the_first_layers_gradient_over_the_last() {
        let mut h = crate::train::History::default();
        assert_eq!(title(h.norms()), "Gradients");
        h.push_norms(0, [2e-4, 0.5, 1.0].into_iter(), [0.0; 3].into_iter());
        assert_eq!(title(h.norms()), "1st/last 2e-4");
    }

    #[test]
    fn time_is_read_from_the_loss_record_of_the_same_step() {
        let record = |step, seconds| LossRecord {
            step,
            train: 1.0,
            val: None,
            outside: None,
            seconds,
        };
        let history = [record(0, 0.0), record(4, 0.5), record(8, 1.5)];
        assert_eq!(x_of(4, &history, true), 0.5);
        assert_eq!(x_of(4, &history, false), 4.0);
        assert!(x_of(9, &history, true).is_nan());
    }
}
