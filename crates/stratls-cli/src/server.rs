//! `stratls server`: accept TLS connections, one thread each, and echo or serve a status page.
//!
//! Every stage of a connection has a time limit (see [`ServerTimeouts`]) enforced by the
//! transport ([`TimedTcp`]), and the connections share a [`Pool`] in which a handshake in
//! progress gives way to a new connection when all places are taken.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use stratls::{Observer, ServerConfig, Stream};

use crate::args::{ServerArgs, ServerTimeouts, VerifyClient};
use crate::config;
use crate::deadline::{DeadlinePassed, TimedTcp, Timeout};
use crate::error::CliError;
use crate::illustrate::{self, Illustrator, PageBudget};
use crate::pool::{Pool, Ticket};
use crate::trace::{TraceObserver, negotiated_line};
use crate::www;

/// Connections served at once. When all are taken, a new connection evicts the oldest
/// handshake in progress; if every one is established, new clients wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 64;

/// The 0-RTT data `--early-data` accepts per connection (s_server's default).
const EARLY_DATA_MAX: u32 = 16384;
/// ClientHellos whose early data `--early-data` remembers at once; past it, 0-RTT is declined
/// until older ones leave the age window.
const ANTI_REPLAY_ENTRIES: usize = 4096;

/// How long the server waits for the client to finish after it sent close_notify.
const LINGER: Duration = Duration::from_secs(2);

/// The pause after a failed accept (out of file descriptors, say) before the next one.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Runs the server until the process is killed.
pub fn run(args: &ServerArgs) -> Result<(), CliError> {
    let config = Arc::new(server_config(args)?);
    let address = listen_address(&args.accept);
    let listener = TcpListener::bind(&address).map_err(|error| CliError::Io {
        context: format!("listening on {address}"),
        error,
    })?;
    let local = listener.local_addr().map_err(|error| CliError::Io {
        context: "reading the listen address".into(),
        error,
    })?;
    eprintln!("stratls server listening on {local}");
    let budget = match &args.illustrate {
        Some(i) => {
            std::fs::create_dir_all(&i.dir).map_err(|error| CliError::Io {
                context: format!("creating {}", i.dir.display()),
                error,
            })?;
            Some(Arc::new(PageBudget::new(
                i.dir.clone(),
                i.max_pages,
                i.max_bytes,
            )))
        }
        None => None,
    };
    let pool = Pool::new(MAX_CONNECTIONS);
    let mut id: u64 = 0;
    loop {
        pool.wait_for_room();
        let (tcp, peer) = match listener.accept() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("accept failed: {e}");
                thread::sleep(ACCEPT_RETRY);
                continue;
            }
        };
        id += 1;
        let ticket = match pool.admit(id, &tcp) {
            Ok(ticket) => ticket,
            Err(e) => {
                eprintln!("conn {id} from {peer}: no place for it: {e}");
                continue;
            }
        };
        let illustrator = match &budget {
            Some(b) if b.has_room() => Some(Illustrator::new(stratls::Side::Server)),
            Some(_) => {
                eprintln!("conn {id}: no page (the --illustrate budget is spent)");
                None
            }
            None => None,
        };
        let page = illustrator.clone().zip(budget.clone());
        let config = connection_config(&config, args.common.trace, id, illustrator);
        let (www, timeouts) = (args.www, args.timeouts);
        let spawned = thread::Builder::new()
            .name(format!("conn {id}"))
            .spawn(move || {
                serve_and_report(config, tcp, peer, www, timeouts, ticket, page);
            });
        if let Err(e) = spawned {
            // The closure, and with it the connection's ticket, is gone: its place is free.
            eprintln!("conn {id} from {peer}: no thread for it: {e}");
        }
    }
}

/// Serves one connection and prints the line that describes it. The ticket goes back to the
/// pool when this returns.
fn serve_and_report(
    config: Arc<ServerConfig>,
    tcp: TcpStream,
    peer: SocketAddr,
    www: bool,
    timeouts: ServerTimeouts,
    mut ticket: Ticket,
    page: Option<(Arc<Illustrator>, Arc<PageBudget>)>,
) {
    let served = serve(config, tcp, www, timeouts, &mut ticket);
    let line = match &served {
        Ok(summary) => summary.clone(),
        Err(e) => e.to_string(),
    };
    eprintln!("conn {} from {peer}: {line}", ticket.id());
    if let Some((illustrator, budget)) = page {
        let id = ticket.id();
        let error = served.as_ref().err().map(ToString::to_string);
        let title = format!("stratls server, connection {id} from {peer}");
        let html = illustrator.page(&title, error.as_deref());
        match budget.write(&format!("conn-{id}.html"), &html) {
            Ok(Some(path)) => eprintln!("conn {id}: illustrated in {}", path.display()),
            Ok(None) => eprintln!("conn {id}: no page (the --illustrate budget is spent)"),
            Err(e) => eprintln!("conn {id}: {e}"),
        }
    }
}

/// `4433` alone means 127.0.0.1:4433, as `openssl s_server -accept` takes it.
fn listen_address(accept: &str) -> String {
    if accept.parse::<u16>().is_ok() {
        format!("127.0.0.1:{accept}")
    } else {
        accept.to_string()
    }
}

fn server_config(args: &ServerArgs) -> Result<ServerConfig, CliError> {
    let b =
        stratls::server_config_with_provider(config::provider(args.common.dangerous_rsa_kx, false));
    let b = match &args.verify_client {
        None => b.with_no_client_auth(),
        Some(VerifyClient::Required(p)) => b.with_required_client_cert(config::roots_from_file(p)?),
        Some(VerifyClient::Optional(p)) => b.with_optional_client_cert(config::roots_from_file(p)?),
    };
    let b = b.with_single_cert(
        config::load_chain(&args.cert)?,
        config::load_key(&args.key)?,
    );
    let mut b = config::apply_common(b, &args.common, None)?;
    if args.illustrate.is_some() {
        // The pages show the connections' secrets: asked for explicitly with --illustrate.
        b = b.dangerous().with_secret_events();
    }
    let mut config = b.build()?;
    config.external_psks = config::external_psk(&args.common)?.into_iter().collect();
    if args.early_data {
        config.max_early_data_size = EARLY_DATA_MAX;
        config.anti_replay = Some(Arc::new(stratls::MemoryAntiReplay::new(
            config.early_data_window,
            ANTI_REPLAY_ENTRIES,
        )));
    }
    Ok(config)
}

fn connection_config(
    config: &Arc<ServerConfig>,
    trace: bool,
    id: u64,
    illustrator: Option<Arc<Illustrator>>,
) -> Arc<ServerConfig> {
    let trace =
        trace.then(|| Arc::new(TraceObserver::new(format!("conn {id}"))) as Arc<dyn Observer>);
    match illustrate::observers(trace, illustrator) {
        Some(observer) => config::server_with_observer(config, observer),
        None => Arc::clone(config),
    }
}

/// Why a connection ended before it was served to the end.
#[derive(Debug)]
enum Failure {
    /// The connection failed: the client's error, the server's, or the socket's.
    Error(CliError),
    /// The server gave up on a slow or silent client, or evicted its handshake.
    Dropped(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Error(e) => write!(f, "failed: {e}"),
            Self::Dropped(why) => write!(f, "dropped: {why}"),
        }
    }
}

impl From<CliError> for Failure {
    fn from(e: CliError) -> Self {
        Self::Error(e)
    }
}

/// Serves one connection; returns the line that describes it.
fn serve(
    config: Arc<ServerConfig>,
    tcp: TcpStream,
    www: bool,
    t: ServerTimeouts,
    ticket: &mut Ticket,
) -> Result<String, Failure> {
    let accepted = Instant::now();
    tcp.set_nodelay(true).map_err(|error| CliError::Io {
        context: "setting TCP_NODELAY".into(),
        error,
    })?;
    let conn = stratls::Connection::server(config)
        .map_err(|e| CliError::from_stream("handshake", io::Error::other(e)))?;
    let mut tls = Stream::new(conn, TimedTcp::new(tcp));
    // One budget for the whole handshake, in both directions, however the bytes arrive.
    tls.get_mut().set_both(Timeout::At(accepted + t.handshake));
    let handshake = tls.handshake();
    if let Err(e) = handshake {
        if ticket.evicted() {
            return Err(evicted());
        }
        if timed_out(&e) {
            tls.get_ref().abort();
            return Err(Failure::Dropped(format!(
                "no handshake within {} (--handshake-timeout)",
                seconds(t.handshake)
            )));
        }
        // The alert is out; let it reach the client before the socket closes.
        linger(tls.get_mut());
        return Err(CliError::from_stream("handshake", e).into());
    }
    if !ticket.establish() {
        tls.get_ref().abort();
        return Err(evicted());
    }
    let summary = negotiated_line(&tls.connection().negotiated().cloned().unwrap_or_default());
    let outcome = if www {
        answer(&mut tls, t)
    } else {
        print_early_data(&mut tls, ticket.id(), t).and_then(|early| {
            echo(&mut tls, t).map(|what| match early {
                0 => what,
                n => format!("{n} bytes of early data, {what}"),
            })
        })
    };
    match outcome {
        Ok(what) => {
            finish(&mut tls, t);
            Ok(format!("{summary}; {what}"))
        }
        Err(Failure::Dropped(why)) => {
            // No close_notify: the client is not taking what was sent already.
            tls.get_ref().abort();
            Err(Failure::Dropped(format!("{summary}; {why}")))
        }
        Err(e) => {
            finish(&mut tls, t);
            Err(e)
        }
    }
}

/// What an evicted connection's line says.
fn evicted() -> Failure {
    Failure::Dropped(format!(
        "evicted, the oldest handshake in progress when all {MAX_CONNECTIONS} places were taken"
    ))
}

/// Prints the 0-RTT data the connection received to stdout, as s_server does, and echoes it
/// like the rest; returns how many bytes there were.
fn print_early_data(
    tls: &mut Stream<TimedTcp>,
    id: u64,
    t: ServerTimeouts,
) -> Result<u64, Failure> {
    let total = tls.connection().early_data_received();
    if total == 0 {
        return Ok(0);
    }
    let mut early = Vec::new();
    let mut buf = [0u8; 4096];
    // The early data is held already: each call takes some of it, until none is left.
    loop {
        let n = tls.connection_mut().read_early_data(&mut buf);
        if n == 0 {
            break;
        }
        early.extend_from_slice(&buf[..n]);
    }
    {
        let mut out = io::stdout().lock();
        let _ = writeln!(
            out,
            "conn {id}: early data received ({} bytes):",
            early.len()
        );
        let _ = out.write_all(&early);
        let _ = writeln!(out, "\nconn {id}: end of early data");
        let _ = out.flush();
    }
    answer_by(tls, t);
    tls.write_all(&early)
        .map_err(|e| sending_failure("echoing", e, t))?;
    Ok(total)
}

/// Echoes until the client sends close_notify. Returns what happened, in words.
fn echo(tls: &mut Stream<TimedTcp>, t: ServerTimeouts) -> Result<String, Failure> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut total: u64 = 0;
    loop {
        expect_data(tls, t);
        match tls.read(&mut buf) {
            Ok(0) => return Ok(format!("echoed {total} bytes")),
            Ok(n) => {
                answer_by(tls, t);
                tls.write_all(&buf[..n])
                    .map_err(|e| sending_failure("echoing", e, t))?;
                total += n as u64;
            }
            Err(e) if DeadlinePassed::is(&e) => {
                return Ok(format!(
                    "echoed {total} bytes, then nothing came for {} (--idle-timeout)",
                    seconds(t.idle)
                ));
            }
            Err(e) => return Err(sending_failure("receiving", e, t)),
        }
    }
}

/// Reads one request and answers it with the page. Returns what happened, in words.
fn answer(tls: &mut Stream<TimedTcp>, t: ServerTimeouts) -> Result<String, Failure> {
    expect_data(tls, t);
    let request_line = match www::read_request(tls) {
        Ok(line) => line,
        Err(CliError::Io { error, .. }) if DeadlinePassed::is(&error) => {
            return Ok(format!(
                "no whole request within {} (--idle-timeout)",
                seconds(t.idle)
            ));
        }
        Err(CliError::Io { context, error }) => {
            return Err(sending_failure(&context, error, t));
        }
        Err(e) => return Err(e.into()),
    };
    answer_by(tls, t);
    www::respond(tls, &request_line).map_err(|e| match e {
        CliError::Io { context, error } => sending_failure(&context, error, t),
        e => e.into(),
    })
}

/// Before waiting for the client's data: all of it (the next chunk, the whole request) must
/// come within the idle timeout, and what the connection answers meanwhile (a KeyUpdate, an
/// alert) within the write timeout per write.
fn expect_data(tls: &mut Stream<TimedTcp>, t: ServerTimeouts) {
    let tcp = tls.get_mut();
    tcp.set_read(Timeout::At(Instant::now() + t.idle));
    tcp.set_write(Timeout::Each(t.write));
}

/// Before sending an answer: the client must take all of it within the write timeout.
fn answer_by(tls: &mut Stream<TimedTcp>, t: ServerTimeouts) {
    tls.get_mut()
        .set_write(Timeout::At(Instant::now() + t.write));
}

/// A failure of `context`: a write that timed out means the client is not reading, and the
/// connection is dropped; anything else is an error.
fn sending_failure(context: &str, e: io::Error, t: ServerTimeouts) -> Failure {
    if timed_out(&e) {
        Failure::Dropped(format!(
            "{context}: the client did not take the answer within {} (--write-timeout)",
            seconds(t.write)
        ))
    } else {
        Failure::Error(CliError::from_stream(context, e))
    }
}

/// Whether `e` is a deadline or a socket timeout of [`TimedTcp`].
fn timed_out(e: &io::Error) -> bool {
    DeadlinePassed::is(e)
        || matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        )
}

/// A duration as the options take it: `10 s`, `0.5 s`.
fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// Sends close_notify (the client has the write timeout to take it), then lingers (see
/// [`linger`]).
fn finish(tls: &mut Stream<TimedTcp>, t: ServerTimeouts) {
    answer_by(tls, t);
    // Each step is best effort: the connection is over either way.
    let _ = tls.close();
    linger(tls.get_mut());
}

/// Ends our half of the TCP connection and reads (and drops) what the client still sends, for
/// [`LINGER`] at most in all, so that unread bytes do not make the kernel answer with a reset
/// that could overtake our last records.
fn linger(tcp: &mut TimedTcp) {
    let _ = tcp.tcp().shutdown(std::net::Shutdown::Write);
    tcp.set_read(Timeout::At(Instant::now() + LINGER));
    let mut sink = [0u8; 4096];
    let mut drained = 0usize;
    while drained < 1 << 20 {
        match tcp.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}
