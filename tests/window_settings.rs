//! The real window's settings between launches: read from its own settings file (brought within every
//! field's limits, with a sentence in the status line for each value that had to move), written back
//! atomically when eframe asks the app to save, and a save that fails is said in the status line while the
//! old file stays.

use approxlab::app::{ApproxApp, Loaded, SettingsFile, UiState};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// eframe's storage for the test: the app must not need it for its settings.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("approxlab-wsettings-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn window(path: &Path) -> Harness<'static, ApproxApp> {
    let file = SettingsFile::at(path.to_path_buf());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| ApproxApp::new(cc, Some(file), None, Vec::new()));
    h.state_mut().command(approxlab::train::Command::Pause);
    for _ in 0..3 {
        h.step();
    }
    h
}

/// Draws frames until the status line shows `text` (the training thread says the window's messages in
/// order with its commands, so they arrive with one of its next snapshots), for at most ten seconds.
fn shows(h: &mut Harness<'static, ApproxApp>, text: &str) -> bool {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::time::Instant::now() < until {
        if h.query_by_label_contains(text).is_some() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    false
}

#[test]
fn values_out_of_range_in_the_settings_file_are_brought_in_and_said() {
    let dir = scratch("clamped");
    let path = dir.join("settings.ron");
    let mut saved = UiState::default();
    saved.settings.net.width = 5000;
    saved.settings.data.points = 10_000_000;
    saved.settings.optim.momentum = 5.0;
    saved.steps_per_frame = 0;
    saved.ui_scale = 40.0;
    std::fs::write(&path, ron::to_string(&saved).unwrap()).unwrap();
    let mut h = window(&path);
    let state = &h.state().state;
    assert_eq!(state.settings.net.width, 1024);
    assert_eq!(state.settings.data.points, 100_000);
    assert_eq!(state.settings.optim.momentum, 0.999);
    assert_eq!(state.steps_per_frame, 1);
    // 40 comes into the range (2.5), then down to what this 1280 × 800 window holds
    assert!(state.ui_scale <= 1.45, "{}", state.ui_scale);
    assert!(
        shows(&mut h, "width 5000 is outside 1 … 1024: set to 1024"),
        "the status line says which value moved"
    );
    assert_eq!(h.state().run().settings.net.width, 1024, "the lab runs it");
}

#[test]
fn a_save_writes_the_settings_file_and_the_next_launch_reads_it() {
    let dir = scratch("roundtrip");
    let path = dir.join("settings.ron");
    let mut h = window(&path);
    h.state_mut().state.steps_per_frame = 123;
    h.state_mut().state.expression = "x^2".into();
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    assert!(storage.0.is_empty(), "the settings go to their own file");
    match SettingsFile::at(path.clone()).load() {
        Loaded::Restored(state, clamped) => {
            assert_eq!(state.steps_per_frame, 123);
            assert_eq!(state.expression, "x^2");
            assert!(clamped.is_empty(), "{clamped:?}");
        }
        other => panic!("{other:?}"),
    }
    let again = window(&path);
    assert_eq!(again.state().state.steps_per_frame, 123);
}

#[test]
fn a_save_that_fails_is_said_and_the_old_file_stays() {
    let dir = scratch("fails");
    let path = dir.join("settings.ron");
    let mut h = window(&path);
    // the folder cannot take the new file: a directory stands where the temporary file goes
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let old = std::fs::read(&path).unwrap();
    let blocker = dir.join(format!(".settings.ron.{}.part", std::process::id()));
    std::fs::create_dir_all(blocker.join("x")).unwrap();
    h.state_mut().state.steps_per_frame = 77;
    eframe::App::save(h.state_mut(), &mut storage);
    assert!(
        shows(&mut h, "cannot write settings file"),
        "the status line says the save failed"
    );
    assert_eq!(std::fs::read(&path).unwrap(), old, "the old settings stay");
}

#[test]
fn a_value_typed_out_of_range_is_still_said_after_the_training_threads_answer() {
    let dir = scratch("typed");
    let path = dir.join("settings.ron");
    // a large network training flat out: the thread is mid-step when the change arrives
    let mut busy = UiState::default();
    busy.settings.net.depth = 3;
    busy.settings.net.width = 256;
    busy.settings.data.points = 1000;
    busy.max_speed = true;
    std::fs::write(&path, ron::to_string(&busy).unwrap()).unwrap();
    let mut h = window(&path);
    h.state_mut().command(approxlab::train::Command::Play);
    for _ in 0..3 {
        h.step();
    }
    // typed as a person does (click the number, type, Enter), one frame at a time: the window repaints
    // without end while it trains, so it never settles for `run`
    h.get_all_by_label("Width")
        .find(|n| n.accesskit_node().role() == Role::SpinButton)
        .expect("the width's number field")
        .click();
    h.step();
    h.step();
    h.get_all_by_label("Width")
        .find(|n| n.is_focused())
        .expect("the width being edited")
        .type_text("0");
    h.step();
    h.key_press(egui::Key::Enter);
    h.step();
    // the thread answers the width change with a message of its own ("width from 256 to 1: new initial
    // weights"); the window's sentence about the typed value comes after it and stays
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while h.state().run().settings.net.width != 1 && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    assert_eq!(
        h.state().run().settings.net.width,
        1,
        "the thread has answered"
    );
    for _ in 0..5 {
        h.step();
    }
    assert!(
        shows(&mut h, "width 0 is outside 1 … 1024: set to 1"),
        "the status line still names the field and its range"
    );
}
