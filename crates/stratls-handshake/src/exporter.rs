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
        /// Whether the master secret is the extended one. Without it the master secret is not
        /// bound to the handshake, and RFC 7627 §5.4 forbids exporting from it: every export
        /// fails.
        extended_master_secret: bool,
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
                extended_master_secret: false,
                ..
            } => {
                return Err(Error::Api(
                    "no keying material is exported from a TLS 1.2 session without the \
                     extended master secret (RFC 7627 §5.4)",
                ));
            }
            Self::Tls12 {
                master,
                client_random,
                server_random,
                extended_master_secret: true,
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

#[cfg(test)]
mod tests {
    use stratls_crypto::Secret;

    use super::*;

    fn tls12(extended_master_secret: bool) -> Exporter {
        let master = MasterSecret::from_secret(
            &stratls_rustcrypto::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            Secret::new(vec![0x42; 48]),
        )
        .expect("master secret");
        Exporter::Tls12 {
            master,
            client_random: [1; 32],
            server_random: [2; 32],
            extended_master_secret,
        }
    }

    #[test]
    fn a_tls12_session_without_the_extended_master_secret_exports_nothing() {
        let exported = tls12(true)
            .export(b"EXPERIMENTAL test", Some(b"context"), 32)
            .expect("exports");
        assert_eq!(exported.len(), 32);
        for context in [None, Some(&b""[..]), Some(b"context")] {
            let err = tls12(false)
                .export(b"EXPERIMENTAL test", context, 32)
                .expect_err("RFC 7627 §5.4");
            assert!(
                matches!(err, Error::Api(m) if m.contains("RFC 7627")),
                "{err:?}"
            );
        }
    }
}
