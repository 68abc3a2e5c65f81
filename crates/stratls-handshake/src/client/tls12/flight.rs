//! The client's TLS 1.2 flight after ServerHelloDone: [Certificate], ClientKeyExchange,
//! [CertificateVerify], ChangeCipherSpec, Finished.

use stratls_codec::handshake::{
    CertificateRequestTls12, CertificateTls12, CertificateVerify, ClientKeyExchange,
};
use stratls_codec::{HandshakeMessage, ProtocolVersion};
use stratls_crypto::{CryptoError, Secret, SignatureScheme, Signer};
use stratls_pki::PkiError;

use super::{ClientFinish, Handshake, PendingServerAuth, ServerAuth, key_fits_request};
use crate::auth::{choose_client_cert, scheme_of};
use crate::client::tls12_resume::ExpectNewSessionTicket;
use crate::context::Context;
use crate::error::Error;
use crate::state::State;
use crate::tls12::{ExpectChangeCipherSpec, Session};

/// Sends the client's flight and waits for the server's ChangeCipherSpec.
pub(super) fn send(
    mut hs: Handshake,
    auth: ServerAuth,
    cx: &mut Context,
    request: Option<CertificateRequestTls12>,
) -> Result<Box<dyn State>, Error> {
    let signer = match &request {
        Some(req) => send_certificate(&mut hs, cx, req)?,
        None => None,
    };
    let (premaster, server) = send_key_exchange(&mut hs, auth, cx)?;
    let session = Session::new(
        cx,
        hs.suite,
        &premaster,
        &mut hs.transcript,
        hs.extended_master_secret,
        (hs.client.random, hs.server_random),
    )?;
    if let Some(signer) = signer {
        // TLS 1.2 signs the handshake messages themselves (RFC 5246 §7.4.8).
        let signature = signer.sign(hs.transcript.signed_messages()?)?;
        let scheme = scheme_of(signer.as_ref());
        hs.client.agreed.own_signature_scheme = Some(scheme);
        let cv = HandshakeMessage::CertificateVerify(CertificateVerify { scheme, signature });
        cx.send(&cv, &mut hs.transcript)?;
    }
    session.change_write_keys(cx)?;
    session.send_finished(cx, &mut hs.transcript)?;
    let next = ExpectChangeCipherSpec {
        side: ClientFinish {
            client: hs.client,
            transcript: hs.transcript,
            server,
            session_id: hs.session_id,
            ticket: None,
        },
        session,
    };
    Ok(if hs.ticket_expected {
        Box::new(ExpectNewSessionTicket(next))
    } else {
        Box::new(next)
    })
}

/// Sends our Certificate (empty without a fitting one) and returns the signer for
/// CertificateVerify if a certificate went out.
fn send_certificate(
    hs: &mut Handshake,
    cx: &mut Context,
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
    let chosen = choose_client_cert(cx, hs.client.config.client_cert.as_ref(), &offered, |ck| {
        key_fits_request(ck.key.algorithm(), &req.certificate_types)
    });
    let chain = chosen
        .as_ref()
        .map_or_else(Vec::new, |(ck, _)| ck.chain.clone());
    let cert = HandshakeMessage::CertificateTls12(CertificateTls12 { chain });
    cx.send(&cert, &mut hs.transcript)?;
    Ok(chosen.map(|(_, signer)| signer))
}

/// Sends ClientKeyExchange and returns the premaster secret, with the server's authentication
/// as far as it goes.
fn send_key_exchange(
    hs: &mut Handshake,
    auth: ServerAuth,
    cx: &mut Context,
) -> Result<(Secret, PendingServerAuth), Error> {
    let provider = &hs.client.config.provider;
    let (message, premaster, server) = match auth {
        ServerAuth::RsaKeyTransport(chain) => {
            let transport = provider.rsa_key_transport.as_ref().ok_or(Error::Config(
                "RSA key exchange without the provider's RSA key transport",
            ))?;
            let public_key = stratls_pki::rsa_public_key_of(chain.end_entity())?;
            // client_version ‖ 46 random bytes (RFC 5246 §7.4.7.1).
            let mut premaster = Secret::zeroed(48);
            let bytes = premaster.as_mut_bytes();
            bytes[..2].copy_from_slice(&ProtocolVersion::TLSv1_2.to_u16().to_be_bytes());
            provider.random.fill(&mut bytes[2..])?;
            // A key the transport does not take is the certificate's fault.
            let encrypted = transport
                .encrypt_pkcs1v15(&public_key, premaster.as_bytes())
                .map_err(|e| match e {
                    CryptoError::UnsupportedKey | CryptoError::InvalidKey => {
                        Error::InvalidCertificate(PkiError::UnsupportedKey)
                    }
                    other => Error::Crypto(other),
                })?;
            cx.decide(|| {
                "premaster secret encrypted to the server's RSA key (no forward secrecy)".into()
            });
            let message = ClientKeyExchange::Rsa {
                encrypted_pre_master_secret: encrypted,
            };
            (
                message,
                premaster,
                PendingServerAuth::RsaKeyTransport(chain),
            )
        }
        ServerAuth::Signed {
            peer,
            public,
            shared,
        } => {
            cx.decide(|| {
                "sending our ECDHE share: both sides now compute the same premaster secret".into()
            });
            (
                ClientKeyExchange::Ecdhe { public },
                shared,
                PendingServerAuth::Authenticated(peer),
            )
        }
    };
    cx.send(
        &HandshakeMessage::ClientKeyExchange(message),
        &mut hs.transcript,
    )?;
    Ok((premaster, server))
}
