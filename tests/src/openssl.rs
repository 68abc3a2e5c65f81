//! OpenSSL's command-line peers: `openssl s_server` and `openssl s_client`, started on
//! 127.0.0.1 for one connection each.
//!
//! Both are started with a protocol flag (`-tls1_3`, `-tls1_2`) and any further arguments the
//! test adds. `s_server` runs in `-rev` mode (it answers each line with the line reversed) and
//! listens on a port the system picks, which it prints; `s_client` runs with `-brief`, so its
//! standard output carries only the data the server sent and its standard error the connection
//! summary (and `KEYUPDATE` when a `K`/`k` line on its standard input made it send one).
//!
//! OpenSSL 3.0 has no command-line switch for the TLS 1.2 extended master secret; `no_ems()`
//! starts the peer with `OPENSSL_CONF` naming a configuration that turns it off
//! ([`no_ems_config`]).

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::TIMEOUT;
use crate::certs::{Identity, ca_path, intermediate_path};
use crate::peer::PeerProcess;

/// Whether an `openssl` binary runs here.
pub fn available() -> bool {
    version().is_some()
}

/// `openssl version`, if `openssl` runs.
pub fn version() -> Option<String> {
    let out = Command::new("openssl").arg("version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Returns true (after printing a note) when `openssl` is missing, so a test can return early:
/// `if openssl::skip() { return; }`. CI installs it, so there these tests always run.
pub fn skip() -> bool {
    if available() {
        return false;
    }
    eprintln!("note: `openssl` is not on PATH; skipping this interop test");
    true
}

/// The OpenSSL configuration file that turns the extended master secret (RFC 7627) off.
pub fn no_ems_config() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conf/openssl-no-ems.cnf")
}

/// An `openssl` command with `args`, and `OPENSSL_CONF` set when `config` names a file.
fn command(args: &[OsString], config: Option<&PathBuf>) -> Command {
    let mut command = Command::new("openssl");
    command.args(args);
    if let Some(config) = config {
        command.env("OPENSSL_CONF", config);
    }
    command
}

/// The arguments that serve `id`: its certificate, its key and the intermediate.
fn identity_args(id: Identity) -> Vec<OsString> {
    vec![
        "-cert".into(),
        id.cert_path().into(),
        "-key".into(),
        id.key_path().into(),
        "-cert_chain".into(),
        intermediate_path().into(),
    ]
}

/// An `openssl s_server` command line being put together.
#[derive(Debug)]
pub struct SServer {
    args: Vec<OsString>,
    config: Option<PathBuf>,
}

impl SServer {
    /// A one-connection server for `protocol` (e.g. `-tls1_3`) serving `cert`.
    pub fn new(protocol: &str, cert: Identity) -> Self {
        let mut args: Vec<OsString> = [
            "s_server",
            protocol,
            "-accept",
            "127.0.0.1:0",
            "-naccept",
            "1",
            "-rev",
        ]
        .iter()
        .map(Into::into)
        .collect();
        args.extend(identity_args(cert));
        Self { args, config: None }
    }

    /// A one-connection server for `protocol` serving the certificate file `cert` with its key
    /// and, if any, the intermediates of `chain` (files outside the tree's identities).
    pub fn serving(protocol: &str, cert: &Path, key: &Path, chain: Option<&Path>) -> Self {
        let mut args: Vec<OsString> = [
            "s_server",
            protocol,
            "-accept",
            "127.0.0.1:0",
            "-naccept",
            "1",
            "-rev",
        ]
        .iter()
        .map(Into::into)
        .collect();
        args.extend(["-cert".into(), cert.into(), "-key".into(), key.into()]);
        if let Some(chain) = chain {
            args.extend(["-cert_chain".into(), chain.into()]);
        }
        Self { args, config: None }
    }

    /// Serves in s_server's default mode instead of `-rev`: what the client sends is printed
    /// to s_server's stdout (early data too, with `-early_data`), nothing is answered.
    pub fn printing(mut self) -> Self {
        self.args.retain(|a| a != "-rev");
        self
    }

    /// Turns the TLS 1.2 extended master secret off (see [`no_ems_config`]).
    pub fn no_ems(mut self) -> Self {
        self.config = Some(no_ems_config());
        self
    }

    /// Requires a client certificate chaining to the tree's root CA.
    pub fn require_client_cert(self) -> Self {
        self.arg("-Verify")
            .arg("1")
            .arg("-verify_return_error")
            .arg("-CAfile")
            .arg(ca_path())
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Adds a flag and its value, e.g. `("-groups", "P-256")`.
    pub fn opt(self, flag: &str, value: &str) -> Self {
        self.arg(flag).arg(value)
    }

    /// Starts the server and waits (bounded) until it listens. The port is the one it printed.
    pub fn spawn(self) -> io::Result<RunningServer> {
        let command = command(&self.args, self.config.as_ref());
        let peer = PeerProcess::spawn("openssl s_server", command)?;
        let Some(out) = peer.wait_stdout(|out| accept_port(out).is_some(), TIMEOUT) else {
            return Err(io::Error::other(format!(
                "s_server did not start listening\n{}",
                peer.transcript()
            )));
        };
        let port = accept_port(&out).ok_or_else(|| io::Error::other("no ACCEPT line"))?;
        Ok(RunningServer { peer, port })
    }
}

/// The port in s_server's `ACCEPT 127.0.0.1:PORT` line, once that line is complete.
fn accept_port(out: &str) -> Option<u16> {
    let complete = &out[..out.rfind('\n')?];
    complete
        .lines()
        .find_map(|line| line.strip_prefix("ACCEPT "))
        .and_then(|addr| addr.rsplit(':').next())
        .and_then(|port| port.trim().parse().ok())
}

/// A listening `s_server`.
#[derive(Debug)]
pub struct RunningServer {
    /// The child, killed when this drops.
    pub peer: PeerProcess,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
}

/// An `openssl s_client` command line being put together.
#[derive(Debug)]
pub struct SClient {
    args: Vec<OsString>,
    config: Option<PathBuf>,
}

impl SClient {
    /// A client for `protocol` (e.g. `-tls1_3`) to 127.0.0.1:`port`, sending SNI `localhost`
    /// and failing unless the server's chain verifies against the tree's root CA.
    pub fn new(protocol: &str, port: u16) -> Self {
        let connect = format!("127.0.0.1:{port}");
        let args = [
            "s_client",
            protocol,
            "-connect",
            &connect,
            "-servername",
            "localhost",
            "-verify_hostname",
            "localhost",
            "-verify_return_error",
            "-brief",
        ]
        .iter()
        .map(Into::into)
        .collect();
        Self { args, config: None }.arg("-CAfile").arg(ca_path())
    }

    /// Turns the TLS 1.2 extended master secret off (see [`no_ems_config`]).
    pub fn no_ems(mut self) -> Self {
        self.config = Some(no_ems_config());
        self
    }

    /// Presents `id`'s certificate chain when the server asks for one.
    pub fn client_cert(self, id: Identity) -> Self {
        self.arg("-cert")
            .arg(id.cert_path())
            .arg("-key")
            .arg(id.key_path())
            .arg("-cert_chain")
            .arg(intermediate_path())
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Adds a flag and its value, e.g. `("-groups", "X25519:P-256")`.
    pub fn opt(self, flag: &str, value: &str) -> Self {
        self.arg(flag).arg(value)
    }

    /// Starts the client; it connects at once.
    pub fn spawn(self) -> io::Result<PeerProcess> {
        PeerProcess::spawn(
            "openssl s_client",
            command(&self.args, self.config.as_ref()),
        )
    }
}

/// The random of the ServerHello in the `-msg` trace of an OpenSSL peer (`<<< ...
/// ServerHello` as received by `s_client`, `>>> ... ServerHello` as sent by `s_server`,
/// followed by lines of hex bytes), if the trace has a complete one.
pub fn server_hello_random(trace: &str) -> Option<[u8; 32]> {
    let mut lines = trace.lines();
    lines.find(|l| {
        (l.starts_with("<<< ") || l.starts_with(">>> ")) && l.ends_with(", ServerHello")
    })?;
    let mut bytes = Vec::new();
    for line in lines.take_while(|l| l.starts_with("    ")) {
        for byte in line.split_whitespace() {
            bytes.push(u8::from_str_radix(byte, 16).ok()?);
        }
    }
    // Handshake header (type, 3-byte length), legacy_version (2 bytes), then the random.
    bytes.get(6..38)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::{accept_port, server_hello_random};

    #[test]
    fn the_accept_line_gives_the_port_once_complete() {
        assert_eq!(
            accept_port("Using default temp DH parameters\nACCEPT 127.0.0.1:40065\n"),
            Some(40065)
        );
        assert_eq!(accept_port("ACCEPT 127.0.0.1:400"), None);
        assert_eq!(accept_port("nothing yet\n"), None);
    }

    #[test]
    fn the_server_hello_random_comes_from_the_msg_trace() {
        let trace = "\
<<< TLS 1.2, RecordHeader [length 0005]
    16 03 03 00 41
<<< TLS 1.2, Handshake [length 0041], ServerHello
    02 00 00 3d 03 03 6c be 02 de 4c e2 a2 e4 4a 1c
    5d 45 d3 b4 4f 7d 15 64 99 ee 4a 2a c3 3e 44 4f
    57 4e 47 52 44 01 00 c0 30 00 00 15 ff 01 00 01
<<< TLS 1.2, RecordHeader [length 0005]
";
        let random = server_hello_random(trace).expect("a random");
        assert_eq!(random[..2], [0x6c, 0xbe]);
        assert_eq!(&random[24..], b"DOWNGRD\x01");
        assert_eq!(
            server_hello_random("<<< TLS 1.2, Handshake, ServerHello\n    02 00\n"),
            None
        );
        assert_eq!(server_hello_random("nothing\n"), None);
    }
}
