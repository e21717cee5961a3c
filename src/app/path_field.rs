//! The pieces the file windows (Import points, Session file, Export) share: a labelled path field that
//! can take the keyboard when its window opens, the recent files as buttons, and the reason of the last
//! refusal in red.

use egui::{RichText, TextEdit, Ui};

/// A path field labelled `label`; it takes the keyboard once when `focus` is set (and clears it).
pub fn path_field(
    ui: &mut Ui,
    label: &str,
    path: &mut String,
    hint: &str,
    tip: &str,
    focus: &mut bool,
) {
    ui.horizontal(|ui| {
        let name = ui.label(label);
        let field = ui
            .add(
                TextEdit::singleline(path)
                    .desired_width(320.0)
                    .hint_text(hint),
            )
            .labelled_by(name.id)
            .on_hover_text(tip);
        if *focus {
            field.request_focus();
            *focus = false;
        }
    });
}

/// The recent files as buttons; a click puts the file in `path`.
pub fn recent_files(ui: &mut Ui, recent: &[String], path: &mut String) {
    if recent.is_empty() {
        return;
    }
    ui.label(RichText::new("Recent files").small());
    for file in recent {
        if ui
            .small_button(file)
            .on_hover_text("Use this file.")
            .clicked()
        {
            *path = file.clone();
        }
    }
}

/// Why the last attempt was refused, wrapped, in red.
pub fn error_line(ui: &mut Ui, error: Option<&str>) {
    if let Some(e) = error {
        let red = egui::Color32::from_rgb(230, 90, 80);
        ui.add(egui::Label::new(RichText::new(e).color(red)).wrap());
    }
}
