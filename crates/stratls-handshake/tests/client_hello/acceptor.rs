//! The [`Acceptor`]: the ClientHello read before a config is chosen, the connection that goes
//! on with the config picked from it, and the alerts of a first flight that is not a hello.

use std::sync::Arc;

use stratls_codec::{CipherSuite, ProtocolVersion};
use stratls_handshake::{Accepted, Acceptor, Connection, Error, Incompatibility, ServerConfig};
use stratls_test_support::records::plaintext_alert;
use stratls_test_support::*;

/// Feeds `bytes` to `acceptor`, `chunk` at a time, until it hands out the hello.
fn accept(acceptor: &mut Acceptor, bytes: &[u8], chunk: usize) -> Result<Accepted, Error> {
    let mut rest = bytes;
    while !rest.is_empty() {
        let end = chunk.min(rest.len());
        let (n, accepted) = acceptor.read_tls(&rest[..end])?;
        assert!(n > 0, "the acceptor took nothing");
        rest = &rest[n..];
        if let Some(accepted) = accepted {
            return Ok(accepted);
        }
    }
    panic!("no ClientHello after every byte");
}

fn client_with_alpn(server_name: &str) -> Connection {
    let mut config = client_config();
    config.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Connection::client(Arc::new(config), name(server_name)).expect("client")
}

#[test]
fn hands_out_the_offer_then_goes_on_with_the_chosen_config() {
    for chunk in [1, 7, usize::MAX] {
        let mut client = client_with_alpn("localhost");
        let flight = client.take_tls();
        let mut acceptor = Acceptor::new();
        let accepted = accept(&mut acceptor, &flight, chunk).expect("accepted");
        assert!(!acceptor.wants_read());
        let (n, again) = acceptor.read_tls(b"more").expect("after");
        assert!(n == 0 && again.is_none());
        assert_eq!(accepted.server_name().as_deref(), Some("localhost"));
        assert_eq!(accepted.alpn(), [b"h2".to_vec(), b"http/1.1".to_vec()]);
        assert!(accepted.versions().contains(&ProtocolVersion::TLSv1_3));
        assert!(accepted.versions().contains(&ProtocolVersion::TLSv1_2));
        assert!(
            accepted
                .cipher_suites()
                .contains(&CipherSuite::TLS13_AES_128_GCM_SHA256)
        );
        assert!(!accepted.signature_schemes().is_empty());
        assert!(!accepted.groups().is_empty());
        // The config is chosen by the name the client asked for.
        let cert = match accepted.server_name().as_deref() {
            Some("localhost") => "server-ecdsa",
            _ => "server-rsa",
        };
        let mut config = server_config(cert);
        config.shared.alpn = vec![b"h2".to_vec()];
        let server = accepted.into_connection(Arc::new(config)).expect("server");
        assert!(server.error().is_none());
        let mut pair = stratls_test_support::Pair::from_connections(client, server);
        pair.handshake();
        pair.exchange_data(40_000);
    }
}

#[test]
fn a_tls12_only_client_is_seen_as_one_and_served() {
    let mut client =
        Connection::client(Arc::new(tls12_client_config()), name("localhost")).expect("client");
    let flight = client.take_tls();
    let mut acceptor = Acceptor::new();
    let accepted = accept(&mut acceptor, &flight, usize::MAX).expect("accepted");
    assert!(!accepted.versions().contains(&ProtocolVersion::TLSv1_3));
    let server = accepted
        .into_connection(Arc::new(tls12_server_config("server-ecdsa")))
        .expect("server");
    let mut pair = stratls_test_support::Pair::from_connections(client, server);
    pair.handshake();
}

#[test]
fn a_config_the_hello_cannot_use_gives_a_failed_connection_with_its_alert() {
    let mut client =
        Connection::client(Arc::new(tls12_client_config()), name("localhost")).expect("client");
    let flight = client.take_tls();
    let accepted = accept(&mut Acceptor::new(), &flight, usize::MAX).expect("accepted");
    let mut config: ServerConfig = server_config("server-ecdsa");
    config.shared.versions = stratls_handshake::Versions::TLS13_ONLY;
    let mut server = accepted.into_connection(Arc::new(config)).expect("server");
    assert_eq!(
        server.error(),
        Some(&Error::PeerIncompatible(Incompatibility::NoCommonVersion))
    );
    // protocol_version, fatal
    assert_eq!(plaintext_alert(&server.take_tls()), Some((2, 70)));
    assert!(server.read_tls(&[]).is_err());
}

#[test]
fn a_first_flight_that_is_not_a_hello_is_refused_with_its_alert() {
    // A ServerHello-typed handshake record (type 2), a change_cipher_spec, application data.
    let cases: [(&[u8], u8); 3] = [
        (&[22, 3, 3, 0, 4, 2, 0, 0, 0], 10),
        (&[20, 3, 3, 0, 1, 1], 10),
        (&[23, 3, 3, 0, 1, 0], 10),
    ];
    for (bytes, description) in cases {
        let mut acceptor = Acceptor::new();
        let e = acceptor.read_tls(bytes).expect_err("refused");
        assert_eq!(e.alert().map(|a| a.to_u8()), Some(description), "{e:?}");
        assert!(!acceptor.wants_read());
        assert_eq!(acceptor.read_tls(bytes).expect_err("again"), e);
        assert_eq!(
            plaintext_alert(acceptor.pending_tls()),
            Some((2, description))
        );
        let n = acceptor.pending_tls().len();
        acceptor.consume_tls(n);
        assert!(!acceptor.wants_write());
    }
    // A record that is not TLS at all.
    let mut acceptor = Acceptor::new();
    let e = acceptor
        .read_tls(b"GET / HTTP/1.1\r\n\r\n")
        .expect_err("refused");
    assert!(e.alert().is_some(), "{e:?}");
    assert_eq!(
        plaintext_alert(acceptor.pending_tls()).map(|a| a.1),
        e.alert().map(|a| a.to_u8())
    );
}

#[test]
fn a_transport_that_ends_before_the_hello_is_truncated() {
    let mut client = client_with_alpn("localhost");
    let flight = client.take_tls();
    let mut acceptor = Acceptor::new();
    let (n, accepted) = acceptor
        .read_tls(&flight[..flight.len() / 2])
        .expect("half");
    assert_eq!((n, accepted.is_none()), (flight.len() / 2, true));
    assert!(acceptor.wants_read());
    assert_eq!(acceptor.transport_ended(), Err(Error::Truncated));
    assert!(!acceptor.wants_write());
    // A close_notify before any hello.
    let mut acceptor = Acceptor::new();
    let e = acceptor
        .read_tls(&[21, 3, 3, 0, 2, 1, 0])
        .expect_err("closed");
    assert_eq!(e, Error::ClosedDuringHandshake);
}
