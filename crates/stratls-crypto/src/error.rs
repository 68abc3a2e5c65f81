use core::fmt;

use stratls_codepoints::AlertDescription;

/// Why a cryptographic operation failed.
///
/// Deliberately coarse: a failed AEAD open or signature check says nothing about *why* it
/// failed, so that no detail can leak timing or content to a peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoError {
    /// An AEAD open, MAC or signature check failed. Opaque on purpose.
    Failed,
    /// The peer's key share was malformed, not on the curve, a low-order point, or produced
    /// an all-zero shared secret (RFC 8446 §4.2.8.2, RFC 7748 §6.1).
    InvalidPeerKeyShare,
    /// A key or parameter had the wrong length or encoding for the algorithm.
    InvalidKey,
    /// A private key was well formed but of a type or size this provider does not support.
    UnsupportedKey,
    /// An output length was out of the range the algorithm allows (for example an HKDF expand
    /// beyond 255 blocks).
    InvalidLength,
    /// The random source failed.
    Random,
    /// The operation is not offered by this key or provider.
    Unsupported,
}

impl CryptoError {
    /// The alert for this failure when it ends a connection: a peer's key share that does not
    /// work is the peer's fault (`illegal_parameter`, RFC 8446 §4.2.8.2); every other failure is
    /// of a local operation (`internal_error`).
    pub fn alert(&self) -> AlertDescription {
        match self {
            Self::InvalidPeerKeyShare => AlertDescription::IllegalParameter,
            Self::Failed
            | Self::InvalidKey
            | Self::UnsupportedKey
            | Self::InvalidLength
            | Self::Random
            | Self::Unsupported => AlertDescription::InternalError,
        }
    }
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Failed => "cryptographic check failed",
            Self::InvalidPeerKeyShare => "invalid peer key share",
            Self::InvalidKey => "invalid key",
            Self::UnsupportedKey => "unsupported key type",
            Self::InvalidLength => "invalid length",
            Self::Random => "random source failed",
            Self::Unsupported => "operation not supported",
        })
    }
}

impl std::error::Error for CryptoError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cause with its alert; `alert()` has no wildcard.
    #[test]
    fn every_cause_names_its_alert() {
        use AlertDescription as A;
        let table = [
            (CryptoError::Failed, A::InternalError),
            (CryptoError::InvalidPeerKeyShare, A::IllegalParameter),
            (CryptoError::InvalidKey, A::InternalError),
            (CryptoError::UnsupportedKey, A::InternalError),
            (CryptoError::InvalidLength, A::InternalError),
            (CryptoError::Random, A::InternalError),
            (CryptoError::Unsupported, A::InternalError),
        ];
        for (e, alert) in table {
            assert_eq!(e.alert(), alert, "{e:?}");
        }
    }
}
