//! Version negotiation between clients and servers configured for TLS 1.2 only, TLS 1.3 only
//! or both, and the TLS 1.3 downgrade sentinel (RFC 8446 §4.1.3).

use stratls_codec::{AlertDescription, HandshakeMessage, ParseContext, ProtocolVersion};
use stratls_crypto::CipherSuite;
use stratls_handshake::{Error, Incompatibility, Misbehaviour, Versions};
use stratls_test_support::*;

const DOWNGRADE_TLS12: [u8; 8] = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01];

#[test]
fn every_combination_of_versions() {
    let v12 = Some(ProtocolVersion::TLSv1_2);
    let v13 = Some(ProtocolVersion::TLSv1_3);
    let cases = [
        (Versions::BOTH, Versions::BOTH, v13),
        (Versions::BOTH, Versions::TLS13_ONLY, v13),
        (Versions::BOTH, Versions::TLS12_ONLY, v12),
        (Versions::TLS13_ONLY, Versions::BOTH, v13),
        (Versions::TLS13_ONLY, Versions::TLS13_ONLY, v13),
        (Versions::TLS13_ONLY, Versions::TLS12_ONLY, None),
        (Versions::TLS12_ONLY, Versions::BOTH, v12),
        (Versions::TLS12_ONLY, Versions::TLS13_ONLY, None),
        (Versions::TLS12_ONLY, Versions::TLS12_ONLY, v12),
    ];
    for (client_versions, server_versions, expected) in cases {
        let what = format!("client {client_versions:?} server {server_versions:?}");
        let mut client = client_config();
        client.shared.versions = client_versions;
        let mut server = server_config("server-ecdsa");
        server.shared.versions = server_versions;
        let mut pair = Pair::new(client, server);
        match expected {
            Some(v) => {
                pair.handshake();
                assert_eq!(
                    pair.client.negotiated().expect("established").version,
                    Some(v),
                    "{what}"
                );
                assert_eq!(
                    pair.server.negotiated().expect("established").version,
                    Some(v),
                    "{what}"
                );
                pair.exchange_data(100);
            }
            None => {
                let f = pair.pump().expect_err(&what);
                assert_eq!(
                    f.server,
                    Some(Error::PeerIncompatible(Incompatibility::NoCommonVersion)),
                    "{what}"
                );
                assert_eq!(
                    f.client,
                    Some(Error::AlertReceived(AlertDescription::ProtocolVersion)),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn defaults_are_both_versions() {
    assert_eq!(client_config().shared.versions, Versions::BOTH);
    assert_eq!(server_config("server-rsa").shared.versions, Versions::BOTH);
}

/// The ServerHello random in the first record a server sends.
fn server_random(flight: &[u8]) -> [u8; 32] {
    let record = split_records(flight).remove(0);
    let (message, _) = HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13)
        .expect("ServerHello parses");
    match message {
        HandshakeMessage::ServerHello(sh) => sh.random,
        other => panic!("not a ServerHello: {other:?}"),
    }
}

#[test]
fn a_tls12_only_server_sends_no_sentinel() {
    let mut pair = Pair::new(client_config(), tls12_server_config("server-ecdsa"));
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let flight = pair.server.take_tls();
    assert_ne!(server_random(&flight)[24..], DOWNGRADE_TLS12);
    pair.client.read_tls(&flight).expect("flight");
    pair.handshake();
    assert_eq!(
        pair.client.negotiated().expect("established").version,
        Some(ProtocolVersion::TLSv1_2)
    );
}

/// A server that can do TLS 1.3 but shares no TLS 1.3 suite with the client answers TLS 1.2
/// with the sentinel in its random.
fn downgrading_pair(client_versions: Versions) -> Pair {
    let mut client = client_config();
    client.shared.versions = client_versions;
    client.shared.cipher_suites = vec![
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    ];
    let mut server = server_config("server-ecdsa");
    server.shared.cipher_suites = vec![
        CipherSuite::TLS13_AES_256_GCM_SHA384,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    ];
    Pair::new(client, server)
}

#[test]
fn a_tls13_client_rejects_the_downgrade_sentinel() {
    let mut pair = downgrading_pair(Versions::BOTH);
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let flight = pair.server.take_tls();
    assert_eq!(server_random(&flight)[24..], DOWNGRADE_TLS12);
    let err = pair.client.read_tls(&flight).expect_err("downgrade");
    assert_eq!(err, Error::PeerMisbehaved(Misbehaviour::DowngradeDetected));
    assert_eq!(err.alert(), Some(AlertDescription::IllegalParameter));
    let alert = pair.client.take_tls();
    assert_eq!(
        pair.server.read_tls(&alert).expect_err("alert"),
        Error::AlertReceived(AlertDescription::IllegalParameter)
    );
}

#[test]
fn a_tls12_only_client_does_not_check_the_sentinel() {
    let mut pair = downgrading_pair(Versions::TLS12_ONLY);
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let flight = pair.server.take_tls();
    assert_eq!(server_random(&flight)[24..], DOWNGRADE_TLS12);
    pair.client.read_tls(&flight).expect("no check");
    pair.handshake();
    assert_eq!(
        pair.client.negotiated().expect("established").version,
        Some(ProtocolVersion::TLSv1_2)
    );
}

#[test]
fn old_versions_are_refused() {
    // A TLS 1.0 and a TLS 1.1 ClientHello: legacy_version 0x0301 / 0x0302, no
    // supported_versions, one ECDHE suite, null compression.
    for minor in [1u8, 2] {
        let mut body = vec![3, minor];
        body.extend_from_slice(&[7; 32]);
        body.push(0);
        body.extend_from_slice(&[0, 2, 0xc0, 0x2b, 1, 0]);
        let mut message = vec![1, 0, 0, body.len() as u8];
        message.extend_from_slice(&body);
        let mut server = stratls_handshake::Connection::server(std::sync::Arc::new(server_config(
            "server-ecdsa",
        )))
        .expect("server");
        let err = server
            .read_tls(&handshake_record(&message))
            .expect_err("old version");
        assert_eq!(
            err,
            Error::PeerIncompatible(Incompatibility::NoCommonVersion)
        );
        assert_eq!(err.alert(), Some(AlertDescription::ProtocolVersion));
    }
}
