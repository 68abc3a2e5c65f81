//! The public key of a certificate: its whole SubjectPublicKeyInfo, to compare with a private
//! key's; the RSA key alone, for the TLS 1.2 RSA key exchange; and whether a peer's key is one
//! the provider can verify its handshake signature with.

use rustls_pki_types::{CertificateDer, SignatureVerificationAlgorithm};
use stratls_crypto::{CryptoProvider, SignatureAlgorithm};
use webpki::EndEntityCert;

use crate::algs::{key_family, provider_algorithm_iter};
use crate::error::PkiError;

/// The smallest RSA modulus accepted in a peer's end-entity certificate, in bits: below it the
/// key is too weak to authenticate anyone (NIST SP 800-131A; RFC 8446 has no minimum).
pub const MIN_RSA_KEY_BITS: usize = 2048;

const INTEGER: u8 = 0x02;

/// The DER of the rsaEncryption OID, 1.2.840.113549.1.1.1 (RFC 8017 Appendix C).
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

const SEQUENCE: u8 = 0x30;
const OBJECT_IDENTIFIER: u8 = 0x06;
const BIT_STRING: u8 = 0x03;

/// The DER `SubjectPublicKeyInfo` of `cert` (RFC 5280 §4.1.2.7), outer SEQUENCE included, as
/// [`SigningKey::public_key`](stratls_crypto::SigningKey::public_key) gives it for the private
/// key: equal bytes mean the certificate is for that key.
///
/// Fails with [`PkiError::BadEncoding`] (or the parse error webpki reports) if the
/// certificate does not parse.
pub fn subject_public_key_info(cert: &CertificateDer<'_>) -> Result<Vec<u8>, PkiError> {
    let parsed = EndEntityCert::try_from(cert).map_err(PkiError::from)?;
    Ok(parsed.subject_public_key_info().as_ref().to_vec())
}

/// The `RSAPublicKey` DER in the subjectPublicKey of `cert` (RFC 5280 §4.1.2.7, RFC 8017
/// Appendix A.1.1), as [`RsaKeyTransport`](stratls_crypto::RsaKeyTransport) takes it.
///
/// Fails with [`PkiError::BadEncoding`] if the certificate does not parse and with
/// [`PkiError::UnsupportedAlgorithm`] if its key is not an rsaEncryption key.
pub fn rsa_public_key_of(cert: &CertificateDer<'_>) -> Result<Vec<u8>, PkiError> {
    let parsed = EndEntityCert::try_from(cert).map_err(PkiError::from)?;
    let spki = parsed.subject_public_key_info();
    rsa_key_from_spki(spki.as_ref()).map(<[u8]>::to_vec)
}

/// Checks that the key of a peer's `end_entity` certificate is one `provider` verifies
/// handshake signatures with, before any signature is looked at: its algorithm and curve are
/// those of one of the provider's verifiers ([`PkiError::UnsupportedKey`] otherwise:
/// `unsupported_certificate`), and an RSA modulus has at least [`MIN_RSA_KEY_BITS`] bits
/// ([`PkiError::WeakKey`]: `bad_certificate`).
pub fn check_end_entity_key(
    provider: &CryptoProvider,
    end_entity: &CertificateDer<'_>,
) -> Result<(), PkiError> {
    let parsed = EndEntityCert::try_from(end_entity).map_err(PkiError::from)?;
    let spki = parsed.subject_public_key_info();
    let (algorithm, key) = spki_parts(spki.as_ref())?;
    let supported =
        provider_algorithm_iter(provider).any(|a| a.public_key_alg_id().as_ref() == algorithm);
    if !supported {
        return Err(PkiError::UnsupportedKey);
    }
    if matches!(
        key_family(algorithm),
        Some(SignatureAlgorithm::Rsa | SignatureAlgorithm::RsaPss)
    ) {
        let bits = rsa_modulus_bits(key)?;
        if bits < MIN_RSA_KEY_BITS {
            return Err(PkiError::WeakKey { bits });
        }
    }
    Ok(())
}

/// The length in bits of the modulus of an `RSAPublicKey ::= SEQUENCE { modulus INTEGER,
/// publicExponent INTEGER }`.
fn rsa_modulus_bits(key: &[u8]) -> Result<usize, PkiError> {
    let (body, _) = tlv(key, SEQUENCE)?;
    let (modulus, _) = tlv(body, INTEGER)?;
    let significant = modulus
        .iter()
        .position(|b| *b != 0)
        .map_or(&[][..], |i| &modulus[i..]);
    Ok(match significant.first() {
        Some(first) => significant.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    })
}

/// Walks `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey
/// BIT STRING }` and returns the AlgorithmIdentifier's contents (as webpki's algorithm
/// identifiers hold them) and the key bytes.
pub(crate) fn spki_parts(spki: &[u8]) -> Result<(&[u8], &[u8]), PkiError> {
    let (body, rest) = tlv(spki, SEQUENCE)?;
    if !rest.is_empty() {
        return Err(bad("trailing data after SubjectPublicKeyInfo"));
    }
    spki_contents_parts(body)
}

/// The AlgorithmIdentifier contents and key bytes of the *contents* of a
/// SubjectPublicKeyInfo (without its outer SEQUENCE), as a `TrustAnchor` holds it.
pub(crate) fn spki_contents_parts(contents: &[u8]) -> Result<(&[u8], &[u8]), PkiError> {
    let (algorithm, body) = tlv(contents, SEQUENCE)?;
    let (bits, rest) = tlv(body, BIT_STRING)?;
    if !rest.is_empty() {
        return Err(bad("trailing data in SubjectPublicKeyInfo"));
    }
    match bits.split_first() {
        Some((0, key)) if !key.is_empty() => Ok((algorithm, key)),
        _ => Err(bad("subjectPublicKey is not a whole number of bytes")),
    }
}

/// The key bytes of an rsaEncryption SubjectPublicKeyInfo.
fn rsa_key_from_spki(spki: &[u8]) -> Result<&[u8], PkiError> {
    let (algorithm, key) = spki_parts(spki)?;
    let (oid, _parameters) = tlv(algorithm, OBJECT_IDENTIFIER)?;
    if oid != RSA_ENCRYPTION {
        return Err(PkiError::UnsupportedAlgorithm);
    }
    Ok(key)
}

/// Reads one DER element of type `tag` at the start of `input`: its contents and what follows.
pub(crate) fn tlv(input: &[u8], tag: u8) -> Result<(&[u8], &[u8]), PkiError> {
    let (&found, rest) = input.split_first().ok_or(bad("truncated DER"))?;
    if found != tag {
        return Err(bad("unexpected DER tag"));
    }
    let (&first, mut rest) = rest.split_first().ok_or(bad("truncated DER length"))?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        // Long form: at most four length bytes, enough for any certificate.
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return Err(bad("unsupported DER length"));
        }
        let (digits, after) = rest
            .split_at_checked(count)
            .ok_or(bad("truncated DER length"))?;
        rest = after;
        digits
            .iter()
            .fold(0usize, |acc, d| (acc << 8) | usize::from(*d))
    };
    rest.split_at_checked(len)
        .ok_or(bad("DER element longer than its container"))
}

pub(crate) fn bad(what: &str) -> PkiError {
    PkiError::BadEncoding(what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_an_rsa_spki() {
        // SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { 00, 30 03 02 01 05 } }
        let spki = [
            0x30, 0x17, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00, 0x03, 0x06, 0x00, 0x30, 0x03, 0x02, 0x01, 0x05,
        ];
        assert_eq!(
            rsa_key_from_spki(&spki).expect("rsa key"),
            &[0x30, 0x03, 0x02, 0x01, 0x05]
        );
    }

    fn cert(name: &str) -> CertificateDer<'static> {
        let path = format!(
            "{}/../../tests/certs/{name}.pem",
            env!("CARGO_MANIFEST_DIR")
        );
        crate::pem::certificates_from_file(path)
            .expect("certificate file")
            .remove(0)
    }

    #[test]
    fn rsa_key_of_real_certificates() {
        let key = rsa_public_key_of(&cert("server-rsa")).expect("rsa certificate");
        // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
        let (body, rest) = tlv(&key, SEQUENCE).expect("RSAPublicKey");
        assert!(rest.is_empty());
        let (modulus, _) = tlv(body, 0x02).expect("modulus");
        assert!(modulus.len() >= 256, "at least 2048 bits");
        for other in ["server-ecdsa", "server-ed25519"] {
            assert_eq!(
                rsa_public_key_of(&cert(other)),
                Err(PkiError::UnsupportedAlgorithm),
                "{other}"
            );
        }
    }

    fn key(name: &str) -> std::sync::Arc<dyn stratls_crypto::SigningKey> {
        let path = format!(
            "{}/../../tests/certs/{name}.key",
            env!("CARGO_MANIFEST_DIR")
        );
        let der = crate::pem::private_key_from_file(path).expect("key file");
        stratls_rustcrypto::PROVIDER
            .key_loader
            .load_private_key(&der)
            .expect("key loads")
    }

    #[test]
    fn spki_of_a_certificate_is_its_private_keys() {
        let names = [
            "server-rsa",
            "server-ecdsa",
            "server-ed25519",
            "client-ecdsa",
        ];
        for name in names {
            let spki = subject_public_key_info(&cert(name)).expect("certificate parses");
            assert_eq!(spki.first(), Some(&SEQUENCE), "{name}");
            assert_eq!(key(name).public_key(), Some(spki.clone()), "{name}");
            for other in names.iter().filter(|o| **o != name) {
                assert_ne!(
                    key(other).public_key(),
                    Some(spki.clone()),
                    "{name} / {other}"
                );
            }
        }
        let garbage = CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x05]);
        assert!(subject_public_key_info(&garbage).is_err());
    }

    #[test]
    fn refuses_other_keys_and_bad_der() {
        // id-ecPublicKey (1.2.840.10045.2.1) instead of rsaEncryption.
        let ec = [
            0x30, 0x12, 0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x03,
            0x05, 0x00, 0x04, 0x01, 0x02, 0x03,
        ];
        assert_eq!(rsa_key_from_spki(&ec), Err(PkiError::UnsupportedAlgorithm));
        for bad_der in [
            &[][..],
            &[0x30],
            &[0x30, 0x85, 0, 0, 0, 0, 1],
            &[0x30, 0x05, 0x30],
            &[0x31, 0x00],
        ] {
            assert!(
                matches!(rsa_key_from_spki(bad_der), Err(PkiError::BadEncoding(_))),
                "{bad_der:?}"
            );
        }
    }
}
