//! The pieces the file windows (Import points, Session file, Export) share: a labelled path field that
//! can take the keyboard when its window opens, the recent files as buttons, and the reason of the last
//! refusal in red.

use egui::{RichText, TextEdit, Ui};

/// How many recent files a file window remembers.
const RECENT_FILES: usize = 5;

/// Puts `path` first in `recent` (once), keeping the newest [`RECENT_FILES`].
pub fn remember_recent(recent: &mut Vec<String>, path: &str) {
    recent.retain(|p| p != path);
    recent.insert(0, path.to_string());
    recent.truncate(RECENT_FILES);
}

/// A path field labelled `label`; it takes the keyboard once when `focus` is set (and clears it).
/// Returns true when Enter was pressed in it (the window's primary action).
pub fn path_field(
    ui: &mut Ui,
    label: &str,
    path: &mut String,
    hint: &str,
    tip: &str,
    focus: &mut bool,
) -> bool {
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
        field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
    })
    .inner
}

/// Where a new session file is offered: the user's Documents folder when there is one (else the home
/// folder, else the working folder).
pub fn default_session_path() -> String {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let folder = home
        .as_ref()
        .map(|h| h.join("Documents"))
        .filter(|d| d.is_dir())
        .or(home)
        .unwrap_or_default();
    folder
        .join("experiment.approxlab.json")
        .to_string_lossy()
        .into_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recent_file_comes_first_once_and_the_list_stays_short() {
        let mut recent = Vec::new();
        for i in 0..8 {
            remember_recent(&mut recent, &format!("f{i}.csv"));
        }
        remember_recent(&mut recent, "f5.csv");
        assert_eq!(recent, ["f5.csv", "f7.csv", "f6.csv", "f4.csv", "f3.csv"]);
    }
}
