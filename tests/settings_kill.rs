//! The window's settings survive a kill -9 in the middle of a save: a child process saves two different
//! states over and over (one of them ~200 KB, so a kill often lands inside a write) and is killed at a
//! random moment, 40 times; after each kill the file holds one of the two states, whole. The child is
//! this test binary run again with `KILL_WRITER_FILE` set.

use approxlab::app::{Loaded, SettingsFile, UiState};
use rand::{RngExt, SeedableRng};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

const CHILD: &str = "KILL_WRITER_FILE";

fn small() -> UiState {
    let mut s = UiState::default();
    s.settings.net.width = 3;
    s
}

fn large() -> UiState {
    let mut s = UiState::default();
    s.settings.net.width = 77;
    s.import.recent = (0..4000)
        .map(|i| format!("/data/points-{i:05}.csv"))
        .collect();
    s.session.recent = (0..4000)
        .map(|i| format!("/data/session-{i:05}.json"))
        .collect();
    s
}

/// The child: saves the two states in turn until it is killed.
#[test]
#[ignore = "run by killed_mid_save_the_settings_stay_whole as its child"]
fn save_forever() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    let (a, b) = (small(), large());
    let mut file = SettingsFile::at(PathBuf::from(path));
    loop {
        for state in [&a, &b] {
            assert_eq!(file.save(state), None);
        }
    }
}

#[test]
fn killed_mid_save_the_settings_stay_whole() {
    let dir = std::env::temp_dir().join(format!("approxlab-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("settings.ron");
    assert_eq!(SettingsFile::at(path.clone()).save(&small()), None);
    let (a, b) = (small(), large());
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    let (mut seen_large, mut inside_a_write) = (0, 0);
    for round in 0..40 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "save_forever", "--ignored", "--test-threads=1"])
            .env(CHILD, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(20..120)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let part = format!(".settings.ron.{}.part", child.id());
        inside_a_write += usize::from(dir.join(part).exists());
        match SettingsFile::at(path.clone()).load() {
            Loaded::Restored(state, clamped) => {
                assert!(clamped.is_empty());
                assert!(
                    *state == a || *state == b,
                    "round {round}: a state never saved"
                );
                seen_large += usize::from(*state == b);
            }
            other => panic!("round {round}: {other:?}"),
        }
    }
    eprintln!(
        "40 kills: {inside_a_write} landed inside a write (its temporary file left behind); \
         the large state was on disk after {seen_large}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
