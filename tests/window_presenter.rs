//! Presenter mode: at 2× UI scale on a 1920 × 1080 screen (960 × 540 points) every control's label is
//! whole and inside the window; the scale and full screen are remembered with the window's state.

mod support;

use approxlab::app::UiState;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

#[test]
fn at_twice_the_size_no_control_label_is_clipped() {
    let state = UiState {
        ui_scale: 2.0,
        ..UiState::default()
    };
    let mut h = support::sized(state, 1920.0, 1080.0);
    h.run();
    h.run();
    assert_eq!(h.ctx.zoom_factor(), 2.0);
    let screen = h.ctx.content_rect();
    assert!((screen.width() - 960.0).abs() < 1.0, "{screen:?}");
    let controls = [
        Role::Button,
        Role::CheckBox,
        Role::ComboBox,
        Role::Slider,
        Role::SpinButton,
    ];
    let mut checked = 0;
    for node in h.root().children_recursive() {
        let node = node.accesskit_node();
        if !controls.contains(&node.role()) {
            continue;
        }
        let label = node.label().unwrap_or_default();
        let Some(b) = node.bounding_box() else {
            continue;
        };
        // inside a scroll area a control may be scrolled out of view vertically; never cut sideways
        // accesskit bounds are in physical pixels: 1920 wide
        let right = f64::from(screen.width() * h.ctx.pixels_per_point());
        assert!(b.x0 >= -0.5 && b.x1 <= right + 0.5, "{label:?} at {b:?}");
        // the buttons that open a window end in "…" by design; any other "…" is a label cut short
        let opens_a_window =
            ["Session…", "Export…", "Sweep…", "Import points…"].contains(&label.as_str());
        assert!(
            opens_a_window || !label.ends_with('…'),
            "{label:?} is cut short"
        );
        checked += 1;
    }
    assert!(checked > 30, "{checked} controls checked");
}

#[test]
fn the_view_menu_sets_the_scale_and_it_is_saved_with_the_window_state() {
    let mut h = support::harness();
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_role_and_label(Role::Slider, "UI scale")
        .set_value_accesskit(1.4);
    h.run();
    h.run();
    assert_eq!(h.state().state.ui_scale, 1.4);
    assert_eq!(h.ctx.zoom_factor(), 1.4);
    let saved = serde_json::to_string(&h.state().state).unwrap();
    let back: UiState = serde_json::from_str(&saved).unwrap();
    assert_eq!(back.ui_scale, 1.4);
    let old: UiState = serde_json::from_str("{}").unwrap();
    assert_eq!(
        (old.ui_scale, old.fullscreen),
        (1.0, false),
        "an older saved state opens at 1×"
    );
}
