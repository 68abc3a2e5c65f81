//! The cipher suites: TLS 1.3 (RFC 8446 §B.4) and the TLS 1.2 ECDHE AEAD suites (RFC 5289,
//! RFC 7905).

use stratls_crypto::{
    CipherSuite, Shared, SignatureAlgorithm, Tls12CipherSuite, Tls12KeyExchange, Tls12RecordNonce,
    Tls13CipherSuite,
};

use crate::aead::{AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305};
use crate::hash::{SHA256, SHA384};
use crate::hmac::{HMAC_SHA256, HMAC_SHA384};

/// TLS_AES_128_GCM_SHA256.
pub static TLS13_AES_128_GCM_SHA256: Tls13CipherSuite = Tls13CipherSuite {
    id: CipherSuite::TLS13_AES_128_GCM_SHA256,
    hash: Shared::Static(&SHA256),
    hkdf: Shared::Static(&HMAC_SHA256),
    aead: Shared::Static(&AES_128_GCM),
};

/// TLS_AES_256_GCM_SHA384.
pub static TLS13_AES_256_GCM_SHA384: Tls13CipherSuite = Tls13CipherSuite {
    id: CipherSuite::TLS13_AES_256_GCM_SHA384,
    hash: Shared::Static(&SHA384),
    hkdf: Shared::Static(&HMAC_SHA384),
    aead: Shared::Static(&AES_256_GCM),
};

/// TLS_CHACHA20_POLY1305_SHA256.
pub static TLS13_CHACHA20_POLY1305_SHA256: Tls13CipherSuite = Tls13CipherSuite {
    id: CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
    hash: Shared::Static(&SHA256),
    hkdf: Shared::Static(&HMAC_SHA256),
    aead: Shared::Static(&CHACHA20_POLY1305),
};

macro_rules! tls12 {
    ($(#[$doc:meta])* $name:ident, $auth:ident, $hash:ident, $hmac:ident, $aead:ident, $nonce:ident) => {
        $(#[$doc])*
        pub static $name: Tls12CipherSuite = Tls12CipherSuite {
            id: CipherSuite::$name,
            kx: Tls12KeyExchange::Ecdhe,
            auth: SignatureAlgorithm::$auth,
            hash: Shared::Static(&$hash),
            hmac: Shared::Static(&$hmac),
            aead: Shared::Static(&$aead),
            record_nonce: Tls12RecordNonce::$nonce,
        };
    };
}

tls12!(
    /// TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (RFC 5289).
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, EcdsaP256, SHA256, HMAC_SHA256, AES_128_GCM, Explicit
);
tls12!(
    /// TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (RFC 5289).
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, EcdsaP256, SHA384, HMAC_SHA384, AES_256_GCM, Explicit
);
tls12!(
    /// TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (RFC 7905).
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, EcdsaP256, SHA256, HMAC_SHA256, CHACHA20_POLY1305, Xor
);
tls12!(
    /// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (RFC 5289).
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, Rsa, SHA256, HMAC_SHA256, AES_128_GCM, Explicit
);
tls12!(
    /// TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (RFC 5289).
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, Rsa, SHA384, HMAC_SHA384, AES_256_GCM, Explicit
);
tls12!(
    /// TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (RFC 7905).
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, Rsa, SHA256, HMAC_SHA256, CHACHA20_POLY1305, Xor
);
