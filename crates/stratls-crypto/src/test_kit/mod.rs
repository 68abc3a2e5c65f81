//! The provider conformance kit: known-answer and misuse checks that any [`CryptoProvider`]
//! must pass, run through the traits of this crate only.
//!
//! Each `check_*` function covers one group and panics with a message naming the failed
//! check; [`run_all`] runs them all. A provider crate calls each from its own `#[test]`:
//!
//! ```text
//! #[test]
//! fn aead() {
//!     stratls_crypto::test_kit::check_aead(&my_provider::PROVIDER);
//! }
//! ```
//!
//! The vectors come from the RFCs (FIPS 180-2 examples, RFC 5869, RFC 8439, RFC 8448,
//! RFC 7748, RFC 8032, RFC 6979), from the `openssl` command line (the commands sit next to each
//! value, and in `fixtures/README.md` for the key and signature files), and for X25519MLKEM768
//! from kyber-py and pyca/cryptography (`fixtures/x25519mlkem768.py`).

mod aead;
mod hash;
mod keys;
mod kx;
mod kx_hybrid;
mod sign;
mod verify;

pub use self::aead::check_aead;
pub use self::hash::{check_hash, check_hkdf, check_hmac};
pub use self::keys::{check_key_loader, check_public_keys, check_random, check_rsa_key_transport};
pub use self::kx::{
    KxFromPrivateKey, check_kx_round_trips, check_secp256r1, check_secp384r1, check_x25519,
};
pub use self::kx_hybrid::check_x25519mlkem768;
pub use self::sign::{
    check_ecdsa_p384_rfc6979, check_ecdsa_p384_round_trip, check_ecdsa_p521_rfc6979,
    check_ed25519_rfc8032, check_openssl_signatures, check_sign_round_trips,
};
pub use self::verify::{check_cert_signatures, check_ecdsa_rfc6979, check_rsa_pss_key};

use crate::{
    Aead, CryptoProvider, Hash, Hkdf, KxGroup, NamedGroup, PrivateKeyDer, SignatureScheme,
    SignatureVerifier,
};

/// Runs every check of the kit against `p`, with `fixed` the provider's key-exchange groups
/// that take a given private key (x25519 and secp256r1 at least; secp384r1 and X25519MLKEM768
/// are checked when the provider offers them).
pub fn run_all(p: &CryptoProvider, fixed: &[&dyn KxFromPrivateKey]) {
    check_hash(p);
    check_hmac(p);
    check_hkdf(p);
    check_aead(p);
    check_x25519(p, fixed_of(p, fixed, NamedGroup::X25519));
    check_secp256r1(p, fixed_of(p, fixed, NamedGroup::Secp256r1));
    if p.kx_group(NamedGroup::Secp384r1).is_some() {
        check_secp384r1(p, fixed_of(p, fixed, NamedGroup::Secp384r1));
    }
    if p.kx_group(NamedGroup::X25519MLKEM768).is_some() {
        check_x25519mlkem768(p, fixed_of(p, fixed, NamedGroup::X25519MLKEM768));
    }
    check_ed25519_rfc8032(p);
    check_openssl_signatures(p);
    check_ecdsa_rfc6979(p);
    check_cert_signatures(p);
    check_rsa_pss_key(p);
    check_sign_round_trips(p);
    if p.key_loader
        .load_private_key(&pkcs8(sign::P384_PKCS8))
        .is_ok()
    {
        check_ecdsa_p384_rfc6979(p);
    }
    check_key_loader(p);
    check_public_keys(p);
    check_rsa_key_transport(p);
    check_random(p);
}

/// Decodes a hex string (upper or lower case, no separators).
///
/// # Panics
///
/// On an odd length or a non-hex digit: the kit's inputs are constants.
pub fn hex(s: &str) -> Vec<u8> {
    fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("test kit: bad hex digit {:?}", c as char),
        }
    }
    let s = s.as_bytes();
    assert!(s.len().is_multiple_of(2), "test kit: odd-length hex string");
    s.chunks(2)
        .map(|pair| (nibble(pair[0]) << 4) | nibble(pair[1]))
        .collect()
}

/// The SHA-256 or SHA-384 of the provider, taken from its TLS 1.3 suites.
fn hash_of(p: &CryptoProvider, alg: crate::HashAlgorithm) -> &dyn Hash {
    p.tls13_cipher_suites
        .iter()
        .map(|s| &*s.hash)
        .chain(p.tls12_cipher_suites.iter().map(|s| &*s.hash))
        .find(|h| h.algorithm() == alg)
        .unwrap_or_else(|| panic!("provider {} offers no {alg:?} hash", p.name))
}

/// The HMAC/HKDF over `alg` of the provider, taken from its cipher suites.
fn hkdf_of(p: &CryptoProvider, alg: crate::HashAlgorithm) -> &dyn Hkdf {
    p.tls13_cipher_suites
        .iter()
        .map(|s| &*s.hkdf)
        .chain(p.tls12_cipher_suites.iter().map(|s| &*s.hmac))
        .find(|h| h.hash_algorithm() == alg)
        .unwrap_or_else(|| panic!("provider {} offers no HMAC-{alg:?}", p.name))
}

/// The AEAD `alg` of the provider, taken from its cipher suites.
fn aead_of(p: &CryptoProvider, alg: crate::AeadAlgorithm) -> &dyn Aead {
    p.tls13_cipher_suites
        .iter()
        .map(|s| &*s.aead)
        .chain(p.tls12_cipher_suites.iter().map(|s| &*s.aead))
        .find(|a| a.algorithm() == alg)
        .unwrap_or_else(|| panic!("provider {} offers no {alg:?}", p.name))
}

/// The key-exchange group `group` of the provider.
fn group_of(p: &CryptoProvider, group: NamedGroup) -> &dyn KxGroup {
    p.kx_group(group)
        .map(|g| &**g)
        .unwrap_or_else(|| panic!("provider {} offers no group {group:?}", p.name))
}

/// The group of `fixed` for `group`.
fn fixed_of<'a>(
    p: &CryptoProvider,
    fixed: &[&'a dyn KxFromPrivateKey],
    group: NamedGroup,
) -> &'a dyn KxFromPrivateKey {
    fixed
        .iter()
        .copied()
        .find(|g| g.group() == group)
        .unwrap_or_else(|| panic!("provider {}: no fixed-key {group:?} given", p.name))
}

/// The verifier of `scheme` of the provider.
fn verifier_of(p: &CryptoProvider, scheme: SignatureScheme) -> &dyn SignatureVerifier {
    p.verifier(scheme)
        .map(|v| &**v)
        .unwrap_or_else(|| panic!("provider {} offers no verifier for {scheme:?}", p.name))
}

/// A PKCS#8 key for the loader, borrowed.
fn pkcs8(der: &[u8]) -> PrivateKeyDer<'_> {
    PrivateKeyDer::Pkcs8(der.into())
}

/// A PKCS#1 RSA key for the loader, borrowed.
fn pkcs1(der: &[u8]) -> PrivateKeyDer<'_> {
    PrivateKeyDer::Pkcs1(der.into())
}

/// A SEC1 EC key for the loader, borrowed.
fn sec1(der: &[u8]) -> PrivateKeyDer<'_> {
    PrivateKeyDer::Sec1(der.into())
}
