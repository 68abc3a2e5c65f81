//! The provider conformance kit of `stratls-crypto`, run against the default provider, one
//! `#[test]` per check group.

use stratls_crypto::test_kit;
use stratls_rustcrypto::PROVIDER;

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
    test_kit::check_x25519(&PROVIDER, stratls_rustcrypto::test_kit::X25519);
}

#[test]
fn secp256r1() {
    test_kit::check_secp256r1(&PROVIDER, stratls_rustcrypto::test_kit::SECP256R1);
}

#[test]
fn secp384r1() {
    test_kit::check_secp384r1(&PROVIDER, stratls_rustcrypto::test_kit::SECP384R1);
}

#[test]
fn x25519mlkem768() {
    test_kit::check_x25519mlkem768(&PROVIDER, stratls_rustcrypto::test_kit::X25519MLKEM768);
}

#[test]
fn ecdsa_p384_rfc6979() {
    test_kit::check_ecdsa_p384_rfc6979(&PROVIDER);
}

#[test]
fn ecdsa_p521_rfc6979() {
    test_kit::check_ecdsa_p521_rfc6979(&PROVIDER);
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
fn ecdsa_rfc6979_p384_p521() {
    test_kit::check_ecdsa_rfc6979(&PROVIDER);
}

#[test]
fn cert_signatures() {
    test_kit::check_cert_signatures(&PROVIDER);
    // The default provider lists every pair (the kit asks only for the common ones).
    for alg in stratls_crypto::CertSignatureAlgorithm::ALL {
        assert!(PROVIDER.cert_verifier(alg).is_some(), "{alg:?} not listed");
    }
    assert_eq!(
        PROVIDER.cert_signature_verifiers.len(),
        stratls_crypto::CertSignatureAlgorithm::ALL.len()
    );
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
fn rsa_key_transport() {
    test_kit::check_rsa_key_transport(&PROVIDER);
}

#[test]
fn random() {
    test_kit::check_random(&PROVIDER);
}

#[test]
fn run_all() {
    test_kit::run_all(
        &stratls_rustcrypto::provider(),
        &stratls_rustcrypto::test_kit::FIXED_GROUPS,
    );
}
