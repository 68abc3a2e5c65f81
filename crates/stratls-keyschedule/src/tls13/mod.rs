//! The TLS 1.3 key schedule (RFC 8446 §7).
//!
//! [`EarlySecret`] → [`HandshakeSecret`] → [`MasterSecret`], advanced by consuming methods,
//! each offering exactly the secrets of its stage. Traffic secrets are [`TrafficSecret`]s,
//! which give record keys, Finished keys and their next generation. Transcript hashes are
//! passed in as [`HashOutput`]s of the suite's hash.

use stratls_crypto::{HashOutput, Secret, Tls13CipherSuite};

use crate::error::Error;

/// `Debug` for a secret-holding type with `suite` and `secret` fields: the suite's name and
/// the redacted secret.
macro_rules! redacted_debug {
    ($($ty:ident),*) => {$(
        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("suite", &self.suite.id)
                    .field("secret", &self.secret)
                    .finish()
            }
        }
    )*};
}

/// For the unit tests: the bytes of secrets that have no public accessor.
macro_rules! test_bytes {
    ($($ty:ident),*) => {$(
        #[cfg(test)]
        impl $ty {
            pub(crate) fn test_bytes(&self) -> &[u8] {
                self.secret.as_bytes()
            }
        }
    )*};
}

mod exporter;
mod hkdf_label;
mod import;
mod schedule;
mod traffic;

pub use self::exporter::{EarlyExporterSecret, ExporterSecret, ResumptionMasterSecret};
pub use self::hkdf_label::{
    MAX_CONTEXT_LEN, MAX_LABEL_LEN, derive_secret, hkdf_expand_label, hkdf_expand_label_into,
};
pub use self::import::import_external_psk;
pub use self::schedule::{BinderKey, EarlySecret, HandshakeSecret, MasterSecret, PskKind};
pub use self::traffic::{FinishedKey, TrafficKeys, TrafficSecret};
/// The IV [`TrafficKeys::iv`] gives, the type `stratls_record::RecordProtection::tls13` takes.
pub use stratls_crypto::Iv;

/// Checks that a suite's HKDF runs over the suite's hash.
fn check_suite(suite: &Tls13CipherSuite) -> Result<(), Error> {
    if suite.hash.algorithm() == suite.hkdf.hash_algorithm() {
        Ok(())
    } else {
        Err(Error::SuiteMismatch)
    }
}

/// Checks a secret handed in from outside: the suite is sound and the secret is HashLen
/// bytes.
fn check_secret(suite: &Tls13CipherSuite, secret: &Secret) -> Result<(), Error> {
    check_suite(suite)?;
    let expected = suite.hash.output_len();
    if secret.len() == expected {
        Ok(())
    } else {
        Err(Error::SecretLength {
            expected,
            actual: secret.len(),
        })
    }
}

/// `Transcript-Hash("")`, the context of the `"derived"` and binder-key derivations.
fn empty_hash(suite: &Tls13CipherSuite) -> HashOutput {
    suite.hash.hash(&[])
}
