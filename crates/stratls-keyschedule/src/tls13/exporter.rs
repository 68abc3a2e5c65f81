//! Exporters (RFC 8446 §7.5) and resumption PSKs (RFC 8446 §4.6.1).

use stratls_crypto::{Secret, Shared, Tls13CipherSuite};

use super::hkdf_label::{derive_secret, hkdf_expand_label};
use super::{check_secret, empty_hash};
use crate::error::Error;

/// The `exporter_master_secret`, from which keying material for applications is exported.
pub struct ExporterSecret {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
}

impl ExporterSecret {
    /// Wraps an exporter master secret obtained elsewhere (for instance the
    /// `EXPORTER_SECRET` line of a key log). Fails if it is not HashLen bytes.
    pub fn new(suite: impl Into<Shared<Tls13CipherSuite>>, secret: Secret) -> Result<Self, Error> {
        let suite: Shared<Tls13CipherSuite> = suite.into();
        check_secret(&suite, &secret)?;
        Ok(Self { suite, secret })
    }

    pub(crate) fn derived(suite: Shared<Tls13CipherSuite>, secret: Secret) -> Self {
        Self { suite, secret }
    }

    /// The secret itself, for a key log.
    pub fn as_secret(&self) -> &Secret {
        &self.secret
    }

    /// TLS-Exporter(label, context, out_len) of RFC 8446 §7.5:
    /// `HKDF-Expand-Label(Derive-Secret(., label, ""), "exporter", Hash(context), out_len)`.
    ///
    /// An absent context is the empty one. `label` must be 1 to 249 bytes.
    pub fn export(&self, label: &[u8], context: &[u8], out_len: usize) -> Result<Secret, Error> {
        export(&self.suite, &self.secret, label, context, out_len)
    }
}

/// The `early_exporter_master_secret`, for keying material needed alongside 0-RTT data.
///
/// A type of its own, so that an early export is never taken for a regular one (RFC 8446
/// §7.5 recommends separate interfaces).
pub struct EarlyExporterSecret {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
}

impl EarlyExporterSecret {
    /// Wraps an early exporter master secret obtained elsewhere (for instance the
    /// `EARLY_EXPORTER_SECRET` line of a key log). Fails if it is not HashLen bytes.
    pub fn new(suite: impl Into<Shared<Tls13CipherSuite>>, secret: Secret) -> Result<Self, Error> {
        let suite: Shared<Tls13CipherSuite> = suite.into();
        check_secret(&suite, &secret)?;
        Ok(Self { suite, secret })
    }

    pub(crate) fn derived(suite: Shared<Tls13CipherSuite>, secret: Secret) -> Self {
        Self { suite, secret }
    }

    /// The secret itself, for a key log.
    pub fn as_secret(&self) -> &Secret {
        &self.secret
    }

    /// TLS-Exporter of RFC 8446 §7.5 over the early exporter master secret; see
    /// [`ExporterSecret::export`].
    pub fn export(&self, label: &[u8], context: &[u8], out_len: usize) -> Result<Secret, Error> {
        export(&self.suite, &self.secret, label, context, out_len)
    }
}

/// The `resumption_master_secret`, from which each NewSessionTicket's PSK is derived.
pub struct ResumptionMasterSecret {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
}

impl ResumptionMasterSecret {
    pub(crate) fn derived(suite: Shared<Tls13CipherSuite>, secret: Secret) -> Self {
        Self { suite, secret }
    }

    /// The PSK of the ticket with `ticket_nonce` (RFC 8446 §4.6.1):
    /// `HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)`.
    ///
    /// The nonce is at most 255 bytes (`opaque ticket_nonce<0..255>`).
    pub fn psk(&self, ticket_nonce: &[u8]) -> Result<Secret, Error> {
        hkdf_expand_label(
            &*self.suite.hkdf,
            self.secret.as_bytes(),
            b"resumption",
            ticket_nonce,
            self.suite.hash.output_len(),
        )
    }
}

redacted_debug!(ExporterSecret, EarlyExporterSecret, ResumptionMasterSecret);

fn export(
    suite: &Tls13CipherSuite,
    secret: &Secret,
    label: &[u8],
    context: &[u8],
    out_len: usize,
) -> Result<Secret, Error> {
    let empty = empty_hash(suite);
    let derived = derive_secret(&*suite.hkdf, secret.as_bytes(), label, empty.as_bytes())?;
    let context_hash = suite.hash.hash(context);
    hkdf_expand_label(
        &*suite.hkdf,
        derived.as_bytes(),
        b"exporter",
        context_hash.as_bytes(),
        out_len,
    )
}
test_bytes!(ResumptionMasterSecret);
