//! The keyboard and the presenter settings applied each frame: Space, S, R, P, Ctrl+D, Ctrl+Z, Ctrl+S, Ctrl+O,
//! F11, Ctrl+plus, Ctrl+minus, Ctrl+0 (unless a text field has the keyboard), and the UI scale and full
//! screen the state asks for. The UI scale is capped to what the window holds: at scale s a window W × H
//! pixels wide is W/s × H/s points, and the lab needs [`MIN_POINTS`] to lay out its controls and plots
//! without overlap, so s ≤ min(W / 880, H / 520) (never below 1).

use super::session::SessionAction;
use super::state::Action;
use super::{ApproxApp, UiState};
use crate::train::{Command, Snapshot};

/// The smallest window, in points, the lab lays out without overlap (the UI scale is capped to keep it).
pub const MIN_POINTS: egui::Vec2 = egui::vec2(880.0, 520.0);

/// How much one Ctrl+plus or Ctrl+minus changes the UI scale.
const SCALE_STEP: f32 = 0.25;

/// The largest UI scale at which a window of `pixels` (logical pixels, as at scale 1) still holds
/// [`MIN_POINTS`], in steps of 0.05, within [`super::UI_SCALE`].
pub fn largest_scale(pixels: egui::Vec2) -> f32 {
    let fits = (pixels.x / MIN_POINTS.x).min(pixels.y / MIN_POINTS.y);
    ((fits * 20.0).floor() / 20.0).clamp(*super::UI_SCALE.start(), *super::UI_SCALE.end())
}

impl ApproxApp {
    /// Applies the UI scale and full screen when they differ from the window's; a scale the window
    /// cannot hold (remembered from a larger screen, or the window made smaller) comes down to the
    /// largest that fits, and the status line says so.
    pub(super) fn apply_presenter(&mut self, ctx: &egui::Context) {
        // Ctrl+plus, Ctrl+minus and Ctrl+0 are the lab's (remembered, capped, said), not egui's own zoom
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let pixels = ctx.content_rect().size() * ctx.zoom_factor();
        if pixels.x >= 100.0 && pixels.y >= 100.0 {
            self.launch.largest_scale = largest_scale(pixels);
            if self.state.ui_scale > self.launch.largest_scale + 1e-3 {
                let asked = self.state.ui_scale;
                self.state.ui_scale = self.launch.largest_scale;
                // said after what is on show (a settings file's values brought in range), not over it
                let shown = self
                    .status_message()
                    .filter(|(severity, _)| *severity != crate::train::Severity::Info)
                    .map(|(_, text)| format!("{text}; "))
                    .unwrap_or_default();
                self.say_locally(
                    crate::train::Severity::Warning,
                    shown
                        + &format!(
                        "UI scale {asked:.2} does not fit this {:.0} × {:.0} window: {:.2} instead (Ctrl+0: 1)",
                        pixels.x, pixels.y, self.launch.largest_scale
                    ),
                );
            }
        }
        if (ctx.zoom_factor() - self.state.ui_scale).abs() > 1e-3 {
            ctx.set_zoom_factor(self.state.ui_scale);
        }
        let fullscreen = ctx.input(|i| i.viewport().fullscreen);
        if fullscreen.is_some_and(|f| f != self.state.fullscreen) && !self.launch.ephemeral {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.state.fullscreen));
        }
    }
}

/// Space plays or pauses, S steps once, R resets, P draws a prediction (or finishes it), Ctrl+D
/// compares, Ctrl+Z undoes, Ctrl+S saves the session, Ctrl+O opens one, F11 toggles full screen,
/// Ctrl+plus and Ctrl+minus change the UI scale by a quarter and Ctrl+0 resets it — unless a text field
/// has the keyboard. The keys without Ctrl also wait while any widget has the keyboard (a slider takes
/// arrows, a focused button Space), but the Ctrl chords do not: Ctrl+Z right after a slider drag undoes.
pub(super) fn shortcuts(ctx: &egui::Context, snap: &Snapshot, state: &UiState) -> Vec<Action> {
    if ctx.text_edit_focused() {
        return Vec::new();
    }
    let widget_has_keys = ctx.egui_wants_keyboard_input();
    ctx.input(|i| {
        let mut out = Vec::new();
        // each key event's own modifiers, not the frame's last state: a quick Ctrl+Z (press and release
        // within one frame, as a fast hand or xdotool does) ends the frame with Ctrl already up
        let pressed = |key: egui::Key, command: bool| {
            (command || !widget_has_keys)
                && i.events.iter().any(|e| {
                    matches!(e, egui::Event::Key { key: k, pressed: true, modifiers, .. }
                    if *k == key && modifiers.command == command)
                })
        };
        let scale = |by: f32| Action::Presenter {
            scale: if by == 0.0 {
                1.0
            } else {
                ((state.ui_scale + by) / SCALE_STEP).round() * SCALE_STEP
            },
            fullscreen: state.fullscreen,
        };
        if pressed(egui::Key::Plus, true) || pressed(egui::Key::Equals, true) {
            out.push(scale(SCALE_STEP));
            return out;
        }
        if pressed(egui::Key::Minus, true) {
            out.push(scale(-SCALE_STEP));
            return out;
        }
        if pressed(egui::Key::Num0, true) {
            out.push(scale(0.0));
            return out;
        }
        if pressed(egui::Key::D, true) {
            out.push(Action::Compare);
            return out;
        }
        if pressed(egui::Key::Z, true) {
            out.push(Action::Undo);
            return out;
        }
        if pressed(egui::Key::S, true) {
            out.push(Action::Session(SessionAction::QuickSave));
            return out;
        }
        if pressed(egui::Key::O, true) {
            out.push(Action::Session(SessionAction::Show(true)));
            return out;
        }
        if i.key_pressed(egui::Key::F11) && !widget_has_keys {
            out.push(Action::Presenter {
                scale: state.ui_scale,
                fullscreen: !state.fullscreen,
            });
            return out;
        }
        if pressed(egui::Key::Space, false) {
            out.push(Action::Send(if snap.running {
                Command::Pause
            } else {
                Command::Play
            }));
        }
        if pressed(egui::Key::S, false) {
            out.push(Action::Send(Command::Step(1)));
        }
        if pressed(egui::Key::R, false) {
            out.push(Action::Send(Command::Reset));
        }
        if pressed(egui::Key::P, false) {
            out.push(Action::Predict(super::PredictAction::Toggle));
        }
        out
    })
}
