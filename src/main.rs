//! The `approxlab` binary: everything lives in the library; this only hands over the process.

use clap::CommandFactory as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    match approxlab::cli::run_from_args() {
        Some(code) => code,
        None => {
            let _ = approxlab::cli::Cli::command().print_help();
            ExitCode::SUCCESS
        }
    }
}
