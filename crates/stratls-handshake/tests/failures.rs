//! Failures in memory: each one gives the error on the side that detects it and the right
//! alert on the other side.

use std::sync::Arc;

use stratls_codec::{AlertDescription, HandshakeType};
use stratls_handshake::{Error, Incompatibility, MessageKind, SingleCert, Status};
use stratls_pki::PkiError;
use stratls_test_support::*;

fn expect_failure(pair: &mut Pair) -> Box<Failure> {
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
fn the_type_is_checked_before_the_body_is_decoded() {
    // The client's ClientHello with its type byte changed to `certificate` (11): the body is
    // no Certificate, but the type alone decides, before any decoding.
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let mut record = pair.client.take_tls();
    assert_eq!(record[5], 1, "a ClientHello");
    record[5] = 11;
    let err = pair
        .server
        .read_tls(&record)
        .expect_err("a Certificate first");
    assert_eq!(
        err,
        Error::UnexpectedMessage {
            state: "ExpectClientHello",
            expected: &[HandshakeType::ClientHello],
            got: MessageKind::Handshake(HandshakeType::Certificate),
        }
    );
    assert_eq!(err.alert(), Some(AlertDescription::UnexpectedMessage));
    // The alert went out before the error came back.
    assert_eq!(pair.server.take_tls(), [21, 3, 3, 0, 2, 2, 10]);
}

#[test]
fn a_type_the_state_does_not_take_is_unexpected_whatever_its_body() {
    for typ in [0u8, 2, 4, 8, 11, 12, 13, 14, 15, 16, 20, 24, 99] {
        let mut server =
            stratls_handshake::Connection::server(Arc::new(server_config("server-ecdsa")))
                .expect("server");
        // A body no message of any type has: three bytes of 0xff.
        let record = [22u8, 3, 1, 0, 7, typ, 0, 0, 3, 0xff, 0xff, 0xff];
        let err = server.read_tls(&record).expect_err("not a ClientHello");
        assert!(
            matches!(
                err,
                Error::UnexpectedMessage {
                    got: MessageKind::Handshake(t),
                    ..
                } if t == HandshakeType::from_u8(typ)
            ),
            "type {typ}: {err:?}"
        );
    }
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
    assert!(matches!(
        err,
        Error::Record(_)
            | Error::UnexpectedMessage {
                got: MessageKind::ApplicationData,
                ..
            }
    ));
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
    records::record_with_version(records::HANDSHAKE, [3, 1], &body)
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
    let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
    records::record(records::APPLICATION_DATA, &data)
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
    config.shared.groups = vec![stratls_crypto::NamedGroup::Secp256r1];
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

/// A third-party group whose shares are longer than the wire's vectors carry: 256 bytes, one
/// more than a TLS 1.2 ECDH public value (RFC 8422 §5.4), and, in TLS 1.3, 70,000 bytes, more
/// than a KeyShareEntry carries (RFC 8446 §4.2.8).
#[derive(Debug)]
struct OverlongGroup(usize);

struct OverlongShare(Vec<u8>);

impl stratls_crypto::KxGroup for OverlongGroup {
    fn group(&self) -> stratls_codec::NamedGroup {
        stratls_codec::NamedGroup::X25519
    }
    fn start(
        &self,
    ) -> Result<Box<dyn stratls_crypto::ActiveKeyExchange>, stratls_crypto::CryptoError> {
        Ok(Box::new(OverlongShare(vec![0x42; self.0])))
    }
}

impl stratls_crypto::ActiveKeyExchange for OverlongShare {
    fn group(&self) -> stratls_codec::NamedGroup {
        stratls_codec::NamedGroup::X25519
    }
    fn public_key(&self) -> &[u8] {
        &self.0
    }
    fn complete(
        self: Box<Self>,
        _peer: &[u8],
    ) -> Result<stratls_crypto::Secret, stratls_crypto::CryptoError> {
        Err(stratls_crypto::CryptoError::InvalidPeerKeyShare)
    }
}

fn overlong(len: usize) -> stratls_crypto::CryptoProvider {
    let mut provider = provider();
    let group: Arc<dyn stratls_crypto::KxGroup> = Arc::new(OverlongGroup(len));
    provider.kx_groups = vec![stratls_crypto::Shared::from(group)].into();
    provider
}

/// A provider's key share that its vector cannot carry fails the handshake as a local error
/// (`internal_error`) on the side that made it, before anything is encoded: the encoders
/// would otherwise cut the share short.
#[test]
fn a_provider_share_longer_than_the_wire_carries_is_a_local_error() {
    let local = Error::Config("the provider made a key share whose length the wire cannot carry");
    // The TLS 1.2 server's ServerKeyExchange.
    let mut server = tls12_server_config("server-ecdsa");
    server.provider = overlong(256);
    server.shared.groups = vec![stratls_codec::NamedGroup::X25519];
    let f = expect_failure(&mut Pair::new(tls12_client_config(), server));
    assert_eq!(f.server, Some(local.clone()));
    assert_eq!(local.alert(), Some(AlertDescription::InternalError));
    // The TLS 1.3 client's key_share extension.
    let mut client = client_config();
    client.provider = overlong(70_000);
    client.shared.groups = vec![stratls_codec::NamedGroup::X25519];
    let started = stratls_handshake::Connection::client(Arc::new(client), name("localhost"));
    assert_eq!(
        started.err(),
        Some(Error::Config(
            "the provider made key shares whose length the wire cannot carry"
        ))
    );
}
