// expect: compiles
// The twin of chain_forged.rs: a verifier (and the provider's check of the end-entity key)
// makes one.
use stratls_crypto::CryptoProvider;
use stratls_pki::{CertificateDer, ServerName, UnixTime};

use crate::error::Error;
use crate::proof::VerifiedChain;
use crate::verify::ServerCertVerifier;

pub(crate) fn verified(
    provider: &CryptoProvider,
    verifier: &dyn ServerCertVerifier,
    chain: Vec<CertificateDer<'static>>,
    name: &ServerName<'_>,
    now: UnixTime,
) -> Result<VerifiedChain, Error> {
    VerifiedChain::server(provider, verifier, chain, name, now)
}
