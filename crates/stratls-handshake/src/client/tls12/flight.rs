//! The client's TLS 1.2 flight after ServerHelloDone: [Certificate], ClientKeyExchange,
//! [CertificateVerify], ChangeCipherSpec, Finished.

use stratls_codec::handshake::{
    CertificateRequestTls12, CertificateTls12, CertificateVerify, ClientKeyExchange,
};
use stratls_codec::{HandshakeMessage, ProtocolVersion, SignatureScheme};
use stratls_crypto::{Secret, Signer, Tls12KeyExchange};
use stratls_record::CcsPolicy;

use super::{Handshake, key_fits_request};
use crate::common::Core;
use crate::error::Error;
use crate::state::State;
use crate::tls12::ExpectChangeCipherSpec;
use crate::tls12::Session;

/// Sends the client's flight and waits for the server's ChangeCipherSpec.
pub(super) fn send(
    mut hs: Handshake,
    core: &mut Core,
    request: Option<CertificateRequestTls12>,
) -> Result<Box<dyn State>, Error> {
    let signer = match &request {
        Some(req) => send_certificate(&mut hs, core, req)?,
        None => None,
    };
    let premaster = send_key_exchange(&mut hs, core)?;
    let session = Session::new(
        core,
        hs.suite,
        &premaster,
        &hs.client.transcript,
        hs.extended_master_secret,
        hs.server_random,
    )?;
    if let Some(signer) = signer {
        // TLS 1.2 signs the handshake messages themselves (RFC 5246 §7.4.8).
        let messages = hs
            .client
            .transcript
            .buffered()
            .ok_or(Error::Internal("transcript"))?;
        let signature = signer.sign(messages)?;
        let scheme = signer.scheme();
        core.negotiated.own_signature_scheme = Some(scheme);
        let cv = HandshakeMessage::CertificateVerify(CertificateVerify { scheme, signature });
        core.send(&cv, Some(&mut hs.client.transcript))?;
    }
    session.change_write_keys(core)?;
    session.send_finished(core, &mut hs.client.transcript)?;
    // The one point where the server's ChangeCipherSpec is legal.
    core.reader.set_ccs_policy(CcsPolicy::Deliver);
    Ok(Box::new(ExpectChangeCipherSpec {
        side: hs.client,
        session,
    }))
}

/// Sends our Certificate (empty without a fitting one) and returns the signer for
/// CertificateVerify if a certificate went out.
fn send_certificate(
    hs: &mut Handshake,
    core: &mut Core,
    req: &CertificateRequestTls12,
) -> Result<Option<Box<dyn Signer>>, Error> {
    let provider = hs.client.config.provider.clone();
    // Schemes the server accepts that we could also verify: a scheme unknown to the provider
    // is one our key cannot make either.
    let offered: Vec<SignatureScheme> = req
        .signature_algorithms
        .iter()
        .copied()
        .filter(|s| provider.verifier(*s).is_some())
        .collect();
    let chosen = hs
        .client
        .config
        .client_cert
        .as_ref()
        .and_then(|r| r.resolve(&offered))
        .filter(|ck| key_fits_request(ck.key.algorithm(), &req.certificate_types))
        .and_then(|ck| {
            let signer = ck.key.choose_scheme(&offered)?;
            Some((ck, signer))
        });
    core.decide(|| match &chosen {
        Some(_) => "sending our client certificate".into(),
        None => {
            "no client certificate fits the server's request: sending an empty Certificate".into()
        }
    });
    let chain = chosen
        .as_ref()
        .map_or_else(Vec::new, |(ck, _)| ck.chain.clone());
    let cert = HandshakeMessage::CertificateTls12(CertificateTls12 { chain });
    core.send(&cert, Some(&mut hs.client.transcript))?;
    Ok(chosen.map(|(_, signer)| signer))
}

/// Sends ClientKeyExchange and returns the premaster secret.
fn send_key_exchange(hs: &mut Handshake, core: &mut Core) -> Result<Secret, Error> {
    let provider = hs.client.config.provider.clone();
    let (message, premaster) = match hs.suite.kx {
        Tls12KeyExchange::Rsa => {
            let transport = provider.rsa_key_transport.as_ref().ok_or(Error::Config(
                "RSA key exchange without the provider's RSA key transport",
            ))?;
            let end_entity = core
                .negotiated
                .peer_certificates
                .first()
                .ok_or(Error::Internal("no server certificate"))?;
            let public_key = stratls_pki::rsa_public_key_of(end_entity)?;
            // client_version ‖ 46 random bytes (RFC 5246 §7.4.7.1).
            let mut premaster = Secret::zeroed(48);
            let bytes = premaster.as_mut_bytes();
            bytes[..2].copy_from_slice(&ProtocolVersion::TLSv1_2.to_u16().to_be_bytes());
            provider.random.fill(&mut bytes[2..])?;
            let encrypted = transport.encrypt_pkcs1v15(&public_key, premaster.as_bytes())?;
            core.decide(|| {
                "premaster secret encrypted to the server's RSA key (no forward secrecy)".into()
            });
            let message = ClientKeyExchange::Rsa {
                encrypted_pre_master_secret: encrypted,
            };
            (message, premaster)
        }
        _ => {
            let (public, shared) = hs
                .ecdhe
                .take()
                .ok_or(Error::Internal("ECDHE without ServerKeyExchange"))?;
            core.decide(|| {
                "sending our ECDHE share: both sides now compute the same premaster secret".into()
            });
            (ClientKeyExchange::Ecdhe { public }, shared)
        }
    };
    core.send(
        &HandshakeMessage::ClientKeyExchange(message),
        Some(&mut hs.client.transcript),
    )?;
    Ok(premaster)
}
