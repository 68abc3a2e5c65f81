//! The keying-material exporter of an established connection.

use stratls_keyschedule::tls12::MasterSecret;
use stratls_keyschedule::tls13::ExporterSecret;

use stratls_keyschedule::Error as KeyScheduleError;

use crate::error::Error;

/// What an established connection exports from.
pub(crate) enum Exporter {
    /// TLS 1.3: the exporter master secret (RFC 8446 §7.5).
    Tls13(ExporterSecret),
    /// TLS 1.2: the PRF over the master secret and both randoms (RFC 5705 §4).
    Tls12 {
        /// The connection's master secret.
        master: MasterSecret,
        /// ClientHello.random.
        client_random: [u8; 32],
        /// ServerHello.random.
        server_random: [u8; 32],
    },
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
            Self::Tls13(s) => s.export(label, context.unwrap_or(&[]), len),
            // TLS 1.2 tells an absent context from an empty one (RFC 5705 §4).
            Self::Tls12 {
                master,
                client_random,
                server_random,
            } => master.export(label, context, client_random, server_random, len),
        };
        match out {
            Ok(secret) => Ok(secret.as_bytes().to_vec()),
            Err(KeyScheduleError::ReservedExporterLabel) => {
                Err(Error::Api("the exporter label is reserved"))
            }
            Err(KeyScheduleError::ContextLength(_)) => Err(Error::Api(
                "the exporter context is longer than 65535 bytes",
            )),
            Err(KeyScheduleError::OutputLength(_)) => {
                Err(Error::Api("the exporter output is too long"))
            }
            Err(e) => Err(Error::KeySchedule(e)),
        }
    }
}
