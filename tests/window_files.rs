//! The window reads files off its own thread: a large import leaves the frame (and training) going while
//! it is read, a device or a folder picked by mistake is refused under the field at once, and nothing
//! already loaded changes until a read has fully succeeded; Stop drops a read on its way.

mod support;

use approxlab::data::Source;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use support::{harness, press};

fn source(h: &egui_kittest::Harness<'static, approxlab::app::ApproxApp>) -> Source {
    h.state().snapshot().data.settings.source.clone()
}

/// Types `path` into the Import window (opening it if needed) and clicks Import; `settle` runs the frames
/// until the window is idle (a read shown on its way with its spinner never is: then one frame).
fn import_path(
    h: &mut egui_kittest::Harness<'static, approxlab::app::ApproxApp>,
    path: &str,
    settle: bool,
) {
    if h.query_by_label("File").is_none() {
        press(h, "Import points…");
    }
    h.get_by_label("File").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("File").type_text(path);
    h.run();
    if settle {
        press(h, "Import");
    } else {
        h.get_by_role_and_label(Role::Button, "Import").click();
        h.step();
        h.step();
    }
}

#[test]
fn a_device_or_a_folder_is_refused_under_the_field_and_changes_nothing() {
    let mut h = harness();
    h.run();
    let before = source(&h);
    import_path(&mut h, "/dev/zero", true);
    assert!(
        h.query_by_label_contains("/dev/zero is a device, not a file")
            .is_some(),
        "said under the field"
    );
    assert!(!h.state().files_busy());
    let folder = std::env::temp_dir();
    import_path(&mut h, folder.to_str().unwrap(), true);
    assert!(
        h.query_by_label_contains("is a folder, not a file")
            .is_some()
    );
    assert_eq!(source(&h), before, "nothing changed");
    press(&mut h, "Step");
    assert_eq!(h.state().run().step, 1, "and it still trains");
}

/// A points file of 63 MB (100 000 rows with a long note each): read and parsed on a file job while the
/// frames go on training; the points arrive whole, or, cancelled, not at all.
fn large_csv() -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("approxlab-large-{}.csv", std::process::id()));
    let note = "n".repeat(600);
    let mut text = String::from("x,y,note\n");
    for i in 0..100_000 {
        let x = -3.0 + 6.0 * f64::from(i) / 99_999.0;
        text.push_str(&format!("{x},{},{note}\n", x.sin()));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_large_import_leaves_the_frame_training_and_stop_drops_it() {
    let path = large_csv();
    let mut h = harness();
    h.run();
    press(&mut h, "Play");
    let before = source(&h);

    // the first import is stopped while on its way (shown at once here; the window waits half a
    // second): nothing changes
    h.state_mut()
        .show_file_work_after(std::time::Duration::ZERO);
    import_path(&mut h, path.to_str().unwrap(), false);
    assert!(
        h.state().files_busy(),
        "63 MB take longer than the frame's wait"
    );
    assert!(
        h.query_by_label_contains("reading points from approxlab-large")
            .is_some(),
        "the status line says what is read"
    );
    // through accesskit: in the test harness the Import window may sit over the status line
    h.get_by_role_and_label(Role::Button, "Stop")
        .click_accesskit();
    for _ in 0..3 {
        h.step();
    }
    assert!(!h.state().files_busy());
    assert_eq!(source(&h), before, "a cancelled read changes nothing");
    assert!(
        h.query_by_label_contains("cancelled reading points from")
            .is_some()
    );

    // the second is read to the end while the frames go on
    import_path(&mut h, path.to_str().unwrap(), false);
    assert!(h.state().files_busy());
    let (mut pending_frames, step_at_start) = (0, h.state().run().step);
    while h.state().files_busy() {
        pending_frames += 1;
        assert!(pending_frames < 3000, "the read never finished");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    assert!(
        h.state().run().step > step_at_start,
        "training went on during the {pending_frames} frames of reading"
    );
    h.run();
    let Source::Points(points) = source(&h) else {
        panic!("the points arrived: {:?}", source(&h));
    };
    assert_eq!(points.len(), 100_000);
    assert!(
        h.query_by_label_contains("100000 points imported")
            .is_some()
    );
    std::fs::remove_file(&path).ok();
}
