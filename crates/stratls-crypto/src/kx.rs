use core::fmt;

use stratls_codepoints::NamedGroup;

use crate::error::CryptoError;
use crate::secret::Secret;

/// A key-exchange group (a TLS NamedGroup).
pub trait KxGroup: Send + Sync + fmt::Debug {
    /// The group this implements.
    fn group(&self) -> NamedGroup;

    /// Generates a fresh ephemeral key pair from the provider's secure random source.
    ///
    /// There is no way here to build a key pair from a chosen private key: known-answer tests
    /// and deterministic replays use `test_kit::KxFromPrivateKey` (feature `test-kit`).
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError>;
}

/// One side of a key exchange in progress: a private key waiting for the peer's share.
///
/// [`ActiveKeyExchange::complete`] consumes it, so a key share cannot be used twice.
pub trait ActiveKeyExchange: Send + Sync {
    /// The group of the exchange.
    fn group(&self) -> NamedGroup;

    /// Our public key share, in its TLS encoding (32 bytes for x25519, an uncompressed SEC1
    /// point for the NIST curves).
    fn public_key(&self) -> &[u8];

    /// Combines our private key with the peer's share.
    ///
    /// Fails with [`CryptoError::InvalidPeerKeyShare`] on a share of the wrong length or
    /// encoding, a point not on the curve, or an all-zero shared secret (RFC 8446 §4.2.8.2,
    /// RFC 7748 §6.1). The caller answers that with `illegal_parameter`.
    fn complete(self: Box<Self>, peer_share: &[u8]) -> Result<Secret, CryptoError>;
}

impl fmt::Debug for dyn ActiveKeyExchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActiveKeyExchange({:?})", self.group())
    }
}
