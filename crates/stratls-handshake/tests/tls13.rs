//! TLS 1.3 client against TLS 1.3 server, in memory.

use std::sync::Arc;

use stratls_codec::{AlertDescription, CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};
use stratls_handshake::{ClientAuth, Error, Incompatibility, Limits, Read, SingleCert, Status};
use stratls_keyschedule::keylog::MemoryKeyLog;
use stratls_test_support::*;

const SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS13_AES_128_GCM_SHA256,
    CipherSuite::TLS13_AES_256_GCM_SHA384,
    CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
];
const GROUPS: [NamedGroup; 4] = [
    NamedGroup::X25519MLKEM768,
    NamedGroup::X25519,
    NamedGroup::Secp256r1,
    NamedGroup::Secp384r1,
];
const CERTS: [&str; 3] = ["server-rsa", "server-ecdsa", "server-ed25519"];
const CLIENT_CERTS: [&str; 3] = ["client-rsa", "client-ecdsa", "client-ed25519"];

#[test]
fn every_suite_group_and_certificate_type() {
    for s in SUITES {
        for g in GROUPS {
            for (cert, client_cert) in CERTS.iter().zip(CLIENT_CERTS) {
                for client_auth in [false, true] {
                    let mut client = client_config();
                    client.shared.cipher_suites = vec![s];
                    client.shared.groups = vec![g];
                    let mut server = server_config(cert);
                    if client_auth {
                        require_client_auth(&mut server);
                        client.client_cert = Some(Arc::new(SingleCert(certified(client_cert))));
                    }
                    let mut pair = Pair::new(client, server);
                    pair.handshake();
                    let what = format!("{s:?} {g:?} {cert} client_auth={client_auth}");
                    for side in [&pair.client, &pair.server] {
                        let n = side.negotiated().expect("established");
                        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_3), "{what}");
                        assert_eq!(n.cipher_suite, Some(s), "{what}");
                        assert_eq!(n.group, Some(g), "{what}");
                        assert!(!n.hello_retry, "{what}");
                        assert_eq!(side.status(), Status::Established, "{what}");
                    }
                    assert_eq!(
                        pair.client
                            .negotiated()
                            .expect("established")
                            .peer_certificates
                            .len(),
                        2,
                        "{what}"
                    );
                    assert_eq!(
                        pair.server
                            .negotiated()
                            .expect("established")
                            .client_auth_requested,
                        client_auth,
                        "{what}"
                    );
                    assert_eq!(
                        pair.server
                            .negotiated()
                            .expect("established")
                            .peer_certificates
                            .len(),
                        if client_auth { 2 } else { 0 },
                        "{what}"
                    );
                    assert_eq!(
                        pair.client
                            .negotiated()
                            .expect("established")
                            .peer_signature_scheme,
                        pair.server
                            .negotiated()
                            .expect("established")
                            .own_signature_scheme
                    );
                    pair.exchange_data(1000);
                }
            }
        }
    }
}

#[test]
fn signature_scheme_follows_the_key() {
    for (cert, expected) in [
        ("server-rsa", SignatureScheme::RSA_PSS_RSAE_SHA256),
        ("server-ecdsa", SignatureScheme::ECDSA_SECP256R1_SHA256),
        ("server-ed25519", SignatureScheme::ED25519),
    ] {
        let mut pair = Pair::new(client_config(), server_config(cert));
        pair.handshake();
        assert_eq!(
            pair.client
                .negotiated()
                .expect("established")
                .peer_signature_scheme,
            Some(expected),
            "{cert}"
        );
    }
}

#[test]
fn hello_retry_when_the_first_share_misses() {
    let mut client = client_config();
    client.shared.groups = vec![NamedGroup::X25519, NamedGroup::Secp256r1];
    let mut server = server_config("server-ecdsa");
    server.shared.groups = vec![NamedGroup::Secp256r1];
    let mut pair = Pair::new(client, server);
    pair.handshake();
    for side in [&pair.client, &pair.server] {
        assert!(side.negotiated().expect("established").hello_retry);
        assert_eq!(
            side.negotiated().expect("established").group,
            Some(NamedGroup::Secp256r1)
        );
    }
    pair.exchange_data(100);

    // Without middlebox compatibility mode (empty session id, no CCS) too.
    let mut client = client_config();
    client.middlebox_compat = false;
    let mut server = server_config("server-rsa");
    server.shared.groups = vec![NamedGroup::Secp256r1];
    let mut pair = Pair::new(client, server);
    pair.handshake();
    assert!(pair.client.negotiated().expect("established").hello_retry);
}

#[test]
fn the_defaults_agree_on_the_hybrid_in_one_round_trip() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    for side in [&pair.client, &pair.server] {
        let n = side.negotiated().expect("established");
        assert_eq!(n.group, Some(NamedGroup::X25519MLKEM768));
        assert!(!n.hello_retry);
    }
    pair.exchange_data(1000);
    // A server without the hybrid takes the client's x25519 share, with no retry.
    let mut server = server_config("server-rsa");
    server.shared.groups = vec![NamedGroup::X25519, NamedGroup::Secp256r1];
    let mut pair = Pair::new(client_config(), server);
    pair.handshake();
    for side in [&pair.client, &pair.server] {
        let n = side.negotiated().expect("established");
        assert_eq!(n.group, Some(NamedGroup::X25519));
        assert!(!n.hello_retry);
    }
    // A server with secp384r1 alone asks for it.
    let mut server = server_config("server-ed25519");
    server.shared.groups = vec![NamedGroup::Secp384r1];
    let mut pair = Pair::new(client_config(), server);
    pair.handshake();
    for side in [&pair.client, &pair.server] {
        let n = side.negotiated().expect("established");
        assert_eq!(n.group, Some(NamedGroup::Secp384r1));
        assert!(n.hello_retry);
    }
    pair.exchange_data(100);
}

#[test]
fn no_common_group_is_handshake_failure() {
    let mut client = client_config();
    client.shared.groups = vec![NamedGroup::X25519];
    let mut server = server_config("server-ecdsa");
    server.shared.groups = vec![NamedGroup::Secp256r1];
    let mut pair = Pair::new(client, server);
    let failure = pair.pump().expect_err("no common group");
    assert_eq!(
        failure.server,
        Some(Error::PeerIncompatible(Incompatibility::NoCommonGroup))
    );
    assert_eq!(
        failure.client,
        Some(Error::AlertReceived(AlertDescription::HandshakeFailure))
    );
}

#[test]
fn no_common_suite_is_handshake_failure() {
    let mut client = client_config();
    client.shared.cipher_suites = vec![CipherSuite::TLS13_CHACHA20_POLY1305_SHA256];
    let mut server = server_config("server-ecdsa");
    server.shared.cipher_suites = vec![CipherSuite::TLS13_AES_128_GCM_SHA256];
    let failure = Pair::new(client, server)
        .pump()
        .expect_err("no common suite");
    assert_eq!(
        failure.server,
        Some(Error::PeerIncompatible(
            Incompatibility::NoCommonCipherSuite
        ))
    );
    assert_eq!(
        failure.client,
        Some(Error::AlertReceived(AlertDescription::HandshakeFailure))
    );
}

#[test]
fn server_order_or_client_order() {
    let mut client = client_config();
    client.shared.cipher_suites = vec![
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        CipherSuite::TLS13_AES_128_GCM_SHA256,
    ];
    let server = server_config("server-ecdsa");
    let mut pair = Pair::new(client.clone(), server);
    pair.handshake();
    assert_eq!(
        pair.server.negotiated().expect("established").cipher_suite,
        Some(CipherSuite::TLS13_AES_128_GCM_SHA256)
    );
    let mut server = server_config("server-ecdsa");
    server.prefer_server_order = false;
    let mut pair = Pair::new(client, server);
    pair.handshake();
    assert_eq!(
        pair.server.negotiated().expect("established").cipher_suite,
        Some(CipherSuite::TLS13_CHACHA20_POLY1305_SHA256)
    );
}

#[test]
fn key_update_both_ways() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    pair.exchange_data(100);
    pair.client.update_keys(false).expect("client update");
    pair.exchange_data(100);
    pair.server
        .update_keys(true)
        .expect("server update, asking the client");
    pair.exchange_data(100);
    for _ in 0..5 {
        pair.client
            .update_keys(true)
            .expect("client update, asking the server");
        pair.exchange_data(10);
    }
}

#[test]
fn too_many_key_updates_in_a_row_are_refused() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    for _ in 0..40 {
        pair.client.update_keys(false).expect("update");
    }
    let failure = pair.pump().expect_err("flood refused");
    assert!(
        matches!(failure.server, Some(Error::PeerMisbehaved(_))),
        "{failure:?}"
    );
    assert_eq!(
        failure.client,
        Some(Error::AlertReceived(AlertDescription::UnexpectedMessage))
    );
}

#[test]
fn large_transfer_byte_for_byte() {
    let mut pair = Pair::new(client_config(), server_config("server-rsa"));
    pair.handshake();
    let len = 4 * 1024 * 1024 + 17;
    let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    let mut received = Vec::with_capacity(len);
    for piece in data.chunks(100_000) {
        let mut rest = piece;
        // Each write takes at least one record while the queue is drained in between.
        for _ in 0..piece.len() {
            if rest.is_empty() {
                break;
            }
            let n = pair.client.write(rest).expect("write");
            assert!(n > 0, "a drained connection takes data");
            rest = &rest[n..];
            pair.pump().expect("flows");
            received.extend(drain(&mut pair.server));
        }
        assert!(rest.is_empty());
    }
    assert_eq!(received.len(), data.len());
    assert!(received == data, "4 MiB arrive intact");
}

#[test]
fn write_takes_what_fits_under_the_pending_limit() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    let limit = Limits::default().max_pending_tls;
    let data = vec![0x5a; 1024 * 1024];
    let taken = pair.client.write(&data).expect("write");
    assert!(taken > 0 && taken < limit, "took {taken} of a 1 MiB write");
    let pending = pair.client.pending_tls().len();
    assert!(pending <= limit, "{pending} bytes queued, limit {limit}");
    // Nothing more fits until the queue is sent.
    assert_eq!(pair.client.write(&data[taken..]).expect("write"), 0);
    pair.pump().expect("flows");
    assert_eq!(drain(&mut pair.server).len(), taken);
    assert!(pair.client.write(&data[taken..]).expect("write") > 0);
}

#[test]
fn read_tells_not_yet_from_closed_and_truncated() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    let mut buf = [0u8; 16];
    assert_eq!(pair.server.read(&mut buf), Ok(Read::WouldBlock));
    pair.client.write(b"hello").expect("write");
    pair.client.close();
    pair.pump().expect("flows");
    assert_eq!(pair.server.read(&mut buf), Ok(Read::Data(5)));
    assert_eq!(&buf[..5], b"hello");
    assert_eq!(pair.server.read(&mut buf), Ok(Read::Closed));
    assert!(
        !pair.server.wants_read(),
        "nothing more comes after close_notify"
    );
    // The transport ending after close_notify is no truncation.
    pair.server.transport_ended().expect("clean end");
    assert_eq!(pair.server.read(&mut buf), Ok(Read::Closed));

    // Without close_notify, the end of the transport is a truncation once the data is read.
    pair.server.write(b"bye").expect("write");
    pair.pump().expect("flows");
    assert!(pair.client.wants_read());
    pair.client.transport_ended().expect("data still to read");
    assert!(!pair.client.wants_read());
    assert_eq!(pair.client.read(&mut buf), Ok(Read::Data(3)));
    assert_eq!(pair.client.read(&mut buf), Err(Error::Truncated));
    assert_eq!(pair.client.status(), Status::Failed);
}

#[test]
fn transport_end_during_the_handshake_is_truncation() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    assert_eq!(pair.client.transport_ended(), Err(Error::Truncated));
    assert_eq!(pair.client.status(), Status::Failed);
    assert_eq!(pair.client.write(b"x"), Err(Error::Truncated));
}

#[test]
fn byte_at_a_time_delivery() {
    let mut client = client_config();
    client.client_cert = Some(Arc::new(SingleCert(certified("client-ecdsa"))));
    let mut server = server_config("server-ed25519");
    require_client_auth(&mut server);
    server.shared.groups = vec![NamedGroup::Secp256r1];
    let mut pair = Pair::new(client, server);
    pair.pump_chunked(1).expect("handshake byte by byte");
    assert!(!pair.client.is_handshaking() && !pair.server.is_handshaking());
    assert!(pair.client.negotiated().expect("established").hello_retry);
}

#[test]
fn alpn() {
    let mut client = client_config();
    client.shared.alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let mut server = server_config("server-ecdsa");
    server.shared.alpn = vec![b"http/1.1".to_vec(), b"h2".to_vec()];
    let mut pair = Pair::new(client.clone(), server);
    pair.handshake();
    assert_eq!(
        pair.client
            .negotiated()
            .expect("established")
            .alpn
            .as_deref(),
        Some(&b"http/1.1"[..])
    );
    assert_eq!(
        pair.server
            .negotiated()
            .expect("established")
            .alpn
            .as_deref(),
        Some(&b"http/1.1"[..])
    );

    let mut server = server_config("server-ecdsa");
    server.shared.alpn = vec![b"imap".to_vec()];
    let failure = Pair::new(client, server)
        .pump()
        .expect_err("no common protocol");
    assert_eq!(
        failure.server,
        Some(Error::PeerIncompatible(Incompatibility::NoCommonAlpn))
    );
    assert_eq!(
        failure.client,
        Some(Error::AlertReceived(
            AlertDescription::NoApplicationProtocol
        ))
    );
}

#[test]
fn exporter_agrees() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    let early = pair
        .client
        .export_keying_material(b"EXPERIMENTAL test", None, 32);
    assert!(early.is_err(), "no exporter before the handshake");
    pair.handshake();
    let a = pair
        .client
        .export_keying_material(b"EXPERIMENTAL test", Some(b"ctx"), 48)
        .expect("client");
    let b = pair
        .server
        .export_keying_material(b"EXPERIMENTAL test", Some(b"ctx"), 48)
        .expect("server");
    assert_eq!(a, b);
    let c = pair
        .server
        .export_keying_material(b"EXPERIMENTAL test", Some(b"other"), 48)
        .expect("server");
    assert_ne!(a, c);
}

#[test]
fn key_log_lines_match_on_both_sides() {
    let client_log = Arc::new(MemoryKeyLog::new());
    let server_log = Arc::new(MemoryKeyLog::new());
    let mut client = client_config();
    client.shared.key_log = Some(client_log.clone());
    let mut server = server_config("server-ecdsa");
    server.shared.key_log = Some(server_log.clone());
    Pair::new(client, server).handshake();
    let mut c = client_log.lines();
    let mut s = server_log.lines();
    c.sort();
    s.sort();
    assert_eq!(c.len(), 5, "{c:?}");
    assert_eq!(c, s);
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
        "EXPORTER_SECRET",
    ] {
        assert!(c.iter().any(|l| l.starts_with(label)), "{label}");
    }
}

#[test]
fn close_notify() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    pair.handshake();
    pair.client.write(b"last words").expect("write");
    pair.client.close();
    assert!(pair.client.write(b"more").is_err(), "no writes after close");
    pair.pump().expect("close flows");
    assert_eq!(drain(&mut pair.server), b"last words");
    assert_eq!(pair.server.status(), Status::PeerClosed);
    pair.server.close();
    pair.pump().expect("close flows back");
    assert_eq!(pair.client.status(), Status::PeerClosed);
}

#[test]
fn data_written_before_the_handshake_is_sent_after_it() {
    let mut pair = Pair::new(client_config(), server_config("server-ecdsa"));
    assert_eq!(pair.client.write(b"early").expect("buffered"), 5);
    pair.handshake();
    pair.pump().expect("flush");
    assert_eq!(drain(&mut pair.server), b"early");
}

#[test]
fn observer_sees_the_whole_handshake() {
    let recorder = Arc::new(Recorder::default());
    let mut client = client_config();
    client.shared.observer = Some(recorder.clone());
    Pair::new(client, server_config("server-ecdsa")).handshake();
    let lines = recorder.0.lock().expect("lock").clone();
    let handshake: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("Sent ") || l.starts_with("Received "))
        .collect();
    let expected = [
        "Sent client_hello",
        "Received server_hello",
        "Received encrypted_extensions",
        "Received certificate",
        "Received certificate_verify",
        "Received finished",
        "Sent finished",
        // The server's two tickets, after the handshake.
        "Received new_session_ticket",
        "Received new_session_ticket",
    ];
    assert_eq!(handshake, expected);
    assert!(lines.iter().any(|l| l.starts_with("KeyChange")));
    assert!(lines.iter().any(|l| l.starts_with("Established")));
}

#[test]
fn optional_client_auth_accepts_a_client_without_certificate() {
    let mut server = server_config("server-ecdsa");
    server.client_auth = ClientAuth::Optional(stratls_handshake::webpki_verifier(
        roots("ca.pem"),
        &provider(),
    ));
    let mut pair = Pair::new(client_config(), server);
    pair.handshake();
    assert!(
        pair.server
            .negotiated()
            .expect("established")
            .peer_certificates
            .is_empty()
    );
    assert!(
        pair.client
            .negotiated()
            .expect("established")
            .client_auth_requested
    );
}

#[test]
fn certificate_resolved_by_name_and_by_the_clients_schemes() {
    use stratls_handshake::CertsByName;
    let mut certs = CertsByName::new();
    certs.add("localhost", certified("server-ecdsa"));
    certs.add("localhost", certified("server-rsa"));
    certs.add("other.stratls.test", certified("server-othername"));
    certs.add_default(certified("server-ed25519"));
    let resolver = Arc::new(certs);
    let server_with = || {
        let mut s = server_config("server-rsa");
        s.cert_resolver = resolver.clone();
        s
    };
    let leaf_subject = |pair: &Pair| {
        pair.client
            .negotiated()
            .expect("established")
            .peer_certificates[0]
            .as_ref()
            .to_vec()
    };

    // By name: the first certificate for "localhost" the client can verify.
    let mut pair = Pair::new(client_config(), server_with());
    pair.handshake();
    assert_eq!(
        leaf_subject(&pair),
        certified("server-ecdsa").chain[0].as_ref()
    );

    // A client that verifies only RSA-PSS gets the RSA certificate for the same name.
    let mut client = client_config();
    client.provider.signature_verifiers = vec![stratls_crypto::Shared::Static(
        stratls_rustcrypto::verify::RSA_PSS_RSAE_SHA256,
    )]
    .into();
    let mut pair = Pair::new(client, server_with());
    pair.handshake();
    assert_eq!(
        leaf_subject(&pair),
        certified("server-rsa").chain[0].as_ref()
    );
    assert_eq!(
        pair.client
            .negotiated()
            .expect("established")
            .peer_signature_scheme,
        Some(SignatureScheme::RSA_PSS_RSAE_SHA256)
    );

    // Another name, and a name with no certificate of its own (the default).
    let mut pair = Pair::with_name(client_config(), server_with(), "other.stratls.test");
    pair.handshake();
    assert_eq!(
        leaf_subject(&pair),
        certified("server-othername").chain[0].as_ref()
    );
    let mut pair = Pair::with_name(client_config(), server_with(), "testserver.stratls.test");
    pair.handshake();
    assert_eq!(
        leaf_subject(&pair),
        certified("server-ed25519").chain[0].as_ref()
    );
}

mod events;
mod forge;
mod psk_import;
mod resume;
mod rfc8448_resumed;
