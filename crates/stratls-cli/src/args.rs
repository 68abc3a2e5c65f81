//! The command line: `stratls demo|client|server [options]`, parsed with `lexopt`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use lexopt::prelude::*;
use stratls::{CipherSuite, NamedGroup};

use crate::error::CliError;
use crate::names;

/// Top-level usage.
pub const USAGE: &str = "\
stratls: a TLS 1.3 and TLS 1.2 library, as a command

Usage:
  stratls demo [--bytes] [--tls1_2] [--rsa-kx] [--resume [--early-data]] [--illustrate FILE.html]
  stratls client HOST:PORT [options]
  stratls server --cert PEM --key PEM [options]

Run `stratls <command> --help` for the options of each command.";

/// Usage of `stratls demo`.
pub const DEMO_USAGE: &str = "\
Usage: stratls demo [--bytes] [--tls1_2] [--rsa-kx] [--resume [--early-data]]
                    [--illustrate FILE.html]

Runs a client and a server over 127.0.0.1 with a throw-away CA and server certificate made
in memory, and prints the handshake as it happened: every message with its fields, who sent
it, how long each step took, and which promise (encryption, authentication, integrity) it
serves.

  --bytes    also print each handshake message's bytes in hex
  --tls1_2   run a TLS 1.2 handshake (ECDHE) instead of TLS 1.3
  --rsa-kx   with --tls1_2: the legacy RSA key exchange (no forward secrecy)
  --resume   TLS 1.3: then connect again with the ticket the server gave, and say what the
             resumed handshake skipped and how much shorter it was
  --early-data
             with --resume: the server allows 0-RTT in its ticket, and the resumed client
             sends its line as early data, in its first flight with the ClientHello
  --illustrate FILE.html
             also write the client's view (with --resume, of the resumed connection) as
             one self-contained HTML page: every record annotated byte by byte, the key calculations with this connection's secrets,
             the seven steps of the story (the page holds the secrets: it is for teaching)
  --keylogfile FILE
             append the client's traffic secrets to FILE (NSS key-log format)";

/// Usage of `stratls client`.
pub const CLIENT_USAGE: &str = "\
Usage: stratls client HOST:PORT [options]

Connects, prints the negotiated parameters to stderr, then copies stdin to the connection and
the connection to stdout. At the end of stdin it sends close_notify and reads until the server
closes.

  --servername NAME      name to send (SNI) and to verify (default: HOST)
  --handshake-timeout SECONDS
                         give up unless connecting and the handshake are done within
                         SECONDS in all (default 10)
  --cafile PEM           trust these roots (default: the system trust store)
  --cert PEM --key PEM   client certificate chain and key, if the server asks
  --alpn LIST            ALPN protocols to offer, e.g. h2,http/1.1
  --ciphersuites LIST    cipher suites (IANA or OpenSSL names, : or , separated)
  --groups LIST          key-exchange groups, IANA or OpenSSL names, e.g. X25519:P-256
                         (default X25519MLKEM768:x25519:secp256r1:secp384r1, with key
                         shares for the first two)
  --keylogfile FILE      append the traffic secrets to FILE (NSS key-log format)
  --psk HEX              TLS 1.3 external PSK (hex), offered with --psk-identity (default
                         Client_identity) and SHA-256 suites; as openssl s_client -psk
  --psk-identity ID      the external PSK's identity
  --trace                print every handshake event to stderr
  --sess-out FILE        write a session ticket the server sent to FILE (with its PSK:
                         keep FILE private), as openssl s_client -sess_out (stratls's own
                         format)
  --sess-in FILE         resume with the ticket in FILE (written by --sess-out)
  --early-data FILE      TLS 1.3: send FILE as 0-RTT early data with the ticket of --sess-in,
                         if the ticket allows it (at most its max_early_data_size), as
                         openssl s_client -early_data; says whether the server took it (a
                         rejected one is not sent again). Early data can be replayed by an
                         attacker: send only requests that are safe to repeat
  --reconnect            as openssl s_client -reconnect: a full handshake, then 5 that
                         resume with the tickets of the one before (TLS 1.3), each printed
                         as new or resumed; no data is sent
  --illustrate FILE.html write the connection as one self-contained HTML page: every
                         record annotated, the key calculations with the connection's
                         secrets (so only for connections that protect nothing)
  --tls1_2 | --tls1_3    only this protocol version
  --require-ems          refuse a TLS 1.2 server without the extended master secret
                         (RFC 7627); by default it is accepted and the connection exports no
                         keying material
  --dangerous-rsa-kx     also offer the TLS 1.2 RSA key exchange (TLS_RSA_WITH_AES_*_GCM_*);
                         off by default: it has no forward secrecy (a stolen server key
                         decrypts every recorded session) and RSA decryption has a long
                         history of padding-oracle attacks (Bleichenbacher, ROBOT, Marvin)";

/// Usage of `stratls server`.
pub const SERVER_USAGE: &str = "\
Usage: stratls server --cert PEM --key PEM [options]

Serves TLS connections, one thread each (at most 64 at a time), until killed, and prints one
line per connection to stderr. Echoes what each client sends, or with --www answers an HTTP
GET with a page describing the connection.

Slow or silent clients are dropped: the handshake has one deadline that does not restart when
a byte arrives, an established connection that sends nothing is closed, and a response that
the client does not take in time ends the connection at once. When all 64 places are taken,
a new connection evicts the oldest handshake still in progress; established connections are
never evicted, so clients that stall their handshakes cannot lock others out.

  --cert PEM                       certificate chain, end entity first
  --key PEM                        its private key
  --accept ADDR:PORT               where to listen (default 127.0.0.1:4433)
  --www                            answer HTTP GET with a page about the connection
  --early-data                     TLS 1.3: accept up to 16384 bytes of 0-RTT early data from
                                   resuming clients (each ClientHello once, within a 10 s
                                   ticket-age window), as openssl s_server -early_data;
                                   early data is printed to stdout, then echoed like the rest
  --verify-client CAFILE           require a client certificate issued under CAFILE
  --verify-client-optional CAFILE  ask for one; verify it if sent
  --alpn LIST                      ALPN protocols to accept, in order of preference
  --ciphersuites LIST              cipher suites (IANA or OpenSSL names)
  --groups LIST                    key-exchange groups in order of preference, IANA or
                                   OpenSSL names (default
                                   X25519MLKEM768:x25519:secp256r1:secp384r1)
  --keylogfile FILE                append the traffic secrets to FILE
  --psk HEX                        TLS 1.3 external PSK (hex) for clients that offer
                                   --psk-identity (default Client_identity), SHA-256 suites;
                                   as openssl s_server -psk (certificates still serve the
                                   other clients)
  --psk-identity ID                the external PSK's identity
  --trace                          print every handshake event to stderr
  --illustrate DIR                 write each connection as a self-contained HTML page in
                                   DIR, with its secrets (only for connections that protect
                                   nothing); at most --illustrate-max-pages pages (default
                                   16) and --illustrate-max-bytes bytes in all (default
                                   64 MiB), then no more
  --tls1_2 | --tls1_3              only this protocol version
  --handshake-timeout SECONDS      drop a connection whose handshake is not done SECONDS
                                   after it was accepted (default 10)
  --idle-timeout SECONDS           close an established connection (with close_notify) when
                                   no data comes for SECONDS; with --www, when the request
                                   is not complete SECONDS after the handshake (default 30)
  --write-timeout SECONDS          drop a connection, without close_notify, when one answer
                                   is not taken by the client within SECONDS (default 10)
  --require-ems                    refuse a TLS 1.2 client without the extended master
                                   secret (RFC 7627); accepted by default
  --dangerous-rsa-kx               also accept the TLS 1.2 RSA key exchange; off by default:
                                   no forward secrecy (a stolen key decrypts every recorded
                                   session), and the server's RSA decryption is the target of
                                   padding-oracle attacks (Bleichenbacher, ROBOT, Marvin)";

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print a usage text and exit successfully.
    Help(&'static str),
    /// `stratls demo`.
    Demo(DemoArgs),
    /// `stratls client`.
    Client(ClientArgs),
    /// `stratls server`.
    Server(ServerArgs),
}

/// A protocol version restriction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionChoice {
    /// `--tls1_2`.
    Tls12Only,
    /// `--tls1_3`.
    Tls13Only,
}

/// The options of `stratls demo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoArgs {
    /// Print each message's bytes.
    pub bytes: bool,
    /// Run TLS 1.2.
    pub tls12: bool,
    /// TLS 1.2 with the RSA key exchange.
    pub rsa_kx: bool,
    /// Write the illustrated connection to this file.
    pub illustrate: Option<PathBuf>,
    /// NSS key-log file for the client's secrets.
    pub keylogfile: Option<PathBuf>,
    /// Connect a second time, resuming (TLS 1.3).
    pub resume: bool,
    /// With `resume`: the second connection's line goes as 0-RTT early data.
    pub early_data: bool,
}

/// The options `client` and `server` share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommonArgs {
    /// Cipher suites, empty for the defaults.
    pub suites: Vec<CipherSuite>,
    /// Groups, empty for the defaults.
    pub groups: Vec<NamedGroup>,
    /// ALPN protocols.
    pub alpn: Vec<Vec<u8>>,
    /// NSS key-log file.
    pub keylogfile: Option<PathBuf>,
    /// Print every observer event.
    pub trace: bool,
    /// Restrict the protocol version.
    pub version: Option<VersionChoice>,
    /// Also allow the TLS 1.2 RSA key exchange (no forward secrecy).
    pub dangerous_rsa_kx: bool,
    /// Refuse a TLS 1.2 peer without the extended master secret.
    pub require_ems: bool,
    /// A TLS 1.3 external PSK: the key (from hex).
    pub psk: Option<Vec<u8>>,
    /// Its identity.
    pub psk_identity: Option<String>,
}

/// The options of `stratls client`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientArgs {
    /// `HOST:PORT` to connect to.
    pub address: String,
    /// The name to send and verify.
    pub servername: Option<String>,
    /// Roots to trust instead of the system store.
    pub cafile: Option<PathBuf>,
    /// Client certificate chain.
    pub cert: Option<PathBuf>,
    /// Its key.
    pub key: Option<PathBuf>,
    /// The longest connecting and the handshake may take together.
    pub handshake_timeout: Duration,
    /// Write the illustrated connection to this file.
    pub illustrate: Option<PathBuf>,
    /// Connect 6 times, resuming from the second on (`--reconnect`).
    pub reconnect: bool,
    /// Write a ticket of the connection to this file.
    pub sess_out: Option<PathBuf>,
    /// Resume with the ticket in this file.
    pub sess_in: Option<PathBuf>,
    /// Send this file as 0-RTT early data.
    pub early_data: Option<PathBuf>,
    /// Shared options.
    pub common: CommonArgs,
}

/// Whether and how the server asks for client certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyClient {
    /// A certificate is required.
    Required(PathBuf),
    /// A certificate is asked for and verified if sent.
    Optional(PathBuf),
}

/// The options of `stratls server`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerArgs {
    /// Certificate chain.
    pub cert: PathBuf,
    /// Its key.
    pub key: PathBuf,
    /// Listen address.
    pub accept: String,
    /// Answer HTTP GET with a status page.
    pub www: bool,
    /// Accept 0-RTT early data.
    pub early_data: bool,
    /// Client authentication.
    pub verify_client: Option<VerifyClient>,
    /// How long slow clients are waited for.
    pub timeouts: ServerTimeouts,
    /// Write each connection as a page into a directory.
    pub illustrate: Option<IllustrateDir>,
    /// Shared options.
    pub common: CommonArgs,
}

/// Where and how many illustrated pages `stratls server` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllustrateDir {
    /// The directory.
    pub dir: PathBuf,
    /// At most this many pages.
    pub max_pages: usize,
    /// At most this many bytes of pages in all.
    pub max_bytes: u64,
}

/// The default of `--illustrate-max-pages`.
pub const DEFAULT_ILLUSTRATE_PAGES: usize = 16;

/// The default of `--illustrate-max-bytes`.
pub const DEFAULT_ILLUSTRATE_BYTES: u64 = 64 * 1024 * 1024;

/// How long `stratls server` waits for a client, at each stage of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerTimeouts {
    /// From accepting the connection to the end of the handshake, however the client's bytes
    /// arrive.
    pub handshake: Duration,
    /// The longest wait for the client's next data (the next echo chunk, or the whole request
    /// head with --www).
    pub idle: Duration,
    /// The longest the client may take to receive one answer (an echoed chunk, the page).
    pub write: Duration,
}

/// The default of `--handshake-timeout`, for the client and the server.
pub const DEFAULT_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The default of `--idle-timeout`.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The default of `--write-timeout`.
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for ServerTimeouts {
    fn default() -> Self {
        Self {
            handshake: DEFAULT_HANDSHAKE_TIMEOUT,
            idle: DEFAULT_IDLE_TIMEOUT,
            write: DEFAULT_WRITE_TIMEOUT,
        }
    }
}

/// The default listen address of `stratls server`.
pub const DEFAULT_ACCEPT: &str = "127.0.0.1:4433";

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, CliError> {
    let mut p = lexopt::Parser::from_args(args);
    match p.next()? {
        None => Err(CliError::Usage("no command given".into())),
        Some(Short('h') | Long("help")) => Ok(Command::Help(USAGE)),
        Some(Value(cmd)) => match cmd.to_str() {
            Some("demo") => parse_demo(&mut p),
            Some("client") => parse_client(&mut p),
            Some("server") => parse_server(&mut p),
            Some("help") => Ok(Command::Help(USAGE)),
            _ => Err(CliError::Usage(format!(
                "unknown command {}; commands: demo, client, server",
                cmd.to_string_lossy()
            ))),
        },
        Some(other) => Err(other.unexpected().into()),
    }
}

fn parse_demo(p: &mut lexopt::Parser) -> Result<Command, CliError> {
    let mut a = DemoArgs::default();
    while let Some(arg) = p.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(DEMO_USAGE)),
            Long("bytes") => a.bytes = true,
            Long("tls1_2") => a.tls12 = true,
            Long("tls1_3") => a.tls12 = false,
            Long("rsa-kx") => a.rsa_kx = true,
            Long("illustrate") => a.illustrate = Some(p.value()?.into()),
            Long("keylogfile") => a.keylogfile = Some(p.value()?.into()),
            Long("resume") => a.resume = true,
            Long("early-data") => a.early_data = true,
            other => return Err(other.unexpected().into()),
        }
    }
    if a.rsa_kx && !a.tls12 {
        return Err(CliError::Usage(
            "--rsa-kx is a TLS 1.2 key exchange: use it with --tls1_2".into(),
        ));
    }
    if a.resume && a.tls12 {
        return Err(CliError::Usage(
            "--resume shows TLS 1.3 resumption: use it without --tls1_2".into(),
        ));
    }
    if a.early_data && !a.resume {
        return Err(CliError::Usage(
            "--early-data sends the resumed connection's line as 0-RTT: use it with --resume"
                .into(),
        ));
    }
    Ok(Command::Demo(a))
}

/// An argument detached from the parser, so the parser can be asked for the option's value.
enum Opt {
    Short(char),
    Long(String),
    Value(OsString),
}

fn next(p: &mut lexopt::Parser) -> Result<Option<Opt>, CliError> {
    Ok(p.next()?.map(|arg| match arg {
        Short(c) => Opt::Short(c),
        Long(l) => Opt::Long(l.to_string()),
        Value(v) => Opt::Value(v),
    }))
}

fn unexpected(opt: Opt) -> CliError {
    CliError::Usage(match opt {
        Opt::Short(c) => format!("invalid option '-{c}'"),
        Opt::Long(l) => format!("invalid option '--{l}'"),
        Opt::Value(v) => format!("unexpected argument {:?}", v.to_string_lossy()),
    })
}

/// Takes a shared option if `name` is one; returns whether it was.
fn common_option(name: &str, p: &mut lexopt::Parser, c: &mut CommonArgs) -> Result<bool, CliError> {
    match name {
        "ciphersuites" | "cipher" => c.suites = names::parse_suites(&string(p)?)?,
        "groups" | "curves" => c.groups = names::parse_groups(&string(p)?)?,
        "alpn" => c.alpn = names::parse_alpn(&string(p)?)?,
        "keylogfile" => c.keylogfile = Some(p.value()?.into()),
        "trace" => c.trace = true,
        "tls1_2" => c.version = Some(VersionChoice::Tls12Only),
        "tls1_3" => c.version = Some(VersionChoice::Tls13Only),
        "dangerous-rsa-kx" => c.dangerous_rsa_kx = true,
        "require-ems" => c.require_ems = true,
        "psk" => c.psk = Some(parse_hex("psk", &string(p)?)?),
        "psk-identity" | "psk_identity" => c.psk_identity = Some(string(p)?),
        _ => return Ok(false),
    }
    Ok(true)
}

/// Hex digits (an even number, at least two) as bytes.
fn parse_hex(option: &str, text: &str) -> Result<Vec<u8>, CliError> {
    let bad = || CliError::Usage(format!("--{option}: give the key as hex digits"));
    let text = text.trim();
    if text.is_empty() || !text.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad()))
        .collect()
}

fn string(p: &mut lexopt::Parser) -> Result<String, CliError> {
    Ok(p.value()?.string()?)
}

/// The value of `--option SECONDS`: a positive number of seconds, fractions allowed.
fn seconds(option: &str, p: &mut lexopt::Parser) -> Result<Duration, CliError> {
    let text = string(p)?;
    parse_seconds(&text).ok_or_else(|| {
        CliError::Usage(format!(
            "--{option} {text:?}: give a number of seconds above 0"
        ))
    })
}

/// The value of `--option N`: a whole number.
fn count<T: std::str::FromStr>(option: &str, p: &mut lexopt::Parser) -> Result<T, CliError> {
    let text = string(p)?;
    text.trim()
        .parse()
        .map_err(|_| CliError::Usage(format!("--{option} {text:?}: give a whole number")))
}

/// Parses `text` as a positive number of seconds.
pub fn parse_seconds(text: &str) -> Option<Duration> {
    let secs: f64 = text.trim().parse().ok()?;
    if secs.is_finite() && secs > 0.0 {
        Duration::try_from_secs_f64(secs).ok()
    } else {
        None
    }
}

fn parse_client(p: &mut lexopt::Parser) -> Result<Command, CliError> {
    let mut address = None;
    let (mut servername, mut cafile, mut cert, mut key) = (None, None, None, None);
    let mut handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT;
    let mut illustrate = None;
    let mut reconnect = false;
    let (mut sess_out, mut sess_in) = (None, None);
    let mut early_data = None;
    let mut common = CommonArgs::default();
    while let Some(opt) = next(p)? {
        let name = match opt {
            Opt::Long(ref l) => l.clone(),
            Opt::Short('h') => return Ok(Command::Help(CLIENT_USAGE)),
            Opt::Value(v) if address.is_none() => {
                address = Some(v.into_string().map_err(|v| {
                    CliError::Usage(format!("{:?} is not valid text", v.to_string_lossy()))
                })?);
                continue;
            }
            other => return Err(unexpected(other)),
        };
        if common_option(&name, p, &mut common)? {
            continue;
        }
        match name.as_str() {
            "help" => return Ok(Command::Help(CLIENT_USAGE)),
            "servername" => servername = Some(string(p)?),
            "cafile" | "CAfile" => cafile = Some(p.value()?.into()),
            "cert" => cert = Some(p.value()?.into()),
            "key" => key = Some(p.value()?.into()),
            "connect" => address = Some(string(p)?),
            "handshake-timeout" => handshake_timeout = seconds(&name, p)?,
            "illustrate" => illustrate = Some(p.value()?.into()),
            "reconnect" => reconnect = true,
            "sess-out" | "sess_out" => sess_out = Some(p.value()?.into()),
            "sess-in" | "sess_in" => sess_in = Some(p.value()?.into()),
            "early-data" | "early_data" => early_data = Some(p.value()?.into()),
            _ => return Err(unexpected(Opt::Long(name))),
        }
    }
    let address = address.ok_or_else(|| CliError::Usage("client needs HOST:PORT".into()))?;
    if cert.is_some() != key.is_some() {
        return Err(CliError::Usage("--cert and --key go together".into()));
    }
    Ok(Command::Client(ClientArgs {
        address,
        servername,
        cafile,
        cert,
        key,
        handshake_timeout,
        illustrate,
        reconnect,
        sess_out,
        sess_in,
        early_data,
        common,
    }))
}

fn parse_server(p: &mut lexopt::Parser) -> Result<Command, CliError> {
    let (mut cert, mut key, mut verify_client) = (None, None, None);
    let mut accept = DEFAULT_ACCEPT.to_string();
    let mut www = false;
    let mut early_data = false;
    let mut timeouts = ServerTimeouts::default();
    let mut illustrate: Option<PathBuf> = None;
    let (mut max_pages, mut max_bytes) = (DEFAULT_ILLUSTRATE_PAGES, DEFAULT_ILLUSTRATE_BYTES);
    let mut common = CommonArgs::default();
    while let Some(opt) = next(p)? {
        let name = match opt {
            Opt::Long(ref l) => l.clone(),
            Opt::Short('h') => return Ok(Command::Help(SERVER_USAGE)),
            other => return Err(unexpected(other)),
        };
        if common_option(&name, p, &mut common)? {
            continue;
        }
        match name.as_str() {
            "help" => return Ok(Command::Help(SERVER_USAGE)),
            "cert" => cert = Some(p.value()?.into()),
            "key" => key = Some(p.value()?.into()),
            "accept" => accept = string(p)?,
            "www" => www = true,
            "early-data" | "early_data" => early_data = true,
            "verify-client" => verify_client = Some(VerifyClient::Required(p.value()?.into())),
            "verify-client-optional" => {
                verify_client = Some(VerifyClient::Optional(p.value()?.into()));
            }
            "handshake-timeout" => timeouts.handshake = seconds(&name, p)?,
            "idle-timeout" => timeouts.idle = seconds(&name, p)?,
            "write-timeout" => timeouts.write = seconds(&name, p)?,
            "illustrate" => illustrate = Some(p.value()?.into()),
            "illustrate-max-pages" => max_pages = count(&name, p)?,
            "illustrate-max-bytes" => max_bytes = count(&name, p)?,
            _ => return Err(unexpected(Opt::Long(name))),
        }
    }
    let (Some(cert), Some(key)) = (cert, key) else {
        return Err(CliError::Usage(
            "server needs --cert PEM and --key PEM".into(),
        ));
    };
    Ok(Command::Server(ServerArgs {
        cert,
        key,
        accept,
        www,
        early_data,
        verify_client,
        timeouts,
        illustrate: illustrate.map(|dir| IllustrateDir {
            dir,
            max_pages,
            max_bytes,
        }),
        common,
    }))
}
