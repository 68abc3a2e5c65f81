//! Authentication as both versions and both sides do it: the peer chain from a Certificate
//! message, checked by the configured verifier (the proofs themselves are made in
//! [`crate::proof`]), and the choice of our own client certificate.

use std::sync::Arc;

use stratls_codec::SignatureScheme;
use stratls_crypto::{CryptoProvider, Signer};
use stratls_pki::{CertificateDer, ServerName};

use crate::context::Context;
use crate::error::Error;
use crate::proof::VerifiedChain;
use crate::verify::{CertifiedKey, ClientCertVerifier, ResolvesClientCert, ServerCertVerifier};

/// Checks a server's chain for `name` at the configured time, and its end-entity key against
/// `provider`, and reports it.
pub(crate) fn verify_server_chain(
    cx: &Context,
    provider: &CryptoProvider,
    verifier: &dyn ServerCertVerifier,
    chain: Vec<CertificateDer<'static>>,
    name: &ServerName<'_>,
) -> Result<VerifiedChain, Error> {
    let chain = VerifiedChain::server(provider, verifier, chain, name, cx.now()?)?;
    cx.report_chain(&chain);
    Ok(chain)
}

/// Checks a client's non-empty chain at the configured time, and its end-entity key against
/// `provider`, and reports it.
pub(crate) fn verify_client_chain(
    cx: &Context,
    provider: &CryptoProvider,
    verifier: &dyn ClientCertVerifier,
    chain: Vec<CertificateDer<'static>>,
) -> Result<VerifiedChain, Error> {
    let chain = VerifiedChain::client(provider, verifier, chain, cx.now()?)?;
    cx.report_chain(&chain);
    Ok(chain)
}

/// Our client certificate for a server that accepts `schemes`: the resolver's choice, if
/// `fits` it and its key can sign with one of `schemes`, with the signer for that scheme.
pub(crate) fn choose_client_cert(
    cx: &Context,
    resolver: Option<&Arc<dyn ResolvesClientCert>>,
    schemes: &[SignatureScheme],
    fits: impl Fn(&CertifiedKey) -> bool,
) -> Option<(Arc<CertifiedKey>, Box<dyn Signer>)> {
    let chosen = resolver
        .and_then(|r| r.resolve(schemes))
        .filter(|ck| fits(ck))
        .and_then(|ck| {
            let signer = ck.key.choose_scheme(schemes)?;
            Some((ck, signer))
        });
    cx.decide(|| match &chosen {
        Some(_) => "sending our client certificate".into(),
        None => {
            "no client certificate fits the server's request: sending an empty Certificate".into()
        }
    });
    chosen
}

/// The scheme a signer signs with.
pub(crate) fn scheme_of(signer: &dyn Signer) -> SignatureScheme {
    signer.scheme()
}
