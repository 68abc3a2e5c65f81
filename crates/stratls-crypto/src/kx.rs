use core::fmt;

use stratls_codepoints::NamedGroup;

use crate::error::CryptoError;
use crate::secret::Secret;

/// A key-exchange group (a TLS NamedGroup): a Diffie-Hellman group or a key-encapsulation
/// mechanism (KEM).
///
/// The two sides of TLS 1.3 use it differently. The client calls [`KxGroup::start`] for a key
/// pair, sends its public key and later completes it with the server's share. The server
/// answers a client's share in one step with [`KxGroup::encapsulate`]: for a Diffie-Hellman
/// group that is a fresh key pair of its own completed at once (the default method), for a KEM
/// an encapsulation to the client's key, whose ciphertext is the server's share. A KEM
/// implements both methods; a Diffie-Hellman group only needs `start`.
pub trait KxGroup: Send + Sync + fmt::Debug {
    /// The group this implements.
    fn group(&self) -> NamedGroup;

    /// Generates a fresh ephemeral key pair from the provider's secure random source: the
    /// client side of an exchange, and the server side of a TLS 1.2 ECDHE one.
    ///
    /// There is no way here to build a key pair from a chosen private key: known-answer tests
    /// and deterministic replays use `test_kit::KxFromPrivateKey` (feature `test-kit`).
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, CryptoError>;

    /// The server side of a TLS 1.3 exchange: answers `client_share` with the server's share and
    /// the shared secret.
    ///
    /// The default is the Diffie-Hellman answer: a key pair from [`KxGroup::start`], completed
    /// with the client's share. A KEM overrides it with an encapsulation to the client's
    /// encapsulation key. Fails with [`CryptoError::InvalidPeerKeyShare`] on a client share
    /// that is malformed or of the wrong length (the caller answers `illegal_parameter`).
    fn encapsulate(&self, client_share: &[u8]) -> Result<Encapsulated, CryptoError> {
        let kx = self.start()?;
        let share = kx.public_key().to_vec();
        let secret = kx.complete(client_share)?;
        Ok(Encapsulated { share, secret })
    }

    /// Whether TLS 1.2 may use this group for ECDHE (RFC 8422): true for the elliptic-curve
    /// Diffie-Hellman groups (the default), false for a KEM or a hybrid defined for TLS 1.3
    /// only, which a TLS 1.2 server then never picks and a TLS 1.2 client refuses in a
    /// ServerKeyExchange.
    fn usable_in_tls12(&self) -> bool {
        true
    }
}

/// The server's answer to a client's key share: the share it sends back (a public key, or a
/// KEM ciphertext) and the shared secret.
#[derive(Debug)]
pub struct Encapsulated {
    /// The server's key share, in its TLS encoding.
    pub share: Vec<u8>,
    /// The shared secret.
    pub secret: Secret,
}

/// One side of a key exchange in progress: a private key waiting for the peer's share.
///
/// [`ActiveKeyExchange::complete`] consumes it, so a key share cannot be used twice.
pub trait ActiveKeyExchange: Send + Sync {
    /// The group of the exchange.
    fn group(&self) -> NamedGroup;

    /// Our public key share, in its TLS encoding (32 bytes for x25519, an uncompressed SEC1
    /// point for the NIST curves, the encapsulation key first for a hybrid KEM).
    fn public_key(&self) -> &[u8];

    /// Combines our private key with the peer's share (for a KEM: decapsulates the server's
    /// ciphertext).
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
