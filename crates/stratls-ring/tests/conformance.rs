//! The provider conformance kit of `stratls-crypto`, run against the ring provider, one
//! `#[test]` per check group, and against ring completed by the default provider.
//!
//! ring's key agreement is ephemeral-only and its ECDSA signing randomized: the key exchange
//! runs the kit's round trips against the default provider's fixed-key groups, and P-384
//! signing is checked by round trip with the RFC 6979 answers verify-only.

use stratls_crypto::test_kit;
use stratls_crypto::{CryptoError, NamedGroup, PrivateKeyDer, SignatureScheme};
use stratls_ring::PROVIDER;

#[test]
fn hash() {
    test_kit::check_hash(&PROVIDER);
}

#[test]
fn hmac() {
    test_kit::check_hmac(&PROVIDER);
}

#[test]
fn hkdf() {
    test_kit::check_hkdf(&PROVIDER);
}

#[test]
fn aead() {
    test_kit::check_aead(&PROVIDER);
}

#[test]
fn x25519() {
    test_kit::check_kx_round_trips(
        &PROVIDER,
        NamedGroup::X25519,
        stratls_rustcrypto::test_kit::X25519,
    );
}

#[test]
fn secp256r1() {
    test_kit::check_kx_round_trips(
        &PROVIDER,
        NamedGroup::Secp256r1,
        stratls_rustcrypto::test_kit::SECP256R1,
    );
}

#[test]
fn secp384r1() {
    test_kit::check_kx_round_trips(
        &PROVIDER,
        NamedGroup::Secp384r1,
        stratls_rustcrypto::test_kit::SECP384R1,
    );
}

#[test]
fn ed25519_rfc8032() {
    test_kit::check_ed25519_rfc8032(&PROVIDER);
}

#[test]
fn openssl_signatures() {
    test_kit::check_openssl_signatures(&PROVIDER);
}

#[test]
fn ecdsa_rfc6979_verify_only() {
    test_kit::check_ecdsa_rfc6979(&PROVIDER);
}

#[test]
fn ecdsa_p384_round_trip() {
    test_kit::check_ecdsa_p384_round_trip(&PROVIDER);
}

#[test]
fn cert_signatures() {
    test_kit::check_cert_signatures(&PROVIDER);
}

#[test]
fn rsa_pss_key() {
    test_kit::check_rsa_pss_key(&PROVIDER);
}

#[test]
fn sign_round_trips() {
    test_kit::check_sign_round_trips(&PROVIDER);
}

#[test]
fn key_loader() {
    test_kit::check_key_loader(&PROVIDER);
}

#[test]
fn public_keys() {
    test_kit::check_public_keys(&PROVIDER);
}

#[test]
fn random() {
    test_kit::check_random(&PROVIDER);
}

/// What ring lacks: no ML-KEM hybrid, no P-521, no RSA key transport; a P-521 key is
/// `UnsupportedKey`, so a composed loader can hand it on.
#[test]
fn what_ring_lacks() {
    assert!(PROVIDER.kx_group(NamedGroup::X25519MLKEM768).is_none());
    assert!(
        PROVIDER
            .verifier(SignatureScheme::ECDSA_SECP521R1_SHA512)
            .is_none()
    );
    assert!(PROVIDER.rsa_key_transport.is_none());
    let p521 = stratls_crypto::test_kit::hex(
        "3060020100301006072a8648ce3d020106052b8104002304493047020101044200fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538",
    );
    assert_eq!(
        PROVIDER
            .key_loader
            .load_private_key(&PrivateKeyDer::Pkcs8(p521.into()))
            .err(),
        Some(CryptoError::UnsupportedKey)
    );
}

/// ring completed by the default provider: ring's pieces first, in ring's order, then the
/// default's missing ones; the whole kit passes, the hybrid and P-521 included.
#[test]
fn with_fallback_to_the_default() {
    let p = PROVIDER.with_fallback(stratls_rustcrypto::PROVIDER);
    assert_eq!(&*p.name, "ring+rustcrypto");
    let groups: Vec<_> = p.kx_groups.iter().map(|g| g.group()).collect();
    assert_eq!(
        groups,
        [
            NamedGroup::X25519,
            NamedGroup::Secp256r1,
            NamedGroup::Secp384r1,
            NamedGroup::X25519MLKEM768
        ]
    );
    // x25519 is ring's, the hybrid the default provider's.
    assert!(stratls_crypto::Shared::ptr_eq(
        &p.kx_groups[0],
        &PROVIDER.kx_groups[0]
    ));
    assert_eq!(p.tls13_cipher_suites.len(), 3);
    assert_eq!(p.tls12_cipher_suites.len(), 6);
    assert!(
        p.verifier(SignatureScheme::ECDSA_SECP521R1_SHA512)
            .is_some()
    );
    assert_eq!(p.verify_schemes().count(), 13);
    assert!(p.rsa_key_transport.is_some());
    test_kit::check_x25519mlkem768(&p, stratls_rustcrypto::test_kit::X25519MLKEM768);
    test_kit::check_ecdsa_rfc6979(&p);
    test_kit::check_ecdsa_p521_rfc6979(&p);
    test_kit::check_cert_signatures(&p);
    test_kit::check_key_loader(&p);
    test_kit::check_sign_round_trips(&p);
    // ring's RSA key signs; the default provider's form of it decrypts.
    test_kit::check_rsa_key_transport(&p);
}
