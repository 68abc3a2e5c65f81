//! A client facing a scripted server: every malformed ServerHello or HelloRetryRequest is
//! refused with the alert RFC 8446 §4.1.3–4.1.4 names.

use std::sync::Arc;

use stratls_codec::extensions::{HelloRetryExtension, KeyShareEntry, ServerExtension};
use stratls_codec::handshake::{HelloRetryRequest, ServerHello};
use stratls_codec::{
    AlertDescription, CipherSuite, HandshakeMessage, NamedGroup, ParseContext, ProtocolVersion,
};
use stratls_handshake::{Connection, Error, Incompatibility, Misbehaviour, Versions};
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

/// A ServerHello of `legacy_version` without supported_versions (TLS 1.2 or below) whose
/// random ends with `tail`.
fn old_server_hello(session_id: &[u8], legacy_version: u16, tail: &[u8; 8]) -> HandshakeMessage {
    let mut random = [7u8; 32];
    random[24..].copy_from_slice(tail);
    HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::from(legacy_version),
        random,
        legacy_session_id_echo: session_id.to_vec(),
        cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        legacy_compression_method: 0,
        extensions: TLS12_EXTENSIONS.to_vec(),
    })
}

const DOWNGRD_01: &[u8; 8] = b"DOWNGRD\x01";
const DOWNGRD_00: &[u8; 8] = b"DOWNGRD\x00";

/// The client's error and the alert it sent in the clear for `message`.
fn refusal(conn: &mut Connection, message: HandshakeMessage) -> (Error, Option<(u8, u8)>) {
    let err = conn.read_tls(&record(message)).expect_err("refused");
    (err, records::plaintext_alert(&conn.take_tls()))
}

#[test]
fn a_client_that_offered_tls13_refuses_both_downgrade_sentinels_with_illegal_parameter() {
    // RFC 8446 §4.1.3: a TLS 1.3 client that gets TLS 1.2 or below checks both values.
    for versions in [Versions::BOTH, Versions::TLS13_ONLY] {
        for version in [0x0303, 0x0302, 0x0301] {
            for tail in [DOWNGRD_01, DOWNGRD_00] {
                let (mut c, sid) = client_with(versions);
                let (err, alert) = refusal(&mut c, old_server_hello(&sid, version, tail));
                let what = format!("{versions:?} {version:#06x} {tail:?}");
                assert_eq!(
                    err,
                    Error::PeerMisbehaved(Misbehaviour::DowngradeDetected),
                    "{what}"
                );
                assert_eq!(alert, Some((2, 47)), "{what}: illegal_parameter");
            }
        }
    }
}

#[test]
fn without_a_sentinel_an_old_version_is_protocol_version_and_tls12_goes_on() {
    let almost = b"DOWNGRD\x02";
    for version in [0x0302, 0x0301] {
        let (mut c, sid) = client_with(Versions::BOTH);
        let (err, alert) = refusal(&mut c, old_server_hello(&sid, version, almost));
        assert_eq!(
            err,
            Error::PeerIncompatible(Incompatibility::NoCommonVersion)
        );
        assert_eq!(alert, Some((2, 70)), "protocol_version");
    }
    let (mut c, sid) = client_with(Versions::BOTH);
    c.read_tls(&record(old_server_hello(&sid, 0x0303, almost)))
        .expect("a TLS 1.2 answer without a sentinel");
}

#[test]
fn a_tls12_only_client_checks_the_tls11_sentinel_below_tls12_only() {
    // It offered no TLS 1.3, so a TLS 1.3 server answering TLS 1.2 marks its random
    // legitimately; TLS 1.1 or below with the second value is a downgrade (RFC 8446 §4.1.3).
    let (mut c, sid) = client_with(Versions::TLS12_ONLY);
    c.read_tls(&record(old_server_hello(&sid, 0x0303, DOWNGRD_01)))
        .expect("TLS 1.2 from a TLS 1.3 server");
    let (mut c, sid) = client_with(Versions::TLS12_ONLY);
    c.read_tls(&record(old_server_hello(&sid, 0x0303, DOWNGRD_00)))
        .expect("TLS 1.2 with the TLS 1.1 value: not a downgrade from TLS 1.2");
    let (mut c, sid) = client_with(Versions::TLS12_ONLY);
    let (err, alert) = refusal(&mut c, old_server_hello(&sid, 0x0302, DOWNGRD_00));
    assert_eq!(err, Error::PeerMisbehaved(Misbehaviour::DowngradeDetected));
    assert_eq!(alert, Some((2, 47)));
    let (mut c, sid) = client_with(Versions::TLS12_ONLY);
    let (err, alert) = refusal(&mut c, old_server_hello(&sid, 0x0302, DOWNGRD_01));
    assert_eq!(
        err,
        Error::PeerIncompatible(Incompatibility::NoCommonVersion)
    );
    assert_eq!(alert, Some((2, 70)));
}

#[test]
fn a_server_hello_of_ssl3_or_below_is_protocol_version() {
    // RFC 8446 Appendix D.5, whatever else the hello says.
    for version in [0x0300, 0x0200, 0x0000] {
        let (mut c, sid) = client();
        let mut m = server_hello(
            &sid,
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            vec![V13, x25519_share()],
        );
        if let HandshakeMessage::ServerHello(sh) = &mut m {
            sh.legacy_version = ProtocolVersion::from(version);
        }
        let (err, alert) = refusal(&mut c, m);
        assert_eq!(
            err,
            Error::PeerIncompatible(Incompatibility::Ssl3LegacyVersion),
            "{version:#06x}"
        );
        assert_eq!(alert, Some((2, 70)), "{version:#06x}: protocol_version");

        let (mut c, sid) = client_with(Versions::BOTH);
        let (err, alert) = refusal(&mut c, old_server_hello(&sid, version, &[7; 8]));
        assert_eq!(
            err,
            Error::PeerIncompatible(Incompatibility::Ssl3LegacyVersion)
        );
        assert_eq!(alert, Some((2, 70)));

        let (mut c, sid) = client();
        let mut m = hrr(
            &sid,
            vec![
                HRR_V13,
                HelloRetryExtension::KeyShare(NamedGroup::Secp256r1),
            ],
        );
        if let HandshakeMessage::HelloRetryRequest(h) = &mut m {
            h.legacy_version = ProtocolVersion::from(version);
        }
        let (err, alert) = refusal(&mut c, m);
        assert_eq!(
            err,
            Error::PeerIncompatible(Incompatibility::Ssl3LegacyVersion)
        );
        assert_eq!(alert, Some((2, 70)));
    }
}

/// A TLS 1.3-only client with the default groups (shares for X25519MLKEM768 and x25519), and
/// its hybrid share.
fn default_groups_client() -> (Connection, Vec<u8>, Vec<u8>) {
    let mut config = client_config();
    config.shared.versions = Versions::TLS13_ONLY;
    let mut conn = Connection::client(Arc::new(config), name("localhost")).expect("client");
    let record = conn.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13).expect("hello");
    let HandshakeMessage::ClientHello(hello) = message else {
        panic!("not a ClientHello")
    };
    let hybrid = hello
        .extensions
        .iter()
        .find_map(|e| match e {
            stratls_codec::extensions::ClientExtension::KeyShare(k) => k
                .iter()
                .find(|s| s.group == NamedGroup::X25519MLKEM768)
                .map(|s| s.key_exchange.clone()),
            _ => None,
        })
        .expect("a hybrid share");
    (conn, hello.legacy_session_id, hybrid)
}

fn share_of(group: NamedGroup, key_exchange: Vec<u8>) -> ServerExtension {
    ServerExtension::KeyShare(KeyShareEntry {
        group,
        key_exchange,
    })
}

#[test]
fn a_client_with_two_shares_takes_either_answer() {
    // x25519: the ServerHello is taken (the handshake then waits for EncryptedExtensions).
    let (mut c, sid, _) = default_groups_client();
    let m = server_hello(
        &sid,
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        vec![V13, x25519_share()],
    );
    c.read_tls(&record(m)).expect("an x25519 answer is taken");
    // The hybrid: an encapsulation to our key is taken.
    let (mut c, sid, hybrid) = default_groups_client();
    let answer = stratls_rustcrypto::X25519MLKEM768
        .encapsulate(&hybrid)
        .expect("encapsulate");
    assert_eq!(answer.share.len(), 1120);
    let m = server_hello(
        &sid,
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        vec![V13, share_of(NamedGroup::X25519MLKEM768, answer.share)],
    );
    c.read_tls(&record(m)).expect("a hybrid answer is taken");
    // A group listed but without a share (secp256r1) is refused.
    let (mut c, sid, _) = default_groups_client();
    let kx = stratls_rustcrypto::SECP256R1.start().expect("key");
    let m = server_hello(
        &sid,
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        vec![
            V13,
            share_of(NamedGroup::Secp256r1, kx.public_key().to_vec()),
        ],
    );
    assert_eq!(
        alert_for(&mut c, &record(m)),
        Some(AlertDescription::IllegalParameter)
    );
}

#[test]
fn a_bad_hybrid_answer_is_illegal_parameter() {
    let (_, _, hybrid) = default_groups_client();
    let good = stratls_rustcrypto::X25519MLKEM768
        .encapsulate(&hybrid)
        .expect("encapsulate")
        .share;
    let mut zero_x25519 = good.clone();
    zero_x25519[1088..].fill(0);
    for (what, share) in [
        ("one byte short", good[..1119].to_vec()),
        ("one byte long", [&good[..], &[0]].concat()),
        ("ciphertext only", good[..1088].to_vec()),
        ("x25519 part all zero", zero_x25519),
        ("an x25519-sized share", vec![9; 32]),
    ] {
        let (mut c, sid, _) = default_groups_client();
        let m = server_hello(
            &sid,
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            vec![V13, share_of(NamedGroup::X25519MLKEM768, share)],
        );
        assert_eq!(
            c.read_tls(&record(m)).expect_err(what),
            Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare),
            "{what}"
        );
    }
}

#[test]
fn hello_retry_for_either_group_already_shared_is_illegal_parameter() {
    for group in [NamedGroup::X25519MLKEM768, NamedGroup::X25519] {
        let (mut c, sid, _) = default_groups_client();
        let m = hrr(&sid, vec![HRR_V13, HelloRetryExtension::KeyShare(group)]);
        assert_eq!(
            alert_for(&mut c, &record(m)),
            Some(AlertDescription::IllegalParameter),
            "{group:?}"
        );
    }
    // A listed group without a share may be asked for.
    let (mut c, sid, _) = default_groups_client();
    let m = hrr(
        &sid,
        vec![
            HRR_V13,
            HelloRetryExtension::KeyShare(NamedGroup::Secp384r1),
        ],
    );
    c.read_tls(&record(m)).expect("retry with secp384r1");
    let hello = c.take_tls();
    assert!(
        hello.len() < 600,
        "the second hello has one small share: {}",
        hello.len()
    );
}
