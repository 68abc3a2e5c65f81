//! The integration tests of the `stratls` command, one binary: every module shares `common`, so
//! a helper no test uses is a warning rather than something to allow.

mod browser;
mod client;
mod common;
mod demo;
mod illustrate;
mod names;
mod server;
mod slow_clients;
mod tls12;
mod www;
