//! The keying-material exporter of an established connection.

use stratls_keyschedule::tls13::ExporterSecret;

use crate::error::Error;

/// What an established connection exports from.
pub(crate) enum Exporter {
    /// TLS 1.3: the exporter master secret (RFC 8446 §7.5).
    Tls13(ExporterSecret),
}

impl Exporter {
    pub(crate) fn export(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        len: usize,
    ) -> Result<Vec<u8>, Error> {
        let out = match self {
            // TLS 1.3 treats an absent context as empty (RFC 8446 §7.5).
            Self::Tls13(s) => s.export(label, context.unwrap_or(&[]), len)?,
        };
        Ok(out.as_bytes().to_vec())
    }
}
