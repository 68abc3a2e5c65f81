//! TLS 1.3 resumption with GnuTLS both ways: `gnutls-cli --resume` against the stratls server
//! (its tickets), and the stratls client taking a ticket from `gnutls-serv` and resuming with
//! it on a second connection.

use std::sync::Arc;

use stratls::{MemoryTicketStore, Versions};
use stratls_tests::TIMEOUT;
use stratls_tests::certs::{Identity, KeyKind};
use stratls_tests::config::{ClientOptions, ServerOptions};
use stratls_tests::gnutls::{self, Cli, Serv};
use stratls_tests::serve::{EchoServers, connect_local};

use super::gnutls_server::echo;

const TLS13_ONLY: &str = "NORMAL:-VERS-ALL:+VERS-TLS1.3";

#[test]
fn gnutls_cli_resumes_with_a_stratls_server_by_tls13_ticket() {
    if gnutls::skip() {
        return;
    }
    let config = ServerOptions::new(Versions::TLS13_ONLY, KeyKind::Ecdsa).build();
    let server = EchoServers::spawn(config, 2).expect("listen");
    let mut peer = Cli::new(TLS13_ONLY, server.port)
        .arg("--resume")
        .spawn()
        .expect("gnutls-cli");
    let done = peer.wait_stdout(|out| out.contains("This is a resumed session"), TIMEOUT);
    peer.close_stdin();
    let _ = peer.wait_exit(TIMEOUT);
    assert!(done.is_some(), "{}", peer.transcript());
    let agreed = server.join().expect("served");
    assert_eq!(
        agreed.iter().map(|n| n.resumed).collect::<Vec<_>>(),
        [false, true]
    );
    // The resumed session keeps the original one's name.
    assert_eq!(agreed[1].server_name, agreed[0].server_name);
}

#[test]
fn the_stratls_client_resumes_with_gnutls_serv_by_tls13_ticket() {
    if gnutls::skip() {
        return;
    }
    let server = Serv::new(TLS13_ONLY, Identity::server(KeyKind::Ecdsa))
        .spawn()
        .expect("gnutls-serv");
    let store = Arc::new(MemoryTicketStore::new(8));
    let mut config = (*ClientOptions::new(Versions::TLS13_ONLY).build()).clone();
    config.ticket_store = store.clone();
    let config = Arc::new(config);
    let mut agreed = Vec::new();
    for i in 0..2 {
        let tcp = connect_local(server.port).expect("connect");
        let mut tls = stratls::connect(config.clone(), "localhost", tcp)
            .unwrap_or_else(|e| panic!("handshake {i}: {e}\n{}", server.peer.transcript()));
        // The echo's reply comes after the server's tickets: once it is read they are stored.
        echo(&mut tls, &format!("connection {i}"))
            .unwrap_or_else(|e| panic!("{e}\n{}", server.peer.transcript()));
        agreed.push(tls.connection().negotiated().cloned().expect("established"));
        let _ = tls.close();
        if i == 0 {
            assert!(!store.is_empty(), "gnutls-serv sent a ticket");
        }
    }
    assert_eq!(
        agreed.iter().map(|n| n.resumed).collect::<Vec<_>>(),
        [false, true],
        "{}",
        server.peer.transcript()
    );
    // The resumed connection reports the original session's chain.
    assert_eq!(agreed[1].peer_certificates, agreed[0].peer_certificates);
    assert!(!agreed[1].peer_certificates.is_empty());
}
