//! A peer certificate whose key the provider cannot verify with is a certificate problem, not
//! a failed signature (RFC 8446 §6.2): an RSA key under 2048 bits is `bad_certificate`, a key
//! on a curve the provider lacks (P-384, with a client provider that has no P-384 verifier)
//! `unsupported_certificate`. Both versions, both
//! sides; each alert is read back from what the failing side sent.

mod forge;

use stratls_codec::handshake::{Certificate, CertificateEntry, CertificateTls12};
use stratls_codec::{AlertDescription, ContentType, HandshakeMessage};
use stratls_handshake::Error;
use stratls_pki::PkiError;
use stratls_test_support::certs::chain;
use stratls_test_support::configs::client_cert;
use stratls_test_support::records::plaintext_alert;
use stratls_test_support::*;

use forge::*;

const CERTIFICATE: u8 = 11;

/// The leaves tried, with the error and the alert each one gets.
fn cases(role: &str) -> Vec<(String, PkiError, AlertDescription)> {
    let mut cases = vec![(
        format!("{role}-rsa1024"),
        PkiError::WeakKey { bits: 1024 },
        AlertDescription::BadCertificate,
    )];
    if role == "server" {
        cases.push((
            "server-p384".to_string(),
            PkiError::UnsupportedKey,
            AlertDescription::UnsupportedCertificate,
        ));
    }
    cases
}

/// A client whose provider verifies no handshake signature on P-384.
fn without_p384(client: &mut stratls_handshake::ClientConfig) {
    let kept: Vec<_> = client
        .provider
        .signature_verifiers
        .iter()
        .filter(|v| v.scheme() != stratls_codec::SignatureScheme::ECDSA_SECP384R1_SHA384)
        .cloned()
        .collect();
    client.provider.signature_verifiers = kept.into();
}

fn tls13_certificate(leaf: &str) -> Vec<u8> {
    HandshakeMessage::Certificate(Certificate {
        context: Vec::new(),
        entries: chain(leaf)
            .into_iter()
            .map(|cert_data| CertificateEntry {
                cert_data,
                extensions: Vec::new(),
            })
            .collect(),
    })
    .to_vec()
}

fn tls12_certificate(leaf: &str) -> Vec<u8> {
    HandshakeMessage::CertificateTls12(CertificateTls12 { chain: chain(leaf) }).to_vec()
}

fn refused(conn: &mut stratls_handshake::Connection, records: &[Vec<u8>]) -> Error {
    deliver(conn, records).expect_err("refused")
}

#[test]
fn tls13_client_refuses_a_server_key_it_cannot_verify_with() {
    for (leaf, error, alert) in cases("server") {
        let (mut pair, log) = tls13_pair_with(without_p384, |_| {});
        let hello = pair.client.take_tls();
        pair.server.read_tls(&hello).expect("hello");
        let mut records = split_records(&pair.server.take_tls());
        let (at, seq) = find13(&log, SERVER_HS, &records, CERTIFICATE);
        records[at] = seal13(
            &log,
            SERVER_HS,
            seq,
            ContentType::Handshake,
            &tls13_certificate(&leaf),
        );
        let err = refused(&mut pair.client, &records);
        assert_eq!(err, Error::InvalidCertificate(error), "{leaf}");
        assert_eq!(
            open13(&log, CLIENT_HS, 0, &pair.client.take_tls()),
            fatal(alert),
            "{leaf}"
        );
    }
}

#[test]
fn tls13_server_refuses_a_client_key_it_cannot_verify_with() {
    for (leaf, error, alert) in cases("client") {
        let (mut pair, log) = tls13_pair_with(
            |client| client_cert(client, "client-ecdsa"),
            require_client_auth,
        );
        let hello = pair.client.take_tls();
        pair.server.read_tls(&hello).expect("hello");
        let flight = pair.server.take_tls();
        pair.client.read_tls(&flight).expect("the server's flight");
        let mut records = split_records(&pair.client.take_tls());
        let (at, seq) = find13(&log, CLIENT_HS, &records, CERTIFICATE);
        records[at] = seal13(
            &log,
            CLIENT_HS,
            seq,
            ContentType::Handshake,
            &tls13_certificate(&leaf),
        );
        let err = refused(&mut pair.server, &records);
        assert_eq!(err, Error::InvalidCertificate(error), "{leaf}");
        assert_eq!(
            open13(&log, SERVER_AP, 0, &pair.server.take_tls()),
            fatal(alert),
            "{leaf}"
        );
    }
}

#[test]
fn tls12_client_refuses_a_server_key_it_cannot_verify_with() {
    for (leaf, error, alert) in cases("server") {
        let mut client = tls12_client_config();
        without_p384(&mut client);
        let mut pair = Pair::new(client, tls12_server_config("server-ecdsa"));
        let hello = pair.client.take_tls();
        pair.server.read_tls(&hello).expect("hello");
        let mut records = split_records(&pair.server.take_tls());
        let at = records
            .iter()
            .position(|r| handshake_type(r) == Some(CERTIFICATE))
            .expect("Certificate");
        records[at] = handshake_record(&tls12_certificate(&leaf));
        let err = refused(&mut pair.client, &records);
        assert_eq!(err, Error::InvalidCertificate(error), "{leaf}");
        assert_eq!(
            plaintext_alert(&pair.client.take_tls()),
            Some((2, u8::from(alert))),
            "{leaf}"
        );
    }
}

#[test]
fn tls12_server_refuses_a_client_key_it_cannot_verify_with() {
    for (leaf, error, alert) in cases("client") {
        let mut client = tls12_client_config();
        client_cert(&mut client, "client-ecdsa");
        let mut server = tls12_server_config("server-ecdsa");
        require_client_auth(&mut server);
        let mut pair = Pair::new(client, server);
        let hello = pair.client.take_tls();
        pair.server.read_tls(&hello).expect("hello");
        let flight = pair.server.take_tls();
        pair.client.read_tls(&flight).expect("server flight");
        let mut records = split_records(&pair.client.take_tls());
        let at = records
            .iter()
            .position(|r| handshake_type(r) == Some(CERTIFICATE))
            .expect("Certificate");
        records[at] = handshake_record(&tls12_certificate(&leaf));
        let err = refused(&mut pair.server, &records);
        assert_eq!(err, Error::InvalidCertificate(error), "{leaf}");
        assert_eq!(
            plaintext_alert(&pair.server.take_tls()),
            Some((2, u8::from(alert))),
            "{leaf}"
        );
    }
}
