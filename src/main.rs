//! The `approxlab` binary: everything lives in the library; this only hands over the process.

use approxlab::cache_lines::CacheLines;
use approxlab::cli::{Outcome, run_from_args, window};
use std::process::ExitCode;

/// Large blocks on cache lines, for the vector kernels (see `cache_lines`).
#[global_allocator]
static ALLOCATOR: CacheLines = CacheLines;

fn main() -> ExitCode {
    approxlab::cli::quiet_panics();
    let ran = std::panic::catch_unwind(|| match run_from_args() {
        Outcome::Exit(code) => code,
        Outcome::Window(args) => window::run(args),
    });
    ran.unwrap_or(ExitCode::FAILURE)
}
