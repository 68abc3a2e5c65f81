//! TLS 1.2 client against TLS 1.2 server, in memory: every suite, group and certificate type,
//! client authentication, the extended master secret, the exporter and the key log.

use std::sync::Arc;

use stratls_codec::extensions::{ClientExtension, ServerExtension};
use stratls_codec::handshake::{ClientHello, ServerHello};
use stratls_codec::{
    AlertDescription, CipherSuite, HandshakeMessage, NamedGroup, ParseContext, ProtocolVersion,
    SignatureScheme,
};
use stratls_handshake::{
    ClientAuth, ClientConfig, Connection, Error, Incompatibility, SingleCert, Status,
};
use stratls_keyschedule::keylog::MemoryKeyLog;
use stratls_test_support::*;

#[path = "tls12/resume.rs"]
mod resume;

const ECDSA_SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
];
const RSA_SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
];
const GROUPS: [NamedGroup; 3] = [
    NamedGroup::X25519,
    NamedGroup::Secp256r1,
    NamedGroup::Secp384r1,
];
const CLIENT_CERTS: [&str; 3] = ["client-rsa", "client-ecdsa", "client-ed25519"];

fn check_established(pair: &Pair, s: CipherSuite, what: &str) {
    for side in [&pair.client, &pair.server] {
        let n = side.negotiated().expect("established");
        assert_eq!(side.status(), Status::Established, "{what}");
        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2), "{what}");
        assert_eq!(n.cipher_suite, Some(s), "{what}");
        assert!(n.extended_master_secret, "{what}");
    }
}

#[test]
fn every_suite_group_and_certificate_type() {
    let mut n = 0;
    for (suites, certs) in [
        (RSA_SUITES, &["server-rsa"][..]),
        (ECDSA_SUITES, &["server-ecdsa", "server-ed25519"][..]),
    ] {
        for s in suites {
            for g in GROUPS {
                for cert in certs {
                    for client_auth in [None, Some(CLIENT_CERTS[n % 3])] {
                        n += 1;
                        let mut client = tls12_client_config();
                        client.shared.cipher_suites = vec![s];
                        // The client lists every group (an ECDSA certificate's curve must be
                        // among them, RFC 8422 §5.1.1); the server takes `g`.
                        client.shared.groups = vec![g];
                        client
                            .shared
                            .groups
                            .extend(GROUPS.iter().filter(|o| **o != g));
                        let mut server = tls12_server_config(cert);
                        server.shared.groups = vec![g];
                        if let Some(c) = client_auth {
                            require_client_auth(&mut server);
                            client.client_cert = Some(Arc::new(SingleCert(certified(c))));
                        }
                        let mut pair = Pair::new(client, server);
                        pair.handshake();
                        let what = format!("{s:?} {g:?} {cert} client_auth={client_auth:?}");
                        check_established(&pair, s, &what);
                        for side in [&pair.client, &pair.server] {
                            assert_eq!(side.negotiated().expect("established").group, Some(g));
                        }
                        assert_eq!(
                            pair.client
                                .negotiated()
                                .expect("established")
                                .peer_certificates
                                .len(),
                            2
                        );
                        assert_eq!(
                            pair.client
                                .negotiated()
                                .expect("established")
                                .peer_signature_scheme,
                            pair.server
                                .negotiated()
                                .expect("established")
                                .own_signature_scheme,
                            "{what}"
                        );
                        let expected = if client_auth.is_some() { 2 } else { 0 };
                        assert_eq!(
                            pair.server
                                .negotiated()
                                .expect("established")
                                .peer_certificates
                                .len(),
                            expected,
                            "{what}"
                        );
                        assert_eq!(
                            pair.server
                                .negotiated()
                                .expect("established")
                                .peer_signature_scheme,
                            pair.client
                                .negotiated()
                                .expect("established")
                                .own_signature_scheme,
                            "{what}"
                        );
                        pair.exchange_data(1000);
                    }
                }
            }
        }
    }
    assert_eq!(n, 54);
}

#[test]
fn signature_scheme_follows_the_key_and_the_client_offer() {
    // The client offers its provider's verifier order, which puts PSS before PKCS#1 v1.5.
    for (cert, expected) in [
        ("server-rsa", SignatureScheme::RSA_PSS_RSAE_SHA256),
        ("server-ecdsa", SignatureScheme::ECDSA_SECP256R1_SHA256),
        ("server-ed25519", SignatureScheme::ED25519),
    ] {
        let mut pair = Pair::new(tls12_client_config(), tls12_server_config(cert));
        pair.handshake();
        let got = pair
            .client
            .negotiated()
            .expect("established")
            .peer_signature_scheme;
        assert_eq!(got, Some(expected), "{cert}");
    }
}

#[test]
fn every_client_certificate_type() {
    for c in CLIENT_CERTS {
        let mut client = tls12_client_config();
        client.client_cert = Some(Arc::new(SingleCert(certified(c))));
        let mut server = tls12_server_config("server-ecdsa");
        require_client_auth(&mut server);
        let mut pair = Pair::new(client, server);
        pair.handshake();
        assert_eq!(
            pair.server
                .negotiated()
                .expect("established")
                .peer_certificates
                .len(),
            2,
            "{c}"
        );
        assert!(
            pair.client
                .negotiated()
                .expect("established")
                .client_auth_requested,
            "{c}"
        );
        pair.exchange_data(100);
    }
}

#[test]
fn optional_client_auth_without_a_certificate() {
    let mut server = tls12_server_config("server-rsa");
    server.client_auth = ClientAuth::Optional(stratls_handshake::webpki_verifier(
        roots("ca.pem"),
        &provider(),
    ));
    let mut pair = Pair::new(tls12_client_config(), server);
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
fn required_client_auth_without_a_certificate_fails() {
    let mut server = tls12_server_config("server-rsa");
    require_client_auth(&mut server);
    let f = Pair::new(tls12_client_config(), server)
        .pump()
        .expect_err("no client certificate");
    assert_eq!(
        f.server,
        Some(Error::PeerIncompatible(
            Incompatibility::NoClientCertificate
        ))
    );
    // TLS 1.2 has no certificate_required alert.
    assert_eq!(
        f.client,
        Some(Error::AlertReceived(AlertDescription::HandshakeFailure))
    );
}

/// A client connection of `client` and the ClientHello it sent.
fn first_hello(client: ClientConfig) -> (Connection, ClientHello) {
    let mut conn = Connection::client(Arc::new(client), name("localhost")).expect("client");
    let record = conn.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13).expect("a hello");
    let HandshakeMessage::ClientHello(hello) = message else {
        panic!("not a ClientHello");
    };
    (conn, hello)
}

#[test]
fn the_extended_master_secret_is_always_offered() {
    // RFC 7627 §5.2: a client MUST send it, required or not.
    let mut required = tls12_client_config();
    required.shared.tls12_require_extended_master_secret = true;
    for client in [tls12_client_config(), client_config(), required] {
        let (_, hello) = first_hello(client);
        assert!(
            hello
                .extensions
                .contains(&ClientExtension::ExtendedMasterSecret),
            "{hello:?}"
        );
    }
}

#[test]
fn a_client_without_the_extended_master_secret_is_accepted_unless_required() {
    let (_, mut hello) = first_hello(tls12_client_config());
    hello
        .extensions
        .retain(|e| *e != ClientExtension::ExtendedMasterSecret);
    let record = handshake_record(&HandshakeMessage::ClientHello(hello).to_vec());

    let mut server =
        Connection::server(Arc::new(tls12_server_config("server-ecdsa"))).expect("server");
    server.read_tls(&record).expect("accepted by default");
    let flight = server.take_tls();
    let (message, _) =
        HandshakeMessage::parse_framed(&flight[5..], ParseContext::Tls13).expect("a ServerHello");
    let HandshakeMessage::ServerHello(sh) = message else {
        panic!("not a ServerHello");
    };
    assert!(
        !sh.extensions
            .contains(&ServerExtension::ExtendedMasterSecret),
        "not answered: {sh:?}"
    );

    let mut config = tls12_server_config("server-ecdsa");
    config.shared.tls12_require_extended_master_secret = true;
    let mut server = Connection::server(Arc::new(config)).expect("server");
    let err = server.read_tls(&record).expect_err("required");
    assert_eq!(
        err,
        Error::PeerIncompatible(Incompatibility::NoExtendedMasterSecret)
    );
    assert_eq!(
        records::plaintext_alert(&server.take_tls()),
        Some((2, 40)),
        "handshake_failure"
    );
}

#[test]
fn a_server_without_the_extended_master_secret_is_accepted_unless_required() {
    for require in [false, true] {
        let mut client = tls12_client_config();
        client.shared.tls12_require_extended_master_secret = require;
        let (mut conn, hello) = first_hello(client);
        let sh = HandshakeMessage::ServerHello(ServerHello {
            legacy_version: ProtocolVersion::TLSv1_2,
            random: [7; 32],
            legacy_session_id_echo: hello.legacy_session_id.clone(),
            cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            legacy_compression_method: 0,
            extensions: vec![ServerExtension::RenegotiationInfo(Vec::new())],
        });
        let result = conn.read_tls(&handshake_record(&sh.to_vec()));
        if require {
            assert_eq!(
                result.expect_err("required"),
                Error::PeerIncompatible(Incompatibility::NoExtendedMasterSecret)
            );
            assert_eq!(records::plaintext_alert(&conn.take_tls()), Some((2, 40)));
        } else {
            result.expect("accepted: the client waits for the certificate");
            assert!(conn.take_tls().is_empty());
        }
    }
}

#[test]
fn large_transfer_byte_for_byte() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-rsa"));
    pair.handshake();
    pair.exchange_data(1 << 20);
}

#[test]
fn byte_at_a_time_delivery() {
    let mut client = tls12_client_config();
    client.client_cert = Some(Arc::new(SingleCert(certified("client-ecdsa"))));
    let mut server = tls12_server_config("server-ecdsa");
    require_client_auth(&mut server);
    let mut pair = Pair::new(client, server);
    pair.pump_chunked(1).expect("handshake");
    assert_eq!(pair.client.status(), Status::Established);
    assert_eq!(pair.server.status(), Status::Established);
    pair.exchange_data(5000);
}

#[test]
fn exporter_agrees() {
    let mut pair = Pair::new(tls12_client_config(), tls12_server_config("server-ecdsa"));
    assert!(
        pair.client
            .export_keying_material(b"EXPERIMENTAL x", None, 32)
            .is_err()
    );
    pair.handshake();
    let c = pair
        .client
        .export_keying_material(b"EXPERIMENTAL x", Some(b"ctx"), 42);
    let s = pair
        .server
        .export_keying_material(b"EXPERIMENTAL x", Some(b"ctx"), 42);
    assert_eq!(c.as_ref().expect("client"), s.as_ref().expect("server"));
    assert_eq!(c.expect("len").len(), 42);
    // RFC 5705: no context and an empty context give different keys.
    let none = pair
        .client
        .export_keying_material(b"EXPERIMENTAL x", None, 32);
    let empty = pair
        .client
        .export_keying_material(b"EXPERIMENTAL x", Some(b""), 32);
    assert_ne!(none.expect("none"), empty.expect("empty"));
    assert!(matches!(
        pair.client
            .export_keying_material(b"master secret", None, 32),
        Err(Error::Api(_))
    ));
}

#[test]
fn key_log_client_random_lines_match() {
    let client_log = Arc::new(MemoryKeyLog::new());
    let server_log = Arc::new(MemoryKeyLog::new());
    let mut client = tls12_client_config();
    client.shared.key_log = Some(client_log.clone());
    let mut server = tls12_server_config("server-ecdsa");
    server.shared.key_log = Some(server_log.clone());
    let mut pair = Pair::new(client, server);
    pair.handshake();
    let lines = client_log.lines();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("CLIENT_RANDOM "), "{lines:?}");
    // label, 32-byte random and 48-byte master secret in hex
    assert_eq!(
        lines[0].trim_end().len(),
        "CLIENT_RANDOM".len() + 2 + 64 + 96
    );
    assert_eq!(lines, server_log.lines());
}

#[test]
fn observer_sees_the_classic_handshake() {
    let recorder = Arc::new(Recorder::default());
    let mut client = tls12_client_config();
    client.shared.observer = Some(recorder.clone());
    let mut pair = Pair::new(client, tls12_server_config("server-rsa"));
    pair.handshake();
    let events = recorder.0.lock().expect("lock").clone();
    let handshake: Vec<&str> = events
        .iter()
        .map(String::as_str)
        .filter(|e| e.starts_with("Sent ") || e.starts_with("Received ") || e.starts_with("Change"))
        .collect();
    assert_eq!(
        handshake,
        [
            "Sent client_hello",
            "Received server_hello",
            "Received certificate",
            "Received server_key_exchange",
            "Received server_hello_done",
            "Sent client_key_exchange",
            "ChangeCipherSpec { direction: Sent }",
            "Sent finished",
            // A ticket: the client asked for one, and servers issue them by default.
            "Received new_session_ticket",
            "ChangeCipherSpec { direction: Received }",
            "Received finished",
        ]
    );
    let decisions = events.iter().filter(|e| e.starts_with("Decision")).count();
    assert!(decisions >= 5, "{events:?}");
    assert!(
        events
            .iter()
            .any(|e| e.contains("session keys derived from client random")),
        "{events:?}"
    );
}

#[test]
fn an_ecdsa_certificate_needs_its_curve_in_the_clients_groups() {
    // RFC 8422 §5.1.1: a client listing x25519 alone cannot take a P-256 certificate.
    let mut client = tls12_client_config();
    client.shared.groups = vec![NamedGroup::X25519];
    let f = Pair::new(client.clone(), tls12_server_config("server-ecdsa"))
        .pump()
        .expect_err("no suite fits");
    assert_eq!(
        f.client,
        Some(Error::AlertReceived(AlertDescription::HandshakeFailure))
    );
    // An RSA certificate does not depend on the groups; nor does Ed25519 (its
    // signature_algorithms entry decides).
    for cert in ["server-rsa", "server-ed25519"] {
        let mut pair = Pair::new(client.clone(), tls12_server_config(cert));
        pair.handshake();
        assert_eq!(
            pair.server.negotiated().expect("established").group,
            Some(NamedGroup::X25519),
            "{cert}"
        );
    }
}

/// An id-RSASSA-PSS server key (RFC 8446 §4.2.3, which gives TLS 1.2 the rsa_pss_pss_*
/// schemes too): the server signs its ServerKeyExchange with rsa_pss_pss_*, under an ECDHE_RSA
/// suite, and the client verifies it; in TLS 1.3 the same key signs its CertificateVerify.
/// A client certificate with such a key authenticates the same way.
#[test]
fn an_rsa_pss_key_authenticates_with_the_rsa_pss_pss_schemes() {
    use stratls_codec::SignatureScheme;
    use stratls_test_support::configs::client_cert;
    let pss = [
        SignatureScheme::RSA_PSS_PSS_SHA256,
        SignatureScheme::RSA_PSS_PSS_SHA384,
        SignatureScheme::RSA_PSS_PSS_SHA512,
    ];
    for tls12 in [true, false] {
        let (client, server) = if tls12 {
            (tls12_client_config(), tls12_server_config("pki/rsapss"))
        } else {
            (client_config(), server_config("pki/rsapss"))
        };
        let mut server = server;
        require_client_auth(&mut server);
        let mut client = client;
        client_cert(&mut client, "pki/rsapss-client");
        let mut pair = Pair::new(client, server);
        pair.handshake();
        let client_view = pair.client.negotiated().expect("client established");
        let scheme = client_view.peer_signature_scheme.expect("a signature");
        assert!(pss.contains(&scheme), "server signed with {scheme:?}");
        let server_view = pair.server.negotiated().expect("server established");
        let scheme = server_view
            .peer_signature_scheme
            .expect("a client signature");
        assert!(pss.contains(&scheme), "client signed with {scheme:?}");
        pair.exchange_data(1000);
    }
}

#[test]
fn a_tls12_server_never_picks_the_tls13_hybrid() {
    // The default client lists X25519MLKEM768 first; a TLS 1.2 server takes x25519.
    let mut pair = Pair::new(client_config(), tls12_server_config("server-ecdsa"));
    pair.handshake();
    for side in [&pair.client, &pair.server] {
        let n = side.negotiated().expect("established");
        assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2));
        assert_eq!(n.group, Some(NamedGroup::X25519));
    }
    // A server that lists the hybrid first skips it for ECDHE.
    let mut client = tls12_client_config();
    client.shared.groups = vec![NamedGroup::X25519MLKEM768, NamedGroup::Secp384r1];
    let mut server = tls12_server_config("server-rsa");
    server.shared.groups = vec![NamedGroup::X25519MLKEM768, NamedGroup::Secp384r1];
    let mut pair = Pair::new(client, server);
    pair.handshake();
    assert_eq!(
        pair.server.negotiated().expect("established").group,
        Some(NamedGroup::Secp384r1)
    );
    // A TLS 1.2 client that lists the hybrid alone shares no ECDHE group with it.
    let mut client = tls12_client_config();
    client.shared.groups = vec![NamedGroup::X25519MLKEM768];
    let f = Pair::new(client, tls12_server_config("server-rsa"))
        .pump()
        .expect_err("no ECDHE group");
    assert_eq!(
        f.client,
        Some(Error::AlertReceived(AlertDescription::HandshakeFailure))
    );
}

/// The hybrid's code point on an x25519 key, claiming to be a TLS 1.2 ECDHE group: a server
/// with it names X25519MLKEM768 in its ServerKeyExchange, signed, as a broken peer would (a
/// real hybrid share, 1216 bytes, does not even fit the 255 bytes of ECPoint).
#[derive(Debug)]
struct HybridClaimingTls12;

struct RelabelledX25519(Box<dyn stratls_crypto::ActiveKeyExchange>);

impl stratls_crypto::ActiveKeyExchange for RelabelledX25519 {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn public_key(&self) -> &[u8] {
        self.0.public_key()
    }

    fn complete(
        self: Box<Self>,
        peer_share: &[u8],
    ) -> Result<stratls_crypto::Secret, stratls_crypto::CryptoError> {
        self.0.complete(peer_share)
    }
}

impl stratls_crypto::KxGroup for HybridClaimingTls12 {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn start(
        &self,
    ) -> Result<Box<dyn stratls_crypto::ActiveKeyExchange>, stratls_crypto::CryptoError> {
        Ok(Box::new(RelabelledX25519(
            stratls_rustcrypto::X25519.start()?,
        )))
    }
}

static HYBRID_CLAIMING_TLS12: [stratls_crypto::Shared<dyn stratls_crypto::KxGroup>; 1] =
    [stratls_crypto::Shared::Static(&HybridClaimingTls12)];

#[test]
fn a_tls12_client_refuses_a_server_key_exchange_naming_the_hybrid() {
    let provider = stratls_crypto::CryptoProvider {
        kx_groups: stratls_crypto::Shared::Static(&HYBRID_CLAIMING_TLS12),
        ..provider()
    };
    let mut server = stratls_test_support::configs::server_config_with(provider, "server-rsa");
    server.shared.versions = stratls_handshake::Versions::TLS12_ONLY;
    let mut client = tls12_client_config();
    client.shared.groups = vec![NamedGroup::X25519MLKEM768, NamedGroup::X25519];
    let f = Pair::new(client, server)
        .pump()
        .expect_err("the hybrid is no TLS 1.2 group");
    assert_eq!(
        f.client,
        Some(Error::PeerMisbehaved(
            stratls_handshake::Misbehaviour::Tls13OnlyGroup
        ))
    );
    assert_eq!(
        f.server,
        Some(Error::AlertReceived(AlertDescription::IllegalParameter))
    );
}
