//! External PSKs imported by RFC 9258: handshakes on the imported key for each target hash,
//! and the `"imp binder"` label, which a plain external PSK with the same identity and key
//! does not verify.

use std::sync::Arc;

use stratls_codec::CipherSuite;
use stratls_crypto::{HashAlgorithm, Secret};
use stratls_handshake::{Error, ExternalPsk, Versions};
use stratls_test_support::*;

const EPSK: [u8; 32] = [0x42; 32];

fn import(target: HashAlgorithm, context: &[u8]) -> Arc<ExternalPsk> {
    Arc::new(
        ExternalPsk::import(
            &stratls_rustcrypto::provider(),
            b"client-psk",
            &Secret::from_slice(&EPSK),
            None,
            context,
            target,
        )
        .expect("imports"),
    )
}

#[test]
fn an_imported_psk_handshakes_on_each_target_hash() {
    for (suite, target) in [
        (CipherSuite::TLS13_AES_128_GCM_SHA256, HashAlgorithm::Sha256),
        (CipherSuite::TLS13_AES_256_GCM_SHA384, HashAlgorithm::Sha384),
    ] {
        let mut client = client_config();
        client.shared.versions = Versions::TLS13_ONLY;
        client.shared.cipher_suites = vec![suite];
        client.external_psk = Some(import(target, b"stratls test"));
        let mut server = server_config("server-ecdsa");
        // The server holds both imports of the one external PSK, as RFC 9258 §5.1 derives
        // one per target KDF.
        server.external_psks = vec![
            import(HashAlgorithm::Sha256, b"stratls test"),
            import(HashAlgorithm::Sha384, b"stratls test"),
        ];
        let mut pair = Pair::new(client, server);
        pair.handshake();
        pair.exchange_data(300);
        let expected = client_identity(target);
        for side in [&pair.client, &pair.server] {
            let n = side.negotiated().expect("established");
            assert_eq!(n.cipher_suite, Some(suite));
            assert_eq!(n.psk_identity.as_deref(), Some(expected.as_slice()));
            assert!(n.peer_certificates.is_empty(), "no Certificate");
        }
    }
}

/// The serialized ImportedIdentity for "client-psk", context "stratls test", TLS 1.3.
fn client_identity(target: HashAlgorithm) -> Vec<u8> {
    let mut id = vec![0, 10];
    id.extend_from_slice(b"client-psk");
    id.extend_from_slice(&[0, 12]);
    id.extend_from_slice(b"stratls test");
    id.extend_from_slice(&[0x03, 0x04, 0x00]);
    id.push(if target == HashAlgorithm::Sha256 {
        1
    } else {
        2
    });
    id
}

#[test]
fn an_imported_psk_binds_with_imp_binder_and_its_context() {
    let mut client = client_config();
    client.shared.versions = Versions::TLS13_ONLY;
    client.shared.cipher_suites = vec![CipherSuite::TLS13_AES_128_GCM_SHA256];
    client.external_psk = Some(import(HashAlgorithm::Sha256, b""));
    // The same identity bytes and the same ipskx, configured as a plain external PSK: its
    // binder key is "ext binder"'s, so the client's "imp binder" binder does not verify.
    // (ipskx as the known-answer test of the import computes it.)
    let ipskx = [
        0x01, 0x56, 0xaa, 0x31, 0x0c, 0x71, 0xa5, 0xd8, 0x4c, 0x7c, 0x74, 0x92, 0x76, 0xf8, 0xe7,
        0x00, 0x2d, 0xf8, 0x4c, 0xbd, 0xed, 0x4f, 0x2d, 0x42, 0x42, 0xb6, 0xab, 0xd4, 0x4e, 0x5f,
        0x4d, 0xa8,
    ];
    let mut identity = vec![0, 10];
    identity.extend_from_slice(b"client-psk");
    identity.extend_from_slice(&[0, 0, 0x03, 0x04, 0x00, 0x01]);
    let plain =
        ExternalPsk::new(identity, Secret::from_slice(&ipskx), HashAlgorithm::Sha256).expect("psk");
    let mut server = server_config("server-ecdsa");
    server.external_psks = vec![Arc::new(plain)];
    let failure = Pair::new(client.clone(), server)
        .pump()
        .expect_err("another binder label");
    assert_eq!(failure.server, Some(Error::BadBinder));
    // The import itself, on the server, verifies.
    let mut server = server_config("server-ecdsa");
    server.external_psks = vec![import(HashAlgorithm::Sha256, b"")];
    let mut pair = Pair::new(client.clone(), server);
    pair.handshake();
    assert!(
        pair.server
            .negotiated()
            .expect("established")
            .psk_identity
            .is_some()
    );
    // Imported under another context, the identity differs: not this PSK, a full handshake.
    let mut server = server_config("server-ecdsa");
    server.external_psks = vec![import(HashAlgorithm::Sha256, b"another context")];
    let mut pair = Pair::new(client, server);
    pair.handshake();
    let n = pair.server.negotiated().expect("established");
    assert_eq!(n.psk_identity, None);
    assert!(
        !pair
            .client
            .negotiated()
            .expect("established")
            .peer_certificates
            .is_empty()
    );
}
