// expect: compiles
// The twin of chain_forged.rs: a verifier makes one.
use stratls_pki::{CertificateDer, ServerName, UnixTime};

use crate::error::Error;
use crate::proof::VerifiedChain;
use crate::verify::ServerCertVerifier;

pub(crate) fn verified(
    verifier: &dyn ServerCertVerifier,
    chain: Vec<CertificateDer<'static>>,
    name: &ServerName<'_>,
    now: UnixTime,
) -> Result<VerifiedChain, Error> {
    VerifiedChain::server(verifier, chain, name, now)
}
