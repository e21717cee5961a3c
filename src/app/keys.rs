//! The keyboard and the presenter settings applied each frame: Space, S, R, Ctrl+D, Ctrl+Z, Ctrl+S, Ctrl+O,
//! F11 (unless a text field has the keyboard), and the UI scale and full screen the state asks for.

use super::state::Action;
use super::{ApproxApp, UiState};
use crate::train::{Command, Snapshot};

impl ApproxApp {
    /// Applies the UI scale and full screen when they differ from the window's.
    pub(super) fn apply_presenter(&mut self, ctx: &egui::Context) {
        if (ctx.zoom_factor() - self.state.ui_scale).abs() > 1e-3 {
            ctx.set_zoom_factor(self.state.ui_scale);
        }
        let fullscreen = ctx.input(|i| i.viewport().fullscreen);
        if fullscreen.is_some_and(|f| f != self.state.fullscreen) && !self.ephemeral {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.state.fullscreen));
        }
    }
}

/// Space plays or pauses, S steps once, R resets, Ctrl+D compares, Ctrl+Z undoes a point or weight edit,
/// Ctrl+S saves the session, Ctrl+O opens one, F11 toggles full screen — unless a text field has the
/// keyboard.
pub(super) fn shortcuts(ctx: &egui::Context, snap: &Snapshot, state: &UiState) -> Vec<Action> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    ctx.input(|i| {
        let mut out = Vec::new();
        if i.key_pressed(egui::Key::D) && i.modifiers.command {
            out.push(Action::Compare);
            return out;
        }
        if i.key_pressed(egui::Key::Z) && i.modifiers.command {
            out.push(Action::UndoPoints);
            return out;
        }
        if i.key_pressed(egui::Key::S) && i.modifiers.command {
            out.push(Action::QuickSave);
            return out;
        }
        if i.key_pressed(egui::Key::O) && i.modifiers.command {
            out.push(Action::ShowSession(true));
            return out;
        }
        if i.key_pressed(egui::Key::F11) {
            out.push(Action::Presenter {
                scale: state.ui_scale,
                fullscreen: !state.fullscreen,
            });
            return out;
        }
        if i.key_pressed(egui::Key::Space) {
            out.push(Action::Send(if snap.running {
                Command::Pause
            } else {
                Command::Play
            }));
        }
        if i.key_pressed(egui::Key::S) {
            out.push(Action::Send(Command::Step(1)));
        }
        if i.key_pressed(egui::Key::R) {
            out.push(Action::Send(Command::Reset));
        }
        out
    })
}
