//! A client facing a scripted server: every malformed ServerHello or HelloRetryRequest is
//! refused with the alert RFC 8446 §4.1.3–4.1.4 names.

use std::sync::Arc;

use stratls_codec::extensions::{HelloRetryExtension, KeyShareEntry, ServerExtension};
use stratls_codec::handshake::{HelloRetryRequest, ServerHello};
use stratls_codec::{
    AlertDescription, CipherSuite, HandshakeMessage, NamedGroup, ParseContext, ProtocolVersion,
};
use stratls_handshake::{Connection, Error, Versions};
use stratls_test_support::*;

/// A TLS 1.3-only client and the session id of its ClientHello.
fn client() -> (Connection, Vec<u8>) {
    client_with(Versions::TLS13_ONLY)
}

fn client_with(versions: Versions) -> (Connection, Vec<u8>) {
    let mut config = client_config();
    config.shared.versions = versions;
    config.shared.groups = vec![
        stratls_crypto::NamedGroup::X25519,
        stratls_crypto::NamedGroup::Secp256r1,
    ];
    let mut conn = Connection::client(Arc::new(config), name("localhost")).expect("client");
    let record = conn.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13).expect("hello");
    let HandshakeMessage::ClientHello(hello) = message else {
        panic!("not a ClientHello")
    };
    (conn, hello.legacy_session_id)
}

fn record(message: HandshakeMessage) -> Vec<u8> {
    handshake_record(&message.to_vec())
}

fn hrr(session_id: &[u8], extensions: Vec<HelloRetryExtension>) -> HandshakeMessage {
    HandshakeMessage::HelloRetryRequest(HelloRetryRequest {
        legacy_version: ProtocolVersion::TLSv1_2,
        legacy_session_id_echo: session_id.to_vec(),
        cipher_suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
        extensions,
    })
}

fn server_hello(
    session_id: &[u8],
    suite: CipherSuite,
    extensions: Vec<ServerExtension>,
) -> HandshakeMessage {
    HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random: [7; 32],
        legacy_session_id_echo: session_id.to_vec(),
        cipher_suite: suite,
        legacy_compression_method: 0,
        extensions,
    })
}

fn x25519_share() -> ServerExtension {
    let kx = stratls_rustcrypto::X25519.start().expect("key");
    ServerExtension::KeyShare(KeyShareEntry {
        group: NamedGroup::X25519,
        key_exchange: kx.public_key().to_vec(),
    })
}

fn alert_for(conn: &mut Connection, bytes: &[u8]) -> Option<AlertDescription> {
    conn.read_tls(bytes).expect_err("refused").alert()
}

const V13: ServerExtension = ServerExtension::SupportedVersions(ProtocolVersion::TLSv1_3);
const HRR_V13: HelloRetryExtension =
    HelloRetryExtension::SupportedVersions(ProtocolVersion::TLSv1_3);

#[test]
fn hello_retry_for_the_group_already_sent_is_illegal_parameter() {
    let (mut c, sid) = client();
    let m = hrr(
        &sid,
        vec![HRR_V13, HelloRetryExtension::KeyShare(NamedGroup::X25519)],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn hello_retry_that_changes_nothing_is_illegal_parameter() {
    let (mut c, sid) = client();
    let m = hrr(&sid, vec![HRR_V13]);
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn hello_retry_for_an_unoffered_group_is_illegal_parameter() {
    let (mut c, sid) = client();
    let m = hrr(
        &sid,
        vec![
            HRR_V13,
            HelloRetryExtension::KeyShare(NamedGroup::Secp521r1),
        ],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn a_second_hello_retry_is_unexpected_message() {
    let (mut c, sid) = client();
    let first = hrr(
        &sid,
        vec![
            HRR_V13,
            HelloRetryExtension::KeyShare(NamedGroup::Secp256r1),
        ],
    );
    c.read_tls(&record(first)).expect("first retry is fine");
    assert!(c.wants_write(), "the second ClientHello is queued");
    let second = hrr(
        &sid,
        vec![HRR_V13, HelloRetryExtension::Cookie(vec![1, 2, 3])],
    );
    assert_eq!(
        alert_for(&mut c, &record(second)),
        Some(AlertDescription::UnexpectedMessage)
    );
    assert!(
        matches!(
            c.error(),
            Some(stratls_handshake::Error::UnexpectedMessage {
                got: stratls_handshake::MessageKind::HelloRetryRequest,
                ..
            })
        ),
        "{:?}",
        c.error()
    );
}

#[test]
fn server_hello_with_another_session_id_is_illegal_parameter() {
    let (mut c, _) = client();
    let m = server_hello(
        &[9; 32],
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        vec![V13, x25519_share()],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn server_hello_with_an_unoffered_suite_is_illegal_parameter() {
    let (mut c, sid) = client();
    let m = server_hello(
        &sid,
        CipherSuite::from_u16(0x1304),
        vec![V13, x25519_share()],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn server_hello_for_another_group_is_illegal_parameter() {
    let (mut c, sid) = client();
    let kx = stratls_rustcrypto::SECP256R1.start().expect("key");
    let share = ServerExtension::KeyShare(KeyShareEntry {
        group: NamedGroup::Secp256r1,
        key_exchange: kx.public_key().to_vec(),
    });
    let m = server_hello(
        &sid,
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        vec![V13, share],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn server_hello_without_key_share_is_missing_extension() {
    let (mut c, sid) = client();
    let m = server_hello(&sid, CipherSuite::TLS13_AES_128_GCM_SHA256, vec![V13]);
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::MissingExtension)
    );
}

#[test]
fn server_hello_with_a_bad_point_is_illegal_parameter() {
    let (mut c, sid) = client();
    let share = ServerExtension::KeyShare(KeyShareEntry {
        group: NamedGroup::X25519,
        key_exchange: vec![0; 32],
    });
    let m = server_hello(
        &sid,
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        vec![V13, share],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn tls12_answer_to_a_tls13_only_client_is_protocol_version() {
    let (mut c, sid) = client();
    let m = server_hello(&sid, CipherSuite::TLS13_AES_128_GCM_SHA256, vec![]);
    let err = c.read_tls(&record(m)).expect_err("refused");
    assert_eq!(
        err.alert(),
        Some(AlertDescription::ProtocolVersion),
        "{err:?}"
    );
    assert!(
        matches!(err, Error::PeerIncompatible(_) | Error::PeerMisbehaved(_)),
        "{err:?}"
    );
}

fn tls12_server_hello(session_id: &[u8], extensions: Vec<ServerExtension>) -> HandshakeMessage {
    server_hello(
        session_id,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        extensions,
    )
}

const TLS12_EXTENSIONS: [ServerExtension; 2] = [
    ServerExtension::RenegotiationInfo(Vec::new()),
    ServerExtension::ExtendedMasterSecret,
];

#[test]
fn a_tls12_answer_with_unsolicited_alpn_is_unsupported_extension() {
    let (mut c, sid) = client_with(Versions::TLS12_ONLY);
    let mut ext = TLS12_EXTENSIONS.to_vec();
    ext.push(ServerExtension::Alpn(b"h2".to_vec()));
    let m = tls12_server_hello(&sid, ext);
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::UnsupportedExtension)
    );
}

#[test]
fn a_tls12_answer_is_accepted_up_to_the_certificate() {
    // The same ServerHello without the ALPN answer is fine: the client waits for more.
    let (mut c, sid) = client_with(Versions::TLS12_ONLY);
    let m = tls12_server_hello(&sid, TLS12_EXTENSIONS.to_vec());
    c.read_tls(&record(m)).expect("ServerHello accepted");
}

#[test]
fn a_version_the_client_did_not_offer_is_illegal_parameter() {
    // RFC 8446 §4.2.1: a TLS 1.2-only client told "TLS 1.3".
    let (mut c, sid) = client_with(Versions::TLS12_ONLY);
    let m = server_hello(
        &sid,
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        vec![V13, x25519_share()],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}
