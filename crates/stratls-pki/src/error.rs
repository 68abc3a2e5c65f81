use core::fmt;

use stratls_codec::AlertDescription;

/// Why a certificate, a chain or a signature was not accepted. Each cause names the TLS alert
/// that answers it ([`PkiError::alert`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PkiError {
    /// The peer sent no certificate.
    NoCertificate,
    /// A certificate or key could not be parsed.
    BadEncoding(String),
    /// A certificate in the chain has expired.
    Expired,
    /// A certificate in the chain is not valid yet.
    NotYetValid,
    /// No path from the end-entity certificate to a trust anchor.
    UnknownIssuer,
    /// The end-entity certificate is not valid for the name the client asked for.
    NameMismatch,
    /// The handshake signature (CertificateVerify, ServerKeyExchange) does not verify.
    BadSignature,
    /// A certificate's own signature, by its issuer in the chain, does not verify: the
    /// certificate is corrupt (`bad_certificate`, RFC 8446 §6.2), not a failed handshake
    /// signature.
    BadCertificateSignature,
    /// A signature algorithm or key type that the provider does not verify.
    UnsupportedAlgorithm,
    /// The end-entity certificate's key is of a type, on a curve or of a size that none of
    /// the provider's signature verifiers takes: a certificate of an unsupported type.
    UnsupportedKey,
    /// The end-entity certificate's RSA key has fewer bits than
    /// [`MIN_RSA_KEY_BITS`](crate::MIN_RSA_KEY_BITS).
    WeakKey {
        /// The modulus length in bits.
        bits: usize,
    },
    /// The certificate may not be used for this purpose (key usage, extended key usage, a CA
    /// used as an end entity, path length or name constraints).
    NotAllowed(String),
    /// The trust store has no anchors.
    NoTrustAnchors,
    /// Any other rejection by the path validator.
    Other(String),
}

impl PkiError {
    /// The alert for a peer certificate rejected for this cause (RFC 8446 §6.2).
    pub fn alert(&self) -> AlertDescription {
        use AlertDescription as A;
        match self {
            Self::Expired | Self::NotYetValid => A::CertificateExpired,
            Self::UnknownIssuer | Self::NoTrustAnchors => A::UnknownCa,
            Self::UnsupportedAlgorithm | Self::UnsupportedKey => A::UnsupportedCertificate,
            Self::BadEncoding(_) => A::DecodeError,
            Self::NoCertificate => A::CertificateRequired,
            Self::BadSignature => A::DecryptError,
            Self::NameMismatch
            | Self::NotAllowed(_)
            | Self::WeakKey { .. }
            | Self::BadCertificateSignature
            | Self::Other(_) => A::BadCertificate,
        }
    }
}

impl fmt::Display for PkiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCertificate => f.write_str("no certificate"),
            Self::BadEncoding(what) => write!(f, "malformed certificate or key: {what}"),
            Self::Expired => f.write_str("certificate expired"),
            Self::NotYetValid => f.write_str("certificate not valid yet"),
            Self::UnknownIssuer => {
                f.write_str("certificate issuer unknown (no path to a trust anchor)")
            }
            Self::NameMismatch => f.write_str("certificate not valid for the server name"),
            Self::BadSignature => f.write_str("bad signature"),
            Self::BadCertificateSignature => {
                f.write_str("a certificate's signature by its issuer does not verify")
            }
            Self::UnsupportedAlgorithm => {
                f.write_str("unsupported signature algorithm or key type")
            }
            Self::UnsupportedKey => {
                f.write_str("the certificate's key is of a type, curve or size not supported")
            }
            Self::WeakKey { bits } => write!(f, "the certificate's RSA key has only {bits} bits"),
            Self::NotAllowed(what) => write!(f, "certificate not allowed for this use: {what}"),
            Self::NoTrustAnchors => f.write_str("no trust anchors configured"),
            Self::Other(what) => write!(f, "certificate rejected: {what}"),
        }
    }
}

impl std::error::Error for PkiError {}

impl From<webpki::Error> for PkiError {
    fn from(e: webpki::Error) -> Self {
        use webpki::Error as E;
        match e {
            E::CertExpired { .. } => Self::Expired,
            E::CertNotValidYet { .. } => Self::NotYetValid,
            E::UnknownIssuer => Self::UnknownIssuer,
            E::CertNotValidForName(_) => Self::NameMismatch,
            E::InvalidSignatureForPublicKey => Self::BadCertificateSignature,
            E::UnsupportedSignatureAlgorithmContext(_)
            | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => Self::UnsupportedAlgorithm,
            E::BadDer | E::BadDerTime | E::TrailingData(_) | E::MalformedExtensions => {
                Self::BadEncoding(format!("{e:?}"))
            }
            E::CaUsedAsEndEntity
            | E::EndEntityUsedAsCa
            | E::RequiredEkuNotFoundContext(_)
            | E::PathLenConstraintViolated
            | E::NameConstraintViolation => Self::NotAllowed(format!("{e:?}")),
            other => Self::Other(format!("{other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AlertDescription as A;

    /// Every cause with its alert (RFC 8446 §6.2); `alert()` has no wildcard, so a new cause
    /// does not compile without a choice.
    #[test]
    fn every_cause_names_its_alert() {
        let table = [
            (PkiError::NoCertificate, A::CertificateRequired),
            (PkiError::BadEncoding("x".into()), A::DecodeError),
            (PkiError::Expired, A::CertificateExpired),
            (PkiError::NotYetValid, A::CertificateExpired),
            (PkiError::UnknownIssuer, A::UnknownCa),
            (PkiError::NameMismatch, A::BadCertificate),
            (PkiError::BadSignature, A::DecryptError),
            (PkiError::BadCertificateSignature, A::BadCertificate),
            (PkiError::UnsupportedAlgorithm, A::UnsupportedCertificate),
            (PkiError::UnsupportedKey, A::UnsupportedCertificate),
            (PkiError::WeakKey { bits: 1024 }, A::BadCertificate),
            (PkiError::NotAllowed("x".into()), A::BadCertificate),
            (PkiError::NoTrustAnchors, A::UnknownCa),
            (PkiError::Other("x".into()), A::BadCertificate),
        ];
        for (e, alert) in table {
            assert_eq!(e.alert(), alert, "{e:?}");
        }
    }
}
