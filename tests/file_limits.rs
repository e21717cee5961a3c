//! No file hangs or swamps the command line: a device, a named pipe with no writer, a folder, a sparse file
//! a byte over its kind's limit and a file that keeps growing are each refused with one line, exit 2, for
//! every reader (points, models, sessions, benchmark init files), and no child's memory grows with what
//! the file would have held. A run that hangs is killed at a deadline and fails the test (a guard, not a
//! timing: the refusals come back in milliseconds).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Far beyond any refusal's time: only a hang reaches it.
const DEADLINE: Duration = Duration::from_secs(30);

fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("approxlab-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// Runs approxlab with `args`, killing it (and failing) if it runs past the deadline.
fn bounded(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_approxlab"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after {DEADLINE:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().expect("its output")
}

/// Exit 2, one line on stderr containing `needle`.
fn refused_within_the_deadline(args: &[&str], needle: &str) {
    let o = bounded(args);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
}

/// Every reader of the command line, with `path` in its place.
fn every_reader(path: &Path) -> Vec<Vec<String>> {
    let p = path.to_str().expect("a UTF-8 path").to_string();
    let dir = path
        .parent()
        .map_or(".".into(), |d| d.display().to_string());
    vec![
        vec!["train".into(), "--data".into(), p.clone()],
        vec!["train".into(), "--load-model".into(), p.clone()],
        vec!["train".into(), "--session".into(), p.clone()],
        vec!["--session".into(), p.clone()],
        vec![
            "bench".into(),
            "--init-dir".into(),
            dir,
            "--workload".into(),
            "W1".into(),
        ],
    ]
}

fn as_strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn devices_are_refused_at_once_by_every_reader() {
    for device in ["/dev/zero", "/dev/urandom"] {
        for args in every_reader(Path::new(device)).iter().take(4) {
            refused_within_the_deadline(&as_strs(args), "is a device, not a file");
        }
    }
}

#[test]
#[cfg(unix)]
fn a_named_pipe_with_no_writer_is_refused_without_opening_it() {
    let dir = folder().join("pipe");
    std::fs::create_dir_all(&dir).unwrap();
    let pipe = dir.join("W1.init.bin");
    let name = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the pipe
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo");
    for args in every_reader(&pipe) {
        refused_within_the_deadline(&as_strs(&args), "is a named pipe, not a file");
    }
}

#[test]
fn a_folder_is_refused_by_name() {
    let dir = folder().join("a-folder");
    std::fs::create_dir_all(dir.join("W1.init.bin")).unwrap();
    for args in every_reader(&dir.join("W1.init.bin")) {
        refused_within_the_deadline(&as_strs(&args), "is a folder, not a file");
    }
}

#[test]
fn a_sparse_file_a_byte_over_each_limit_is_refused_unread() {
    use approxlab::files::read::Kind;
    let dir = folder().join("sparse");
    std::fs::create_dir_all(&dir).unwrap();
    let cases: [(&str, Kind, &str); 4] = [
        (
            "--data",
            Kind::Points,
            "a points file may hold at most 64 MiB",
        ),
        (
            "--load-model",
            Kind::Model,
            "a model file may hold at most 512 MiB",
        ),
        (
            "--session",
            Kind::Session,
            "a session file may hold at most 1 GiB",
        ),
        (
            "--init-dir",
            Kind::BenchInit,
            "a benchmark init file may hold at most 64 MiB",
        ),
    ];
    for (flag, kind, needle) in cases {
        let path = dir.join("W1.init.bin");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(kind.limit() + 1).unwrap();
        let args = if flag == "--init-dir" {
            vec![
                "bench",
                "--init-dir",
                dir.to_str().unwrap(),
                "--workload",
                "W1",
            ]
        } else {
            vec!["train", flag, path.to_str().unwrap()]
        };
        refused_within_the_deadline(&args, needle);
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn a_file_that_keeps_growing_is_stopped_at_the_limit() {
    use approxlab::files::read::Kind;
    let path = folder().join("growing.csv");
    // nearly at the limit when the reader starts: it meets the limit on its stat or while it reads
    let start = "0.5,0.25\n".repeat((Kind::Points.limit() as usize - (1 << 20)) / 9);
    std::fs::write(&path, format!("x,y\n{start}")).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            use std::io::Write as _;
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .unwrap();
            let block = "0.5,0.25\n".repeat(1 << 16);
            // bounded: at most 1 GB written, whatever happens to the reader
            for _ in 0..1800 {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                file.write_all(block.as_bytes()).unwrap();
            }
        })
    };
    let o = bounded(&["train", "--data", path.to_str().unwrap(), "--steps", "1"]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    let err = common::stderr(&o);
    // the reader met the file past the limit, or caught it growing past it while reading (or, should the
    // reader ever outrun the writer, read the 63 MiB there were and refused their 7 million rows)
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("a points file may hold at most 64 MiB") || err.contains("rows of points"),
        "{err}"
    );
    std::fs::remove_file(&path).ok();
}

/// After every test above: the largest child stayed far below what the files would have held (/dev/zero
/// is endless, the growing file reached hundreds of MB).
#[test]
#[cfg(target_os = "linux")]
fn no_child_held_more_than_its_limit() {
    devices_are_refused_at_once_by_every_reader();
    a_file_that_keeps_growing_is_stopped_at_the_limit();
    // SAFETY: rusage is plain integers, for which all zeros is a valid value
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we hand it
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(status, 0);
    let peak_mib = usage.ru_maxrss / 1024;
    println!("largest child's peak memory: {peak_mib} MiB");
    assert!(peak_mib < 400, "a child held {peak_mib} MiB");
}

/// What a file holds is quoted on one line: a session whose f(x) holds a newline (read as a space, so
/// the session opens) or a terminal escape (refused) shows either escaped, never raw.
#[test]
fn a_files_content_is_quoted_escaped_on_one_line() {
    let dir = folder();
    let good = dir.join("quoted.approxlab.json");
    let o = common::approxlab(&[
        "train",
        "--target",
        "x",
        "--steps",
        "1",
        "--save-session",
        good.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = std::fs::read_to_string(&good).unwrap();
    for (hostile, escaped) in [("x\\n+1", "f(x) = x\\n+1"), ("x\\u001b[31m", "\\u{1b}")] {
        let bad_text = text.replace(
            "\"expression\":\"x\"",
            &format!("\"expression\":\"{hostile}\""),
        );
        assert!(
            bad_text != text,
            "the f(x) is in the file: {}",
            &text[..200]
        );
        let bad = dir.join("hostile.approxlab.json");
        std::fs::write(&bad, bad_text).unwrap();
        let o = bounded(&["train", "--session", bad.to_str().unwrap(), "--steps", "1"]);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            common::stderr(&o)
        );
        assert!(
            !said.chars().any(|c| c.is_control() && c != '\n'),
            "no raw control character: {said:?}"
        );
        let line = said.lines().find(|l| l.contains(escaped));
        assert!(line.is_some(), "{escaped} on one line in {said}");
        if o.status.code() == Some(2) {
            assert_eq!(common::stderr(&o).trim_end().lines().count(), 1, "{said}");
        }
    }
}
