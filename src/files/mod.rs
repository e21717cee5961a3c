//! One home for the files approxlab reads and writes: model JSON (`model.rs`), the benchmark's packed
//! initial weights (`bench_init.rs`), the curves as CSV
//! (`curves.rs`, loss histories too), pictures as PNG (`png.rs`), animated GIFs (`gif.rs`), session files
//! (`session.rs`), a Keras script (`keras.rs`); points from CSV are read in
//! `data::csv_points`. Every read is bounded and opens regular files only (`read.rs`). Every write is atomic: the bytes go to a temporary file in the same folder, are
//! flushed to the disk, and the file is renamed over the target — a crash or a full disk never leaves
//! half a file, and the old file stays until the new one is whole.

pub mod bench_init;
pub mod curves;
pub mod gif;
pub mod keras;
pub mod model;
pub mod png;
pub mod read;
pub mod session;

use std::io::Write as _;
use std::path::Path;

/// A refusal on one line: control characters a damaged file brought into the message (a newline in a
/// quoted field) shown escaped, as `\n`, so the sentence stays one line in the status line and on stderr.
pub fn one_line(message: String) -> String {
    if !message.chars().any(char::is_control) {
        return message;
    }
    let mut line = String::with_capacity(message.len() + 8);
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    line
}

/// Writes `bytes` to `path` atomically (see the module doc); `what` names the file in the message
/// ("cannot write CSV file out.csv: …").
pub fn write_atomic(path: &Path, bytes: &[u8], what: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {what} {}: {e}", path.display());
    let (folder, prefix) = temporary_names(path)
        .ok_or_else(|| format!("cannot write {what} {}: not a file name", path.display()))?;
    let temporary = folder.join(ours(&prefix));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(fail(e));
    }
    Ok(())
}

/// Removes the temporary files that writes of `path` by other processes left behind when they were
/// killed mid-write (`.NAME.PID.part` beside it, untouched for a minute, so a write in progress in
/// another window is left alone); the file itself is never touched.
pub fn remove_stale_parts(path: &Path) {
    let Some((folder, prefix)) = temporary_names(path) else {
        return;
    };
    let ours = ours(&prefix);
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 60);
        if file.starts_with(&prefix) && file.ends_with(".part") && file != ours && idle {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The folder `path` is in ("." for a bare name) and the start of its temporary files' names, `.NAME.`;
/// `None` when `path` names no file.
fn temporary_names(path: &Path) -> Option<(&Path, String)> {
    let name = path.file_name()?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some((folder, format!(".{}.", name.to_string_lossy())))
}

/// This process's temporary file name for a file whose temporary names start with `prefix`:
/// `.NAME.PID.part`.
fn ours(prefix: &str) -> String {
    format!("{prefix}{}.part", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("approxlab-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = scratch();
        let path = dir.join("a.txt");
        write_atomic(&path, b"old", "text file").unwrap();
        write_atomic(&path, b"new", "text file").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let leftovers = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".part")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_failed_write_says_why_and_keeps_the_old_file() {
        let dir = scratch();
        let path = dir.join("kept.txt");
        write_atomic(&path, b"old", "text file").unwrap();
        // a folder where the file should go: the rename fails, the old content stays elsewhere untouched
        let blocked = dir.join("folder");
        std::fs::create_dir_all(blocked.join("inside")).unwrap();
        let e = write_atomic(&blocked, b"new", "text file").unwrap_err();
        assert!(e.starts_with("cannot write text file"), "{e}");
        assert!(blocked.is_dir());
        let missing =
            write_atomic(&dir.join("no/such/folder/x.txt"), b"x", "CSV file").unwrap_err();
        assert!(missing.contains("cannot write CSV file"), "{missing}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }
}
