//! The `stratls` command: `demo` (a live, annotated handshake over 127.0.0.1), `client` (the
//! role of `openssl s_client`) and `server` (the role of `openssl s_server`), built on the
//! `stratls` facade only.
//!
//! The binary is a thin `main` over [`run`]; the modules are public so that the name parsing,
//! the message descriptions and the demo's story can be tested on their own.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod args;
pub mod certinfo;
pub mod client;
pub mod config;
pub mod deadline;
pub mod demo;
pub mod describe;
pub mod error;
pub mod illustrate;
pub mod names;
pub mod pool;
pub mod server;
pub mod trace;
pub mod www;

pub use crate::error::CliError;

use std::ffi::OsString;

use crate::args::Command;

/// Runs the command given by `args` (without the program name).
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<(), CliError> {
    match args::parse(args)? {
        Command::Help(text) => {
            println!("{text}");
            Ok(())
        }
        Command::Demo(a) => demo::run(&a),
        Command::Client(a) => client::run(&a),
        Command::Server(a) => server::run(&a),
    }
}
