//! Key-exchange groups: X25519 (RFC 7748), secp256r1 and secp384r1 (NIST P-256 and P-384,
//! SEC 1), and the hybrid X25519MLKEM768 (ML-KEM-768 of FIPS 203 with X25519,
//! draft-ietf-tls-ecdhe-mlkem).

mod hybrid;
mod nist;
mod x25519;

#[cfg(feature = "test-kit")]
mod fixed;

use stratls_crypto::KxGroup;

/// The x25519 group (RFC 7748, RFC 8446 §7.4.2).
pub static X25519: &dyn KxGroup = &x25519::X25519Group;

/// The secp256r1 group (RFC 8446 §4.2.8.2, §7.4.2).
pub static SECP256R1: &dyn KxGroup = &nist::P256Group;

/// The secp384r1 group (RFC 8446 §4.2.8.2, §7.4.2).
pub static SECP384R1: &dyn KxGroup = &nist::P384Group;

/// The X25519MLKEM768 hybrid (draft-ietf-tls-ecdhe-mlkem, code point 0x11EC), for TLS 1.3
/// only: the client's share is an ML-KEM-768 encapsulation key followed by an x25519 public
/// key (1184 + 32 bytes), the server's an ML-KEM-768 ciphertext followed by its x25519 public
/// key (1088 + 32 bytes), and the shared secret the ML-KEM secret followed by the x25519 one.
pub static X25519MLKEM768: &dyn KxGroup = &hybrid::X25519MlKem768Group;

#[cfg(feature = "test-kit")]
pub use fixed::{
    SECP256R1 as FIXED_SECP256R1, SECP384R1 as FIXED_SECP384R1, X25519 as FIXED_X25519,
    X25519MLKEM768 as FIXED_X25519MLKEM768,
};
