//! `stratls-memory`: the heap one connection holds, stratls against rustls, counted by a
//! counting allocator (this binary's global allocator; the timing binary has none).
//!
//! A client and a server of one library run in memory: a full handshake of the case, then
//! 1 MiB from client to server in 16 KiB writes, each read by the server as it arrives. Every
//! call on a connection is counted on that connection's account (bytes allocated less bytes
//! freed inside the call; the TLS bytes between the two sides cross in a buffer of the
//! driver's, allocated once outside), which gives, per side:
//!
//! - fresh: after the connection was made (a client has its ClientHello queued);
//! - peak: the most it held after any call, during the handshake and the transfer;
//! - idle: after the transfer, its output sent and its plaintext read.
//!
//! Transient allocations inside one call are not in the peak: it is what a connection keeps
//! between two calls, which is what a server holding many connections pays for each.
//!
//! Run through `cargo xtask bench --memory [--case NAME]`.

#![forbid(unsafe_code)]

use std::alloc::System;
use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use stratls::Connection;
use stratls_bench::cases::{CASES, Case, Work};
use stratls_bench::contender::{WRITE_SIZE, payload};
use stratls_bench::rustls_side::Rustls;
use stratls_bench::stratls_side::Stratls;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Data sent from client to server after the handshake.
const TRANSFER: usize = 1 << 20;

/// What one connection holds: the bytes allocated and not freed inside the calls made on it,
/// and the most it held after any call.
#[derive(Debug, Default, Clone, Copy)]
struct Account {
    held: isize,
    peak: isize,
}

impl Account {
    fn call<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let region = Region::new(GLOBAL);
        let out = f();
        let change = region.change();
        // A reallocation's growth and shrinking are in bytes_allocated / bytes_deallocated.
        self.held += change.bytes_allocated as isize - change.bytes_deallocated as isize;
        self.peak = self.peak.max(self.held);
        out
    }
}

/// The figures of one side.
#[derive(Debug, Default, Clone, Copy)]
struct Figures {
    fresh: isize,
    peak: isize,
    idle: isize,
}

impl Figures {
    fn of(fresh: isize, account: Account) -> Self {
        Self {
            fresh,
            peak: account.peak,
            idle: account.held,
        }
    }
}

fn main() -> ExitCode {
    let filters: Vec<String> = std::env::args().skip(1).collect();
    if filters.iter().any(|a| a == "-h" || a == "--help") {
        println!(
            "usage: stratls-memory [CASE...]\n\nthe heap one connection holds (fresh, peak, idle), \
             stratls against rustls, for the handshake cases whose name contains CASE"
        );
        return ExitCode::SUCCESS;
    }
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|c| c.work == Work::Handshake)
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.name.contains(f.as_str())))
        .collect();
    println!(
        "bytes held per connection: handshake, then {} KiB client to server in {} KiB writes",
        TRANSFER >> 10,
        WRITE_SIZE >> 10
    );
    println!(
        "{:<24} {:<7} {:<7} {:>8} {:>8} {:>8}",
        "case", "library", "side", "fresh", "peak", "idle"
    );
    for case in cases {
        // rustls (ring) has no X25519MLKEM768: that case is stratls's alone.
        let runs = Stratls::new(case)
            .and_then(|s| stratls_run(&s))
            .map(|r| vec![("stratls", r)])
            .and_then(|mut runs| {
                if case.rustls_can() {
                    let b = Rustls::new(case).and_then(|r| rustls_run(&r))?;
                    runs.push(("rustls", b));
                }
                Ok(runs)
            });
        let runs = match runs {
            Ok(runs) => runs,
            Err(e) => {
                eprintln!("stratls-memory: {}: {e}", case.name);
                return ExitCode::FAILURE;
            }
        };
        for (library, (client, server)) in runs {
            for (side, f) in [("client", client), ("server", server)] {
                println!(
                    "{:<24} {library:<7} {side:<7} {:>8} {:>8} {:>8}",
                    case.name, f.fresh, f.peak, f.idle
                );
            }
        }
    }
    ExitCode::SUCCESS
}

/// Moves every byte `from` has queued to `to`; returns how many moved.
fn shuttle(
    from: &mut Connection,
    from_account: &mut Account,
    to: &mut Connection,
    to_account: &mut Account,
) -> Result<usize, String> {
    let mut moved = 0;
    loop {
        let pending = from.pending_tls();
        if pending.is_empty() {
            return Ok(moved);
        }
        let taken = to_account
            .call(|| to.read_tls(pending))
            .map_err(|e| format!("stratls read_tls: {e}"))?;
        if taken == 0 {
            return Ok(moved);
        }
        from_account.call(|| from.consume_tls(taken));
        moved += taken;
    }
}

fn stratls_run(s: &Stratls) -> Result<(Figures, Figures), String> {
    let (mut ca, mut sa) = (Account::default(), Account::default());
    let (config, server_config, name) = (s.client.clone(), s.server.clone(), s.name.clone());
    let mut client = ca
        .call(|| Connection::client(config, name))
        .map_err(|e| format!("stratls client: {e}"))?;
    let client_fresh = ca.held;
    let mut server = sa
        .call(|| Connection::server(server_config))
        .map_err(|e| format!("stratls server: {e}"))?;
    let server_fresh = sa.held;
    let data = payload();
    let mut sink = vec![0u8; WRITE_SIZE];
    let (mut sent, mut received) = (0, 0);
    for _ in 0..(4 * TRANSFER / WRITE_SIZE) {
        if !client.is_handshaking() && sent < TRANSFER {
            let piece = &data[..WRITE_SIZE.min(TRANSFER - sent)];
            sent += ca
                .call(|| client.write(piece))
                .map_err(|e| format!("stratls write: {e}"))?;
        }
        let moved = shuttle(&mut client, &mut ca, &mut server, &mut sa)?
            + shuttle(&mut server, &mut sa, &mut client, &mut ca)?;
        while let Ok(stratls::handshake::Read::Data(n)) = sa.call(|| server.read(&mut sink)) {
            received += n;
        }
        if moved == 0 && sent == TRANSFER {
            break;
        }
    }
    if received != TRANSFER {
        return Err(format!("stratls: {received} of {TRANSFER} bytes arrived"));
    }
    let figures = (Figures::of(client_fresh, ca), Figures::of(server_fresh, sa));
    drop((client, server));
    Ok(figures)
}

/// Moves every byte `from` has queued to `to` through `wire` (allocated by the caller).
fn rustls_deliver<F, T>(
    from: &mut rustls::ConnectionCommon<F>,
    from_account: &mut Account,
    to: &mut rustls::ConnectionCommon<T>,
    to_account: &mut Account,
    wire: &mut [u8],
) -> Result<usize, String> {
    let mut moved = 0;
    while from.wants_write() {
        let n = from_account
            .call(|| from.write_tls(&mut &mut wire[..]))
            .map_err(|e| format!("rustls write_tls: {e}"))?;
        let mut rest = &wire[..n];
        while !rest.is_empty() {
            let taken = to_account
                .call(|| to.read_tls(&mut rest))
                .map_err(|e| format!("rustls read_tls: {e}"))?;
            to_account
                .call(|| to.process_new_packets().map(|_| ()))
                .map_err(|e| format!("rustls process_new_packets: {e}"))?;
            if taken == 0 {
                return Err("rustls receiver full".into());
            }
        }
        moved += n;
    }
    Ok(moved)
}

fn rustls_run(r: &Rustls) -> Result<(Figures, Figures), String> {
    let (mut ca, mut sa) = (Account::default(), Account::default());
    let (config, server_config, name) = (r.client.clone(), r.server.clone(), r.name.clone());
    let mut client = ca
        .call(|| rustls::ClientConnection::new(config, name))
        .map_err(|e| format!("rustls client: {e}"))?;
    let client_fresh = ca.held;
    let mut server = sa
        .call(|| rustls::ServerConnection::new(server_config))
        .map_err(|e| format!("rustls server: {e}"))?;
    let server_fresh = sa.held;
    let data = payload();
    let mut sink = vec![0u8; WRITE_SIZE];
    let mut wire = vec![0u8; 64 * 1024];
    let (mut sent, mut received) = (0, 0);
    for _ in 0..(4 * TRANSFER / WRITE_SIZE) {
        if !client.is_handshaking() && sent < TRANSFER {
            let piece = &data[..WRITE_SIZE.min(TRANSFER - sent)];
            sent += ca
                .call(|| client.writer().write(piece))
                .map_err(|e| format!("rustls write: {e}"))?;
        }
        let moved = rustls_deliver(&mut client, &mut ca, &mut server, &mut sa, &mut wire)?
            + rustls_deliver(&mut server, &mut sa, &mut client, &mut ca, &mut wire)?;
        loop {
            match sa.call(|| server.reader().read(&mut sink)) {
                Ok(0) => break,
                Ok(n) => received += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => return Err(format!("rustls read: {e}")),
            }
        }
        if moved == 0 && sent == TRANSFER {
            break;
        }
    }
    if received != TRANSFER {
        return Err(format!("rustls: {received} of {TRANSFER} bytes arrived"));
    }
    let figures = (Figures::of(client_fresh, ca), Figures::of(server_fresh, sa));
    drop((client, server));
    Ok(figures)
}
