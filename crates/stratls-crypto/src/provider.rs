use stratls_codepoints::{CipherSuite, NamedGroup, SignatureScheme};

use crate::aead::Aead;
use crate::hash::Hash;
use crate::hmac::Hkdf;
use crate::kx::KxGroup;
use crate::rand::SecureRandom;
use crate::shared::Shared;
use crate::sign::{
    CertSignatureAlgorithm, CertSignatureVerifier, KeyLoader, RsaKeyTransport, SignatureAlgorithm,
    SignatureVerifier,
};

/// What a provider offers. A plain value: override one field and keep the rest with
/// `CryptoProvider { random: Shared::Static(&MY_RNG), ..DEFAULT }`.
///
/// Every piece and every list is a [`Shared`]: a static of a provider crate, or one built at
/// run time and shared (`Shared::Arc`), so a provider assembled at run time (an HSM session, a
/// wrapper that counts calls) owns its pieces and frees them with its last user. Cloning a
/// provider counts references; the protocol crates clone pieces when a handshake starts or keys
/// change, never per record.
///
/// Every list is in the provider's order of preference; protocol configs may narrow and
/// reorder them.
#[derive(Debug, Clone)]
pub struct CryptoProvider {
    /// A short name for logs.
    pub name: Shared<str>,
    /// TLS 1.3 cipher suites.
    pub tls13_cipher_suites: Shared<[Shared<Tls13CipherSuite>]>,
    /// TLS 1.2 cipher suites.
    pub tls12_cipher_suites: Shared<[Shared<Tls12CipherSuite>]>,
    /// Key-exchange groups.
    pub kx_groups: Shared<[Shared<dyn KxGroup>]>,
    /// Handshake signature verification, one entry per TLS scheme; also the schemes a
    /// handshake offers.
    pub signature_verifiers: Shared<[Shared<dyn SignatureVerifier>]>,
    /// Certificate signature verification, one entry per (public-key algorithm, signature
    /// algorithm) pair. Certificate chains are checked with these only; a root whose key
    /// none of them takes cannot anchor a chain.
    pub cert_signature_verifiers: Shared<[Shared<dyn CertSignatureVerifier>]>,
    /// Private-key loading.
    pub key_loader: Shared<dyn KeyLoader>,
    /// The secure random source.
    pub random: Shared<dyn SecureRandom>,
    /// RSA key transport for the TLS 1.2 RSA key exchange, if offered.
    pub rsa_key_transport: Option<Shared<dyn RsaKeyTransport>>,
}

impl CryptoProvider {
    /// The TLS 1.3 suite `id`, if offered.
    pub fn tls13_suite(&self, id: CipherSuite) -> Option<&Shared<Tls13CipherSuite>> {
        self.tls13_cipher_suites.iter().find(|s| s.id == id)
    }

    /// The TLS 1.2 suite `id`, if offered.
    pub fn tls12_suite(&self, id: CipherSuite) -> Option<&Shared<Tls12CipherSuite>> {
        self.tls12_cipher_suites.iter().find(|s| s.id == id)
    }

    /// The key-exchange group `group`, if offered.
    pub fn kx_group(&self, group: NamedGroup) -> Option<&Shared<dyn KxGroup>> {
        self.kx_groups.iter().find(|g| g.group() == group)
    }

    /// The verifier for signature scheme `scheme`, if offered.
    pub fn verifier(&self, scheme: SignatureScheme) -> Option<&Shared<dyn SignatureVerifier>> {
        self.signature_verifiers
            .iter()
            .find(|v| v.scheme() == scheme)
    }

    /// The certificate signature verifier for `algorithm`, if offered.
    pub fn cert_verifier(
        &self,
        algorithm: CertSignatureAlgorithm,
    ) -> Option<&Shared<dyn CertSignatureVerifier>> {
        self.cert_signature_verifiers
            .iter()
            .find(|v| v.algorithm() == algorithm)
    }

    /// The signature schemes this provider can verify, in preference order.
    pub fn verify_schemes(&self) -> impl Iterator<Item = SignatureScheme> + '_ {
        self.signature_verifiers.iter().map(|v| v.scheme())
    }
}

/// A TLS 1.3 cipher suite: an AEAD and the hash of the key schedule (RFC 8446 §B.4).
#[derive(Debug)]
pub struct Tls13CipherSuite {
    /// The code point; its `Debug` and `rfc_name` give the IANA name, e.g.
    /// `TLS_AES_128_GCM_SHA256`.
    pub id: CipherSuite,
    /// The transcript and key-schedule hash.
    pub hash: Shared<dyn Hash>,
    /// HKDF (and HMAC) over that hash.
    pub hkdf: Shared<dyn Hkdf>,
    /// The record protection.
    pub aead: Shared<dyn Aead>,
}

/// How a TLS 1.2 suite agrees on the premaster secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Tls12KeyExchange {
    /// Ephemeral elliptic-curve Diffie-Hellman, signed by the server (RFC 8422).
    Ecdhe,
    /// RSA key transport: no forward secrecy (RFC 5246 §7.4.7.1). Legacy.
    Rsa,
}

/// How a TLS 1.2 AEAD record nonce is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Tls12RecordNonce {
    /// AES-GCM (RFC 5288 §3): a 4-byte implicit salt from the key block and an 8-byte
    /// explicit nonce carried in each record.
    Explicit,
    /// ChaCha20-Poly1305 (RFC 7905 §2): a 12-byte IV from the key block XORed with the
    /// sequence number, as in TLS 1.3.
    Xor,
}

impl Tls12RecordNonce {
    /// Length of the IV taken from the key block.
    pub const fn fixed_iv_len(self) -> usize {
        match self {
            Self::Explicit => 4,
            Self::Xor => 12,
        }
    }

    /// Length of the explicit nonce carried in each record.
    pub const fn explicit_nonce_len(self) -> usize {
        match self {
            Self::Explicit => 8,
            Self::Xor => 0,
        }
    }
}

/// A TLS 1.2 AEAD cipher suite.
#[derive(Debug)]
pub struct Tls12CipherSuite {
    /// The code point; its `Debug` and `rfc_name` give the IANA name, e.g.
    /// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.
    pub id: CipherSuite,
    /// The key exchange.
    pub kx: Tls12KeyExchange,
    /// The server's certificate key type (for `Rsa` key exchange, always RSA).
    pub auth: SignatureAlgorithm,
    /// The PRF and handshake-hash function (RFC 5246 §5).
    pub hash: Shared<dyn Hash>,
    /// HMAC over that hash, for the PRF.
    pub hmac: Shared<dyn Hkdf>,
    /// The record protection.
    pub aead: Shared<dyn Aead>,
    /// The record nonce construction.
    pub record_nonce: Tls12RecordNonce,
}
