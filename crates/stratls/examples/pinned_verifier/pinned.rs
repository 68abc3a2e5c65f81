//! A server certificate verifier that trusts exactly one certificate, whoever issued it: what
//! a client of a self-signed service, or of a key it was given out of band, wants.

use stratls::{CertificateDer, PkiError, ServerCertVerifier, ServerName, UnixTime};

/// Accepts a server whose end-entity certificate is byte for byte the pinned one. The name
/// and the validity dates are not checked: the pin replaces them. stratls still checks the
/// handshake signature against the certificate's key, so only the holder of the pinned
/// certificate's private key gets through.
#[derive(Debug)]
pub struct Pinned(pub CertificateDer<'static>);

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _now: UnixTime,
    ) -> Result<(), PkiError> {
        if end_entity.as_ref() == self.0.as_ref() {
            Ok(())
        } else {
            Err(PkiError::UnknownIssuer)
        }
    }
}
