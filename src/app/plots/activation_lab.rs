//! The activation lab: beside the activation menu, a small plot of the chosen activation σ(z) and its
//! derivative σ'(z) on z ∈ [−4, 4] — where it is flat (no gradient: saturation, dead ReLUs), where it is
//! straight (ReLU tails) and where it bends.

use crate::nn::Activation;
use egui::{Color32, Ui};
use egui_plot::{Legend, Line, LineStyle, Plot};

/// Points per curve.
const SAMPLES: usize = 161;

/// Draws σ and σ' of `activation`, small and still (no zoom, no drag).
pub fn activation_lab(ui: &mut Ui, activation: Activation) {
    let z: Vec<f64> = (0..SAMPLES)
        .map(|i| -4.0 + 8.0 * i as f64 / (SAMPLES - 1) as f64)
        .collect();
    let value: Vec<[f64; 2]> = z.iter().map(|&z| [z, activation.value(z)]).collect();
    let slope: Vec<[f64; 2]> = value
        .iter()
        .map(|&[z, h]| [z, activation.derivative(z, h)])
        .collect();
    Plot::new("activation lab")
        .height(80.0)
        .width(ui.available_width().min(260.0))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_axes([true, false])
        .include_y(-1.0)
        .include_y(1.0)
        .legend(
            Legend::default()
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.6)
                .position(egui_plot::Corner::LeftTop),
        )
        .show(ui, |p| {
            p.line(
                Line::new(format!("{}(z)", activation.name()), value)
                    .color(Color32::from_rgb(230, 170, 60))
                    .width(1.8),
            );
            p.line(
                Line::new("its slope", slope)
                    .color(Color32::from_rgb(120, 190, 240))
                    .style(LineStyle::dashed_dense())
                    .width(1.2),
            );
        })
        .response
        .on_hover_text(
            "The activation (solid) and its derivative (dashed) for z = w·x + b in [−4, 4]: where the \
             derivative is 0 a neuron gets no gradient and stops learning.",
        );
}
