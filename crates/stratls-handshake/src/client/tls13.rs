//! The client's TLS 1.3 states after ServerHello: EncryptedExtensions, an optional
//! CertificateRequest, Certificate, CertificateVerify, Finished; then its own flight.

use stratls_codec::extensions::{CertReqExtension, EncryptedExtension};
use stratls_codec::handshake::{Certificate, CertificateEntry, CertificateVerify, Finished};
use stratls_codec::{HandshakeMessage, HandshakeType, SignatureScheme};
use stratls_crypto::{Shared, Tls13CipherSuite};
use stratls_keyschedule::tls13::{HandshakeSecret, TrafficSecret};
use stratls_pki::CertificateDer;
use stratls_record::CcsPolicy;

use super::Client;
use crate::common::Core;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::exporter::Exporter;
use crate::observer::KeyPhase;
use crate::state::{Incoming, State, unexpected};
use crate::tls13::{
    CLIENT_CV_CONTEXT, SERVER_CV_CONTEXT, TicketSink, Traffic, allowed_for_tls13_signature,
    protection,
};

/// The TLS 1.3 handshake in progress, after ServerHello.
pub(super) struct Handshake {
    pub(super) client: Client,
    pub(super) suite: Shared<Tls13CipherSuite>,
    pub(super) secret: HandshakeSecret,
    pub(super) client_hs: TrafficSecret,
    pub(super) server_hs: TrafficSecret,
}

pub(super) struct ExpectEncryptedExtensions(pub(super) Handshake);

impl State for ExpectEncryptedExtensions {
    fn name(&self) -> &'static str {
        "ExpectEncryptedExtensions"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::EncryptedExtensions]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        let HandshakeMessage::EncryptedExtensions(ee) = &msg.message else {
            return Err(unexpected(self_name(), "message"));
        };
        for e in &ee.extensions {
            match e {
                EncryptedExtension::Alpn(p) => {
                    super::check_alpn(&hs.client.config.alpn, p)?;
                    core.decide(|| {
                        format!("server selected ALPN {:?}", String::from_utf8_lossy(p))
                    });
                    core.negotiated.alpn = Some(p.clone());
                }
                EncryptedExtension::ServerName => {
                    if core.negotiated.server_name.is_none() || !hs.client.config.enable_sni {
                        return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
                    }
                }
                // The server's groups are information for later connections (RFC 8446 §4.2.7).
                EncryptedExtension::SupportedGroups(_) => {}
                _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension)),
            }
        }
        hs.client.transcript.add(msg.encoded);
        Ok(Box::new(ExpectCertificateOrRequest(hs)))
    }
}

fn self_name() -> &'static str {
    "client TLS 1.3 handshake"
}

struct ExpectCertificateOrRequest(Handshake);

impl State for ExpectCertificateOrRequest {
    fn name(&self) -> &'static str {
        "ExpectCertificateOrCertificateRequest"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[
            HandshakeType::Certificate,
            HandshakeType::CertificateRequest,
        ]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        match &msg.message {
            HandshakeMessage::CertificateRequest(req) => {
                if !req.context.is_empty() {
                    return Err(Error::PeerMisbehaved(Misbehaviour::BadCertificateContext));
                }
                let schemes = req
                    .extensions
                    .iter()
                    .find_map(|e| match e {
                        CertReqExtension::SignatureAlgorithms(s) => Some(s.clone()),
                        _ => None,
                    })
                    .ok_or(Error::PeerIncompatible(Incompatibility::MissingExtension(
                        "signature_algorithms",
                    )))?;
                core.negotiated.client_auth_requested = true;
                core.decide(|| "server asked for a client certificate".into());
                hs.client.transcript.add(msg.encoded);
                Ok(Box::new(ExpectCertificate {
                    hs,
                    request: Some(schemes),
                }))
            }
            _ => ExpectCertificate { hs, request: None }.certificate(core, msg),
        }
    }
}

struct ExpectCertificate {
    hs: Handshake,
    /// The signature schemes of the server's CertificateRequest, if it sent one.
    request: Option<Vec<SignatureScheme>>,
}

impl ExpectCertificate {
    fn certificate(mut self, core: &mut Core, msg: Incoming<'_>) -> Result<Box<dyn State>, Error> {
        let HandshakeMessage::Certificate(cert) = msg.message else {
            return Err(unexpected(self_name(), "message"));
        };
        if !cert.context.is_empty() {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadCertificateContext));
        }
        if cert.entries.is_empty() {
            return Err(Error::PeerMisbehaved(Misbehaviour::EmptyServerCertificate));
        }
        crate::tls13::no_entry_extensions(&cert)?;
        let chain: Vec<CertificateDer<'static>> =
            cert.entries.into_iter().map(|e| e.cert_data).collect();
        let client = &self.hs.client;
        core.accept_peer_chain(chain, |ee, intermediates, now| {
            client
                .config
                .verifier
                .verify_server_cert(ee, intermediates, &client.server_name, now)
        })?;
        self.hs.client.transcript.add(msg.encoded);
        Ok(Box::new(ExpectCertificateVerify {
            hs: self.hs,
            request: self.request,
        }))
    }
}

impl State for ExpectCertificate {
    fn name(&self) -> &'static str {
        "ExpectCertificate"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::Certificate]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        self.certificate(core, msg)
    }
}

struct ExpectCertificateVerify {
    hs: Handshake,
    request: Option<Vec<SignatureScheme>>,
}

impl State for ExpectCertificateVerify {
    fn name(&self) -> &'static str {
        "ExpectCertificateVerify"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::CertificateVerify]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.hs;
        let HandshakeMessage::CertificateVerify(cv) = &msg.message else {
            return Err(unexpected(self_name(), "message"));
        };
        let hash = hs
            .client
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        let provider = hs.client.config.provider.clone();
        crate::tls13::verify_certificate_verify(
            core,
            &provider,
            &hs.client.signature_schemes,
            cv,
            SERVER_CV_CONTEXT,
            &hash,
        )?;
        hs.client.transcript.add(msg.encoded);
        Ok(Box::new(ExpectFinished {
            hs,
            request: self.request,
        }))
    }
}

struct ExpectFinished {
    hs: Handshake,
    request: Option<Vec<SignatureScheme>>,
}

impl State for ExpectFinished {
    fn name(&self) -> &'static str {
        "ExpectFinished"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::Finished]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let Handshake {
            mut client,
            suite,
            secret,
            client_hs,
            server_hs,
        } = self.hs;
        let HandshakeMessage::Finished(fin) = &msg.message else {
            return Err(unexpected(self_name(), "message"));
        };
        let hash = client
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        server_hs
            .verify_finished(&hash, &fin.verify_data)
            .map_err(|_| Error::BadFinished)?;
        client.transcript.add(msg.encoded);

        // Application secrets from the transcript through the server Finished.
        let hash = client
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        let master = secret.into_master_secret()?;
        let (client_ap, server_ap, exporter) =
            crate::tls13::application_secrets(core, &master, &hash)?;
        core.set_read_protection(protection(&server_ap)?, KeyPhase::Application)?;
        core.reader.set_ccs_policy(CcsPolicy::Reject);

        // Our second flight.
        if client.config.middlebox_compat && !client.ccs_sent {
            core.send_change_cipher_spec();
        }
        if let Some(schemes) = self.request {
            send_client_certificate(&mut client, core, &schemes)?;
        }
        let hash = client
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        let verify_data = client_hs.finished_verify_data(&hash)?;
        let finished = HandshakeMessage::Finished(Finished {
            verify_data: verify_data.as_bytes().to_vec(),
        });
        core.send(&finished, Some(&mut client.transcript))?;
        let hash = client
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        let resumption = master.resumption_master_secret(&hash)?;
        core.set_write_protection(protection(&client_ap)?, KeyPhase::Application);
        core.exporter = Some(Exporter::Tls13(exporter));
        let server_name = core.negotiated.server_name.clone().unwrap_or_default();
        core.established()?;
        Ok(Box::new(Traffic {
            read: server_ap,
            write: client_ap,
            tickets: Some(TicketSink {
                store: client.config.ticket_store.clone(),
                resumption,
                server_name,
                cipher_suite: suite.id,
            }),
        }))
    }
}

/// The client's Certificate (possibly empty) and, with a certificate, its CertificateVerify.
fn send_client_certificate(
    client: &mut Client,
    core: &mut Core,
    server_schemes: &[SignatureScheme],
) -> Result<(), Error> {
    let offered: Vec<SignatureScheme> = server_schemes
        .iter()
        .copied()
        .filter(|s| allowed_for_tls13_signature(*s))
        .collect();
    let chosen = client
        .config
        .client_cert
        .as_ref()
        .and_then(|r| r.resolve(&offered))
        .and_then(|ck| {
            let signer = ck.key.choose_scheme(&offered)?;
            Some((ck, signer))
        });
    let entries = chosen.as_ref().map_or_else(Vec::new, |(ck, _)| {
        ck.chain
            .iter()
            .map(|c| CertificateEntry {
                cert_data: c.clone(),
                extensions: Vec::new(),
            })
            .collect()
    });
    core.decide(|| match &chosen {
        Some(_) => "sending our client certificate".into(),
        None => {
            "no client certificate for the server's schemes: sending an empty Certificate".into()
        }
    });
    let cert = HandshakeMessage::Certificate(Certificate {
        context: Vec::new(),
        entries,
    });
    core.send(&cert, Some(&mut client.transcript))?;
    if let Some((_, signer)) = chosen {
        let hash = client
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        let input = crate::tls13::certificate_verify_input(CLIENT_CV_CONTEXT, &hash);
        let signature = signer.sign(&input)?;
        let scheme = signer.scheme();
        core.negotiated.own_signature_scheme = Some(scheme);
        let cv = HandshakeMessage::CertificateVerify(CertificateVerify { scheme, signature });
        core.send(&cv, Some(&mut client.transcript))?;
    }
    Ok(())
}
