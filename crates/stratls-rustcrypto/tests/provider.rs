//! The shape of the default provider: what it lists, in which order, and what it leaves out.

use stratls_crypto::{
    CipherSuite, NamedGroup, PrivateKeyDer, SignatureAlgorithm, SignatureScheme, Tls12KeyExchange,
    Tls12RecordNonce,
};
use stratls_rustcrypto::*;

#[test]
fn tls13_suites_in_order_chacha_not_first() {
    let ids: Vec<CipherSuite> = PROVIDER.tls13_cipher_suites.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            CipherSuite::TLS13_AES_256_GCM_SHA384,
            CipherSuite::TLS13_CHACHA20_POLY1305_SHA256
        ]
    );
    for s in PROVIDER.tls13_cipher_suites.iter() {
        assert_eq!(s.hash.algorithm(), s.hkdf.hash_algorithm(), "{:?}", s.id);
    }
}

#[test]
fn tls12_default_list_is_ecdhe_only() {
    let suites = PROVIDER.tls12_cipher_suites;
    assert_eq!(suites.len(), 6);
    assert!(suites.iter().all(|s| s.kx == Tls12KeyExchange::Ecdhe));
    assert!(
        PROVIDER
            .tls12_suite(CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256)
            .is_none()
    );
    assert!(
        PROVIDER
            .tls12_suite(CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384)
            .is_none()
    );
    // The RSA key-transport suites exist for explicit opt-in.
    for s in [
        &TLS_RSA_WITH_AES_128_GCM_SHA256,
        &TLS_RSA_WITH_AES_256_GCM_SHA384,
    ] {
        assert_eq!(s.kx, Tls12KeyExchange::Rsa);
        assert_eq!(s.auth, SignatureAlgorithm::Rsa);
        assert_eq!(s.record_nonce, Tls12RecordNonce::Explicit);
    }
    assert!(PROVIDER.rsa_key_transport.is_some());
}

#[test]
fn tls12_nonce_construction_follows_the_aead() {
    let all = [
        &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        &TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        &TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        &TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        &TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        &TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        &TLS_RSA_WITH_AES_128_GCM_SHA256,
        &TLS_RSA_WITH_AES_256_GCM_SHA384,
    ];
    for s in all {
        let chacha = s.id.rfc_name().is_some_and(|n| n.contains("CHACHA20"));
        let want = if chacha {
            Tls12RecordNonce::Xor
        } else {
            Tls12RecordNonce::Explicit
        };
        assert_eq!(s.record_nonce, want, "{:?}", s.id);
        assert_eq!(s.hash.algorithm(), s.hmac.hash_algorithm(), "{:?}", s.id);
        let want_auth = if s.id.rfc_name().is_some_and(|n| n.contains("ECDSA")) {
            SignatureAlgorithm::EcdsaP256
        } else {
            SignatureAlgorithm::Rsa
        };
        assert_eq!(s.auth, want_auth, "{:?}", s.id);
    }
}

#[test]
fn groups_and_verifiers() {
    let groups: Vec<NamedGroup> = PROVIDER.kx_groups.iter().map(|g| g.group()).collect();
    assert_eq!(
        groups,
        [
            NamedGroup::X25519MLKEM768,
            NamedGroup::X25519,
            NamedGroup::Secp256r1,
            NamedGroup::Secp384r1
        ]
    );
    let tls12: Vec<bool> = PROVIDER
        .kx_groups
        .iter()
        .map(|g| g.usable_in_tls12())
        .collect();
    assert_eq!(
        tls12,
        [false, true, true, true],
        "the hybrid is TLS 1.3 only"
    );
    let mut schemes: Vec<SignatureScheme> = PROVIDER.verify_schemes().collect();
    schemes.sort_unstable();
    let mut want = vec![
        SignatureScheme::RSA_PSS_RSAE_SHA256,
        SignatureScheme::RSA_PSS_RSAE_SHA384,
        SignatureScheme::RSA_PSS_RSAE_SHA512,
        SignatureScheme::RSA_PKCS1_SHA256,
        SignatureScheme::RSA_PKCS1_SHA384,
        SignatureScheme::RSA_PKCS1_SHA512,
        SignatureScheme::RSA_PSS_PSS_SHA256,
        SignatureScheme::RSA_PSS_PSS_SHA384,
        SignatureScheme::RSA_PSS_PSS_SHA512,
        SignatureScheme::ECDSA_SECP256R1_SHA256,
        SignatureScheme::ECDSA_SECP384R1_SHA384,
        SignatureScheme::ECDSA_SECP521R1_SHA512,
        SignatureScheme::ED25519,
    ];
    want.sort_unstable();
    assert_eq!(schemes, want);
    // Every certificate signature algorithm, each once.
    let mut pairs: Vec<_> = PROVIDER
        .cert_signature_verifiers
        .iter()
        .map(|v| v.algorithm())
        .collect();
    pairs.dedup();
    assert_eq!(pairs, stratls_crypto::CertSignatureAlgorithm::ALL);
    assert_eq!(verify::ED25519.scheme(), SignatureScheme::ED25519);
    assert_eq!(
        verify::RSA_PKCS1_SHA512.scheme(),
        SignatureScheme::RSA_PKCS1_SHA512
    );
}

#[test]
fn debug_output_carries_no_secrets() {
    let kx = test_kit::X25519
        .from_private_key(&[0x77; 32])
        .expect("x25519 key");
    let shown = format!("{kx:?}");
    assert!(!shown.contains("77"), "{shown}");
    let aead_key = AES_128_GCM.key(&[0x5a; 16]).expect("aead key");
    let shown = format!("{aead_key:?}");
    assert!(!shown.to_ascii_lowercase().contains("5a"), "{shown}");
    let hmac_key = HMAC_SHA256.with_key(&[0x6b; 32]);
    assert!(!format!("{hmac_key:?}").contains("6b"));

    let ed_pkcs8 = [
        &[
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
        ][..],
        &[0x04, 0x22, 0x04, 0x20],
        &[0xab; 32],
    ]
    .concat();
    let key = KEY_LOADER
        .load_private_key(&PrivateKeyDer::Pkcs8(ed_pkcs8.as_slice().into()))
        .expect("ed25519 key");
    let signer = key
        .choose_scheme(&[SignatureScheme::ED25519])
        .expect("signer");
    for shown in [format!("{key:?}"), format!("{signer:?}")] {
        assert!(!shown.to_ascii_lowercase().contains("ab, ab"), "{shown}");
        assert!(!shown.to_ascii_lowercase().contains("abab"), "{shown}");
        assert!(!shown.contains("171"), "{shown}");
    }
}

/// Every key type of this provider exports its public key, so that the config builders check
/// it against the certificate without a trial signature (the kit's `check_public_keys` checks
/// the bytes).
#[test]
fn every_key_type_exports_its_public_key() {
    const FIXTURES: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../stratls-crypto/src/test_kit/fixtures"
    );
    let read = |file: &str| std::fs::read(format!("{FIXTURES}/{file}")).expect("fixture");
    let keys = [
        ("rsa2048.pkcs8.der", SignatureAlgorithm::Rsa),
        ("p256.pkcs8.der", SignatureAlgorithm::EcdsaP256),
        ("ed25519.pkcs8.der", SignatureAlgorithm::Ed25519),
    ];
    for (file, algorithm) in keys {
        let der = read(file);
        let key = KEY_LOADER
            .load_private_key(&PrivateKeyDer::Pkcs8(der.as_slice().into()))
            .expect("fixture key loads");
        assert_eq!(key.algorithm(), algorithm, "{file}");
        let spki = key
            .public_key()
            .unwrap_or_else(|| panic!("{file}: no public key"));
        assert_eq!(spki.first(), Some(&0x30), "{file}: a DER SEQUENCE");
    }
    let sec1 = read("p256.sec1.der");
    let from_sec1 = KEY_LOADER
        .load_private_key(&PrivateKeyDer::Sec1(sec1.as_slice().into()))
        .expect("SEC1 key loads");
    let pkcs8 = read("p256.pkcs8.der");
    let from_pkcs8 = KEY_LOADER
        .load_private_key(&PrivateKeyDer::Pkcs8(pkcs8.as_slice().into()))
        .expect("PKCS#8 key loads");
    assert_eq!(from_sec1.public_key(), from_pkcs8.public_key());
    let pkcs1 = read("rsa2048.pkcs1.der");
    let from_pkcs1 = KEY_LOADER
        .load_private_key(&PrivateKeyDer::Pkcs1(pkcs1.as_slice().into()))
        .expect("PKCS#1 key loads");
    assert!(from_pkcs1.public_key().is_some());
}
