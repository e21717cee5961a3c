//! Running the real `approxlab` binary as a user does, for the command-line tests.

#![allow(dead_code, reason = "each test file uses its own part of the helpers")]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `approxlab` with `args`.
pub fn approxlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_approxlab"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// What it printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The one JSON line a successful run printed.
pub fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("one JSON line")
}

/// A path for `name` in this test process's own scratch folder.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("approxlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir.join(name)
}

/// Exit status 2, exactly one line on stderr, containing `needle`, and no panic.
pub fn refused(args: &[&str], needle: &str) {
    let o = approxlab(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}
