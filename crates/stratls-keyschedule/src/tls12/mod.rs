//! The TLS 1.2 key derivation: the PRF (RFC 5246 §5), the master secret and extended master
//! secret (RFC 5246 §8.1, RFC 7627), the key block of the AEAD suites, Finished
//! verify_data, and the RFC 5705 exporter.

mod master;
mod prf;

pub use self::master::{FinishedLabel, KeyBlock, MASTER_SECRET_LEN, MasterSecret, VERIFY_DATA_LEN};
pub use self::prf::prf;
