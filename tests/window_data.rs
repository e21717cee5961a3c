//! Own functions and data in the window: a typed f(x) applied on Enter, a broken one explained under the
//! field while the old target keeps training, points added, dragged, removed and undone on the fit plot,
//! and points imported from a CSV file.

mod support;

use approxlab::app::screen_position;
use approxlab::data::Source;
use egui_kittest::kittest::Queryable as _;
use support::{harness, press, type_and_enter};

fn source(h: &egui_kittest::Harness<'static, approxlab::app::ApproxApp>) -> Source {
    h.state().snapshot().data.settings.source.clone()
}

/// The f(x) typed is parsed once, in the window: what it compiled to is the one the lab samples and
/// every run holds (one allocation, not a parse each).
#[test]
fn a_typed_function_is_parsed_once_and_its_compiled_form_travels() {
    let mut h = harness();
    h.run();
    h.get_by_label("f(x) =").click();
    h.run();
    type_and_enter(&mut h, "f(x) =", "x^3/9-x");
    press(&mut h, "Step");
    let compiled = |source: &Source| match source {
        Source::Expression(typed) => std::sync::Arc::clone(typed.compiled().expect("it reads")),
        other => panic!("not a typed f(x): {other:?}"),
    };
    let window = compiled(&h.state().state.settings.data.source);
    let lab = compiled(&source(&h));
    let run = compiled(&h.state().run().settings.data.source);
    assert!(
        std::sync::Arc::ptr_eq(&window, &lab),
        "the lab's is the window's"
    );
    assert!(
        std::sync::Arc::ptr_eq(&window, &run),
        "the run's is the window's"
    );
}

#[test]
fn a_typed_function_becomes_the_target_and_a_broken_one_is_explained() {
    let mut h = harness();
    h.run();
    h.get_by_label("f(x) =").click();
    h.run();
    type_and_enter(&mut h, "f(x) =", "x^2/4");
    assert_eq!(source(&h), Source::Expression("x^2/4".into()));
    let target = h.state().snapshot().data.target.clone().unwrap();
    assert!(
        (target[0] - 9.0).abs() < 1e-12,
        "(-6)²/4 at the view's left end"
    );
    press(&mut h, "Step");
    assert_eq!(h.state().run().step, 1, "it trains");

    h.get_by_label("f(x) =").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    type_and_enter(&mut h, "f(x) =", "sin(x");
    let error = h.state().state.expression_error.clone().expect("refused");
    assert_eq!(error.position, 4);
    assert!(
        h.query_by_label_contains("never closed").is_some(),
        "shown under the field"
    );
    assert_eq!(
        source(&h),
        Source::Expression("x^2/4".into()),
        "the old target stays"
    );
    press(&mut h, "Step");
    assert_eq!(h.state().run().step, 2, "and keeps training");
}

#[test]
fn points_are_added_dragged_removed_and_undone_on_the_plot() {
    let mut h = harness();
    h.run();
    h.get_by_label("Edit points").click();
    h.run();
    let Source::Points(start) = source(&h) else {
        panic!("editing starts from the target's points: {:?}", source(&h));
    };
    assert_eq!(start.len(), 200);
    h.run();
    // a click on empty space adds a point there
    let empty = screen_position(&h.ctx, "fit", 4.2, 0.3).unwrap();
    h.hover_at(empty);
    h.run();
    h.event(egui::Event::PointerButton {
        pos: empty,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    h.event(egui::Event::PointerButton {
        pos: empty,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    let Source::Points(added) = source(&h) else {
        panic!()
    };
    assert_eq!(added.len(), 201);
    let new = added[200];
    assert!(
        (new[0] - 4.2).abs() < 0.1 && (new[1] - 0.3).abs() < 0.1,
        "{new:?}"
    );

    // drag it up
    let from = screen_position(&h.ctx, "fit", new[0], new[1]).unwrap();
    h.drag_at(from);
    h.run();
    for k in 1..=8 {
        h.hover_at(from + egui::vec2(0.0, -6.0 * k as f32));
        h.run();
    }
    h.drop_at(from + egui::vec2(0.0, -48.0));
    h.run();
    let Source::Points(moved) = source(&h) else {
        panic!()
    };
    assert_eq!(moved.len(), 201);
    assert!(
        moved[200][1] > new[1] + 0.2,
        "dragged up: {:?} → {:?}",
        new,
        moved[200]
    );

    // right-click removes it
    let at = screen_position(&h.ctx, "fit", moved[200][0], moved[200][1]).unwrap();
    support::right_click(&mut h, at);
    let Source::Points(removed) = source(&h) else {
        panic!()
    };
    assert_eq!(removed.len(), 200);

    // Ctrl+Z brings it back where it was dragged
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let Source::Points(undone) = source(&h) else {
        panic!()
    };
    assert_eq!(undone.len(), 201);
    assert_eq!(undone[200], moved[200]);
}

#[test]
fn cleared_points_wait_for_the_first_new_one_and_block_nothing() {
    let mut h = harness();
    h.run();
    h.get_by_label("Edit points").click();
    h.run();
    press(&mut h, "Clear");
    assert!(h.query_by_label_contains("no points left").is_some());
    assert!(
        matches!(source(&h), Source::Points(p) if p.len() == 200),
        "the lab keeps its data"
    );
    support::set_slider(&mut h, "Width", 5.0);
    assert_eq!(
        h.state().run().settings.net.width,
        5,
        "other edits still apply"
    );
    h.get_by_label("Edit points").click();
    h.run();
    assert!(matches!(&h.state().state.settings.data.source, Source::Points(p) if p.len() == 200));
}

#[test]
fn start_from_the_target_copies_its_sampled_points() {
    let mut h = harness();
    h.run();
    let sampled = h.state().snapshot().data.train_points.clone();
    press(&mut h, "Start from the target");
    assert_eq!(
        source(&h),
        Source::Points(sampled.into()),
        "the same points, now the data"
    );
    assert!(
        !h.state().state.edit_points,
        "editing stays a separate choice"
    );
    assert!(h.query_by_label("Start from the target").is_none());
}

#[test]
fn points_are_imported_from_a_csv_file_and_a_bad_file_changes_nothing() {
    let dir = std::env::temp_dir().join(format!("approxlab-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.csv");
    std::fs::write(&good, "t;volts;amps\n0;1;2\n1;3;4\n2;5;6\n").unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "1,2\n3,abc\n").unwrap();
    let mut h = harness();
    h.run();
    press(&mut h, "Import points…");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("File").type_text(bad.to_str().unwrap());
    h.run();
    press(&mut h, "Import");
    assert!(
        h.query_by_label_contains("line 2: 'abc' is not a number")
            .is_some()
    );
    assert!(matches!(source(&h), Source::Preset(_)), "nothing changed");
    h.get_by_label("File").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("File").type_text(good.to_str().unwrap());
    h.run();
    h.get_by_label("Columns").click();
    h.run();
    h.get_by_label("Columns").type_text("t,amps");
    h.run();
    press(&mut h, "Import");
    assert_eq!(
        source(&h),
        Source::Points(vec![[0.0, 2.0], [1.0, 4.0], [2.0, 6.0]].into())
    );
    assert_eq!(h.state().state.import.recent[0], good.to_str().unwrap());
    assert!(h.query_by_label_contains("3 points imported").is_some());
}
