//! The window's settings between launches, in a file of its own (`settings.ron` in the folder eframe
//! uses for the app: `~/.local/share/approxlab` on Linux) written atomically by
//! [`crate::files::write_atomic`]: the text goes to a temporary file that is flushed to the disk and
//! renamed over the old one, so a kill -9, a crash or a full disk in the middle of a save leaves the
//! previous settings whole. eframe's own file keeps only the window's size and the panels' layout (it
//! writes in place: if that file is cut short, the layout starts fresh and the settings stay).

use super::state::{UiState, restore_state};
use std::path::{Path, PathBuf};

/// The name of the settings file inside the app's folder.
const FILE_NAME: &str = "settings.ron";

/// Where the window keeps its settings, and what it last wrote there.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    path: PathBuf,
    /// The text of the last successful save (or of the load), so an unchanged state is not rewritten.
    last_written: Option<String>,
    /// The last refusal said, so a save that keeps failing is reported once, not every 30 seconds.
    last_error: Option<String>,
}

/// What [`SettingsFile::load`] found.
#[derive(Debug)]
pub enum Loaded {
    /// No settings file yet (a first launch).
    Missing,
    /// The settings, brought within their limits; a sentence for each value that had to move.
    Restored(Box<UiState>, Vec<String>),
    /// The file exists but cannot be used: why, in one sentence (the defaults are used and the file is
    /// overwritten only by the next save).
    Unreadable(String),
}

impl SettingsFile {
    /// The settings file of the installed app, or `None` where the system names no data folder.
    pub fn for_window() -> Option<Self> {
        eframe::storage_dir("approxlab").map(|dir| Self::at(dir.join(FILE_NAME)))
    }

    /// A settings file at `path` (tests, and `for_window`).
    pub fn at(path: PathBuf) -> Self {
        Self {
            path,
            last_written: None,
            last_error: None,
        }
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the settings saved by the last launch.
    pub fn load(&mut self) -> Loaded {
        crate::files::remove_stale_parts(&self.path);
        if !self.path.exists() {
            return Loaded::Missing;
        }
        let kind = crate::files::read::Kind::WindowState;
        let text = match crate::files::read::read_file(&self.path, kind, None) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                return Loaded::Unreadable(format!(
                    "the saved settings could not be read ({e}); starting from the defaults"
                ));
            }
        };
        match restore_state(&text) {
            Ok((state, clamped)) => {
                self.last_written = Some(text);
                Loaded::Restored(Box::new(state), clamped)
            }
            Err(e) => Loaded::Unreadable(format!("{}: {e}", self.path.display())),
        }
    }

    /// Writes `state` atomically (creating the folder if needed). `None` when written or unchanged;
    /// `Some(why)` the first time a save fails for a given reason (the old file is kept), `None` again
    /// while it keeps failing the same way, so the status line is not flooded.
    pub fn save(&mut self, state: &UiState) -> Option<String> {
        let text = match ron::ser::to_string_pretty(state, ron::ser::PrettyConfig::default()) {
            Ok(text) => text,
            Err(e) => return self.failed(format!("the settings could not be written: {e}")),
        };
        if self.last_written.as_deref() == Some(text.as_str()) {
            return None;
        }
        if let Some(folder) = self.path.parent()
            && let Err(e) = std::fs::create_dir_all(folder)
        {
            let why = format!(
                "cannot create the settings folder {}: {e}",
                folder.display()
            );
            return self.failed(why);
        }
        match crate::files::write_atomic(&self.path, text.as_bytes(), "settings file") {
            Ok(()) => {
                self.last_written = Some(text);
                self.last_error = None;
                None
            }
            Err(e) => self.failed(format!("{e}; the previous settings are kept")),
        }
    }

    fn failed(&mut self, why: String) -> Option<String> {
        if self.last_error.as_deref() == Some(why.as_str()) {
            return None;
        }
        self.last_error = Some(why.clone());
        Some(why)
    }
}

/// The state a window starts from: the settings file's (or, where there is none yet, the state an earlier
/// version kept in eframe's storage, `earlier`), else the defaults; with a sentence for each value that had
/// to be brought within its range and for a file that could not be used.
pub fn restore(file: Option<&mut SettingsFile>, earlier: Option<String>) -> (UiState, Vec<String>) {
    match file.map_or(Loaded::Missing, SettingsFile::load) {
        Loaded::Restored(state, clamped) => (*state, clamped),
        Loaded::Unreadable(why) => (UiState::default(), vec![why]),
        Loaded::Missing => match earlier.as_deref().map(restore_state) {
            Some(Ok((state, clamped))) => (state, clamped),
            Some(Err(why)) => (UiState::default(), vec![why]),
            None => (UiState::default(), Vec::new()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("approxlab-settings-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_save_is_read_back_and_an_unchanged_state_is_not_rewritten() {
        let dir = scratch("roundtrip");
        let mut file = SettingsFile::at(dir.join("nested").join(FILE_NAME));
        assert!(matches!(file.load(), Loaded::Missing));
        let mut state = UiState::default();
        state.settings.net.width = 37;
        state.expression = "sin(3*x)".into();
        assert_eq!(file.save(&state), None);
        let written = std::fs::metadata(file.path()).unwrap().modified().unwrap();
        assert_eq!(file.save(&state), None);
        assert_eq!(
            std::fs::metadata(file.path()).unwrap().modified().unwrap(),
            written
        );
        match SettingsFile::at(file.path().to_path_buf()).load() {
            Loaded::Restored(back, clamped) => {
                assert_eq!(*back, state);
                assert!(clamped.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_damaged_file_is_named_and_a_failing_save_is_said_once() {
        let dir = scratch("damaged");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, "(settings: (net: (width: ").unwrap();
        match SettingsFile::at(path.clone()).load() {
            Loaded::Unreadable(why) => assert!(why.contains("could not be read"), "{why}"),
            other => panic!("{other:?}"),
        }
        // a folder where the file should be: every save fails, said the first time only
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir_all(path.join("in-the-way")).unwrap();
        let mut file = SettingsFile::at(path);
        let first = file.save(&UiState::default()).expect("a refusal");
        assert!(first.contains("cannot write settings file"), "{first}");
        assert!(first.contains("previous settings are kept"), "{first}");
        assert_eq!(file.save(&UiState::default()), None);
    }
}
