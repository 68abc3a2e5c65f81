use core::fmt;

use stratls_crypto::CryptoError;

/// Why a key-schedule operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The peer's Finished verify_data did not match the expected value.
    BadFinished,
    /// The peer's PSK binder did not match the expected value.
    BadBinder,
    /// An HKDF-Expand-Label label does not fit `opaque label<7..255>` once prefixed with
    /// `"tls13 "`, i.e. it is empty or longer than 249 bytes. Holds the label's length.
    LabelLength(usize),
    /// A context is longer than its length prefix allows (255 bytes for HKDF-Expand-Label,
    /// 65535 for a TLS 1.2 exporter). Holds the context's length.
    ContextLength(usize),
    /// A requested output length exceeds what the construction can produce (the `uint16`
    /// length of HkdfLabel, or 255 blocks of HKDF-Expand). Holds the requested length.
    OutputLength(usize),
    /// A transcript or handshake hash is not as long as the suite's hash output.
    HashLength {
        /// The suite's hash length.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// A secret handed in from outside (a key log, a stored session) has the wrong length
    /// for the suite.
    SecretLength {
        /// The length the suite requires.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// The cipher suite's HKDF and hash functions disagree (a provider bug).
    SuiteMismatch,
    /// A TLS 1.2 exporter label collides with a label of the TLS 1.2 PRF itself
    /// (RFC 5705 §4), which would let the exporter reproduce protocol secrets.
    ReservedExporterLabel,
    /// A key-log line is not `LABEL <64 hex digits> <hex secret>`.
    MalformedKeyLogLine,
    /// The crypto provider failed.
    Crypto(CryptoError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadFinished => f.write_str("Finished verify_data does not match"),
            Self::BadBinder => f.write_str("PSK binder does not match"),
            Self::LabelLength(len) => write!(f, "label of {len} bytes is not in 1..=249"),
            Self::ContextLength(len) => write!(f, "context of {len} bytes is too long"),
            Self::OutputLength(len) => write!(f, "output of {len} bytes is too long"),
            Self::HashLength { expected, actual } => {
                write!(f, "hash of {actual} bytes where the suite's is {expected}")
            }
            Self::SecretLength { expected, actual } => {
                write!(
                    f,
                    "secret of {actual} bytes where the suite needs {expected}"
                )
            }
            Self::SuiteMismatch => f.write_str("cipher suite's HKDF and hash disagree"),
            Self::ReservedExporterLabel => f.write_str("exporter label is reserved by the PRF"),
            Self::MalformedKeyLogLine => f.write_str("malformed key-log line"),
            Self::Crypto(e) => write!(f, "crypto provider: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

impl From<CryptoError> for Error {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}
