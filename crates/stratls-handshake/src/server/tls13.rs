//! The server's TLS 1.3 flight (ServerHello through Finished) and the client's answer
//! (Certificate and CertificateVerify when asked for, Finished).

use std::sync::Arc;

use stratls_codec::extensions::{
    CertReqExtension, EncryptedExtension, KeyShareEntry, ServerExtension,
};
use stratls_codec::handshake::{
    Certificate, CertificateEntry, CertificateRequest, CertificateVerify, EncryptedExtensions,
    Finished, ServerHello,
};
use stratls_codec::{HandshakeMessage, HandshakeType, ProtocolVersion, SignatureScheme};
use stratls_crypto::{Shared, Tls13CipherSuite};
use stratls_keyschedule::tls13::TrafficSecret;
use stratls_pki::CertificateDer;
use stratls_record::CcsPolicy;

use super::Offer;
use crate::common::Core;
use crate::config::{ClientAuth, ServerConfig};
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::exporter::Exporter;
use crate::observer::KeyPhase;
use crate::state::{Incoming, State, unexpected};
use crate::tls13::{
    CLIENT_CV_CONTEXT, SERVER_CV_CONTEXT, Traffic, allowed_for_tls13_signature, protection,
};
use crate::transcript::Transcript;
use crate::verify::ClientHelloInfo;

/// Sends ServerHello, EncryptedExtensions, [CertificateRequest], Certificate,
/// CertificateVerify and Finished, and waits for the client's flight.
pub(super) fn respond(
    core: &mut Core,
    config: Arc<ServerConfig>,
    mut transcript: Transcript,
    offer: &Offer<'_>,
    suite: Shared<Tls13CipherSuite>,
    share: &KeyShareEntry,
    ccs_sent: bool,
) -> Result<Box<dyn State>, Error> {
    let provider = config.provider.clone();
    let hello = offer.hello;

    // Choices that can still fail go first, before anything is sent.
    let alpn = choose_alpn(core, &config, offer.alpn)?;
    let client_schemes: Vec<SignatureScheme> = offer
        .signature_schemes
        .iter()
        .copied()
        .filter(|s| allowed_for_tls13_signature(*s))
        .collect();
    let certified = config
        .cert_resolver
        .resolve(&ClientHelloInfo {
            server_name: offer.server_name.as_deref(),
            signature_schemes: &client_schemes,
            alpn: offer.alpn,
        })
        .ok_or(Error::PeerIncompatible(
            Incompatibility::NoCommonSignatureScheme,
        ))?;
    let signer = certified
        .key
        .choose_scheme(&client_schemes)
        .ok_or(Error::PeerIncompatible(
            Incompatibility::NoCommonSignatureScheme,
        ))?;
    let group = share.group;
    let kx = provider
        .kx_group(group)
        .ok_or(Error::Internal("chosen group missing from the provider"))?
        .start()?;
    let our_share = kx.public_key().to_vec();
    let shared = kx
        .complete(&share.key_exchange)
        .map_err(|_| Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare))?;

    core.negotiated.version = Some(ProtocolVersion::TLSv1_3);
    core.negotiated.cipher_suite = Some(suite.id);
    core.negotiated.group = Some(share.group);
    core.negotiated.server_name = offer.server_name.clone();
    core.negotiated.alpn = alpn.clone();
    core.decide(|| format!("key exchange over {:?} with the client's share", group));

    let random = crate::client::random32(&provider)?;
    let sh = HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random,
        legacy_session_id_echo: hello.legacy_session_id.clone(),
        cipher_suite: suite.id,
        legacy_compression_method: 0,
        extensions: vec![
            ServerExtension::SupportedVersions(ProtocolVersion::TLSv1_3),
            ServerExtension::KeyShare(KeyShareEntry {
                group: share.group,
                key_exchange: our_share,
            }),
        ],
    });
    transcript.start_hash(&*suite.hash);
    core.send(&sh, Some(&mut transcript))?;
    if !hello.legacy_session_id.is_empty() && !ccs_sent {
        core.send_change_cipher_spec();
    }

    let hello_hash = transcript.current().ok_or(Error::Internal("transcript"))?;
    let (handshake, client_hs, server_hs) =
        crate::tls13::handshake_secrets(core, &suite, &shared, &hello_hash)?;
    core.set_write_protection(protection(&server_hs)?, KeyPhase::Handshake);
    core.set_read_protection(protection(&client_hs)?, KeyPhase::Handshake)?;
    core.reader.set_ccs_policy(CcsPolicy::Ignore);
    // A client that rejects this flight before deriving its keys alerts in the clear.
    core.reader.set_plaintext_alerts(true);
    // 0-RTT data is declined: what the client sent under its early keys fails to decrypt
    // with the handshake key and is skipped, up to a bound (RFC 8446 §4.2.10). Without an
    // early_data offer nothing is skipped.
    let early = if offers_early_data(hello) {
        core.limits.max_skipped_early_data
    } else {
        0
    };
    core.reader.skip_early_data(early);

    let mut ee = Vec::new();
    if let Some(p) = &alpn {
        ee.push(EncryptedExtension::Alpn(p.clone()));
    }
    if offer.server_name.is_some() {
        ee.push(EncryptedExtension::ServerName);
    }
    core.send(
        &HandshakeMessage::EncryptedExtensions(EncryptedExtensions { extensions: ee }),
        Some(&mut transcript),
    )?;

    let verify_schemes = crate::tls13::verify_schemes(&provider);
    let client_auth = !matches!(config.client_auth, ClientAuth::None);
    if client_auth {
        core.negotiated.client_auth_requested = true;
        core.decide(|| "asking the client for a certificate".into());
        let request = HandshakeMessage::CertificateRequest(CertificateRequest {
            context: Vec::new(),
            extensions: vec![CertReqExtension::SignatureAlgorithms(
                verify_schemes.clone(),
            )],
        });
        core.send(&request, Some(&mut transcript))?;
    }

    let certificate = HandshakeMessage::Certificate(Certificate {
        context: Vec::new(),
        entries: certified
            .chain
            .iter()
            .map(|c| CertificateEntry {
                cert_data: c.clone(),
                extensions: Vec::new(),
            })
            .collect(),
    });
    core.send(&certificate, Some(&mut transcript))?;

    let hash = transcript.current().ok_or(Error::Internal("transcript"))?;
    let signature = signer.sign(&crate::tls13::certificate_verify_input(
        SERVER_CV_CONTEXT,
        &hash,
    ))?;
    let scheme = signer.scheme();
    core.negotiated.own_signature_scheme = Some(scheme);
    core.decide(|| format!("signing with {scheme:?}"));
    core.send(
        &HandshakeMessage::CertificateVerify(CertificateVerify { scheme, signature }),
        Some(&mut transcript),
    )?;

    let hash = transcript.current().ok_or(Error::Internal("transcript"))?;
    let verify_data = server_hs.finished_verify_data(&hash)?;
    core.send(
        &HandshakeMessage::Finished(Finished {
            verify_data: verify_data.as_bytes().to_vec(),
        }),
        Some(&mut transcript),
    )?;

    let hash = transcript.current().ok_or(Error::Internal("transcript"))?;
    let master = handshake.into_master_secret()?;
    let (client_ap, server_ap, exporter) = crate::tls13::application_secrets(core, &master, &hash)?;
    core.set_write_protection(protection(&server_ap)?, KeyPhase::Application);
    core.exporter = Some(Exporter::Tls13(exporter));

    let flight = ClientFlight {
        config,
        transcript,
        client_hs,
        client_ap,
        server_ap,
        verify_schemes,
    };
    Ok(if client_auth {
        Box::new(ExpectCertificate(flight))
    } else {
        Box::new(ExpectFinished(flight))
    })
}

pub(super) fn choose_alpn(
    core: &Core,
    config: &ServerConfig,
    offered: &[Vec<u8>],
) -> Result<Option<Vec<u8>>, Error> {
    if config.alpn.is_empty() || offered.is_empty() {
        return Ok(None);
    }
    let chosen = config.alpn.iter().find(|p| offered.contains(p)).cloned();
    match chosen {
        Some(p) => {
            core.decide(|| {
                format!(
                    "ALPN {:?}: first of ours the client offers",
                    String::from_utf8_lossy(&p)
                )
            });
            Ok(Some(p))
        }
        None => Err(Error::PeerIncompatible(Incompatibility::NoCommonAlpn)),
    }
}

/// What the server needs to check the client's flight.
struct ClientFlight {
    config: Arc<ServerConfig>,
    transcript: Transcript,
    client_hs: TrafficSecret,
    client_ap: TrafficSecret,
    server_ap: TrafficSecret,
    verify_schemes: Vec<SignatureScheme>,
}

struct ExpectCertificate(ClientFlight);

impl State for ExpectCertificate {
    fn name(&self) -> &'static str {
        "ExpectClientCertificate"
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
        let HandshakeMessage::Certificate(cert) = msg.message else {
            return Err(unexpected("ExpectClientCertificate", "message"));
        };
        if !cert.context.is_empty() {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadCertificateContext));
        }
        crate::tls13::no_entry_extensions(&cert)?;
        let verifier = match &flight.config.client_auth {
            ClientAuth::Required(v) | ClientAuth::Optional(v) => v.clone(),
            ClientAuth::None => {
                return Err(Error::Internal("client certificate without a request"));
            }
        };
        if cert.entries.is_empty() {
            if matches!(flight.config.client_auth, ClientAuth::Required(_)) {
                return Err(Error::PeerIncompatible(
                    Incompatibility::CertificateRequired,
                ));
            }
            core.decide(|| "client sent no certificate; client authentication is optional".into());
            flight.transcript.add(msg.encoded);
            return Ok(Box::new(ExpectFinished(flight)));
        }
        let chain: Vec<CertificateDer<'static>> =
            cert.entries.into_iter().map(|e| e.cert_data).collect();
        core.accept_peer_chain(chain, |ee, intermediates, now| {
            verifier.verify_client_cert(ee, intermediates, now)
        })?;
        flight.transcript.add(msg.encoded);
        Ok(Box::new(ExpectCertificateVerify(flight)))
    }
}

struct ExpectCertificateVerify(ClientFlight);

impl State for ExpectCertificateVerify {
    fn name(&self) -> &'static str {
        "ExpectClientCertificateVerify"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::CertificateVerify]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.0;
        let HandshakeMessage::CertificateVerify(cv) = &msg.message else {
            return Err(unexpected("ExpectClientCertificateVerify", "message"));
        };
        let hash = flight
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        let provider = flight.config.provider.clone();
        crate::tls13::verify_certificate_verify(
            core,
            &provider,
            &flight.verify_schemes,
            cv,
            CLIENT_CV_CONTEXT,
            &hash,
        )?;
        flight.transcript.add(msg.encoded);
        Ok(Box::new(ExpectFinished(flight)))
    }
}

struct ExpectFinished(ClientFlight);

impl State for ExpectFinished {
    fn name(&self) -> &'static str {
        "ExpectClientFinished"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        &[HandshakeType::Finished]
    }

    fn handle(
        self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.0;
        let HandshakeMessage::Finished(fin) = &msg.message else {
            return Err(unexpected("ExpectClientFinished", "message"));
        };
        let hash = flight
            .transcript
            .current()
            .ok_or(Error::Internal("transcript"))?;
        flight
            .client_hs
            .verify_finished(&hash, &fin.verify_data)
            .map_err(|_| Error::BadFinished)?;
        flight.transcript.add(msg.encoded);
        core.set_read_protection(protection(&flight.client_ap)?, KeyPhase::Application)?;
        core.reader.set_ccs_policy(CcsPolicy::Reject);
        core.reader.set_plaintext_alerts(false);
        core.established()?;
        Ok(Box::new(Traffic {
            read: flight.client_ap,
            write: flight.server_ap,
            tickets: None,
        }))
    }
}

/// Whether a ClientHello offers 0-RTT data.
pub(super) fn offers_early_data(hello: &stratls_codec::handshake::ClientHello) -> bool {
    hello
        .extensions
        .iter()
        .any(|e| matches!(e, stratls_codec::extensions::ClientExtension::EarlyData))
}
