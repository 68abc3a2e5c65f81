//! The one error type of the command: every failure becomes one line on stderr and a non-zero
//! exit status.

use std::fmt;
use std::io;

use stratls::codec::AlertDescription;

/// Why a command failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum CliError {
    /// The command line is wrong.
    Usage(String),
    /// A cipher-suite or group name that is not known.
    UnknownName {
        /// "cipher suite" or "group".
        kind: &'static str,
        /// The name given.
        name: String,
        /// The names that are accepted.
        known: Vec<&'static str>,
    },
    /// A file could not be read or parsed.
    File {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A configuration could not be built.
    Config(stratls::ConfigError),
    /// The TLS connection failed.
    Tls {
        /// What was being done.
        context: String,
        /// The connection's error.
        error: stratls::Error,
    },
    /// A socket or terminal operation failed.
    Io {
        /// What was being done.
        context: String,
        /// The error.
        error: io::Error,
    },
    /// The library in this build cannot do what was asked.
    Unavailable(String),
    /// The demo could not make its certificates.
    Certificates(String),
}

impl CliError {
    /// Wraps an I/O error from a TLS stream: a connection error inside it becomes
    /// [`CliError::Tls`], so its alert is reported.
    pub fn from_stream(context: impl Into<String>, error: io::Error) -> Self {
        let context = context.into();
        let tls = error
            .get_ref()
            .and_then(|e| e.downcast_ref::<stratls::Error>())
            .cloned();
        match tls {
            Some(error) => Self::Tls { context, error },
            None => Self::Io { context, error },
        }
    }

    /// The TLS alert involved, if the failure involved the peer: the one this side sent, or the
    /// one the peer sent.
    pub fn alert(&self) -> Option<AlertDescription> {
        match self {
            Self::Tls { error, .. } => match error {
                stratls::Error::AlertReceived(a) => Some(*a),
                e => e.alert(),
            },
            _ => None,
        }
    }

    /// The process exit status for this error: 2 for a wrong command line, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::UnknownName { .. } => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(m) => write!(f, "{m} (try --help)"),
            Self::UnknownName { kind, name, known } => {
                write!(f, "unknown {kind} {name:?}; known: {}", known.join(", "))
            }
            Self::File { path, reason } => write!(f, "{path}: {reason}"),
            Self::Config(e) => write!(f, "configuration: {e}"),
            Self::Tls { context, error } => {
                let text = error.to_string();
                write!(f, "{context}: {text}")?;
                match self.alert() {
                    // The connection's own message usually names the alert already.
                    Some(a) if !text.contains(&format!("{a:?}")) => write!(f, " (alert {a:?})"),
                    _ => Ok(()),
                }
            }
            Self::Io { context, error } => write!(f, "{context}: {error}"),
            Self::Unavailable(m) => f.write_str(m),
            Self::Certificates(m) => write!(f, "making the demo certificates: {m}"),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Config(e) => Some(e),
            Self::Tls { error, .. } => Some(error),
            Self::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<stratls::ConfigError> for CliError {
    fn from(e: stratls::ConfigError) -> Self {
        Self::Config(e)
    }
}

impl From<lexopt::Error> for CliError {
    fn from(e: lexopt::Error) -> Self {
        Self::Usage(e.to_string())
    }
}
