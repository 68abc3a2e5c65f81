//! The cipher suites: TLS 1.3 (RFC 8446 §B.4) and the TLS 1.2 AEAD suites (RFC 5288,
//! RFC 5289, RFC 7905).

use stratls_crypto::{
    CipherSuite, Shared, SignatureAlgorithm, Tls12CipherSuite, Tls12KeyExchange, Tls12RecordNonce,
    Tls13CipherSuite,
};

use crate::{
    AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305, HMAC_SHA256, HMAC_SHA384, SHA256, SHA384,
};

/// TLS_AES_128_GCM_SHA256.
pub static TLS13_AES_128_GCM_SHA256: Tls13CipherSuite = Tls13CipherSuite {
    id: CipherSuite::TLS13_AES_128_GCM_SHA256,
    hash: Shared::Static(SHA256),
    hkdf: Shared::Static(HMAC_SHA256),
    aead: Shared::Static(AES_128_GCM),
};

/// TLS_AES_256_GCM_SHA384.
pub static TLS13_AES_256_GCM_SHA384: Tls13CipherSuite = Tls13CipherSuite {
    id: CipherSuite::TLS13_AES_256_GCM_SHA384,
    hash: Shared::Static(SHA384),
    hkdf: Shared::Static(HMAC_SHA384),
    aead: Shared::Static(AES_256_GCM),
};

/// TLS_CHACHA20_POLY1305_SHA256.
pub static TLS13_CHACHA20_POLY1305_SHA256: Tls13CipherSuite = Tls13CipherSuite {
    id: CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
    hash: Shared::Static(SHA256),
    hkdf: Shared::Static(HMAC_SHA256),
    aead: Shared::Static(CHACHA20_POLY1305),
};

/// TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (RFC 5289).
pub static TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    kx: Tls12KeyExchange::Ecdhe,
    auth: SignatureAlgorithm::EcdsaP256,
    hash: Shared::Static(SHA256),
    hmac: Shared::Static(HMAC_SHA256),
    aead: Shared::Static(AES_128_GCM),
    record_nonce: Tls12RecordNonce::Explicit,
};

/// TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (RFC 5289).
pub static TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    kx: Tls12KeyExchange::Ecdhe,
    auth: SignatureAlgorithm::EcdsaP256,
    hash: Shared::Static(SHA384),
    hmac: Shared::Static(HMAC_SHA384),
    aead: Shared::Static(AES_256_GCM),
    record_nonce: Tls12RecordNonce::Explicit,
};

/// TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (RFC 7905).
pub static TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    kx: Tls12KeyExchange::Ecdhe,
    auth: SignatureAlgorithm::EcdsaP256,
    hash: Shared::Static(SHA256),
    hmac: Shared::Static(HMAC_SHA256),
    aead: Shared::Static(CHACHA20_POLY1305),
    record_nonce: Tls12RecordNonce::Xor,
};

/// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (RFC 5289).
pub static TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    kx: Tls12KeyExchange::Ecdhe,
    auth: SignatureAlgorithm::Rsa,
    hash: Shared::Static(SHA256),
    hmac: Shared::Static(HMAC_SHA256),
    aead: Shared::Static(AES_128_GCM),
    record_nonce: Tls12RecordNonce::Explicit,
};

/// TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (RFC 5289).
pub static TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    kx: Tls12KeyExchange::Ecdhe,
    auth: SignatureAlgorithm::Rsa,
    hash: Shared::Static(SHA384),
    hmac: Shared::Static(HMAC_SHA384),
    aead: Shared::Static(AES_256_GCM),
    record_nonce: Tls12RecordNonce::Explicit,
};

/// TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (RFC 7905).
pub static TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    kx: Tls12KeyExchange::Ecdhe,
    auth: SignatureAlgorithm::Rsa,
    hash: Shared::Static(SHA256),
    hmac: Shared::Static(HMAC_SHA256),
    aead: Shared::Static(CHACHA20_POLY1305),
    record_nonce: Tls12RecordNonce::Xor,
};

/// TLS_RSA_WITH_AES_128_GCM_SHA256 (RFC 5288): RSA key transport, no forward secrecy.
///
/// Not in [`crate::PROVIDER`]'s default list; the protocol layers enable it only through an
/// explicitly dangerous option.
pub static TLS_RSA_WITH_AES_128_GCM_SHA256: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
    kx: Tls12KeyExchange::Rsa,
    auth: SignatureAlgorithm::Rsa,
    hash: Shared::Static(SHA256),
    hmac: Shared::Static(HMAC_SHA256),
    aead: Shared::Static(AES_128_GCM),
    record_nonce: Tls12RecordNonce::Explicit,
};

/// TLS_RSA_WITH_AES_256_GCM_SHA384 (RFC 5288): RSA key transport, no forward secrecy.
///
/// Not in [`crate::PROVIDER`]'s default list; the protocol layers enable it only through an
/// explicitly dangerous option.
pub static TLS_RSA_WITH_AES_256_GCM_SHA384: Tls12CipherSuite = Tls12CipherSuite {
    id: CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
    kx: Tls12KeyExchange::Rsa,
    auth: SignatureAlgorithm::Rsa,
    hash: Shared::Static(SHA384),
    hmac: Shared::Static(HMAC_SHA384),
    aead: Shared::Static(AES_256_GCM),
    record_nonce: Tls12RecordNonce::Explicit,
};
