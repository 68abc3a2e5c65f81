//! The table of bad inputs and named attacks of docs/security.md, each row a scripted peer:
//! the test plays one side byte by byte, sealing its records under the real keys where the
//! input belongs inside the protected handshake, and checks the alert the side under test
//! sent (opened with that side's keys), the error it returned, and that application data
//! delivered before the failure is still read.
//!
//! The scripts replay a deterministic handshake ([`script`]); each module is one group of
//! the table.

#[path = "../forge/mod.rs"]
mod forge;
#[macro_use]
mod script;

mod after;
mod client_flight;
mod client_hello;
mod framing;
mod named;
mod records;
mod server_flight;
mod smack;
