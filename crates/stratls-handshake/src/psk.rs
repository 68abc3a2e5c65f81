//! External pre-shared keys (RFC 8446 §4.2.11): an identity and a key agreed out of band, with
//! the hash of the suites they may be used with.

use std::fmt;

use stratls_crypto::{CryptoProvider, HashAlgorithm, Secret};
use stratls_keyschedule::tls13::{PskKind, import_external_psk};

use crate::error::Error;

/// `ImportedIdentity.target_protocol` for TLS 1.3 (RFC 9258 §5.1).
const TARGET_TLS13: u16 = 0x0304;

/// An external PSK, configured alike on a client ([`ClientConfig::external_psk`]) and a server
/// ([`ServerConfig::external_psks`]).
///
/// A handshake on an external PSK sends no Certificate and no CertificateRequest: each side is
/// authenticated by knowing the key (RFC 8446 §4.3.2, §4.4.2); it still makes a fresh key
/// exchange (psk_dhe_ke). The key is zeroized on drop and never printed.
///
/// [`ClientConfig::external_psk`]: crate::ClientConfig::external_psk
/// [`ServerConfig::external_psks`]: crate::ServerConfig::external_psks
pub struct ExternalPsk {
    identity: Vec<u8>,
    key: Secret,
    hash: HashAlgorithm,
    /// Made by [`ExternalPsk::import`]: its binder key is `"imp binder"`'s.
    imported: bool,
}

impl ExternalPsk {
    /// An external PSK. `identity` is 1 to 65,535 bytes, `key` at least 1 byte; `None`
    /// otherwise. `hash` is the hash of the suites it is used with (OpenSSL's `-psk` uses
    /// SHA-256).
    pub fn new(identity: Vec<u8>, key: Secret, hash: HashAlgorithm) -> Option<Self> {
        if identity.is_empty() || identity.len() > 0xFFFF || key.is_empty() {
            return None;
        }
        Some(Self {
            identity,
            key,
            hash,
            imported: false,
        })
    }

    /// The TLS 1.3 PSK that RFC 9258 imports from an external PSK, for the suites of
    /// `target`'s hash. The identity sent is the serialized `ImportedIdentity`
    /// (`external_identity`, `context`, target protocol TLS 1.3, target KDF HKDF-`target`)
    /// and the key `ipskx`, derived with `epsk_hash` (the hash the external key comes with,
    /// SHA-256 when it has none, as the RFC says); its binder key is `"imp binder"`'s.
    ///
    /// Both sides import the same external PSK with the same `context` (which carries what
    /// the key was derived for, e.g. the peers' roles: RFC 9258 §5.1 and Appendix A). A
    /// server that takes either suite hash holds one import per target. Fails with
    /// [`Error::Config`] for an identity of 0 or over 65,535 bytes, a context over 65,535
    /// bytes, a serialized identity over 65,535 bytes, an empty key, a target hash RFC 9258
    /// names no KDF for (SHA-256 and SHA-384 have one), or an `epsk_hash` no TLS 1.3 suite of
    /// `provider` has.
    pub fn import(
        provider: &CryptoProvider,
        external_identity: &[u8],
        epsk: &Secret,
        epsk_hash: Option<HashAlgorithm>,
        context: &[u8],
        target: HashAlgorithm,
    ) -> Result<Self, Error> {
        let target_kdf: u16 = match target {
            // The TLS KDF Identifiers of RFC 9258 §10.
            HashAlgorithm::Sha256 => 0x0001,
            HashAlgorithm::Sha384 => 0x0002,
            _ => return Err(Error::Config("RFC 9258 names no KDF for this hash")),
        };
        if external_identity.is_empty() || external_identity.len() > 0xFFFF {
            return Err(Error::Config(
                "an external identity is 1 to 65,535 bytes (RFC 9258 §5.1)",
            ));
        }
        if context.len() > 0xFFFF {
            return Err(Error::Config(
                "an import context is at most 65,535 bytes (RFC 9258 §5.1)",
            ));
        }
        if epsk.is_empty() {
            return Err(Error::Config("an external PSK's key is not empty"));
        }
        let identity = imported_identity(external_identity, context, target_kdf);
        if identity.len() > 0xFFFF {
            return Err(Error::Config(
                "the imported identity does not fit a PskIdentity (65,535 bytes)",
            ));
        }
        let kdf_of = |hash: HashAlgorithm| {
            provider
                .tls13_cipher_suites
                .iter()
                .find(|s| s.hash.algorithm() == hash)
        };
        let from = kdf_of(epsk_hash.unwrap_or(HashAlgorithm::Sha256)).ok_or(Error::Config(
            "no TLS 1.3 suite of the provider has the external PSK's hash",
        ))?;
        let len = kdf_of(target)
            .map(|s| s.hash.output_len())
            .ok_or(Error::Config(
                "no TLS 1.3 suite of the provider has the target hash",
            ))?;
        let key = import_external_psk(&*from.hkdf, &*from.hash, epsk.as_bytes(), &identity, len)?;
        Ok(Self {
            identity,
            key,
            hash: target,
            imported: true,
        })
    }

    /// Whether this PSK was made by [`ExternalPsk::import`] (RFC 9258).
    pub fn is_imported(&self) -> bool {
        self.imported
    }

    /// The label its binder key is derived with.
    pub(crate) fn binder_kind(&self) -> PskKind {
        if self.imported {
            PskKind::Imported
        } else {
            PskKind::External
        }
    }

    /// The identity, as sent in the ClientHello.
    pub fn identity(&self) -> &[u8] {
        &self.identity
    }

    /// The hash of the suites this key is for.
    pub fn hash(&self) -> HashAlgorithm {
        self.hash
    }

    pub(crate) fn key(&self) -> &Secret {
        &self.key
    }
}

impl fmt::Debug for ExternalPsk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExternalPsk")
            .field("identity", &String::from_utf8_lossy(&self.identity))
            .field("key", &"[redacted]")
            .field("hash", &self.hash)
            .field("imported", &self.imported)
            .finish()
    }
}

/// The serialized `ImportedIdentity` of RFC 9258 §5.1: `opaque external_identity<1..2^16-1>;
/// opaque context<0..2^16-1>; uint16 target_protocol; uint16 target_kdf;` (the caller checked
/// the lengths).
fn imported_identity(external_identity: &[u8], context: &[u8], target_kdf: u16) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + external_identity.len() + context.len());
    for field in [external_identity, context] {
        out.extend_from_slice(&(field.len() as u16).to_be_bytes());
        out.extend_from_slice(field);
    }
    out.extend_from_slice(&TARGET_TLS13.to_be_bytes());
    out.extend_from_slice(&target_kdf.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// External identity, key, its hash, context, target; the identity and ipskx expected.
    type Case = (
        &'static [u8],
        &'static [u8],
        Option<HashAlgorithm>,
        &'static [u8],
        HashAlgorithm,
        &'static str,
        &'static str,
    );

    /// Known answers worked out apart from this code (Python's hmac and hashlib, RFC 9258
    /// §5.1 and RFC 8446 §7.1 written out): identity and ipskx for an external PSK of SHA-256
    /// imported for SHA-256 and for SHA-384, and of SHA-384 imported for SHA-256.
    #[test]
    fn imports_match_values_computed_independently() {
        let provider = stratls_rustcrypto::provider();
        let cases: [Case; 3] = [
            (
                b"client-psk",
                &[0x42; 32],
                None,
                b"",
                HashAlgorithm::Sha256,
                "000a636c69656e742d70736b000003040001",
                "0156aa310c71a5d84c7c749276f8e7002df84cbded4f2d4242b6abd44e5f4da8",
            ),
            (
                b"client-psk",
                &[0x42; 32],
                Some(HashAlgorithm::Sha256),
                b"role=client",
                HashAlgorithm::Sha384,
                "000a636c69656e742d70736b000b726f6c653d636c69656e7403040002",
                "2e51b27dfe3fe3143be6b9aad574aa7ada6b40eaa6d2f087a546df1162ad0939\
                 8d0469eb9f67efa8a6e599adbf656af8",
            ),
            (
                b"id384",
                &[
                    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41,
                    42, 43, 44, 45, 46, 47,
                ],
                Some(HashAlgorithm::Sha384),
                b"ctx",
                HashAlgorithm::Sha256,
                "00056964333834000363747803040001",
                "1199f4c6ccfdbbcfa5c8c7d7866581dd4300f294e3e98162c9bca916c10dd89b",
            ),
        ];
        for (external, epsk, epsk_hash, context, target, identity, key) in cases {
            let psk = ExternalPsk::import(
                &provider,
                external,
                &Secret::from_slice(epsk),
                epsk_hash,
                context,
                target,
            )
            .expect("imports");
            assert_eq!(psk.identity(), hex(identity).as_slice());
            let key: String = key.split_whitespace().collect();
            assert_eq!(psk.key().as_bytes(), hex(&key).as_slice());
            assert_eq!(psk.hash(), target);
            assert!(psk.is_imported());
            assert_eq!(psk.binder_kind(), PskKind::Imported);
        }
    }

    #[test]
    fn imports_refuse_what_rfc_9258_does_not_allow() {
        let provider = stratls_rustcrypto::provider();
        let key = Secret::from_slice(&[7; 32]);
        let import = |identity: &[u8], key: &Secret, context: &[u8], target| {
            ExternalPsk::import(&provider, identity, key, None, context, target)
        };
        assert!(import(b"", &key, b"", HashAlgorithm::Sha256).is_err());
        assert!(import(&[1; 0x10000], &key, b"", HashAlgorithm::Sha256).is_err());
        assert!(import(b"id", &key, &[1; 0x10000], HashAlgorithm::Sha256).is_err());
        // Identity and context fit alone but not together in one PskIdentity.
        assert!(import(&[1; 0x8000], &key, &[1; 0x8000], HashAlgorithm::Sha256).is_err());
        assert!(import(b"id", &Secret::from_slice(&[]), b"", HashAlgorithm::Sha256).is_err());
        assert!(import(b"id", &key, b"", HashAlgorithm::Sha512).is_err());
        assert!(import(b"id", &key, b"", HashAlgorithm::Sha256).is_ok());
        let plain = ExternalPsk::new(b"id".to_vec(), key, HashAlgorithm::Sha256).expect("psk");
        assert!(!plain.is_imported());
        assert_eq!(plain.binder_kind(), PskKind::External);
    }
}
