//! Hostile files for every reader — model JSON, session files, CSV points, the saved window state — built
//! from a valid file and then cut short, flipped byte by byte, given huge numbers, NaN and infinities,
//! deep nesting, wrong types and unicode: 10 000 cases each (and a few 10 MB inputs). Never a panic, and
//! every refusal is one sentence (one line, not empty). The slowest case per reader is printed, not
//! asserted (timings are measured, not tested).

use approxlab::app::UiState;
use approxlab::data::csv_points::read_points;
use approxlab::files::{model, session};
use approxlab::train::{Settings, Trainer};
use proptest::prelude::*;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The slowest case seen per reader.
static SLOWEST: Mutex<[(Duration, &str); 4]> = Mutex::new([
    (Duration::ZERO, "model"),
    (Duration::ZERO, "session"),
    (Duration::ZERO, "csv"),
    (Duration::ZERO, "window state"),
]);

fn valid_model() -> String {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let t = Trainer::<f64>::new(Settings::default()).unwrap();
        serde_json::to_string_pretty(&model::ModelFile::from_mlp(t.mlp())).unwrap()
    })
    .clone()
}

fn valid_session() -> String {
    let mut s = Settings::default();
    s.data.points = 20;
    s.net.width = 3;
    let mut t = Trainer::<f32>::new(s).unwrap();
    t.advance(5);
    session::to_text(&t.saved()).unwrap()
}

fn valid_csv() -> String {
    "x,y\n-1,0.5\n0,1\n1,1.5\n2,2\n".to_string()
}

fn valid_state() -> String {
    ron::to_string(&UiState::default()).unwrap()
}

/// One refusal: a sentence, on one line.
fn one_sentence(e: &str, what: &str, input: &str) {
    assert!(
        !e.trim().is_empty(),
        "{what}: an empty refusal for {input:?}"
    );
    assert!(
        !e.contains('\n'),
        "{what}: a refusal of several lines: {e:?}"
    );
}

fn timed(slot: usize, f: impl FnOnce()) {
    let start = Instant::now();
    f();
    let took = start.elapsed();
    let mut slowest = SLOWEST.lock().unwrap();
    if took > slowest[slot].0 {
        slowest[slot].0 = took;
    }
}

fn read_model(text: &str) {
    timed(0, || {
        if let Err(e) = model::parse(text) {
            one_sentence(&e, "model", text);
        }
    });
}

fn read_session(text: &str) {
    timed(1, || match session::parse(text) {
        Ok(lab) => {
            // a file that parses must also restore or be refused with a sentence
            if let Err(e) = lab.restore::<f32>() {
                one_sentence(&e, "session restore", text);
            }
        }
        Err(e) => one_sentence(&e, "session", text),
    });
}

fn read_csv(text: &str) {
    timed(2, || {
        if let Err(e) = read_points(text, None) {
            one_sentence(&e, "csv", text);
        }
    });
}

fn read_state(text: &str) {
    timed(3, || {
        if let Err(e) = approxlab::app::restore_state(text) {
            one_sentence(&e, "window state", text);
        }
    });
}

/// A hostile version of `valid`: one of several kinds of damage, chosen and placed by the numbers.
fn damage(valid: &str, kind: u8, at: usize, len: usize, junk: &str) -> String {
    let bytes = valid.as_bytes();
    let at = at % (bytes.len() + 1);
    let splice = |insert: &str| {
        let mut v = bytes[..at].to_vec();
        v.extend_from_slice(insert.as_bytes());
        v.extend_from_slice(&bytes[(at + len).min(bytes.len())..]);
        String::from_utf8_lossy(&v).into_owned()
    };
    match kind % 8 {
        0 => String::from_utf8_lossy(&bytes[..at]).into_owned(),
        1 => {
            let mut v = bytes.to_vec();
            for k in 0..len.clamp(1, 8) {
                let i = (at + k * 7919) % v.len().max(1);
                if let Some(b) = v.get_mut(i) {
                    *b ^= 1 << (k % 8);
                }
            }
            String::from_utf8_lossy(&v).into_owned()
        }
        2 => splice(
            [
                "1e308",
                "-1e309",
                "NaN",
                "inf",
                "-inf",
                "1e-400",
                "18446744073709551616",
                "-0",
            ][len % 8],
        ),
        3 => splice(&"[".repeat(len * 40 + 1)),
        4 => splice(
            [
                "\"text\"",
                "true",
                "null",
                "{}",
                "[]",
                "-1",
                "0.5",
                "\"\u{202e}\"",
            ][len % 8],
        ),
        5 => splice(junk),
        6 => splice(&"{\"a\":".repeat(len * 30 + 1)),
        _ => format!("{junk}{valid}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_207),
        ..ProptestConfig::default()
    })]

    #[test]
    fn model_files(kind in 0u8..8, at in 0usize..100_000, len in 0usize..40, junk in "\\PC{0,20}") {
        read_model(&damage(&valid_model(), kind, at, len, &junk));
    }

    #[test]
    fn session_files(kind in 0u8..8, at in 0usize..100_000, len in 0usize..40, junk in "\\PC{0,20}") {
        read_session(&damage(&valid_session(), kind, at, len, &junk));
    }

    #[test]
    fn csv_files(kind in 0u8..8, at in 0usize..100, len in 0usize..40, junk in "\\PC{0,20}") {
        read_csv(&damage(&valid_csv(), kind, at, len, &junk));
    }

    #[test]
    fn saved_window_states(kind in 0u8..8, at in 0usize..10_000, len in 0usize..40, junk in "\\PC{0,20}") {
        read_state(&damage(&valid_state(), kind, at, len, &junk));
    }
}

#[test]
fn ten_megabyte_inputs_are_refused_or_read_without_a_panic() {
    let big_numbers = "1,2\n".repeat(2_500_000);
    read_csv(&big_numbers);
    let nested = "[".repeat(10_000_000);
    read_model(&nested);
    read_session(&nested);
    read_state(&nested);
    let text = "é".repeat(5_000_000);
    read_model(&text);
    read_csv(&text);
    let slowest = SLOWEST.lock().unwrap();
    for (took, what) in slowest.iter() {
        eprintln!("slowest {what} case so far: {took:?}");
    }
}

#[test]
fn the_valid_files_are_read() {
    assert!(model::parse(&valid_model()).is_ok());
    assert!(session::parse(&valid_session()).is_ok());
    assert_eq!(read_points(&valid_csv(), None).unwrap().len(), 4);
    assert_eq!(
        approxlab::app::restore_state(&valid_state()).unwrap(),
        (UiState::default(), Vec::new())
    );
}
