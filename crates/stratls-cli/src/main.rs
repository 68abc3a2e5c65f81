//! `stratls`: see `stratls --help`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    match stratls_cli::run(std::env::args_os().skip(1)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stratls: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
