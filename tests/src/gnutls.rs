//! GnuTLS's command-line peers: `gnutls-serv --echo` and `gnutls-cli`, on 127.0.0.1.
//!
//! Both take a GnuTLS priority string; [`priority12`] builds one that allows TLS 1.2 only, with
//! exactly the key exchanges, ciphers and groups a test names. `gnutls-serv` cannot listen on
//! a port the system picks and report it, so [`Serv::spawn`] takes a port that was free a
//! moment ago and tries again with another one if the server could not bind it. `gnutls-cli`
//! verifies the server's chain against the tree's root CA and the name `localhost`; it prints
//! its connection summary and the data it receives on standard output.

use std::ffi::OsString;
use std::io;
use std::process::Command;

use crate::TIMEOUT;
use crate::certs::{Identity, ca_path};
use crate::peer::PeerProcess;
use crate::serve::listen;

/// Whether `gnutls-cli` and `gnutls-serv` run here.
pub fn available() -> bool {
    version().is_some()
        && Command::new("gnutls-serv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// The first line of `gnutls-cli --version`, if it runs (e.g. `gnutls-cli 3.7.9`).
pub fn version() -> Option<String> {
    let out = Command::new("gnutls-cli").arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next().map(|l| l.trim().to_string())
}

/// Returns true (after printing a note) when the GnuTLS tools are missing, so a test can
/// return early: `if gnutls::skip() { return; }`. CI installs them (Debian `gnutls-bin`).
pub fn skip() -> bool {
    if available() {
        return false;
    }
    eprintln!("note: `gnutls-cli`/`gnutls-serv` are not on PATH; skipping this interop test");
    true
}

/// A priority string allowing TLS 1.2 only, with exactly these key exchanges (e.g.
/// `ECDHE-RSA`, `RSA`), ciphers (e.g. `AES-128-GCM`) and groups (e.g. `GROUP-X25519`), plus
/// `extra` keywords appended as they are (e.g. `%NO_SESSION_HASH`).
pub fn priority12(kx: &[&str], ciphers: &[&str], groups: &[&str], extra: &[&str]) -> String {
    let mut p = String::from("NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL");
    for k in kx {
        p.push_str(&format!(":+{k}"));
    }
    p.push_str(":-CIPHER-ALL");
    for c in ciphers {
        p.push_str(&format!(":+{c}"));
    }
    p.push_str(":-GROUP-ALL");
    for g in groups {
        p.push_str(&format!(":+{g}"));
    }
    for e in extra {
        p.push(':');
        p.push_str(e);
    }
    p
}

/// How many ports [`Serv::spawn`] tries before it gives up.
const PORT_ATTEMPTS: usize = 4;

/// A `gnutls-serv --echo` command line being put together.
#[derive(Debug)]
pub struct Serv {
    args: Vec<OsString>,
    client_auth: bool,
}

impl Serv {
    /// An echo server with `priority`, serving `cert`'s chain; it asks for no client
    /// certificate.
    pub fn new(priority: &str, cert: Identity) -> Self {
        let args = vec![
            "--echo".into(),
            "--priority".into(),
            priority.into(),
            "--x509certfile".into(),
            cert.chain_path().into(),
            "--x509keyfile".into(),
            cert.key_path().into(),
        ];
        Self {
            args,
            client_auth: false,
        }
    }

    /// Asks for a client certificate (GnuTLS's default, which [`Serv::spawn`] otherwise turns
    /// off) and verifies one that is sent against the tree's root CA; a client without one
    /// is served.
    pub fn request_client_cert(mut self) -> Self {
        self.client_auth = true;
        self.arg("--verify-client-cert")
            .arg("--x509cafile")
            .arg(ca_path())
    }

    /// Requires a client certificate chaining to the tree's root CA.
    pub fn require_client_cert(self) -> Self {
        self.request_client_cert().arg("--require-client-cert")
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Starts the server and waits (bounded) until it listens on 127.0.0.1.
    pub fn spawn(self) -> io::Result<RunningServ> {
        let mut last = String::new();
        for _ in 0..PORT_ATTEMPTS {
            let port = listen()?.1;
            let mut command = Command::new("gnutls-serv");
            command.args(&self.args).arg("--port").arg(port.to_string());
            if !self.client_auth {
                command.arg("--disable-client-cert");
            }
            let peer = PeerProcess::spawn("gnutls-serv", command)?;
            let ready = format!("IPv4 0.0.0.0 port {port}...done");
            if peer
                .wait_stderr(|err| err.contains(&ready), TIMEOUT)
                .is_some()
            {
                return Ok(RunningServ { peer, port });
            }
            last = peer.transcript();
        }
        Err(io::Error::other(format!(
            "gnutls-serv did not start listening\n{last}"
        )))
    }
}

/// A listening `gnutls-serv`.
#[derive(Debug)]
pub struct RunningServ {
    /// The child, killed when this drops.
    pub peer: PeerProcess,
    /// The port it listens on (every address, so also 127.0.0.1).
    pub port: u16,
}

/// A `gnutls-cli` command line being put together.
#[derive(Debug)]
pub struct Cli {
    args: Vec<OsString>,
}

impl Cli {
    /// A client with `priority` to 127.0.0.1:`port`, sending SNI `localhost` and failing
    /// unless the server's chain verifies against the tree's root CA for `localhost`.
    pub fn new(priority: &str, port: u16) -> Self {
        let args = vec![
            "--priority".into(),
            priority.into(),
            "--x509cafile".into(),
            ca_path().into(),
            "--sni-hostname".into(),
            "localhost".into(),
            "--verify-hostname".into(),
            "localhost".into(),
            "--port".into(),
            port.to_string().into(),
        ];
        Self { args }
    }

    /// Presents `id`'s certificate chain when the server asks for one.
    pub fn client_cert(self, id: Identity) -> Self {
        self.arg("--x509certfile")
            .arg(id.chain_path())
            .arg("--x509keyfile")
            .arg(id.key_path())
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Starts the client; it connects at once.
    pub fn spawn(self) -> io::Result<PeerProcess> {
        let mut command = Command::new("gnutls-cli");
        command.args(&self.args).arg("127.0.0.1");
        PeerProcess::spawn("gnutls-cli", command)
    }
}

#[cfg(test)]
mod tests {
    use super::priority12;

    #[test]
    fn a_tls12_priority_names_only_what_was_asked_for() {
        assert_eq!(
            priority12(
                &["ECDHE-RSA"],
                &["AES-128-GCM"],
                &["GROUP-X25519"],
                &["%NO_SESSION_HASH"]
            ),
            "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-128-GCM\
             :-GROUP-ALL:+GROUP-X25519:%NO_SESSION_HASH"
        );
    }
}
