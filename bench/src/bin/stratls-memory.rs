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
//! Then, per side, what many connections retain: `--connections N` (default 10,000) pairs
//! made and handshaken one after the other and all kept, established and idle; the bytes each
//! side's calls allocated and did not free, divided by N (the vector holding the pairs is
//! allocated beforehand, outside the count).
//!
//! stratls runs with the ring provider, as rustls does. `--json FILE` writes the figures as
//! records of the benchmark's schema (unit `bytes`, the figure in the case name:
//! `CASE/fresh`, `/peak`, `/idle`, `/retained`), `--svg FILE` draws them.
//!
//! Run through `cargo xtask bench --memory [--quick] [CASE...]`.

#![forbid(unsafe_code)]

use std::alloc::System;
use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use stratls::Connection;
use stratls_bench::cases::{CASES, Case, Work};
use stratls_bench::contender::{WRITE_SIZE, payload};
use stratls_bench::record::{self, Record, Who};
use stratls_bench::rustls_side::Rustls;
use stratls_bench::stats::Summary;
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

const USAGE: &str = "\
usage: stratls-memory [--quick] [--connections N] [--json FILE] [--svg FILE] [[--case] CASE...]

the heap one connection holds (fresh, peak, idle) and what each of N established idle
connections retains (default N = 10000, --quick 100), stratls+ring against rustls+ring, for
the full-handshake cases whose name contains CASE
";

/// The command line.
struct Options {
    filters: Vec<String>,
    connections: usize,
    json: Option<std::path::PathBuf>,
    svg: Option<std::path::PathBuf>,
}

fn parse_args() -> Result<Option<Options>, String> {
    use lexopt::prelude::*;
    let mut options = Options {
        filters: Vec::new(),
        connections: 10_000,
        json: None,
        svg: None,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("quick") => options.connections = 100,
            Long("case") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                options
                    .filters
                    .push(value.string().map_err(|e| e.to_string())?);
            }
            Long("connections") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let n: usize = value.parse().map_err(|e: lexopt::Error| e.to_string())?;
                options.connections = n.max(1);
            }
            Long("json") => options.json = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("svg") => options.svg = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Short('h') | Long("help") => return Ok(None),
            Value(v) => options.filters.push(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(Some(options))
}

/// stratls with ring, as the records name it.
const STRATLS: Who = Who {
    label: "stratls+ring",
    library: "stratls",
    provider: "ring",
};
/// rustls with ring.
const RUSTLS: Who = Who {
    label: "rustls+ring",
    library: "rustls",
    provider: "ring",
};

/// What one library's run of a case measured: per side, the figures of one connection and
/// the bytes retained by each of many.
struct Run {
    who: Who,
    client: Figures,
    server: Figures,
    retained: (f64, f64),
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|options| match options {
        None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(options) => run(options),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stratls-memory: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: Options) -> Result<(), String> {
    let filters = &options.filters;
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|c| c.work == Work::Handshake)
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.name.contains(f.as_str())))
        .collect();
    let n = options.connections;
    println!(
        "bytes held per connection: handshake, then {} KiB client to server in {} KiB writes;",
        TRANSFER >> 10,
        WRITE_SIZE >> 10
    );
    println!("retained: per connection of {n} established idle ones, each side's share");
    println!(
        "{:<34} {:<7} {:<7} {:>8} {:>8} {:>8} {:>9}",
        "case", "library", "side", "fresh", "peak", "idle", "retained"
    );
    let mut records = Vec::new();
    for case in cases {
        let name = case.name;
        let stratls = Stratls::with_provider(case, stratls::ring_provider(), STRATLS.label)
            .map_err(|e| format!("{name}: {e}"))?;
        let (client, server) = stratls_run(&stratls).map_err(|e| format!("{name}: {e}"))?;
        let retained = stratls_many(&stratls, n).map_err(|e| format!("{name}: {e}"))?;
        let mut runs = vec![Run {
            who: STRATLS,
            client,
            server,
            retained,
        }];
        // rustls (ring) has no X25519MLKEM768: that case is stratls's alone.
        if case.rustls_can() {
            let rustls = Rustls::new(case).map_err(|e| format!("{name}: {e}"))?;
            let (client, server) = rustls_run(&rustls).map_err(|e| format!("{name}: {e}"))?;
            let retained = rustls_many(&rustls, n).map_err(|e| format!("{name}: {e}"))?;
            runs.push(Run {
                who: RUSTLS,
                client,
                server,
                retained,
            });
        }
        for run in runs {
            for (side, f, kept) in [
                ("client", run.client, run.retained.0),
                ("server", run.server, run.retained.1),
            ] {
                println!(
                    "{name:<34} {:<7} {side:<7} {:>8} {:>8} {:>8} {kept:>9.0}",
                    run.who.library, f.fresh, f.peak, f.idle
                );
                for (figure, bytes) in [
                    ("fresh", f.fresh as f64),
                    ("peak", f.peak as f64),
                    ("idle", f.idle as f64),
                    ("retained", kept),
                ] {
                    records.push(memory_record(name, figure, run.who, side, bytes));
                }
            }
        }
    }
    if let Some(path) = &options.json {
        std::fs::write(path, record::json(&records))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("results written to {}", path.display());
    }
    if let Some(path) = &options.svg {
        // Only the retained bytes: the per-connection figures are in the table.
        let retained: Vec<Record> = records
            .into_iter()
            .filter(|r| r.case.ends_with("/retained"))
            .collect();
        let title = format!("bytes each of {n} idle connections retains (shorter is less)");
        std::fs::write(path, stratls_bench::chart::svg(&retained, &title))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("chart written to {}", path.display());
    }
    Ok(())
}

/// A record of `bytes`, named `CASE/FIGURE`.
fn memory_record(case: &str, figure: &str, who: Who, side: &'static str, bytes: f64) -> Record {
    let case = format!("{case}/{figure}");
    let summary = Summary {
        median: bytes,
        min: bytes,
        max: bytes,
        spread: 0.0,
    };
    Record {
        case,
        who,
        side,
        unit: "bytes",
        summary,
    }
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

/// Makes `n` stratls pairs, one after the other, handshakes each and keeps them all; returns
/// the bytes each client and each server retains.
fn stratls_many(s: &Stratls, n: usize) -> Result<(f64, f64), String> {
    let mut pairs = Vec::with_capacity(n);
    let (mut ca, mut sa) = (Account::default(), Account::default());
    for _ in 0..n {
        let (config, server_config, name) = (s.client.clone(), s.server.clone(), s.name.clone());
        let mut client = ca
            .call(|| Connection::client(config, name))
            .map_err(|e| format!("stratls client: {e}"))?;
        let mut server = sa
            .call(|| Connection::server(server_config))
            .map_err(|e| format!("stratls server: {e}"))?;
        for _ in 0..16 {
            let moved = shuttle(&mut client, &mut ca, &mut server, &mut sa)?
                + shuttle(&mut server, &mut sa, &mut client, &mut ca)?;
            if moved == 0 {
                break;
            }
        }
        if client.is_handshaking() || server.is_handshaking() {
            return Err("stratls handshake did not complete".into());
        }
        pairs.push((client, server));
    }
    let per = |a: Account| a.held as f64 / n as f64;
    let retained = (per(ca), per(sa));
    drop(pairs);
    Ok(retained)
}

/// [`stratls_many`] with rustls.
fn rustls_many(r: &Rustls, n: usize) -> Result<(f64, f64), String> {
    let mut pairs = Vec::with_capacity(n);
    let mut wire = vec![0u8; 64 * 1024];
    let (mut ca, mut sa) = (Account::default(), Account::default());
    for _ in 0..n {
        let (config, server_config, name) = (r.client.clone(), r.server.clone(), r.name.clone());
        let mut client = ca
            .call(|| rustls::ClientConnection::new(config, name))
            .map_err(|e| format!("rustls client: {e}"))?;
        let mut server = sa
            .call(|| rustls::ServerConnection::new(server_config))
            .map_err(|e| format!("rustls server: {e}"))?;
        for _ in 0..16 {
            let moved = rustls_deliver(&mut client, &mut ca, &mut server, &mut sa, &mut wire)?
                + rustls_deliver(&mut server, &mut sa, &mut client, &mut ca, &mut wire)?;
            if moved == 0 {
                break;
            }
        }
        if client.is_handshaking() || server.is_handshaking() {
            return Err("rustls handshake did not complete".into());
        }
        pairs.push((client, server));
    }
    let per = |a: Account| a.held as f64 / n as f64;
    let retained = (per(ca), per(sa));
    drop(pairs);
    Ok(retained)
}
