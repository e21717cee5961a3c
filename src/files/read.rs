//! Every file approxlab reads goes through [`read_file`]: it opens only a regular file (a folder, a
//! named pipe, a device or a socket is refused, checked before opening, so a pipe with no writer cannot
//! block and `/dev/zero` cannot fill the memory), refuses a file larger than its kind's limit without
//! reading it, and stops a file that grows past the limit while it is read. The read goes in blocks of
//! 1 MiB, so a cancel (the window's) is seen within one block.
//!
//! The limits are generous: a session of 100 000 points and six runs of 3 × 256 neurons fits in a tenth
//! of its limit.

use std::io::Read as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// What a file is read as: each kind has its own size limit and its own name in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Points as CSV (import, `--data`, a guess).
    Points,
    /// A session file (`--session`, Session → Open).
    Session,
    /// A model file (`--load-model`; JSON or a packed benchmark init file).
    Model,
    /// The window's remembered settings (`settings.ron`).
    WindowState,
    /// A benchmark init file (`bench --init-dir`).
    BenchInit,
}

const MIB: u64 = 1 << 20;

impl Kind {
    /// The most bytes a file of this kind may hold.
    pub const fn limit(self) -> u64 {
        match self {
            Kind::Points => 64 * MIB,
            Kind::Session => 1024 * MIB,
            Kind::Model => 512 * MIB,
            Kind::WindowState => 4 * MIB,
            Kind::BenchInit => 64 * MIB,
        }
    }

    /// The kind's name in a sentence ("a points file may hold at most 64 MiB").
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Points => "points file",
            Kind::Session => "session file",
            Kind::Model => "model file",
            Kind::WindowState => "settings file",
            Kind::BenchInit => "benchmark init file",
        }
    }
}

/// A byte count for a person: "64 MiB", "1.5 GiB", "812 bytes".
pub fn size_text(bytes: u64) -> String {
    let units = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in units {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if value >= 10.0 || bytes.is_multiple_of(size) {
                format!("{value:.0} {unit}")
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// What a path that is not a regular file is, in words; `None` for a regular file.
fn not_a_file(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return Some("a named pipe");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The whole of the file at `path`, read as a `kind`; one sentence naming the path when it is not a
/// regular file, is over the kind's limit (before or while reading), cannot be read, or `cancel` was set.
pub fn read_file(path: &Path, kind: Kind, cancel: Option<&AtomicBool>) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let refuse = |what: &str| {
        format!(
            "{shown} is {what}, not a file: a {} must be a file",
            kind.name()
        )
    };
    let metadata =
        std::fs::metadata(path).map_err(|e| format!("cannot read {} {shown}: {e}", kind.name()))?;
    if let Some(what) = not_a_file(metadata.file_type()) {
        return Err(refuse(what));
    }
    let limit = kind.limit();
    let too_large = |size: &str| {
        format!(
            "{shown} is {size}: a {} may hold at most {}",
            kind.name(),
            size_text(limit)
        )
    };
    if metadata.len() > limit {
        // a file within 1 % over the limit reads as the limit once rounded: its bytes are counted out
        let size = if (metadata.len() - limit) * 100 < limit {
            format!("{} bytes", metadata.len())
        } else {
            size_text(metadata.len())
        };
        return Err(too_large(&size));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| format!("cannot read {} {shown}: {e}", kind.name()))?;
    // what was opened is what was checked (not a pipe swapped in since)
    let opened = file
        .metadata()
        .map_err(|e| format!("cannot read {} {shown}: {e}", kind.name()))?;
    if let Some(what) = not_a_file(opened.file_type()) {
        return Err(refuse(what));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    let mut reader = file.take(limit + 1);
    let mut block = vec![0u8; MIB as usize];
    loop {
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(format!("reading {shown} was cancelled"));
        }
        let got = match reader.read(&mut block) {
            Ok(0) => break,
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read {} {shown}: {e}", kind.name())),
        };
        bytes.extend_from_slice(&block[..got]);
        if bytes.len() as u64 > limit {
            return Err(too_large(&format!(
                "over {} (it grew while read)",
                size_text(limit)
            )));
        }
    }
    Ok(bytes)
}

/// `text` as a message may quote it: on one line (control characters escaped as `\n`, `\u{1b}`…) and cut
/// to `most` characters with "…", so a file's content can neither break a message across lines nor
/// send escape codes to a terminal.
pub fn quoted(text: &str, most: usize) -> String {
    let cut: String = text.chars().take(most).collect();
    let more = if text.chars().nth(most).is_some() {
        "…"
    } else {
        ""
    };
    let escaped: String = cut
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    format!("{escaped}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("approxlab-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    #[test]
    fn a_regular_file_reads_whole() {
        let path = scratch("small.csv");
        std::fs::write(&path, b"0,1\n2,3\n").unwrap();
        assert_eq!(read_file(&path, Kind::Points, None).unwrap(), b"0,1\n2,3\n");
    }

    #[test]
    fn folders_and_devices_are_refused_by_name_before_opening() {
        let folder = read_file(&std::env::temp_dir(), Kind::Session, None).unwrap_err();
        assert!(folder.contains("is a folder, not a file"), "{folder}");
        for device in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            let e = read_file(Path::new(device), Kind::Points, None).unwrap_err();
            assert!(e.contains("is a device, not a file"), "{e}");
        }
        let missing = read_file(&scratch("no-such-file"), Kind::Model, None).unwrap_err();
        assert!(missing.starts_with("cannot read model file "), "{missing}");
    }

    #[test]
    fn a_file_a_byte_over_the_limit_is_refused_without_reading_it() {
        let path = scratch("sparse.approxlab.json");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(Kind::Session.limit() + 1).unwrap();
        let e = read_file(&path, Kind::Session, None).unwrap_err();
        assert!(
            e.contains("is 1073741825 bytes: a session file may hold at most 1 GiB"),
            "{e}"
        );
        file.set_len(Kind::WindowState.limit()).unwrap();
        assert_eq!(
            read_file(&path, Kind::WindowState, None).map(|b| b.len() as u64),
            Ok(Kind::WindowState.limit())
        );
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_cancelled_read_stops() {
        let path = scratch("cancelled.csv");
        std::fs::write(&path, b"0,1\n").unwrap();
        let cancel = AtomicBool::new(true);
        let e = read_file(&path, Kind::Points, Some(&cancel)).unwrap_err();
        assert!(e.contains("was cancelled"), "{e}");
    }

    #[test]
    fn sizes_read_in_the_unit_that_fits() {
        assert_eq!(size_text(812), "812 bytes");
        assert_eq!(size_text(64 << 20), "64 MiB");
        assert_eq!(size_text(3 << 29), "1.5 GiB");
        assert_eq!(size_text((1 << 30) + 1), "1.0 GiB");
    }

    #[test]
    fn quotes_stay_on_one_line_and_short() {
        assert_eq!(quoted("sin(x)\n+\u{1b}[31m", 40), "sin(x)\\n+\\u{1b}[31m");
        assert_eq!(quoted("abcdef", 3), "abc…");
        assert_eq!(quoted("абв", 3), "абв");
    }
}
