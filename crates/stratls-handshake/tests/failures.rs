//! Failures in memory: each one gives the error on the side that detects it and the right
//! alert on the other side.

mod common;

use std::sync::Arc;

use common::*;
use stratls_codec::{AlertDescription, NamedGroup};
use stratls_handshake::{Error, Incompatibility, SingleCert, Status};
use stratls_pki::PkiError;

fn expect_failure(pair: &mut Pair) -> Failure {
    pair.pump().expect_err("handshake must fail")
}

#[test]
fn wrong_name() {
    let mut pair = Pair::with_name(
        client_config(),
        server_config("server-ecdsa"),
        "example.com",
    );
    let f = expect_failure(&mut pair);
    assert_eq!(
        f.client,
        Some(Error::InvalidCertificate(PkiError::NameMismatch))
    );
    assert_eq!(
        f.server,
        Some(Error::AlertReceived(AlertDescription::BadCertificate))
    );
    assert_eq!(pair.client.status(), Status::Failed);
}

#[test]
fn untrusted_ca() {
    let mut pair = Pair::new(client_config(), server_config("server-untrusted"));
    let f = expect_failure(&mut pair);
    assert_eq!(
        f.client,
        Some(Error::InvalidCertificate(PkiError::UnknownIssuer))
    );
    assert_eq!(
        f.server,
        Some(Error::AlertReceived(AlertDescription::UnknownCa))
    );
}

#[test]
fn expired_certificate() {
    let mut pair = Pair::new(client_config(), server_config("server-expired"));
    let f = expect_failure(&mut pair);
    assert_eq!(f.client, Some(Error::InvalidCertificate(PkiError::Expired)));
    assert_eq!(
        f.server,
        Some(Error::AlertReceived(AlertDescription::CertificateExpired))
    );
}

#[test]
fn client_without_certificate_when_required() {
    let mut server = server_config("server-ecdsa");
    require_client_auth(&mut server);
    let mut pair = Pair::new(client_config(), server);
    let f = expect_failure(&mut pair);
    assert_eq!(
        f.server,
        Some(Error::PeerIncompatible(
            Incompatibility::CertificateRequired
        ))
    );
    assert_eq!(
        f.client,
        Some(Error::AlertReceived(AlertDescription::CertificateRequired))
    );
}

#[test]
fn client_certificate_from_an_untrusted_ca() {
    let mut client = client_config();
    // A server certificate is not valid for client authentication (extended key usage).
    client.client_cert = Some(Arc::new(SingleCert(certified("server-rsa"))));
    let mut server = server_config("server-ecdsa");
    require_client_auth(&mut server);
    let f = expect_failure(&mut Pair::new(client, server));
    assert!(
        matches!(
            f.server,
            Some(Error::InvalidCertificate(PkiError::NotAllowed(_)))
        ),
        "{f:?}"
    );
    assert_eq!(
        f.client,
        Some(Error::AlertReceived(AlertDescription::BadCertificate))
    );
}

#[test]
fn tampered_handshake_record_is_bad_record_mac() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let mut flight = pair.server.take_tls();
    let last = flight.len() - 20;
    flight[last] ^= 0x40;
    let err = pair.client.read_tls(&flight).expect_err("tampered");
    assert_eq!(err.alert(), Some(AlertDescription::BadRecordMac));
    // The alert is queued for the server, and later calls keep failing with the same error.
    assert!(pair.client.wants_write());
    assert_eq!(pair.client.read_tls(&[]).expect_err("final"), err);
    assert_eq!(pair.client.write(b"x").expect_err("final"), err);
    assert_eq!(pair.client.update_keys(true).expect_err("final"), err);
    assert_eq!(
        pair.client
            .export_keying_material(b"label", None, 16)
            .expect_err("final"),
        err
    );
    let alert = pair.client.take_tls();
    assert_eq!(
        pair.server.read_tls(&alert).expect_err("alert arrives"),
        Error::AlertReceived(AlertDescription::BadRecordMac)
    );
}

#[test]
fn handshake_message_out_of_order_is_unexpected_message() {
    // A server that receives the client's second ClientHello-less Finished first.
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let mut server2 =
        stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
            .expect("server");
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    // The server's flight replayed to a server: a ServerHello where a ClientHello belongs.
    let flight = pair.server.take_tls();
    let err = server2
        .read_tls(&flight)
        .expect_err("ServerHello to a server");
    assert_eq!(err.alert(), Some(AlertDescription::UnexpectedMessage));
}

#[test]
fn application_data_before_the_handshake_is_unexpected() {
    let mut server = stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
        .expect("server");
    let record = [23u8, 3, 3, 0, 5, 1, 2, 3, 4, 5];
    let err = server
        .read_tls(&record)
        .expect_err("plaintext application data");
    assert_eq!(err.alert(), Some(AlertDescription::UnexpectedMessage));
}

#[test]
fn garbage_is_a_decode_error_not_a_panic() {
    for garbage in [
        &[22u8, 3, 1, 0, 4, 1, 0, 0, 0][..],
        &[22, 3, 1, 0, 6, 1, 0, 0, 2, 3, 3],
        &[0xff; 64],
    ] {
        let mut server =
            stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
                .expect("server");
        let err = server.read_tls(garbage).expect_err("garbage");
        assert!(err.alert().is_some(), "{err:?}");
    }
}

#[test]
fn close_notify_during_the_handshake() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let _hello = pair.client.take_tls();
    pair.server.close();
    let alert = pair.server.take_tls();
    assert_eq!(
        pair.client.read_tls(&alert).expect_err("closed"),
        Error::ClosedDuringHandshake
    );
}

/// The client's first record, with its ClientHello rewritten by `edit`.
fn rewritten_hello(edit: impl FnOnce(&mut stratls_codec::handshake::ClientHello)) -> Vec<u8> {
    use stratls_codec::{HandshakeMessage, ParseContext};
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let record = pair.client.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13).expect("hello parses");
    let HandshakeMessage::ClientHello(mut hello) = message else {
        panic!("not a ClientHello");
    };
    edit(&mut hello);
    let body = HandshakeMessage::ClientHello(hello).to_vec();
    let mut out = vec![22, 3, 1];
    out.extend_from_slice(&(body.len() as u16).to_be_bytes());
    out.extend_from_slice(&body);
    out
}

#[test]
fn psk_offer_without_key_exchange_modes_is_missing_extension() {
    use stratls_codec::extensions::{ClientExtension, PreSharedKeyOffer, PskIdentity};
    let hello = rewritten_hello(|h| {
        h.extensions
            .retain(|e| !matches!(e, ClientExtension::PskKeyExchangeModes(_)));
        h.extensions
            .push(ClientExtension::PreSharedKey(PreSharedKeyOffer {
                identities: vec![PskIdentity {
                    identity: b"ticket".to_vec(),
                    obfuscated_ticket_age: 7,
                }],
                binders: vec![vec![0u8; 32]],
            }));
    });
    let mut server = stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
        .expect("server");
    let err = server.read_tls(&hello).expect_err("refused");
    assert_eq!(err.alert(), Some(AlertDescription::MissingExtension));

    // With the modes, the offer is simply not taken up.
    let hello = rewritten_hello(|h| {
        h.extensions
            .push(ClientExtension::PreSharedKey(PreSharedKeyOffer {
                identities: vec![PskIdentity {
                    identity: b"ticket".to_vec(),
                    obfuscated_ticket_age: 7,
                }],
                binders: vec![vec![0u8; 32]],
            }));
    });
    let mut server = stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
        .expect("server");
    server.read_tls(&hello).expect("full handshake instead");
    assert!(server.wants_write());
}

fn psk_and_early_data_offer(h: &mut stratls_codec::handshake::ClientHello) {
    use stratls_codec::extensions::{ClientExtension, PreSharedKeyOffer, PskIdentity};
    h.extensions.push(ClientExtension::EarlyData);
    h.extensions
        .push(ClientExtension::PreSharedKey(PreSharedKeyOffer {
            identities: vec![PskIdentity {
                identity: b"a ticket from another server".to_vec(),
                obfuscated_ticket_age: 1,
            }],
            binders: vec![vec![0u8; 32]],
        }));
}

/// An application_data record the server cannot decrypt, as 0-RTT data looks to it.
fn early_record(len: usize) -> Vec<u8> {
    let mut r = vec![23, 3, 3];
    r.extend_from_slice(&(len as u16).to_be_bytes());
    r.extend((0..len).map(|i| i as u8));
    r
}

#[test]
fn declined_early_data_is_skipped_up_to_the_limit() {
    let hello = rewritten_hello(psk_and_early_data_offer);
    let mut server = stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
        .expect("server");
    server.read_tls(&hello).expect("hello");
    assert!(server.wants_write(), "full handshake instead of 0-RTT");
    for _ in 0..10 {
        server
            .read_tls(&early_record(1000))
            .expect("early data skipped");
    }
    // Past the limit (64 KiB by default), an undecryptable record is what it is.
    let mut last = Ok(0);
    for _ in 0..100 {
        last = server.read_tls(&early_record(1000));
        if last.is_err() {
            break;
        }
    }
    assert_eq!(
        last.expect_err("budget spent").alert(),
        Some(AlertDescription::BadRecordMac)
    );

    // Without an early_data offer nothing is skipped.
    let hello = rewritten_hello(|_| {});
    let mut server = stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
        .expect("server");
    server.read_tls(&hello).expect("hello");
    let err = server
        .read_tls(&early_record(100))
        .expect_err("no skipping");
    assert_eq!(err.alert(), Some(AlertDescription::BadRecordMac));
}

#[test]
fn early_data_before_a_second_hello_is_skipped() {
    let hello = rewritten_hello(psk_and_early_data_offer);
    let mut config = server_config("server-ecdsa");
    config.groups = vec![NamedGroup::Secp256r1];
    let mut server = stratls_handshake::Connection::server(Arc::new(config)).expect("server");
    server.read_tls(&hello).expect("hello");
    assert!(server.wants_write(), "HelloRetryRequest");
    server
        .read_tls(&early_record(500))
        .expect("skipped before the second hello");
}

#[test]
fn no_key_update_answer_after_close_notify() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    pair.client.close();
    let close = pair.client.take_tls();
    pair.server
        .update_keys(true)
        .expect("server asks for an update");
    let update = pair.server.take_tls();
    pair.client.read_tls(&update).expect("update taken");
    assert!(
        !pair.client.wants_write(),
        "nothing is sent after close_notify"
    );
    pair.server.read_tls(&close).expect("close");
    assert_eq!(pair.server.status(), Status::PeerClosed);
}
