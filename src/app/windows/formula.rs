//! The formula window: the selected run's network written out with its numbers, in the plain (f(x)
//! field), Python or LaTeX flavour, selectable and copyable.

use super::{LabContext, LabWindow};
use crate::app::state::Action;
use crate::nn::formula::{Flavour, formula};
use egui::{RichText, TextEdit};

/// Networks with more parameters than this are not written out in the window (the text would run to
/// pages); `approxlab train --formula` writes any size.
pub const MAX_PARAMS_SHOWN: usize = 2_000;

/// The formula window's fields.
#[derive(Debug, Default)]
pub struct FormulaWindow {
    /// Whether the window is open.
    pub open: bool,
    /// How the formula is written.
    flavour: Flavour,
}

impl LabWindow for FormulaWindow {
    fn name(&self) -> &'static str {
        "Formula"
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn ui(&mut self, ui: &mut egui::Ui, lab: &LabContext<'_>) -> Vec<Action> {
        let ctx = ui.ctx().clone();
        let run = lab.run();
        let chosen = &mut self.flavour;
        crate::app::placed(&ctx, egui::Window::new("Formula"))
            .open(&mut self.open)
            .default_width(520.0)
            .show(&ctx, |ui| {
                egui::ComboBox::from_label("Flavour")
                    .selected_text(chosen.name())
                    .show_ui(ui, |ui| {
                        for f in Flavour::ALL {
                            ui.selectable_value(chosen, f, f.name());
                        }
                    })
                    .response
                    .on_hover_text(
                        "plain: the f(x) field's grammar (a one-hidden-layer formula can be typed back in); \
                         python: numpy; latex: for a paper or slides.",
                    );
                let params = run.mlp.params().len();
                if params > MAX_PARAMS_SHOWN {
                    ui.label(format!(
                        "{params} parameters: too long to show here. `approxlab train --formula` writes it out."
                    ));
                    return;
                }
                let text = formula(&run.mlp, *chosen);
                if ui
                    .button("Copy")
                    .on_hover_text("Copy the formula to the clipboard.")
                    .clicked()
                {
                    ui.ctx().copy_text(text.clone());
                }
                ui.label(RichText::new(format!("step {}", run.step)).small().weak());
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    ui.add(
                        TextEdit::multiline(&mut text.as_str())
                            .font(egui::TextStyle::Monospace)
                            .desired_width(f32::INFINITY),
                    );
                });
            });
        Vec::new()
    }
}
