//! Prints a ClientHello's decoded fields and its JA4 fingerprint.
//!
//! ```text
//! ja4 FILE                 the captured bytes a client sent first (its first flight)
//! ja4 --listen ADDR:PORT   accept one connection, read its first flight, answer nothing
//! ```
#![forbid(unsafe_code)]

use std::io::Read;
use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use ja4::{FlightError, Ja4, MAX_FLIGHT_LEN, describe, read_client_hello};

/// How long the listener waits for each piece of the first flight.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flight = match args.as_slice() {
        [flag, addr] if flag == "--listen" => listen(addr),
        [path] if !path.starts_with('-') => std::fs::read(path).map_err(|e| format!("{path}: {e}")),
        _ => Err("usage: ja4 FILE | ja4 --listen ADDR:PORT".into()),
    };
    let result = flight.and_then(|bytes| read_client_hello(&bytes).map_err(|e| e.to_string()));
    match result {
        Ok(hello) => {
            print!("{}", describe(&hello));
            let ja4 = Ja4::of(&hello);
            println!("ja4:                {ja4}");
            println!("ja4_r:              {}", ja4.raw());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ja4: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Accepts one connection on `addr` and reads until its ClientHello is complete, the client
/// stops sending, or [`MAX_FLIGHT_LEN`] bytes have come.
fn listen(addr: &str) -> Result<Vec<u8>, String> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("{addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!("listening on {local}");
    let (mut sock, peer) = listener.accept().map_err(|e| e.to_string())?;
    eprintln!("connection from {peer}");
    sock.set_read_timeout(Some(READ_TIMEOUT))
        .map_err(|e| e.to_string())?;
    let mut flight = Vec::new();
    let mut buf = [0u8; 4096];
    while flight.len() < MAX_FLIGHT_LEN {
        match read_client_hello(&flight) {
            Err(FlightError::Truncated) => {}
            _ => break,
        }
        let n = sock.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        flight.extend_from_slice(&buf[..n]);
    }
    Ok(flight)
}
