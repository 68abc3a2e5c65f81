//! Loading certificates and private keys from PEM text and DER bytes.

use std::path::Path;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use zeroize::Zeroizing;

use crate::error::PkiError;

/// Every `CERTIFICATE` block of a PEM text, in order. Other blocks are skipped; a text with no
/// certificate is an error.
pub fn certificates_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, PkiError> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PkiError::BadEncoding(format!("PEM: {e}")))?;
    if certs.is_empty() {
        return Err(PkiError::BadEncoding("no CERTIFICATE block in PEM".into()));
    }
    Ok(certs)
}

/// The first private key (`PRIVATE KEY`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`) of a PEM text.
pub fn private_key_from_pem(pem: &[u8]) -> Result<PrivateKeyDer<'static>, PkiError> {
    PrivateKeyDer::from_pem_slice(pem)
        .map_err(|e| PkiError::BadEncoding(format!("PEM private key: {e}")))
}

/// Certificates from a file: PEM if it looks like PEM, otherwise one DER certificate.
pub fn certificates_from_file(
    path: impl AsRef<Path>,
) -> Result<Vec<CertificateDer<'static>>, PkiError> {
    let bytes = read(path.as_ref())?;
    if looks_like_pem(&bytes) {
        certificates_from_pem(&bytes)
    } else {
        Ok(vec![CertificateDer::from(bytes)])
    }
}

/// A private key from a PEM file (DER keys carry no marker of their container; use
/// [`private_key_from_der`] for those). The file's bytes are zeroized once the key is parsed
/// out of them; the key itself implements `Zeroize`, and a config zeroizes it once loaded.
pub fn private_key_from_file(path: impl AsRef<Path>) -> Result<PrivateKeyDer<'static>, PkiError> {
    let pem = Zeroizing::new(read(path.as_ref())?);
    private_key_from_pem(&pem)
}

/// A DER private key, trying PKCS#8, then SEC1, then PKCS#1 by their outer structure.
pub fn private_key_from_der(der: Vec<u8>) -> Result<PrivateKeyDer<'static>, PkiError> {
    PrivateKeyDer::try_from(der).map_err(|e| PkiError::BadEncoding(format!("DER private key: {e}")))
}

fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

fn read(path: &Path) -> Result<Vec<u8>, PkiError> {
    std::fs::read(path).map_err(|e| PkiError::BadEncoding(format!("{}: {e}", path.display())))
}
