//! TLS 1.2 resumption with real peers, by session ticket (RFC 5077) and by session ID:
//! `openssl s_client -sess_out` then `-sess_in` against a stratls server, a stratls client
//! resuming with one `openssl s_server`, and `gnutls-cli --resume` against a stratls server.

use std::io::Write;
use std::path::PathBuf;

use stratls::Versions;
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::{ClientOptions, ServerOptions};
use stratls_tests::gnutls::{self, Cli};
use stratls_tests::openssl::{self, SClient, SServer};
use stratls_tests::serve::{EchoServers, connect_local, read_line};

const TLS12: &str = "-tls1_2";

/// A session file for s_client in a fresh directory of the target's temporary space.
fn session_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stratls-resume12-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir.join(name)
}

/// One s_client connection to `port` with `extra` arguments: types a line, waits for its echo,
/// closes.
fn s_client_once(port: u16, extra: &[&str]) -> Result<(), String> {
    let mut client = SClient::new(TLS12, port);
    for a in extra {
        client = client.arg(*a);
    }
    let mut peer = client.spawn().map_err(|e| format!("s_client: {e}"))?;
    let typed = "resume me\n";
    peer.write_stdin(typed.as_bytes())
        .map_err(|e| format!("stdin: {e}\n{}", peer.transcript()))?;
    let out = peer.wait_stdout(|out| out.contains(typed), TIMEOUT);
    peer.close_stdin();
    let exited = peer.wait_exit(TIMEOUT);
    match (out, exited) {
        (Some(_), Some(_)) => Ok(()),
        _ => Err(format!("no echo or no exit\n{}", peer.transcript())),
    }
}

#[test]
fn openssl_s_client_resumes_with_a_stratls_server_by_ticket_and_by_session_id() {
    if openssl::skip() {
        return;
    }
    for (mode, no_ticket) in [("ticket", false), ("session ID", true)] {
        let config = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa).build();
        let server = EchoServers::spawn(config, 2).expect("listen");
        let file = session_file(&format!("s_client-{}", mode.replace(' ', "-")));
        let path = file.to_str().expect("utf-8 path");
        let mut first = vec!["-sess_out", path];
        let mut second = vec!["-sess_in", path];
        if no_ticket {
            first.push("-no_ticket");
            second.push("-no_ticket");
        }
        s_client_once(server.port, &first).expect("first connection");
        assert!(file.exists(), "{mode}: s_client saved its session");
        // s_client completed the second handshake: it took the abbreviated one the server
        // says it made.
        s_client_once(server.port, &second).expect("second connection");
        let _ = std::fs::remove_file(&file);
        if let Some(dir) = file.parent() {
            let _ = std::fs::remove_dir(dir);
        }
        let agreed = server.join().expect("served");
        assert_eq!(
            agreed.iter().map(|n| n.resumed).collect::<Vec<_>>(),
            [false, true],
            "{mode}"
        );
        assert!(agreed.iter().all(|n| n.extended_master_secret), "{mode}");
    }
}

#[test]
fn a_stratls_client_resumes_with_openssl_s_server_by_ticket_and_by_session_id() {
    if openssl::skip() {
        return;
    }
    for (mode, no_ticket) in [("ticket", false), ("session ID", true)] {
        let mut s_server =
            SServer::new(TLS12, Identity::server(KeyKind::Ecdsa)).opt("-naccept", "2");
        if no_ticket {
            s_server = s_server.arg("-no_ticket");
        }
        let server = s_server.spawn().expect("s_server");
        let config = ClientOptions::new(Versions::TLS12_ONLY).build();
        let mut resumed = Vec::new();
        for _ in 0..2 {
            let tcp = connect_local(server.port).expect("connect");
            let mut tls = stratls::connect(config.clone(), "localhost", tcp)
                .unwrap_or_else(|e| panic!("{mode}: {e}\n{}", server.peer.transcript()));
            tls.write_all(b"abc\n").expect("write");
            assert_eq!(read_line(&mut tls, 64).expect("read"), b"cba\n", "{mode}");
            let n = tls.connection().negotiated().cloned().expect("established");
            assert!(n.extended_master_secret);
            assert_eq!(
                n.peer_certificates,
                Identity::server(KeyKind::Ecdsa).chain()
            );
            resumed.push(n.resumed);
            let _ = tls.close();
        }
        assert_eq!(
            resumed,
            [false, true],
            "{mode}\n{}",
            server.peer.transcript()
        );
        let mut server = server;
        assert!(server.peer.wait_exit(TIMEOUT).is_some(), "{mode}");
    }
}

#[test]
fn gnutls_cli_resumes_with_a_stratls_server_by_ticket_and_by_session_id() {
    if gnutls::skip() {
        return;
    }
    for (mode, priority) in [
        ("ticket", "NORMAL:-VERS-ALL:+VERS-TLS1.2"),
        ("session ID", "NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_TICKETS"),
    ] {
        let config = ServerOptions::new(Versions::TLS12_ONLY, KeyKind::Ecdsa).build();
        let server = EchoServers::spawn(config, 2).expect("listen");
        let mut peer = Cli::new(priority, server.port)
            .arg("--resume")
            .spawn()
            .expect("gnutls-cli");
        let done = peer.wait_stdout(|out| out.contains("This is a resumed session"), TIMEOUT);
        peer.close_stdin();
        let _ = peer.wait_exit(TIMEOUT);
        assert!(done.is_some(), "{mode}: {}", peer.transcript());
        let agreed = server.join().expect("served");
        assert_eq!(
            agreed.iter().map(|n| n.resumed).collect::<Vec<_>>(),
            [false, true],
            "{mode}"
        );
    }
}
