use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use stratls_keyschedule::keylog::{KeyLog, format_line};

/// Appends NSS key-log lines to a file, the format Wireshark reads to decrypt a capture
/// (`SSLKEYLOGFILE`).
///
/// This writes secrets to disk in the clear: use it for debugging only. Nothing in stratls
/// logs keys by default: a config gets a key log only when one is given to it, for example
/// the one [`KeyLogFile::from_env`] opens when `SSLKEYLOGFILE` is set.
///
/// ```no_run
/// # fn run(builder: stratls_handshake::ClientConfigBuilder<stratls_handshake::ClientReady>)
/// #     -> std::io::Result<()> {
/// let mut builder = builder;
/// if let Some(log) = stratls_io::KeyLogFile::from_env()? {
///     builder = builder.with_key_log(std::sync::Arc::new(log));
/// }
/// # Ok(())
/// # }
/// ```
pub struct KeyLogFile {
    file: Mutex<File>,
}

impl KeyLogFile {
    /// Opens (creating or appending to) the file at `path`.
    pub fn create(path: impl AsRef<Path>) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self {
            file: Mutex::new(file),
        })
    }
}

impl KeyLogFile {
    /// The environment variable [`KeyLogFile::from_env`] reads.
    pub const ENV: &'static str = "SSLKEYLOGFILE";

    /// The key log named by `SSLKEYLOGFILE`, opened for appending, or `None` when the variable
    /// is unset or empty. Only a caller that asks for it gets one: no config reads the
    /// variable on its own.
    pub fn from_env() -> io::Result<Option<Self>> {
        Self::from_env_value(std::env::var_os(Self::ENV).as_deref())
    }

    /// [`KeyLogFile::from_env`] with the variable's value given: `None` when it is absent or
    /// empty, else the file it names.
    pub fn from_env_value(value: Option<&std::ffi::OsStr>) -> io::Result<Option<Self>> {
        match value {
            Some(path) if !path.is_empty() => Self::create(path).map(Some),
            _ => Ok(None),
        }
    }
}

impl KeyLog for KeyLogFile {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let line = format_line(label, client_random, secret);
        if let Ok(mut f) = self.file.lock() {
            // A failed write to a debugging aid must not break the connection.
            let _ = f.write_all(line.as_bytes());
        }
    }
}

impl fmt::Debug for KeyLogFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyLogFile")
    }
}
