//! The client's TLS 1.3 states after ServerHello: EncryptedExtensions, an optional
//! CertificateRequest, Certificate, CertificateVerify, Finished; then its own flight.

use stratls_codec::extensions::{CertReqExtension, EncryptedExtension};
use stratls_codec::handshake::{
    Certificate, CertificateEntry, CertificateVerify, EncryptedExtensions, EndOfEarlyData, Finished,
};
use stratls_codec::{HandshakeMessage, SignatureScheme};
use stratls_crypto::{Shared, Tls13CipherSuite};
use stratls_keyschedule::tls13::{HandshakeSecret, TrafficSecret};

use super::Client;
use crate::auth::{choose_client_cert, scheme_of, verify_server_chain};
use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::negotiated::EarlyData;
use crate::observer::KeyPhase;
use crate::proof::{FinishedVerified, PeerAuthenticated, VerifiedChain};
use crate::state::{CertificateOrRequest, Policy, State, Step};
use crate::tls13::{
    CLIENT_CV_CONTEXT, SERVER_CV_CONTEXT, TicketSink, Traffic, TrafficKeys,
    allowed_for_tls13_signature, protection,
};
use crate::transcript::TranscriptHash;

/// The TLS 1.3 handshake in progress, after ServerHello.
pub(super) struct Handshake {
    pub(super) client: Client,
    pub(super) suite: Shared<Tls13CipherSuite>,
    pub(super) transcript: TranscriptHash,
    pub(super) secret: HandshakeSecret,
    pub(super) client_hs: TrafficSecret,
    pub(super) server_hs: TrafficSecret,
    /// The ticket the server resumed, if it did.
    pub(super) resumed: Option<crate::tickets::StoredTicket>,
    /// Whether the server took our external PSK.
    pub(super) external: bool,
    /// What became of our 0-RTT data so far.
    pub(super) early: Early,
}

/// The client's 0-RTT data during the server's flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Early {
    NotOffered,
    /// The server took our ticket; EncryptedExtensions says whether it took the data too.
    /// Our records are still under the early key.
    Pending,
    /// Taken: EndOfEarlyData goes out under the early key after the server's Finished.
    Accepted,
    Rejected,
}

/// Every state of the server's flight drops the server's compatibility change_cipher_spec.
const POLICY: Policy = Policy::tls13_handshake(true);

pub(super) struct ExpectEncryptedExtensions(pub(super) Handshake);

impl Step for ExpectEncryptedExtensions {
    const NAME: &'static str = "ExpectEncryptedExtensions";
    type Message = EncryptedExtensions;

    fn policy(&self) -> Policy {
        POLICY
    }

    fn step(
        self,
        cx: &mut Context,
        ee: EncryptedExtensions,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        let mut early_accepted = false;
        for e in ee.extensions {
            match e {
                EncryptedExtension::EarlyData => match hs.early {
                    Early::Pending if !early_accepted => early_accepted = true,
                    Early::NotOffered => {
                        return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
                    }
                    _ => return Err(Error::PeerMisbehaved(Misbehaviour::BadEarlyDataAcceptance)),
                },
                EncryptedExtension::Alpn(p) => {
                    crate::choose::check_alpn(&hs.client.config.shared.alpn, &p)?;
                    cx.decide(|| format!("server selected ALPN {:?}", String::from_utf8_lossy(&p)));
                    hs.client.agreed.alpn = Some(p);
                }
                EncryptedExtension::ServerName => {
                    if hs.client.agreed.server_name.is_none() || !hs.client.config.enable_sni {
                        return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
                    }
                }
                // The server's groups are information for later connections (RFC 8446 §4.2.7).
                EncryptedExtension::SupportedGroups(_) => {}
                _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension)),
            }
        }
        if hs.early == Early::Pending {
            if early_accepted {
                // The server keeps the ticket's protocol for 0-RTT (RFC 8446 §4.2.10).
                let ticket_alpn = hs.resumed.as_ref().and_then(|t| t.alpn.as_ref());
                if hs.client.agreed.alpn.as_ref() != ticket_alpn {
                    return Err(Error::PeerMisbehaved(Misbehaviour::BadEarlyDataAcceptance));
                }
                cx.decide(|| "the server accepted our 0-RTT data".into());
                hs.early = Early::Accepted;
                hs.client.agreed.early_data = EarlyData::Accepted;
            } else {
                cx.decide(|| "the server rejected our 0-RTT data".into());
                hs.early = Early::Rejected;
                hs.client.agreed.early_data = EarlyData::Rejected;
                cx.set_write_protection(protection(&hs.client_hs)?, KeyPhase::Handshake);
            }
        }
        hs.transcript.add(encoded);
        if hs.resumed.is_some() || hs.external {
            // Authenticated by the PSK: the server's Finished comes next (RFC 8446 §2.2).
            return Ok(Box::new(ExpectFinished {
                hs,
                request: None,
                server: None,
            }));
        }
        Ok(Box::new(ExpectCertificateOrRequest(hs)))
    }
}

struct ExpectCertificateOrRequest(Handshake);

impl Step for ExpectCertificateOrRequest {
    const NAME: &'static str = "ExpectCertificateOrCertificateRequest";
    type Message = CertificateOrRequest;

    fn policy(&self) -> Policy {
        POLICY
    }

    fn step(
        self,
        cx: &mut Context,
        msg: CertificateOrRequest,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        match msg {
            CertificateOrRequest::Request(req) => {
                if !req.context.is_empty() {
                    return Err(Error::PeerMisbehaved(Misbehaviour::BadCertificateContext));
                }
                let schemes = req
                    .extensions
                    .into_iter()
                    .find_map(|e| match e {
                        CertReqExtension::SignatureAlgorithms(s) => Some(s),
                        _ => None,
                    })
                    .ok_or(Error::PeerIncompatible(Incompatibility::MissingExtension(
                        "signature_algorithms",
                    )))?;
                hs.client.agreed.client_auth_requested = true;
                cx.decide(|| "server asked for a client certificate".into());
                hs.transcript.add(encoded);
                Ok(Box::new(ExpectCertificate {
                    hs,
                    request: Some(schemes),
                }))
            }
            CertificateOrRequest::Certificate(cert) => {
                ExpectCertificate { hs, request: None }.certificate(cx, cert, encoded)
            }
        }
    }
}

struct ExpectCertificate {
    hs: Handshake,
    /// The signature schemes of the server's CertificateRequest, if it sent one.
    request: Option<Vec<SignatureScheme>>,
}

impl ExpectCertificate {
    fn certificate(
        mut self,
        cx: &mut Context,
        cert: Certificate,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        if !cert.context.is_empty() {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadCertificateContext));
        }
        let chain = crate::tls13::entries_chain(cert)?;
        let client = &self.hs.client;
        let chain = verify_server_chain(
            cx,
            &client.config.provider,
            client.config.verifier.as_ref(),
            chain,
            &client.server_name,
        )?;
        self.hs.transcript.add(encoded);
        Ok(Box::new(ExpectCertificateVerify {
            hs: self.hs,
            request: self.request,
            chain,
        }))
    }
}

impl Step for ExpectCertificate {
    const NAME: &'static str = "ExpectCertificate";
    type Message = Certificate;

    fn policy(&self) -> Policy {
        POLICY
    }

    fn step(
        self,
        cx: &mut Context,
        cert: Certificate,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        self.certificate(cx, cert, encoded)
    }
}

struct ExpectCertificateVerify {
    hs: Handshake,
    request: Option<Vec<SignatureScheme>>,
    chain: VerifiedChain,
}

impl Step for ExpectCertificateVerify {
    const NAME: &'static str = "ExpectCertificateVerify";
    type Message = CertificateVerify;

    fn policy(&self) -> Policy {
        POLICY
    }

    fn step(
        self,
        _cx: &mut Context,
        cv: CertificateVerify,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.hs;
        let signature = crate::tls13::verify_certificate_verify(
            &self.chain,
            &hs.client.config.provider,
            hs.client.config.provider.verify_schemes(),
            &cv,
            SERVER_CV_CONTEXT,
            &hs.transcript.current(),
        )?;
        hs.transcript.add(encoded);
        Ok(Box::new(ExpectFinished {
            hs,
            request: self.request,
            server: Some(PeerAuthenticated::by_signature(self.chain, signature)),
        }))
    }
}

struct ExpectFinished {
    hs: Handshake,
    request: Option<Vec<SignatureScheme>>,
    /// The server's authentication by certificate; `None` when it resumed our ticket (its
    /// Finished then authenticates it).
    server: Option<PeerAuthenticated>,
}

impl Step for ExpectFinished {
    const NAME: &'static str = "ExpectFinished";
    type Message = Finished;

    fn policy(&self) -> Policy {
        Policy {
            finished_len: Some(self.hs.suite.hash.output_len()),
            ..POLICY
        }
    }

    fn step(
        self,
        cx: &mut Context,
        fin: Finished,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let Handshake {
            mut client,
            suite,
            mut transcript,
            secret,
            client_hs,
            server_hs,
            resumed,
            external,
            early,
        } = self.hs;
        let finished =
            FinishedVerified::tls13(&server_hs, &transcript.current(), &fin.verify_data)?;
        transcript.add(encoded);
        let server = match (self.server, resumed) {
            (Some(server), _) => server,
            (None, Some(ticket)) => {
                PeerAuthenticated::by_psk_finished(ticket.peer_chain, &finished)
            }
            (None, None) if external => PeerAuthenticated::by_external_psk(&finished),
            (None, None) => return Err(Error::Internal("server neither certified nor resumed")),
        };

        // Application secrets from the transcript through the server Finished.
        let master = secret.into_master_secret()?;
        let (client_ap, server_ap, exporter) =
            crate::tls13::application_secrets(cx, &client.random, &master, &transcript.current())?;
        cx.set_read_protection(protection(&server_ap)?, KeyPhase::Application)?;

        // Our second flight: EndOfEarlyData under the early key if the server took our early
        // data (RFC 8446 §4.5), then the handshake key.
        if early == Early::Accepted {
            cx.send(
                &HandshakeMessage::EndOfEarlyData(EndOfEarlyData),
                &mut transcript,
            )?;
            cx.set_write_protection(protection(&client_hs)?, KeyPhase::Handshake);
        }
        if client.config.middlebox_compat && !client.ccs_sent {
            cx.send_change_cipher_spec();
        }
        if let Some(schemes) = self.request {
            send_client_certificate(&mut client, &mut transcript, cx, &schemes)?;
        }
        let verify_data = client_hs.finished_verify_data(&transcript.current())?;
        let finished_msg = HandshakeMessage::Finished(Finished {
            verify_data: verify_data.as_bytes().to_vec(),
        });
        cx.send(&finished_msg, &mut transcript)?;
        let resumption = master.resumption_master_secret(&transcript.current())?;
        cx.set_write_protection(protection(&client_ap)?, KeyPhase::Application);
        let tickets = TicketSink {
            store: client.config.ticket_store.clone(),
            resumption,
            cipher_suite: suite.id,
            taken: 0,
        };
        Traffic::client(
            cx,
            client.agreed,
            server,
            finished,
            TrafficKeys {
                read: server_ap,
                write: client_ap,
                exporter,
            },
            tickets,
        )
    }
}

/// The client's Certificate (possibly empty) and, with a certificate, its CertificateVerify.
fn send_client_certificate(
    client: &mut Client,
    transcript: &mut TranscriptHash,
    cx: &mut Context,
    server_schemes: &[SignatureScheme],
) -> Result<(), Error> {
    let offered: Vec<SignatureScheme> = server_schemes
        .iter()
        .copied()
        .filter(|s| allowed_for_tls13_signature(*s))
        .collect();
    let chosen = choose_client_cert(cx, client.config.client_cert.as_ref(), &offered, |_| true);
    let entries = chosen.as_ref().map_or_else(Vec::new, |(ck, _)| {
        ck.chain
            .iter()
            .map(|c| CertificateEntry {
                cert_data: c.clone(),
                extensions: Vec::new(),
            })
            .collect()
    });
    let cert = HandshakeMessage::Certificate(Certificate {
        context: Vec::new(),
        entries,
    });
    cx.send(&cert, transcript)?;
    if let Some((_, signer)) = chosen {
        let input =
            crate::tls13::certificate_verify_input(CLIENT_CV_CONTEXT, &transcript.current());
        let signature = signer.sign(input.as_bytes())?;
        let scheme = scheme_of(signer.as_ref());
        client.agreed.own_signature_scheme = Some(scheme);
        let cv = HandshakeMessage::CertificateVerify(CertificateVerify { scheme, signature });
        cx.send(&cv, transcript)?;
    }
    Ok(())
}
