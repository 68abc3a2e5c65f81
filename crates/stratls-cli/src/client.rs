//! `stratls client`: connect, report, then copy stdin to the connection and the connection to
//! stdout.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use stratls::{ClientConfig, Observer, Stream, TicketStore};

use crate::args::ClientArgs;
use crate::certinfo::CertSummary;
use crate::config;
use crate::deadline::{DeadlinePassed, TimedTcp, Timeout};
use crate::error::CliError;
use crate::illustrate::{self, Illustrator};
use crate::trace::{TraceObserver, negotiated_line};

/// How long one read of the socket waits before stdin is looked at again.
const POLL: Duration = Duration::from_millis(20);

/// Runs the client.
pub fn run(args: &ClientArgs) -> Result<(), CliError> {
    let host = host_of(&args.address)?;
    let name = args.servername.clone().unwrap_or_else(|| host.to_string());
    config::check_server_name(&name)?;
    let illustrator = args
        .illustrate
        .as_ref()
        .map(|_| Illustrator::new(stratls::Side::Client));
    let mut config = client_config(args, illustrator.clone())?;
    if args.reconnect {
        let store = Arc::new(stratls::MemoryTicketStore::new(RECONNECTS * 2));
        config.ticket_store = store.clone();
        return reconnect(args, Arc::new(config), &name, &store);
    }
    let store = Arc::new(stratls::MemoryTicketStore::new(8));
    if args.sess_in.is_some() || args.sess_out.is_some() {
        config.ticket_store = store.clone();
    }
    if let Some(path) = &args.sess_in {
        store.put(read_session(path)?);
    }
    let early = match &args.early_data {
        Some(path) => {
            config.enable_early_data = true;
            Some(std::fs::read(path).map_err(|e| CliError::File {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?)
        }
        None => None,
    };
    let config = Arc::new(config);
    let result = converse(args, config, &name, early.as_deref());
    if let (Some(path), Ok(())) = (&args.sess_out, &result) {
        write_session(path, &store, &name)?;
    }
    if let (Some(path), Some(i)) = (&args.illustrate, illustrator) {
        let error = result.as_ref().err().map(ToString::to_string);
        let title = format!("stratls client → {} ({name})", args.address);
        illustrate::write_page(path, &i.page(&title, error.as_deref()))?;
        eprintln!("illustrated connection written to {}", path.display());
    }
    result
}

/// The ticket of a session file (`--sess-in`).
fn read_session(path: &std::path::Path) -> Result<stratls::StoredTicket, CliError> {
    let bad = |reason: String| CliError::File {
        path: path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    stratls::StoredTicket::decode(&bytes).ok_or_else(|| bad("not a stratls session file".into()))
}

/// Writes the newest ticket for `name` to a session file (`--sess-out`), readable by the user
/// only: it holds the ticket's PSK.
fn write_session(
    path: &std::path::Path,
    store: &stratls::MemoryTicketStore,
    name: &str,
) -> Result<(), CliError> {
    use std::os::unix::fs::OpenOptionsExt;
    let Some(encoded) = store.take(name).and_then(|t| t.encode()) else {
        eprintln!("no session ticket came: {} not written", path.display());
        return Ok(());
    };
    let bad = |e: io::Error| CliError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(bad)?;
    file.write_all(encoded.as_bytes()).map_err(bad)?;
    eprintln!("session written to {}", path.display());
    Ok(())
}

/// Connections of `--reconnect`: one full handshake and 5 resumed ones, as s_client makes.
const RECONNECTS: usize = 6;
/// How long `--reconnect` waits after each handshake for the server's tickets.
const TICKET_WAIT: Duration = Duration::from_secs(1);

/// `--reconnect`: connects [`RECONNECTS`] times, each time, with no ticket in hand, reading
/// the server's tickets for up to [`TICKET_WAIT`], then closing; prints each connection as new
/// or resumed.
fn reconnect(
    args: &ClientArgs,
    config: Arc<ClientConfig>,
    name: &str,
    store: &stratls::MemoryTicketStore,
) -> Result<(), CliError> {
    let mut resumed_count = 0;
    for i in 1..=RECONNECTS {
        let deadline = Instant::now() + args.handshake_timeout;
        let tcp = connect_by(&args.address, deadline)?;
        let mut timed = TimedTcp::new(tcp);
        timed.set_both(Timeout::At(deadline));
        let mut tls = stratls::connect(config.clone(), name, timed).map_err(|e| {
            CliError::from_stream(format!("handshake {i} with {}", args.address), e)
        })?;
        let n = tls.connection().negotiated().cloned().unwrap_or_default();
        let kind = if n.resumed { "resumed" } else { "new" };
        resumed_count += usize::from(n.resumed);
        eprintln!("connection {i}: {kind}, {}", negotiated_line(&n));
        // The tickets come after the handshake: without one in hand, read until one came or
        // for a bounded time (each read returns data, the end, or the deadline's timeout).
        tls.get_mut()
            .set_read(Timeout::At(Instant::now() + TICKET_WAIT));
        let mut buf = [0u8; 1024];
        while store.is_empty() {
            match tls.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        let _ = tls.close();
    }
    eprintln!(
        "{resumed_count} of {} reconnections resumed",
        RECONNECTS - 1
    );
    Ok(())
}

/// Connects, reports and copies until either side is done.
fn converse(
    args: &ClientArgs,
    config: Arc<ClientConfig>,
    name: &str,
    early: Option<&[u8]>,
) -> Result<(), CliError> {
    // One budget for connecting and the handshake, however the server's bytes arrive.
    let deadline = Instant::now() + args.handshake_timeout;
    let tcp = connect_by(&args.address, deadline)?;
    // Interactive traffic: small writes go out at once.
    let _ = tcp.set_nodelay(true);
    let mut timed = TimedTcp::new(tcp);
    timed.set_both(Timeout::At(deadline));
    let server_name = stratls::ServerName::try_from(name.to_string())
        .map_err(|e| CliError::Usage(format!("server name {name:?}: {e}")))?;
    let mut conn = stratls::Connection::client(config, server_name)
        .map_err(|e| CliError::from_stream("starting the client", io::Error::other(e)))?;
    if let Some(data) = early {
        match conn.write_early_data_replayable(data) {
            Ok(n) => eprintln!("early data: {n} of {} bytes sent as 0-RTT", data.len()),
            Err(_) => eprintln!("early data not sent: no session ticket that allows 0-RTT"),
        }
    }
    let mut tls = Stream::new(conn, timed);
    tls.handshake().map_err(|e| {
        let context = format!("handshake with {}", args.address);
        if DeadlinePassed::is(&e) {
            CliError::Io {
                context,
                error: io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "not done within {} s (--handshake-timeout)",
                        args.handshake_timeout.as_secs_f64()
                    ),
                ),
            }
        } else {
            CliError::from_stream(context, e)
        }
    })?;
    report(&tls, &args.address);
    pump(&mut tls)
}

/// Connects to the first address of `address` that answers before `deadline`.
fn connect_by(address: &str, deadline: Instant) -> Result<TcpStream, CliError> {
    let failed = |error| CliError::Io {
        context: format!("connecting to {address}"),
        error,
    };
    let mut last = io::Error::new(io::ErrorKind::NotFound, "the name has no address");
    for addr in address.to_socket_addrs().map_err(failed)? {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            last = io::Error::new(io::ErrorKind::TimedOut, "no answer before the deadline");
            break;
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(tcp) => return Ok(tcp),
            Err(e) => last = e,
        }
    }
    Err(failed(last))
}

fn host_of(address: &str) -> Result<&str, CliError> {
    let (host, port) = address
        .rsplit_once(':')
        .ok_or_else(|| CliError::Usage(format!("{address:?} is not HOST:PORT")))?;
    if port.parse::<u16>().is_err() {
        return Err(CliError::Usage(format!("{address:?}: bad port {port:?}")));
    }
    Ok(host.trim_start_matches('[').trim_end_matches(']'))
}

fn client_config(
    args: &ClientArgs,
    illustrator: Option<Arc<Illustrator>>,
) -> Result<ClientConfig, CliError> {
    let roots = match &args.cafile {
        Some(path) => config::roots_from_file(path)?,
        None => config::native_roots()?,
    };
    let trace: Option<Arc<dyn Observer>> = args
        .common
        .trace
        .then(|| Arc::new(TraceObserver::new("client")) as Arc<dyn Observer>);
    let secret_events = illustrator.is_some();
    let observer = illustrate::observers(trace, illustrator);
    let mut b =
        stratls::client_config_with_provider(config::provider(args.common.dangerous_rsa_kx, false))
            .with_root_certificates(roots);
    if secret_events {
        // The page shows the connection's secrets: asked for explicitly with --illustrate.
        b = b.dangerous().with_secret_events();
    }
    let b = match (&args.cert, &args.key) {
        (Some(cert), Some(key)) => {
            b.with_client_auth_cert(config::load_chain(cert)?, config::load_key(key)?)
        }
        _ => b.with_no_client_auth(),
    };
    let mut config = config::apply_common(b, &args.common, observer)?.build()?;
    config.external_psk = config::external_psk(&args.common)?;
    Ok(config)
}

fn report(tls: &Stream<TimedTcp>, address: &str) {
    let n = &tls.connection().negotiated().cloned().unwrap_or_default();
    eprintln!("connected to {address}: {}", negotiated_line(n));
    if let Some(leaf) = n.peer_certificates.first() {
        let s = CertSummary::of(leaf);
        eprintln!(
            "server certificate: {} (issued by {}; SHA-256 {})",
            s.subject_or_unknown(),
            s.issuer_or_unknown(),
            s.sha256
        );
    }
    if n.client_auth_requested {
        eprintln!("the server asked for a client certificate");
    }
}

/// Reads stdin on a thread of its own; each chunk arrives on the channel, and the channel
/// closes at the end of stdin.
fn stdin_chunks() -> Receiver<Vec<u8>> {
    // A small bound keeps a fast stdin from piling up in memory while the network is slow.
    let (tx, rx) = mpsc::sync_channel(4);
    thread::spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    });
    rx
}

/// Copies stdin to the connection and the connection to stdout until the server closes. At the
/// end of stdin, close_notify goes out and reading goes on.
fn pump(tls: &mut Stream<TimedTcp>) -> Result<(), CliError> {
    // Reads come back every POLL to look at stdin; writes wait as long as the server needs.
    tls.get_mut().set_read(Timeout::Each(POLL));
    tls.get_mut().set_write(Timeout::Never);
    let input = stdin_chunks();
    let mut stdin_open = true;
    let mut stdout = io::stdout().lock();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        while stdin_open {
            match input.try_recv() {
                Ok(chunk) => tls
                    .write_all(&chunk)
                    .map_err(|e| CliError::from_stream("sending", e))?,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    stdin_open = false;
                    tls.close()
                        .map_err(|e| CliError::from_stream("sending close_notify", e))?;
                }
            }
        }
        match tls.read(&mut buf) {
            Ok(0) => {
                eprintln!("the server closed the connection (close_notify)");
                if stdin_open {
                    // Answer with our own close_notify; a failure here changes nothing.
                    let _ = tls.close();
                }
                return Ok(());
            }
            Ok(n) => {
                stdout
                    .write_all(&buf[..n])
                    .and_then(|()| stdout.flush())
                    .map_err(|error| CliError::Io {
                        context: "writing to stdout".into(),
                        error,
                    })?;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(CliError::from_stream("receiving", e)),
        }
    }
}
