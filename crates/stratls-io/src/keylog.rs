use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use stratls_keyschedule::keylog::{KeyLog, format_line};

/// Appends NSS key-log lines to a file, the format Wireshark reads to decrypt a capture
/// (`SSLKEYLOGFILE`).
///
/// This writes secrets to disk in the clear: use it for debugging only.
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
