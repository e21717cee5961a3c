//! Session files (`.approxlab.json`): `{"format": "approxlab-session", "version": 2, "lab": …}` with the
//! data and every run's full state (`train::SavedLab`). A file that is not JSON, cut short, of another
//! format, of a newer version, or whose runs do not fit their own settings is refused with one sentence.
//!
//! Versions: 2 holds the data settings once, for the lab, and, where the learner drew one, the
//! prediction (`lab.prediction`: the curve on the view grid, the step it was drawn at, the step its
//! score shows from; an optional field, so files without it, and readers that predate it, are
//! unaffected); 1 also copied the data settings into every run's settings (`runs[i].settings.data`), a
//! copy that always equalled the lab's and that the reader skips. Files of version 1 and version-2 files
//! written before predictions open and go on exactly (tests/fixtures keeps one of each).

use crate::train::SavedLab;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The `format` field of a session file.
pub const FORMAT: &str = "approxlab-session";
/// The newest version this approxlab writes and reads.
pub const VERSION: u64 = 2;

#[derive(Serialize, Deserialize)]
struct SessionFile {
    format: String,
    version: u64,
    lab: SavedLab,
}

/// The file's text.
pub fn to_text(lab: &SavedLab) -> Result<String, String> {
    serde_json::to_string(&SessionFile {
        format: FORMAT.into(),
        version: VERSION,
        lab: lab.clone(),
    })
    .map_err(|e| format!("cannot write the session: {e}"))
}

/// Reads a session file's text; the reason in one sentence, on one line, if it cannot.
pub fn parse(text: &str) -> Result<SavedLab, String> {
    parse_text(text).map_err(super::one_line)
}

/// [`parse`], its message as the reader wrote it.
fn parse_text(text: &str) -> Result<SavedLab, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            format!("the file is cut short ({e})")
        } else {
            format!("not a session file: it is not valid JSON ({e})")
        }
    })?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "not an approxlab session (its format is '{other}')"
            ));
        }
        None => {
            return Err(format!(
                "not an approxlab session (no \"format\": \"{FORMAT}\")"
            ));
        }
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v > VERSION => {
            return Err(format!(
                "written by a newer approxlab (session version {v}; this one reads up to {VERSION})"
            ));
        }
        Some(_) => {}
        None => return Err("a damaged session: no version number".into()),
    }
    let file: SessionFile =
        serde_json::from_value(value).map_err(|e| format!("a damaged session: {e}"))?;
    Ok(file.lab)
}

/// Writes a session file (atomically).
pub fn save(path: &Path, lab: &SavedLab) -> Result<(), String> {
    super::write_atomic(path, to_text(lab)?.as_bytes(), "session file")
}

/// Reads a session file and checks that its runs can be rebuilt; the path in any message.
pub fn load(path: &Path) -> Result<SavedLab, String> {
    load_cancellable(path, None)
}

/// [`load`], stopping early once `cancel` is set (the window's Cancel).
pub fn load_cancellable(
    path: &Path,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<SavedLab, String> {
    let bytes = super::read::read_file(path, super::read::Kind::Session, cancel)?;
    let text = String::from_utf8_lossy(&bytes);
    let lab = parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    lab.restore::<f32>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(lab)
}
