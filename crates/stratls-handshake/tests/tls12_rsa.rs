//! The TLS 1.2 RSA key exchange: off by default on both sides, working when enabled, and the
//! RFC 5246 §7.4.7.1 countermeasure (every malformed premaster secret looks the same).

use std::sync::Arc;

use stratls_codec::{
    AlertDescription, CipherSuite, HandshakeMessage, ParseContext, ProtocolVersion,
};
use stratls_crypto::{CryptoProvider, Shared, Tls12CipherSuite};
use stratls_handshake::{ClientConfig, Error, Incompatibility, ServerConfig, SingleCert, Status};
use stratls_record::RecordError;
use stratls_test_support::*;

static RSA_AND_ECDHE: [Shared<Tls12CipherSuite>; 4] = [
    Shared::Static(&stratls_rustcrypto::TLS_RSA_WITH_AES_128_GCM_SHA256),
    Shared::Static(&stratls_rustcrypto::TLS_RSA_WITH_AES_256_GCM_SHA384),
    Shared::Static(&stratls_rustcrypto::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
    Shared::Static(&stratls_rustcrypto::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
];

/// The default provider with the RSA key-exchange suites listed.
fn rsa_provider() -> CryptoProvider {
    CryptoProvider {
        tls12_cipher_suites: Shared::Static(&RSA_AND_ECDHE),
        ..provider()
    }
}

fn rsa_client(enabled: bool) -> ClientConfig {
    let mut c = tls12_client_config();
    c.provider = rsa_provider();
    c.shared.dangerous_enable_rsa_key_exchange = enabled;
    c
}

fn rsa_server(enabled: bool) -> ServerConfig {
    let mut s = tls12_server_config("server-rsa");
    s.provider = rsa_provider();
    s.shared.dangerous_enable_rsa_key_exchange = enabled;
    s
}

fn offered_suites(client: ClientConfig) -> Vec<CipherSuite> {
    let mut conn =
        stratls_handshake::Connection::client(Arc::new(client), name("localhost")).expect("client");
    let record = conn.take_tls();
    match HandshakeMessage::parse_framed(&record[5..], ParseContext::Tls13) {
        Ok((HandshakeMessage::ClientHello(hello), _)) => hello.cipher_suites,
        other => panic!("not a ClientHello: {other:?}"),
    }
}

#[test]
fn off_by_default_on_both_sides() {
    assert!(!client_config().shared.dangerous_enable_rsa_key_exchange);
    assert!(
        !server_config("server-rsa")
            .shared
            .dangerous_enable_rsa_key_exchange
    );
    let rsa = [
        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
    ];
    // A client never offers them unless enabled, even with a provider that lists them.
    let offered = offered_suites(rsa_client(false));
    assert!(!offered.iter().any(|s| rsa.contains(s)), "{offered:?}");
    assert!(offered.contains(&CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
    let offered = offered_suites(rsa_client(true));
    assert!(rsa.iter().all(|s| offered.contains(s)), "{offered:?}");

    // A server never chooses them unless enabled.
    let mut client = rsa_client(true);
    client.shared.cipher_suites = vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256];
    let f = Pair::new(client.clone(), rsa_server(false))
        .pump()
        .expect_err("no RSA key exchange");
    assert_eq!(
        f.server,
        Some(Error::PeerIncompatible(
            Incompatibility::NoCommonCipherSuite
        ))
    );
    // With both RSA and ECDHE offered, a server without the option takes ECDHE.
    let mut pair = Pair::new(rsa_client(true), rsa_server(false));
    pair.handshake();
    assert_eq!(
        pair.server.negotiated().expect("established").cipher_suite,
        Some(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
    );
}

#[test]
fn rsa_key_exchange_when_enabled() {
    for (s, client_auth) in [
        (CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256, false),
        (CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384, true),
    ] {
        let recorder = Arc::new(Recorder::default());
        let mut client = rsa_client(true);
        client.shared.cipher_suites = vec![s];
        client.shared.observer = Some(recorder.clone());
        let mut server = rsa_server(true);
        if client_auth {
            require_client_auth(&mut server);
            client.client_cert = Some(Arc::new(SingleCert(certified("client-rsa"))));
        }
        let mut pair = Pair::new(client, server);
        pair.handshake();
        for side in [&pair.client, &pair.server] {
            let n = side.negotiated().expect("established");
            assert_eq!(n.version, Some(ProtocolVersion::TLSv1_2));
            assert_eq!(n.cipher_suite, Some(s));
            assert_eq!(n.group, None, "no key-exchange group");
            assert!(n.extended_master_secret);
        }
        let events = recorder.0.lock().expect("lock").join("\n");
        assert!(events.contains("no forward secrecy"), "{events}");
        assert!(!events.contains("server_key_exchange"), "{events}");
        pair.exchange_data(10_000);
    }
}

/// A ClientKeyExchange record carrying `ciphertext` as the encrypted premaster secret.
fn client_key_exchange(ciphertext: &[u8]) -> Vec<u8> {
    let body_len = ciphertext.len() + 2;
    let mut m = vec![16];
    m.extend_from_slice(&(body_len as u32).to_be_bytes()[1..]);
    m.extend_from_slice(&(ciphertext.len() as u16).to_be_bytes());
    m.extend_from_slice(ciphertext);
    handshake_record(&m)
}

/// Runs an RSA handshake with the client's encrypted premaster secret replaced by what
/// `forge` makes from the server's RSA public key; returns the server's result, its output
/// and its status.
fn with_premaster(
    forge: impl Fn(&[u8]) -> Option<Vec<u8>>,
) -> (Result<(), Error>, Vec<u8>, Status) {
    let mut client = rsa_client(true);
    client.shared.cipher_suites = vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256];
    let mut pair = Pair::new(client, rsa_server(true));
    let hello = pair.client.take_tls();
    pair.server.read_tls(&hello).expect("hello");
    let flight = pair.server.take_tls();
    pair.client.read_tls(&flight).expect("server flight");
    let mut records = split_records(&pair.client.take_tls());
    let public_key =
        stratls_pki::rsa_public_key_of(&certified("server-rsa").chain[0]).expect("rsa key");
    if let Some(ciphertext) = forge(&public_key) {
        records[0] = client_key_exchange(&ciphertext);
    }
    let result = records
        .iter()
        .try_for_each(|r| pair.server.read_tls(r).map(|_| ()));
    (result, pair.server.take_tls(), pair.server.status())
}

/// Makes an encrypted premaster secret from the server's RSA public key (`None`: keep the
/// client's).
type Forge = Box<dyn Fn(&[u8]) -> Option<Vec<u8>>>;

fn encrypt(public_key: &[u8], plaintext: &[u8]) -> Vec<u8> {
    provider()
        .rsa_key_transport
        .expect("rsa key transport")
        .encrypt_pkcs1v15(public_key, plaintext)
        .expect("encrypt")
}

#[test]
fn malformed_premaster_secrets_all_look_the_same() {
    // The client's own premaster secret: the handshake completes.
    let (result, _, status) = with_premaster(|_| None);
    result.expect("genuine premaster");
    assert_eq!(status, Status::Established);

    let mut good = vec![3, 3];
    good.extend_from_slice(&[0x11; 46]);
    let kinds: [(&str, Forge); 5] = [
        // A well-formed premaster the client did not use: only the keys differ.
        (
            "valid but different",
            Box::new(move |k| Some(encrypt(k, &good))),
        ),
        // Random bytes below the modulus: the PKCS#1 padding does not check.
        (
            "bad padding",
            Box::new(|_| {
                let mut c = vec![0u8; 256];
                c[1..]
                    .iter_mut()
                    .enumerate()
                    .for_each(|(i, b)| *b = (i * 31 + 7) as u8);
                Some(c)
            }),
        ),
        ("wrong length", Box::new(|k| Some(encrypt(k, &[3u8; 47])))),
        (
            "wrong version",
            Box::new(|k| {
                let mut pm = vec![3u8, 1];
                pm.extend_from_slice(&[0x22; 46]);
                Some(encrypt(k, &pm))
            }),
        ),
        (
            "not a ciphertext of the key's size",
            Box::new(|_| Some(vec![0x42; 10])),
        ),
    ];
    let mut outcomes = Vec::new();
    for (kind, forge) in kinds {
        let (result, output, status) = with_premaster(forge);
        let err = result.expect_err(kind);
        // The bad premaster shows only at the client's Finished, which does not decrypt.
        assert_eq!(err, Error::Record(RecordError::BadRecordMac), "{kind}");
        assert_eq!(err.alert(), Some(AlertDescription::BadRecordMac), "{kind}");
        assert_eq!(status, Status::Failed, "{kind}");
        // The server's alert, in the clear: it has not changed its write keys yet.
        assert_eq!(
            stratls_test_support::records::plaintext_alert(&output),
            Some((2, u8::from(AlertDescription::BadRecordMac))),
            "{kind}"
        );
        outcomes.push((kind, err, output, status));
    }
    for (kind, err, output, status) in &outcomes[1..] {
        assert_eq!(err, &outcomes[0].1, "{kind}");
        assert_eq!(output, &outcomes[0].2, "{kind}: same bytes sent");
        assert_eq!(status, &outcomes[0].3, "{kind}");
    }
}

#[test]
fn rsa_pkcs1_signatures_in_server_key_exchange() {
    static PKCS1_ONLY: [Shared<dyn stratls_crypto::SignatureVerifier>; 1] =
        [Shared::Static(stratls_rustcrypto::verify::RSA_PKCS1_SHA256)];
    let mut client = tls12_client_config();
    client.provider = CryptoProvider {
        signature_verifiers: Shared::Static(&PKCS1_ONLY),
        ..provider()
    };
    let mut pair = Pair::new(client, tls12_server_config("server-rsa"));
    pair.handshake();
    assert_eq!(
        pair.client
            .negotiated()
            .expect("established")
            .peer_signature_scheme,
        Some(stratls_codec::SignatureScheme::RSA_PKCS1_SHA256)
    );
}

#[test]
fn rsa_key_exchange_sessions_resume_by_ticket_and_by_session_id() {
    for s in [
        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
    ] {
        for by_ticket in [true, false] {
            let mut client = rsa_client(true);
            client.shared.cipher_suites = vec![s];
            let mut server = rsa_server(true);
            if by_ticket {
                server.session_ids = None;
            } else {
                server.ticketer = None;
            }
            let mut resumed = Vec::new();
            for _ in 0..2 {
                let mut pair = Pair::new(client.clone(), server.clone());
                pair.handshake();
                let c = pair.client.negotiated().expect("established");
                let sv = pair.server.negotiated().expect("established");
                assert_eq!(c.resumed, sv.resumed, "{s:?}");
                assert_eq!(c.cipher_suite, Some(s));
                resumed.push(c.resumed);
                pair.exchange_data(1000);
            }
            assert_eq!(resumed, [false, true], "{s:?} by_ticket={by_ticket}");
        }
    }
}
