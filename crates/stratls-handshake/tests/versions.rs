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

/// `hello` (a record holding one ClientHello) with its legacy_version set to `version`.
fn with_legacy_version(hello: &[u8], version: u16) -> Vec<u8> {
    let (message, _) =
        HandshakeMessage::parse_framed(&hello[5..], ParseContext::Tls13).expect("a ClientHello");
    let HandshakeMessage::ClientHello(mut ch) = message else {
        panic!("not a ClientHello");
    };
    ch.legacy_version = ProtocolVersion::from(version);
    records::record_with_version(
        records::HANDSHAKE,
        [3, 1],
        &HandshakeMessage::ClientHello(ch).to_vec(),
    )
}

#[test]
fn a_client_hello_of_ssl3_or_below_is_protocol_version_even_offering_tls13() {
    // RFC 8446 Appendix D.5: supported_versions offers TLS 1.3 and TLS 1.2 here.
    for version in [0x0300, 0x02ff, 0x0200, 0x0002, 0x0000] {
        let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
        let hello = with_legacy_version(&pair.client.take_tls(), version);
        let err = pair.server.read_tls(&hello).expect_err("SSL 3.0");
        assert_eq!(
            err,
            Error::PeerIncompatible(Incompatibility::Ssl3LegacyVersion),
            "{version:#06x}"
        );
        assert_eq!(
            records::plaintext_alert(&pair.server.take_tls()),
            Some((2, 70)),
            "{version:#06x}: protocol_version"
        );
    }
    // TLS 1.0 in legacy_version next to supported_versions is not looked at (RFC 8446 §4.2.1).
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let hello = with_legacy_version(&pair.client.take_tls(), 0x0301);
    pair.server
        .read_tls(&hello)
        .expect("TLS 1.0 legacy_version");
    let flight = pair.server.take_tls();
    let (message, _) = HandshakeMessage::parse_framed(&flight[5..], ParseContext::Tls13)
        .expect("the server answers");
    let HandshakeMessage::ServerHello(sh) = message else {
        panic!("not a ServerHello: {message:?}");
    };
    assert_eq!(sh.supported_version(), Some(ProtocolVersion::TLSv1_3));
}

#[test]
fn a_second_client_hello_of_ssl3_is_protocol_version() {
    let mut server = server_config("server-ecdsa");
    server.shared.groups = vec![stratls_crypto::NamedGroup::Secp256r1];
    let mut pair = Pair::new(client_config(), server);
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("first hello");
    let retry = pair.server.take_tls();
    pair.client.read_tls(&retry).expect("HelloRetryRequest");
    let second: Vec<Vec<u8>> = split_records(&pair.client.take_tls())
        .into_iter()
        .map(|r| {
            if handshake_type(&r) == Some(1) {
                with_legacy_version(&r, 0x0300)
            } else {
                r
            }
        })
        .collect();
    assert_eq!(second.len(), 2, "change_cipher_spec and ClientHello");
    let err = second
        .iter()
        .try_for_each(|r| pair.server.read_tls(r).map(|_| ()))
        .expect_err("SSL 3.0");
    assert_eq!(
        err,
        Error::PeerIncompatible(Incompatibility::Ssl3LegacyVersion)
    );
    assert_eq!(
        records::plaintext_alert(&pair.server.take_tls()),
        Some((2, 70))
    );
}

/// `hello` (a record holding one ClientHello) with TLS_FALLBACK_SCSV added to its suites.
fn with_fallback_scsv(hello: &[u8]) -> Vec<u8> {
    let (message, _) =
        HandshakeMessage::parse_framed(&hello[5..], ParseContext::Tls13).expect("a ClientHello");
    let HandshakeMessage::ClientHello(mut ch) = message else {
        panic!("not a ClientHello");
    };
    ch.cipher_suites.push(CipherSuite::TLS_FALLBACK_SCSV);
    records::record_with_version(
        records::HANDSHAKE,
        [3, 1],
        &HandshakeMessage::ClientHello(ch).to_vec(),
    )
}

/// A server's refusal: its error and the alert it sent in the clear.
type Refusal = (Error, Option<(u8, u8)>);

/// What a server of `versions` answers to the first ClientHello of a client of
/// `client_versions` with TLS_FALLBACK_SCSV added: the ServerHello's version, or its refusal.
fn answer_to_fallback(
    client_versions: Versions,
    versions: Versions,
) -> Result<Option<ProtocolVersion>, Refusal> {
    let mut client = client_config();
    client.shared.versions = client_versions;
    let mut server = server_config("server-ecdsa");
    server.shared.versions = versions;
    let mut pair = Pair::new(client, server);
    let hello = with_fallback_scsv(&pair.client.take_tls());
    match pair.server.read_tls(&hello) {
        Err(e) => Err((e, records::plaintext_alert(&pair.server.take_tls()))),
        Ok(_) => {
            let flight = pair.server.take_tls();
            let (message, _) = HandshakeMessage::parse_framed(&flight[5..], ParseContext::Tls13)
                .expect("the server answers");
            let HandshakeMessage::ServerHello(sh) = message else {
                panic!("not a ServerHello: {message:?}");
            };
            Ok(sh.supported_version().or(Some(sh.legacy_version)))
        }
    }
}

#[test]
fn a_fallback_to_tls12_is_refused_by_a_server_that_can_do_tls13() {
    // RFC 7507 §3: the client's highest version (TLS 1.2) is below the server's.
    for server in [Versions::BOTH, Versions::TLS13_ONLY] {
        let (err, alert) =
            answer_to_fallback(Versions::TLS12_ONLY, server).expect_err("inappropriate");
        if server.tls12 {
            assert_eq!(
                err,
                Error::PeerMisbehaved(Misbehaviour::InappropriateFallback)
            );
            assert_eq!(alert, Some((2, 86)), "inappropriate_fallback");
        } else {
            // No TLS 1.2 here: the version itself is refused.
            assert_eq!(
                err,
                Error::PeerIncompatible(Incompatibility::NoCommonVersion)
            );
            assert_eq!(alert, Some((2, 70)));
        }
    }
    // A server of TLS 1.2 alone has nothing higher to offer; a client that offers TLS 1.3
    // did not fall back.
    assert_eq!(
        answer_to_fallback(Versions::TLS12_ONLY, Versions::TLS12_ONLY),
        Ok(Some(ProtocolVersion::TLSv1_2))
    );
    assert_eq!(
        answer_to_fallback(Versions::BOTH, Versions::BOTH),
        Ok(Some(ProtocolVersion::TLSv1_3))
    );
}

#[test]
fn a_fallback_below_tls12_is_protocol_version() {
    // RFC 7507 §3: unless the version itself is refused with protocol_version.
    let mut body = vec![3, 2];
    body.extend_from_slice(&[7; 32]);
    body.push(0);
    body.extend_from_slice(&[0, 4, 0xc0, 0x2b, 0x56, 0x00, 1, 0]);
    let mut message = vec![1, 0, 0, body.len() as u8];
    message.extend_from_slice(&body);
    let mut server =
        stratls_handshake::Connection::server(std::sync::Arc::new(server_config("server-ecdsa")))
            .expect("server");
    let err = server
        .read_tls(&handshake_record(&message))
        .expect_err("TLS 1.1");
    assert_eq!(
        err,
        Error::PeerIncompatible(Incompatibility::NoCommonVersion)
    );
    assert_eq!(records::plaintext_alert(&server.take_tls()), Some((2, 70)));
}
