//! The provider value that gathers every piece of this crate.

use stratls_crypto::{CryptoProvider, Shared};

use crate::suites::*;
use crate::{KEY_LOADER, RANDOM, RSA_KEY_TRANSPORT, SECP256R1, SECP384R1, X25519, X25519MLKEM768};

/// The default provider.
///
/// - TLS 1.3 suites: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305 (ChaCha20 is not first: on
///   hardware with AES instructions AES-GCM is faster, and peers without them say so by
///   putting ChaCha20 first).
/// - TLS 1.2 suites: the six ECDHE suites, ECDSA before RSA. The two RSA key-transport suites
///   ([`TLS_RSA_WITH_AES_128_GCM_SHA256`], [`TLS_RSA_WITH_AES_256_GCM_SHA384`]) exist as
///   statics but are not listed: they give no forward secrecy, and the protocol layers enable
///   them only through an explicitly dangerous option.
/// - Groups: X25519MLKEM768, x25519, secp256r1, secp384r1. A client with the default config
///   sends key shares for the first two (a server without the hybrid then needs no
///   HelloRetryRequest); a server prefers the hybrid when a client offers it. The hybrid is
///   TLS 1.3 only: TLS 1.2 ECDHE uses the others.
/// - Handshake verifiers: ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384,
///   ecdsa_secp521r1_sha512, ed25519, rsa_pss_rsae_sha256/384/512, rsa_pss_pss_sha256/384/512,
///   rsa_pkcs1_sha256/384/512.
/// - Certificate verifiers ([`CERT_VERIFIERS`](crate::verify::CERT_VERIFIERS)): ECDSA P-256,
///   P-384 and P-521 each with SHA-256/384/512, RSA PKCS#1 v1.5 and RSA-PSS with
///   SHA-256/384/512 (rsaEncryption keys), RSA-PSS with id-RSASSA-PSS keys, Ed25519.
/// - RSA key transport (for the client side of those legacy suites, when enabled).
pub const PROVIDER: CryptoProvider = CryptoProvider {
    name: Shared::Static("rustcrypto"),
    tls13_cipher_suites: Shared::Static(&[
        Shared::Static(&TLS13_AES_128_GCM_SHA256),
        Shared::Static(&TLS13_AES_256_GCM_SHA384),
        Shared::Static(&TLS13_CHACHA20_POLY1305_SHA256),
    ]),
    tls12_cipher_suites: Shared::Static(&[
        Shared::Static(&TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
        Shared::Static(&TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
        Shared::Static(&TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
        Shared::Static(&TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
        Shared::Static(&TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
        Shared::Static(&TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
    ]),
    kx_groups: Shared::Static(&[
        Shared::Static(X25519MLKEM768),
        Shared::Static(X25519),
        Shared::Static(SECP256R1),
        Shared::Static(SECP384R1),
    ]),
    signature_verifiers: Shared::Static(crate::verify::ALL_VERIFIERS),
    cert_signature_verifiers: Shared::Static(crate::verify::CERT_VERIFIERS),
    key_loader: Shared::Static(KEY_LOADER),
    random: Shared::Static(RANDOM),
    rsa_key_transport: Some(Shared::Static(RSA_KEY_TRANSPORT)),
};

/// The default provider, as a function (the same value as [`PROVIDER`]).
pub fn provider() -> CryptoProvider {
    PROVIDER
}
