//! The configuration mistakes `build()` refuses.

use std::fmt;

use stratls_codec::{CipherSuite, NamedGroup};
use stratls_crypto::CryptoError;
use stratls_pki::PkiError;

/// Why a builder refused to build a configuration: a mistake that would otherwise show only
/// when a connection starts, or at the peer. Each message names the fix.
///
/// What `build()` cannot know (a peer with nothing in common, a clock that fails) is reported
/// by the connection as [`Error::Config`](crate::Error::Config) or as the peer's alert.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither TLS 1.3 nor TLS 1.2 is enabled.
    NoVersionEnabled,
    /// A listed cipher suite (IANA code point) that the crypto provider does not offer; for a
    /// client, a TLS 1.2 RSA key-exchange suite also needs the provider's RSA key transport.
    UnsupportedCipherSuite(CipherSuite),
    /// A listed TLS 1.2 RSA key-exchange suite without
    /// `dangerous().with_rsa_key_exchange()`.
    RsaKeyExchangeNotEnabled(CipherSuite),
    /// No cipher suite is left for the enabled versions (say TLS 1.3 only, with only TLS 1.2
    /// suites listed, or a provider without suites).
    NoUsableCipherSuite,
    /// A listed key-exchange group (IANA code point) that the crypto provider does not offer.
    UnsupportedGroup(NamedGroup),
    /// No key-exchange group is left (a provider without groups).
    NoKeyExchangeGroup,
    /// An ALPN protocol name is empty (RFC 7301 §3.1: names are 1 to 255 bytes).
    EmptyAlpnProtocol,
    /// An ALPN protocol name is longer than 255 bytes; its length.
    AlpnProtocolTooLong(usize),
    /// The root store given to verify the peer holds no certificate.
    EmptyRootStore,
    /// A certificate chain without a certificate.
    EmptyCertificateChain,
    /// The end-entity certificate's public key is not the private key's.
    CertificateKeyMismatch,
    /// The crypto provider cannot load or use the private key.
    BadPrivateKey(CryptoError),
    /// A certificate, or a private key's container, does not parse.
    Pki(PkiError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoVersionEnabled => f.write_str(
                "no protocol version is enabled: enable TLS 1.3, TLS 1.2 or both with \
                 with_versions",
            ),
            Self::UnsupportedCipherSuite(id) => write!(
                f,
                "cipher suite {} is not offered by the crypto provider: remove it from \
                 with_cipher_suites, or use a provider that implements it",
                Named(id.rfc_name(), id.to_u16())
            ),
            Self::RsaKeyExchangeNotEnabled(id) => write!(
                f,
                "cipher suite {} uses the TLS 1.2 RSA key exchange, which is off: remove it \
                 from with_cipher_suites, or turn it on with dangerous().with_rsa_key_exchange()",
                Named(id.rfc_name(), id.to_u16())
            ),
            Self::NoUsableCipherSuite => f.write_str(
                "no cipher suite is left for the enabled protocol versions: list a suite of an \
                 enabled version, or enable the version of the listed suites",
            ),
            Self::UnsupportedGroup(id) => write!(
                f,
                "key-exchange group {} is not offered by the crypto provider: remove it from \
                 with_groups, or use a provider that implements it",
                Named(id.rfc_name(), id.to_u16())
            ),
            Self::NoKeyExchangeGroup => f.write_str(
                "no key-exchange group is left: use a crypto provider that offers at least one",
            ),
            Self::EmptyAlpnProtocol => f.write_str(
                "an ALPN protocol name is empty: remove it from with_alpn_protocols (names are \
                 1 to 255 bytes)",
            ),
            Self::AlpnProtocolTooLong(len) => write!(
                f,
                "an ALPN protocol name is {len} bytes long: shorten it to at most 255 bytes"
            ),
            Self::EmptyRootStore => f.write_str(
                "the root store is empty: add the certificates of the CAs that issue the peer's \
                 certificates (RootStore::add, RootStore::add_pem)",
            ),
            Self::EmptyCertificateChain => f.write_str(
                "the certificate chain is empty: pass the end-entity certificate first, then \
                 its intermediates",
            ),
            Self::CertificateKeyMismatch => f.write_str(
                "the certificate's public key does not belong to the private key: pass the key \
                 the certificate was issued for",
            ),
            Self::BadPrivateKey(e) => write!(
                f,
                "the crypto provider cannot use the private key ({e}): pass a PKCS#8, PKCS#1 or \
                 SEC1 key of a type the provider supports"
            ),
            Self::Pki(e) => write!(
                f,
                "{e}: pass a DER X.509 certificate and a PKCS#8, PKCS#1 or SEC1 private key"
            ),
        }
    }
}

/// A code point by its RFC name and number, or by its number alone.
struct Named(Option<&'static str>, u16);

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(name) => write!(f, "{name} ({:#06x})", self.1),
            None => write!(f, "{:#06x}", self.1),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::BadPrivateKey(e) => Some(e),
            Self::Pki(e) => Some(e),
            _ => None,
        }
    }
}

impl From<PkiError> for ConfigError {
    fn from(e: PkiError) -> Self {
        Self::Pki(e)
    }
}
