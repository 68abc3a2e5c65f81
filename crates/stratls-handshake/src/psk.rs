//! External pre-shared keys (RFC 8446 §4.2.11): an identity and a key agreed out of band, with
//! the hash of the suites they may be used with.

use std::fmt;

use stratls_crypto::{HashAlgorithm, Secret};

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
        })
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
            .finish()
    }
}
