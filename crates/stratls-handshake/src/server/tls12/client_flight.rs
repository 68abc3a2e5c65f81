//! The server reads the client's TLS 1.2 flight: [Certificate], ClientKeyExchange,
//! [CertificateVerify], ChangeCipherSpec, Finished; then sends its own ChangeCipherSpec and
//! Finished.

use std::sync::Arc;

use stratls_codec::handshake::ClientKeyExchange;
use stratls_codec::{HandshakeMessage, HandshakeType, ProtocolVersion, SignatureScheme};
use stratls_crypto::{
    ActiveKeyExchange, CryptoProvider, Secret, Shared, SigningKey, Tls12CipherSuite,
};
use stratls_pki::CertificateDer;
use stratls_record::CcsPolicy;
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::common::Core;
use crate::config::{ClientAuth, ServerConfig};
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::state::{Incoming, State, unexpected};
use crate::tls12::ExpectChangeCipherSpec;
use crate::tls12::Session;
use crate::transcript::Transcript;

/// What the server keeps from its flight to read the client's.
pub(in crate::server) struct Flight {
    pub(super) config: Arc<ServerConfig>,
    pub(super) transcript: Transcript,
    pub(super) suite: Shared<Tls12CipherSuite>,
    pub(super) server_random: [u8; 32],
    pub(super) extended_master_secret: bool,
    /// ECDHE: our key share, until ClientKeyExchange completes it.
    pub(super) kx: Option<Box<dyn ActiveKeyExchange>>,
    /// Our certificate's key (RSA key exchange decrypts with it).
    pub(super) key: Arc<dyn SigningKey>,
    /// ClientHello.client_version, which the RSA premaster secret starts with.
    pub(super) client_version: ProtocolVersion,
    /// The schemes of our CertificateRequest.
    pub(super) verify_schemes: Vec<SignatureScheme>,
    pub(super) client_auth: bool,
}

/// The first state after ServerHelloDone.
pub(super) fn start(flight: Flight) -> Box<dyn State> {
    if flight.client_auth {
        Box::new(ExpectCertificate(flight))
    } else {
        Box::new(ExpectClientKeyExchange {
            flight,
            client_cert: false,
        })
    }
}

struct ExpectCertificate(Flight);

impl State for ExpectCertificate {
    fn name(&self) -> &'static str {
        "Tls12ExpectClientCertificate"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::Certificate]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.0;
        let HandshakeMessage::CertificateTls12(cert) = msg.message else {
            return Err(unexpected("Tls12ExpectClientCertificate", "message"));
        };
        let verifier = match &flight.config.client_auth {
            ClientAuth::Required(v) | ClientAuth::Optional(v) => v.clone(),
            ClientAuth::None => return Err(Error::Internal("client certificate without request")),
        };
        let chain: Vec<CertificateDer<'static>> = cert.chain;
        if chain.is_empty() {
            if matches!(flight.config.client_auth, ClientAuth::Required(_)) {
                return Err(Error::PeerIncompatible(
                    Incompatibility::NoClientCertificate,
                ));
            }
            core.decide(|| "client sent no certificate; client authentication is optional".into());
            flight.transcript.add(msg.encoded);
            return Ok(Box::new(ExpectClientKeyExchange {
                flight,
                client_cert: false,
            }));
        }
        core.accept_peer_chain(chain, |ee, intermediates, now| {
            verifier.verify_client_cert(ee, intermediates, now)
        })?;
        flight.transcript.add(msg.encoded);
        Ok(Box::new(ExpectClientKeyExchange {
            flight,
            client_cert: true,
        }))
    }
}

struct ExpectClientKeyExchange {
    flight: Flight,
    client_cert: bool,
}

impl State for ExpectClientKeyExchange {
    fn name(&self) -> &'static str {
        "Tls12ExpectClientKeyExchange"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::ClientKeyExchange]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        let premaster = match msg.message {
            HandshakeMessage::ClientKeyExchange(ClientKeyExchange::Ecdhe { public }) => {
                let kx = flight
                    .kx
                    .take()
                    .ok_or(Error::Internal("ECDHE share missing"))?;
                core.decide(|| "client's ECDHE share completes the key exchange".into());
                kx.complete(&public)
                    .map_err(|_| Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare))?
            }
            HandshakeMessage::ClientKeyExchange(ClientKeyExchange::Rsa {
                encrypted_pre_master_secret,
            }) if flight.kx.is_none() => {
                core.decide(|| {
                    "premaster secret decrypted with our RSA key (no forward secrecy)".into()
                });
                rsa_premaster(
                    &flight.config.provider,
                    flight.key.as_ref(),
                    flight.client_version,
                    &encrypted_pre_master_secret,
                )?
            }
            _ => return Err(unexpected("Tls12ExpectClientKeyExchange", "message")),
        };
        flight.transcript.add(msg.encoded);
        let session = Session::new(
            core,
            flight.suite.clone(),
            &premaster,
            &flight.transcript,
            flight.extended_master_secret,
            flight.server_random,
        )?;
        if self.client_cert {
            return Ok(Box::new(ExpectCertificateVerify { flight, session }));
        }
        core.reader.set_ccs_policy(CcsPolicy::Deliver);
        Ok(Box::new(ExpectChangeCipherSpec {
            side: flight,
            session,
        }))
    }
}

/// The RSA premaster secret, with the RFC 5246 §7.4.7.1 countermeasure: a random premaster
/// is made first and replaces the decrypted one, by constant-time selection, when decryption
/// failed, its length is not 48 or its first two bytes are not ClientHello.client_version.
/// Every case takes the same path and returns successfully; a bad premaster shows only as a
/// Finished that does not verify.
fn rsa_premaster(
    provider: &CryptoProvider,
    key: &dyn SigningKey,
    client_version: ProtocolVersion,
    encrypted: &[u8],
) -> Result<Secret, Error> {
    let mut premaster = Secret::zeroed(48);
    provider.random.fill(premaster.as_mut_bytes())?;
    let decrypted = key.decrypt_pkcs1v15(encrypted);
    let ok = subtle::Choice::from(u8::from(decrypted.is_ok()));
    let candidate: &[u8] = decrypted.as_ref().map_or(&[], |s| s.as_bytes());
    let len_ok = (candidate.len() as u64).ct_eq(&48);
    let mut padded = [0u8; 48];
    for (i, b) in padded.iter_mut().enumerate() {
        *b = candidate.get(i).copied().unwrap_or(0);
    }
    let version = client_version.to_u16().to_be_bytes();
    let version_ok = padded[..2].ct_eq(&version);
    let use_decrypted = ok & len_ok & version_ok;
    for (out, d) in premaster.as_mut_bytes().iter_mut().zip(padded) {
        *out = u8::conditional_select(out, &d, use_decrypted);
    }
    // A plain fill could be optimised away; the candidate premaster must not outlive its use.
    zeroize::Zeroize::zeroize(&mut padded);
    Ok(premaster)
}

struct ExpectCertificateVerify {
    flight: Flight,
    session: Session,
}

impl State for ExpectCertificateVerify {
    fn name(&self) -> &'static str {
        "Tls12ExpectClientCertificateVerify"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::CertificateVerify]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        let HandshakeMessage::CertificateVerify(cv) = &msg.message else {
            return Err(unexpected("Tls12ExpectClientCertificateVerify", "message"));
        };
        if !flight.verify_schemes.contains(&cv.scheme) {
            return Err(Error::PeerMisbehaved(
                Misbehaviour::UnofferedSignatureScheme,
            ));
        }
        let end_entity = core
            .negotiated
            .peer_certificates
            .first()
            .ok_or(Error::Internal("CertificateVerify without a certificate"))?;
        let messages = flight
            .transcript
            .buffered()
            .ok_or(Error::Internal("transcript"))?;
        stratls_pki::verify_signed_message(
            &flight.config.provider,
            end_entity,
            cv.scheme,
            messages,
            &cv.signature,
        )
        .map_err(|e| match e {
            stratls_pki::PkiError::UnsupportedAlgorithm => {
                Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme)
            }
            _ => Error::BadSignature,
        })?;
        core.negotiated.peer_signature_scheme = Some(cv.scheme);
        flight.transcript.add(msg.encoded);
        core.reader.set_ccs_policy(CcsPolicy::Deliver);
        Ok(Box::new(ExpectChangeCipherSpec {
            side: flight,
            session: self.session,
        }))
    }
}

impl crate::tls12::FinishSide for Flight {
    const EXPECT_FINISHED: &'static str = "Tls12ExpectClientFinished";

    fn transcript(&mut self) -> &mut Transcript {
        &mut self.transcript
    }

    fn finish(mut self, core: &mut Core, session: Session) -> Result<Box<dyn State>, Error> {
        session.change_write_keys(core)?;
        session.send_finished(core, &mut self.transcript)?;
        session.established(core)
    }
}
