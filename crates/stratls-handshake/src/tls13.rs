//! What the TLS 1.3 client and server share: record protection from traffic secrets, the
//! CertificateVerify input, the signature schemes TLS 1.3 allows, and the established state.

use stratls_codec::handshake::KeyUpdate;
use stratls_codec::{
    CipherSuite, HandshakeMessage, HandshakeType, KeyUpdateRequest, SignatureScheme,
};
use stratls_crypto::{CryptoProvider, HashOutput, Secret};
use stratls_crypto::{Shared, Tls13CipherSuite};
use stratls_keyschedule::keylog;
use stratls_keyschedule::tls13::{
    EarlySecret, ExporterSecret, HandshakeSecret, MasterSecret, ResumptionMasterSecret,
    TrafficSecret,
};
use stratls_record::RecordProtection;

use crate::common::Core;
use crate::error::{Error, Misbehaviour};
use crate::observer::KeyPhase;
use crate::state::{Incoming, State};
use crate::tickets::{StoredTicket, TicketStore};

/// Record protection for one direction from a traffic secret (RFC 8446 §7.3).
pub(crate) fn protection(secret: &TrafficSecret) -> Result<RecordProtection, Error> {
    let keys = secret.keys()?;
    Ok(RecordProtection::tls13(keys.aead(), keys.key(), keys.iv())?)
}

/// The handshake secret from the (EC)DHE output, and both handshake traffic secrets for the
/// transcript through ServerHello, written to the key log.
pub(crate) fn handshake_secrets(
    core: &Core,
    suite: &Shared<Tls13CipherSuite>,
    shared: &Secret,
    hello_hash: &HashOutput,
) -> Result<(HandshakeSecret, TrafficSecret, TrafficSecret), Error> {
    let handshake = EarlySecret::new(suite, None)?.into_handshake_secret(Some(shared))?;
    let client = handshake.client_handshake_traffic_secret(hello_hash)?;
    let server = handshake.server_handshake_traffic_secret(hello_hash)?;
    core.log_key(
        keylog::CLIENT_HANDSHAKE_TRAFFIC_SECRET,
        client.as_secret().as_bytes(),
    );
    core.log_key(
        keylog::SERVER_HANDSHAKE_TRAFFIC_SECRET,
        server.as_secret().as_bytes(),
    );
    Ok((handshake, client, server))
}

/// Both application traffic secrets and the exporter master secret for the transcript through
/// the server Finished, written to the key log.
pub(crate) fn application_secrets(
    core: &Core,
    master: &MasterSecret,
    hash: &HashOutput,
) -> Result<(TrafficSecret, TrafficSecret, ExporterSecret), Error> {
    let client = master.client_application_traffic_secret(hash)?;
    let server = master.server_application_traffic_secret(hash)?;
    let exporter = master.exporter_master_secret(hash)?;
    core.log_key(
        keylog::CLIENT_TRAFFIC_SECRET_0,
        client.as_secret().as_bytes(),
    );
    core.log_key(
        keylog::SERVER_TRAFFIC_SECRET_0,
        server.as_secret().as_bytes(),
    );
    core.log_key(keylog::EXPORTER_SECRET, exporter.as_secret().as_bytes());
    Ok((client, server, exporter))
}

/// Rejects extensions in certificate entries: they must answer extensions of our hello or
/// CertificateRequest (RFC 8446 §4.4.2), and we ask for none (no OCSP stapling, no SCTs).
pub(crate) fn no_entry_extensions(
    cert: &stratls_codec::handshake::Certificate,
) -> Result<(), Error> {
    if cert.entries.iter().any(|e| !e.extensions.is_empty()) {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
    }
    Ok(())
}

/// The context strings of CertificateVerify (RFC 8446 §4.4.3).
pub(crate) const SERVER_CV_CONTEXT: &[u8] = b"TLS 1.3, server CertificateVerify";
/// The client's context string.
pub(crate) const CLIENT_CV_CONTEXT: &[u8] = b"TLS 1.3, client CertificateVerify";

/// What a CertificateVerify signs: 64 spaces, the context string, a zero byte, the transcript
/// hash.
pub(crate) fn certificate_verify_input(context: &[u8], transcript_hash: &HashOutput) -> Vec<u8> {
    let mut m = vec![0x20u8; 64];
    m.extend_from_slice(context);
    m.push(0);
    m.extend_from_slice(transcript_hash.as_bytes());
    m
}

/// Whether TLS 1.3 allows `s` in CertificateVerify: not PKCS#1 v1.5, not SHA-1 (RFC 8446
/// §4.2.3).
pub(crate) fn allowed_for_tls13_signature(s: SignatureScheme) -> bool {
    matches!(
        s,
        SignatureScheme::RSA_PSS_RSAE_SHA256
            | SignatureScheme::RSA_PSS_RSAE_SHA384
            | SignatureScheme::RSA_PSS_RSAE_SHA512
            | SignatureScheme::ECDSA_SECP256R1_SHA256
            | SignatureScheme::ECDSA_SECP384R1_SHA384
            | SignatureScheme::ED25519
    )
}

/// The schemes this side verifies, as offered in signature_algorithms.
pub(crate) fn verify_schemes(provider: &CryptoProvider) -> Vec<SignatureScheme> {
    provider.verify_schemes().collect()
}

/// Checks the peer's CertificateVerify scheme against what we offered and TLS 1.3 allows, then
/// the signature with the end-entity certificate's key.
pub(crate) fn verify_certificate_verify(
    core: &mut Core,
    provider: &CryptoProvider,
    offered: &[SignatureScheme],
    cv: &stratls_codec::handshake::CertificateVerify,
    context: &[u8],
    transcript_hash: &HashOutput,
) -> Result<(), Error> {
    let s = cv.scheme;
    if !offered.contains(&cv.scheme) || !allowed_for_tls13_signature(s) {
        return Err(Error::PeerMisbehaved(
            Misbehaviour::UnofferedSignatureScheme,
        ));
    }
    let end_entity = core
        .negotiated
        .peer_certificates
        .first()
        .ok_or(Error::Internal("CertificateVerify without a certificate"))?;
    let input = certificate_verify_input(context, transcript_hash);
    stratls_pki::verify_signed_message(provider, end_entity, s, &input, &cv.signature).map_err(
        |e| match e {
            stratls_pki::PkiError::UnsupportedAlgorithm => {
                Error::PeerMisbehaved(Misbehaviour::UnofferedSignatureScheme)
            }
            _ => Error::BadSignature,
        },
    )?;
    core.negotiated.peer_signature_scheme = Some(cv.scheme);
    Ok(())
}

/// Where a client puts the tickets of an established connection.
pub(crate) struct TicketSink {
    pub(crate) store: std::sync::Arc<dyn TicketStore>,
    pub(crate) resumption: ResumptionMasterSecret,
    pub(crate) server_name: String,
    pub(crate) cipher_suite: CipherSuite,
}

/// An established TLS 1.3 connection: application data, KeyUpdate both ways, and (client)
/// NewSessionTicket.
pub(crate) struct Traffic {
    pub(crate) read: TrafficSecret,
    pub(crate) write: TrafficSecret,
    pub(crate) tickets: Option<TicketSink>,
}

const CLIENT_TRAFFIC: &[HandshakeType] =
    &[HandshakeType::KeyUpdate, HandshakeType::NewSessionTicket];
const SERVER_TRAFFIC: &[HandshakeType] = &[HandshakeType::KeyUpdate];

impl Traffic {
    fn update_write(&mut self, core: &mut Core, request: KeyUpdateRequest) -> Result<(), Error> {
        let ku = HandshakeMessage::KeyUpdate(KeyUpdate {
            request_update: request,
        });
        core.send(&ku, None)?;
        self.write = self.write.next()?;
        core.set_write_protection(protection(&self.write)?, KeyPhase::Updated);
        Ok(())
    }
}

impl State for Traffic {
    fn name(&self) -> &'static str {
        "Tls13Traffic"
    }

    fn expects(&self) -> &'static [HandshakeType] {
        if self.tickets.is_some() {
            CLIENT_TRAFFIC
        } else {
            SERVER_TRAFFIC
        }
    }

    fn handle(
        mut self: Box<Self>,
        core: &mut Core,
        msg: Incoming<'_>,
    ) -> Result<Box<dyn State>, Error> {
        match msg.message {
            HandshakeMessage::KeyUpdate(ku) => {
                core.count_post_handshake(Misbehaviour::KeyUpdateAbuse)?;
                self.read = self.read.next()?;
                core.set_read_protection(protection(&self.read)?, KeyPhase::Updated)?;
                match ku.request_update {
                    // After our close_notify nothing more is sent (RFC 8446 §6.1).
                    KeyUpdateRequest::UpdateRequested if core.sent_close() => {}
                    KeyUpdateRequest::UpdateRequested => {
                        core.decide(|| "peer asked for a key update: updating ours too".into());
                        self.update_write(core, KeyUpdateRequest::UpdateNotRequested)?;
                    }
                    KeyUpdateRequest::UpdateNotRequested => {}
                    // The codec accepts only the two defined values.
                    KeyUpdateRequest::Unknown(_) => {
                        return Err(Error::PeerMisbehaved(Misbehaviour::KeyUpdateAbuse));
                    }
                }
                Ok(self)
            }
            HandshakeMessage::NewSessionTicket(nst) => {
                if let Some(sink) = &self.tickets {
                    let psk = sink.resumption.psk(&nst.ticket_nonce)?;
                    let max_early_data = nst.extensions.iter().find_map(|e| match e {
                        stratls_codec::extensions::NewSessionTicketExtension::EarlyData(n) => {
                            Some(*n)
                        }
                        _ => None,
                    });
                    sink.store.put(StoredTicket {
                        server_name: sink.server_name.clone(),
                        cipher_suite: sink.cipher_suite,
                        ticket: nst.ticket,
                        psk,
                        lifetime: nst.ticket_lifetime,
                        age_add: nst.ticket_age_add,
                        max_early_data,
                    });
                }
                Ok(self)
            }
            other => Err(crate::state::unexpected(
                self.name(),
                &format!("{:?}", other.typ()),
            )),
        }
    }

    fn accepts_application_data(&self) -> bool {
        true
    }

    fn send_key_update(&mut self, core: &mut Core, request_peer: bool) -> Result<(), Error> {
        let request = if request_peer {
            KeyUpdateRequest::UpdateRequested
        } else {
            KeyUpdateRequest::UpdateNotRequested
        };
        self.update_write(core, request)
    }
}
