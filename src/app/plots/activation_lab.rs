//! The activation lab: beside the activation menu, a small plot of the chosen activation σ(z) and its
//! derivative σ'(z) on z ∈ [−4, 4] — where it is flat (no gradient: saturation, dead ReLUs), where it is
//! straight (ReLU tails) and where it bends; hovering it shows it larger, with axes and a legend.

use crate::nn::Activation;
use egui::{Color32, Ui};
use egui_plot::{Legend, Line, LineStyle, Plot};

/// Points per curve.
const SAMPLES: usize = 161;

/// Draws σ and σ' of `activation` in `size`, still (no zoom, no drag); `detailed` adds axes and a legend
/// (the hover view). Returns the plot's response.
pub fn activation_lab(
    ui: &mut Ui,
    activation: Activation,
    size: egui::Vec2,
    detailed: bool,
) -> egui::Response {
    let z: Vec<f64> = (0..SAMPLES)
        .map(|i| -4.0 + 8.0 * i as f64 / (SAMPLES - 1) as f64)
        .collect();
    let value: Vec<[f64; 2]> = z.iter().map(|&z| [z, activation.value(z)]).collect();
    let slope: Vec<[f64; 2]> = value
        .iter()
        .map(|&[z, h]| [z, activation.derivative(z, h)])
        .collect();
    let plot = Plot::new(("activation lab", detailed))
        .height(size.y)
        .width(size.x)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_axes([detailed, detailed])
        .show_grid(detailed)
        .include_y(-1.0)
        .include_y(1.0);
    let plot = if detailed {
        plot.legend(
            Legend::default()
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.6)
                .position(egui_plot::Corner::LeftTop),
        )
    } else {
        plot.show_x(false).show_y(false)
    };
    plot.show(ui, |p| {
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
}
