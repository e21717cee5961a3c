//! The window test harness: a real `ApproxApp` in the paused mode (training runs inside the frame, so a
//! test steps it exactly), driven through its widgets by their labels.

#![allow(dead_code, reason = "each test file uses its own part of the helpers")]

use approxlab::app::{ApproxApp, UiState};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// A 1280 × 800 window with the default settings.
pub fn harness() -> Harness<'static, ApproxApp> {
    harness_with(UiState::default())
}

/// A 1280 × 800 window in the paused mode, starting from `state`.
pub fn harness_with(state: UiState) -> Harness<'static, ApproxApp> {
    sized(state, 1280.0, 800.0)
}

/// A window of `width` × `height` in the paused mode, starting from `state`.
pub fn sized(state: UiState, width: f32, height: f32) -> Harness<'static, ApproxApp> {
    Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_eframe(move |_| ApproxApp::paused(state))
}

/// A paused window of one hidden layer of `width` tanh neurons, trained `steps` steps.
pub fn trained(width: usize, steps: u64) -> Harness<'static, ApproxApp> {
    let mut state = UiState::default();
    state.settings.net.width = width;
    let mut h = harness_with(state);
    h.run();
    h.state_mut()
        .command(approxlab::train::Command::Step(steps));
    h.run();
    h.run();
    h
}

/// Presses and releases the right mouse button at `at` (screen points), the pointer resting there.
pub fn right_click(h: &mut Harness<'static, ApproxApp>, at: egui::Pos2) {
    h.hover_at(at);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
    }
}

/// Clicks the button labelled `label` and lets the frame settle, files included: a read or write the
/// click started (they run on their own threads) is waited for, as a person waits for Open or Save.
pub fn press(h: &mut Harness<'static, ApproxApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
    settle_files(h);
}

/// Opens the Session window, replaces the path its field offers (one in the user's documents) with
/// `path`, and presses Save.
pub fn save_session_as(h: &mut Harness<'static, ApproxApp>, path: &str) {
    press(h, "Session…");
    h.get_by_label("Session").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Session").type_text(path);
    h.run();
    press(h, "Save");
}

/// Steps the frames until no file is being read or written (at most 60 s: a file job that never ends
/// fails the test that waits for it).
pub fn settle_files(h: &mut Harness<'static, ApproxApp>) {
    let start = std::time::Instant::now();
    if !h.state().files_busy() {
        return;
    }
    while h.state().files_busy() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "a file job never ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run();
}

/// Picks `option` from the drop-down labelled `combo`.
pub fn choose(h: &mut Harness<'static, ApproxApp>, combo: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo).click();
    h.run();
    h.get_by_label(option).click();
    h.run();
}

/// Drags the slider labelled `label` to `value`.
pub fn set_slider(h: &mut Harness<'static, ApproxApp>, label: &str, value: f64) {
    let slider = h
        .get_all_by_role_and_label(Role::Slider, label)
        .next()
        .expect("the slider exists");
    slider.set_value_accesskit(value);
    h.run();
}

/// Types `text` into the number field of the slider labelled `label` and presses Enter, as a person
/// does: click the number, type, Enter.
pub fn type_into_slider(h: &mut Harness<'static, ApproxApp>, label: &str, text: &str) {
    h.get_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::SpinButton)
        .expect("the slider's number field")
        .click();
    h.run();
    type_and_enter(h, label, text);
}

/// Types `text` into the field labelled `label` that is being edited, then presses Enter.
pub fn type_and_enter(h: &mut Harness<'static, ApproxApp>, label: &str, text: &str) {
    type_only(h, label, text);
    h.key_press(egui::Key::Enter);
    h.run();
}

/// Types `text` into the field labelled `label` that is being edited, without pressing Enter.
pub fn type_only(h: &mut Harness<'static, ApproxApp>, label: &str, text: &str) {
    h.get_all_by_label(label)
        .find(|n| n.is_focused())
        .expect("a field being edited")
        .type_text(text);
    h.run();
}

/// Opens the Export window and types `path` into its File field (replacing what was there).
pub fn export_to(h: &mut Harness<'static, ApproxApp>, path: &std::path::Path) {
    press(h, "Export…");
    h.get_by_label("File").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("File")
        .type_text(path.to_str().expect("a UTF-8 path"));
    h.run();
}
