//! What the TLS 1.3 client and server share: record protection from traffic secrets, the
//! CertificateVerify input, the signature schemes TLS 1.3 allows, and the established state.

use stratls_codec::handshake::{CertificateVerify, KeyUpdate};
use stratls_codec::{HandshakeMessage, HandshakeType, KeyUpdateRequest, SignatureScheme};
use stratls_crypto::{CipherSuite, Shared, Tls13CipherSuite};
use stratls_crypto::{CryptoProvider, HashOutput, Secret};
use stratls_keyschedule::keylog;
use stratls_keyschedule::tls13::{
    EarlySecret, ExporterSecret, HandshakeSecret, MasterSecret, ResumptionMasterSecret,
    TrafficSecret,
};
use stratls_pki::CertificateDer;
use stratls_record::RecordProtection;

use crate::context::Context;
use crate::error::{Error, Misbehaviour};
use crate::exporter::Exporter;
use crate::negotiated::Negotiated;
use crate::negotiated::Side;
use crate::observer::{KeyPhase, SecretKind};
use crate::proof::{
    ClientAuthChecked, FinishedVerified, PeerAuthenticated, SignatureRule, SignatureVerified,
    Signed, VerifiedChain,
};
use crate::state::{Policy, PostHandshake, State, Step};
use crate::tickets::{StoredTicket, TicketStore};

/// Record protection for one direction from a traffic secret (RFC 8446 §7.3).
pub(crate) fn protection(secret: &TrafficSecret) -> Result<RecordProtection, Error> {
    let keys = secret.keys()?;
    RecordProtection::tls13(keys.aead(), keys.key(), keys.iv()).map_err(Error::LocalRecord)
}

/// The client's early traffic secret (RFC 8446 §7.1) from the PSK, for the transcript
/// through the first ClientHello, written to the key log.
pub(crate) fn early_traffic_secret(
    cx: &Context,
    client_random: &[u8; 32],
    suite: &Shared<Tls13CipherSuite>,
    psk: &Secret,
    hello_hash: &HashOutput,
) -> Result<TrafficSecret, Error> {
    let secret = EarlySecret::new(suite, Some(psk))?.client_early_traffic_secret(hello_hash)?;
    report_traffic(cx, Side::Client, KeyPhase::Early, &secret, hello_hash)?;
    cx.log_key(
        keylog::CLIENT_EARLY_TRAFFIC_SECRET,
        client_random,
        secret.as_secret().as_bytes(),
    );
    Ok(secret)
}

/// The handshake secret from the PSK (if the handshake resumes) and the (EC)DHE output (none
/// in psk_ke), and both handshake traffic secrets for the transcript through ServerHello,
/// written to the key log.
pub(crate) fn handshake_secrets(
    cx: &Context,
    client_random: &[u8; 32],
    suite: &Shared<Tls13CipherSuite>,
    psk: Option<&Secret>,
    shared: Option<&Secret>,
    hello_hash: &HashOutput,
) -> Result<(HandshakeSecret, TrafficSecret, TrafficSecret), Error> {
    let early = EarlySecret::new(suite, psk)?;
    if let Some(shared) = shared {
        cx.report_secret(SecretKind::SharedSecret, shared.as_bytes(), None);
    }
    cx.report_secret(SecretKind::EarlySecret, early.as_secret().as_bytes(), None);
    let handshake = early.into_handshake_secret(shared)?;
    cx.report_secret(
        SecretKind::HandshakeSecret,
        handshake.as_secret().as_bytes(),
        None,
    );
    let client = handshake.client_handshake_traffic_secret(hello_hash)?;
    let server = handshake.server_handshake_traffic_secret(hello_hash)?;
    report_traffic(cx, Side::Client, KeyPhase::Handshake, &client, hello_hash)?;
    report_traffic(cx, Side::Server, KeyPhase::Handshake, &server, hello_hash)?;
    cx.log_key(
        keylog::CLIENT_HANDSHAKE_TRAFFIC_SECRET,
        client_random,
        client.as_secret().as_bytes(),
    );
    cx.log_key(
        keylog::SERVER_HANDSHAKE_TRAFFIC_SECRET,
        client_random,
        server.as_secret().as_bytes(),
    );
    Ok((handshake, client, server))
}

/// Both application traffic secrets and the exporter master secret for the transcript through
/// the server Finished, written to the key log.
pub(crate) fn application_secrets(
    cx: &Context,
    client_random: &[u8; 32],
    master: &MasterSecret,
    hash: &HashOutput,
) -> Result<(TrafficSecret, TrafficSecret, ExporterSecret), Error> {
    cx.report_secret(
        SecretKind::MasterSecret,
        master.as_secret().as_bytes(),
        None,
    );
    let client = master.client_application_traffic_secret(hash)?;
    let server = master.server_application_traffic_secret(hash)?;
    let exporter = master.exporter_master_secret(hash)?;
    report_traffic(cx, Side::Client, KeyPhase::Application, &client, hash)?;
    report_traffic(cx, Side::Server, KeyPhase::Application, &server, hash)?;
    cx.report_secret(
        SecretKind::ExporterMasterSecret,
        exporter.as_secret().as_bytes(),
        Some(hash.as_bytes()),
    );
    cx.log_key(
        keylog::CLIENT_TRAFFIC_SECRET_0,
        client_random,
        client.as_secret().as_bytes(),
    );
    cx.log_key(
        keylog::SERVER_TRAFFIC_SECRET_0,
        client_random,
        server.as_secret().as_bytes(),
    );
    cx.log_key(
        keylog::EXPORTER_SECRET,
        client_random,
        exporter.as_secret().as_bytes(),
    );
    Ok((client, server, exporter))
}

/// Reports a traffic secret with the transcript hash it was derived over, and the key and IV
/// it gives, if the observer gets secrets.
fn report_traffic(
    cx: &Context,
    writer: Side,
    phase: KeyPhase,
    secret: &TrafficSecret,
    hash: &HashOutput,
) -> Result<(), Error> {
    if !cx.secret_events() {
        return Ok(());
    }
    cx.report_secret(
        SecretKind::TrafficSecret { writer, phase },
        secret.as_secret().as_bytes(),
        Some(hash.as_bytes()),
    );
    let keys = secret.keys()?;
    cx.report_secret(
        SecretKind::WriteKey { writer, phase },
        keys.key().as_bytes(),
        None,
    );
    cx.report_secret(
        SecretKind::WriteIv { writer, phase },
        keys.iv().as_bytes(),
        None,
    );
    Ok(())
}

/// The chain of a TLS 1.3 Certificate message, end entity first. Extensions in its entries
/// must answer extensions of our hello or CertificateRequest (RFC 8446 §4.4.2), and we ask for
/// none (no OCSP stapling, no SCTs): any is `unsupported_extension`.
pub(crate) fn entries_chain(
    cert: stratls_codec::handshake::Certificate,
) -> Result<Vec<CertificateDer<'static>>, Error> {
    if cert.entries.iter().any(|e| !e.extensions.is_empty()) {
        return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension));
    }
    Ok(cert.entries.into_iter().map(|e| e.cert_data).collect())
}

/// The length of both CertificateVerify context strings.
const CV_CONTEXT_LEN: usize = 33;
/// The context strings of CertificateVerify (RFC 8446 §4.4.3).
pub(crate) const SERVER_CV_CONTEXT: &[u8; CV_CONTEXT_LEN] = b"TLS 1.3, server CertificateVerify";
/// The client's context string.
pub(crate) const CLIENT_CV_CONTEXT: &[u8; CV_CONTEXT_LEN] = b"TLS 1.3, client CertificateVerify";

/// The room the content a CertificateVerify signs takes at most: 64 spaces, a context
/// string, a zero byte and the longest transcript hash.
const CV_INPUT_MAX: usize = 64 + CV_CONTEXT_LEN + 1 + stratls_crypto::MAX_HASH_LEN;

/// What a CertificateVerify signs, on the stack: it is built, signed or verified, and dropped.
pub(crate) struct CertificateVerifyInput {
    buf: [u8; CV_INPUT_MAX],
    len: usize,
}

impl CertificateVerifyInput {
    /// The signed content.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        // `len` is at most CV_INPUT_MAX by construction; `get` keeps that free of panics.
        self.buf.get(..self.len).unwrap_or_default()
    }
}

/// What a CertificateVerify signs: 64 spaces, the context string, a zero byte, the transcript
/// hash.
pub(crate) fn certificate_verify_input(
    context: &[u8; CV_CONTEXT_LEN],
    transcript_hash: &HashOutput,
) -> CertificateVerifyInput {
    let hash = transcript_hash.as_bytes();
    let mut buf = [0x20u8; CV_INPUT_MAX];
    let mut len = 64;
    for part in [&context[..], &[0u8][..], hash] {
        // A hash output is at most MAX_HASH_LEN long, so every part fits.
        if let Some(dst) = buf.get_mut(len..len + part.len()) {
            dst.copy_from_slice(part);
        }
        len += part.len();
    }
    CertificateVerifyInput {
        buf,
        len: len.min(CV_INPUT_MAX),
    }
}

/// Whether TLS 1.3 allows `s` in CertificateVerify: not PKCS#1 v1.5, not SHA-1 (RFC 8446
/// §4.2.3).
pub(crate) fn allowed_for_tls13_signature(s: SignatureScheme) -> bool {
    matches!(
        s,
        SignatureScheme::RSA_PSS_RSAE_SHA256
            | SignatureScheme::RSA_PSS_RSAE_SHA384
            | SignatureScheme::RSA_PSS_RSAE_SHA512
            | SignatureScheme::RSA_PSS_PSS_SHA256
            | SignatureScheme::RSA_PSS_PSS_SHA384
            | SignatureScheme::RSA_PSS_PSS_SHA512
            | SignatureScheme::ECDSA_SECP256R1_SHA256
            | SignatureScheme::ECDSA_SECP384R1_SHA384
            | SignatureScheme::ECDSA_SECP521R1_SHA512
            | SignatureScheme::ED25519
    )
}

/// Checks the peer's CertificateVerify: a scheme we offered and TLS 1.3 allows, and a
/// signature over the transcript hash made with the key of `chain`.
pub(crate) fn verify_certificate_verify(
    chain: &VerifiedChain,
    provider: &CryptoProvider,
    offered: impl Iterator<Item = SignatureScheme>,
    cv: &CertificateVerify,
    context: &[u8; CV_CONTEXT_LEN],
    transcript_hash: &HashOutput,
) -> Result<SignatureVerified, Error> {
    let input = certificate_verify_input(context, transcript_hash);
    chain.verify_signature(
        provider,
        offered,
        allowed_for_tls13_signature,
        Signed {
            scheme: cv.scheme,
            message: input.as_bytes(),
            signature: &cv.signature,
        },
        SignatureRule::Tls13,
    )
}

/// Where a client puts the tickets of an established connection. The server name, the
/// server's chain and the ALPN protocol kept with each ticket are the connection's
/// [`Negotiated`] ones, which the context holds once established.
pub(crate) struct TicketSink {
    pub(crate) store: std::sync::Arc<dyn TicketStore>,
    pub(crate) resumption: ResumptionMasterSecret,
    pub(crate) cipher_suite: CipherSuite,
    /// Tickets taken so far, at most `Limits::max_tickets`.
    pub(crate) taken: usize,
}

/// The secrets an established TLS 1.3 connection runs on.
pub(crate) struct TrafficKeys {
    /// The peer's application traffic secret.
    pub(crate) read: TrafficSecret,
    /// Ours.
    pub(crate) write: TrafficSecret,
    /// The exporter master secret.
    pub(crate) exporter: ExporterSecret,
}

/// An established TLS 1.3 connection: application data, KeyUpdate both ways, and (client)
/// NewSessionTicket.
///
/// Built only from the proofs of a complete handshake: the peer's Finished verified, and the
/// server authenticated (client) or the client-authentication policy applied (server).
pub(crate) struct Traffic {
    read: TrafficSecret,
    write: TrafficSecret,
    tickets: Option<TicketSink>,
}

impl Traffic {
    /// The client's connection: the server authenticated and its Finished verified.
    pub(crate) fn client(
        cx: &mut Context,
        agreed: Negotiated,
        server: PeerAuthenticated,
        _finished: FinishedVerified,
        keys: TrafficKeys,
        tickets: TicketSink,
    ) -> Result<Box<dyn State>, Error> {
        cx.established(
            agreed.with_peer(Some(server)),
            Exporter::Tls13(keys.exporter),
        )?;
        Ok(Box::new(Self {
            read: keys.read,
            write: keys.write,
            tickets: Some(tickets),
        }))
    }

    /// The server's connection: the client's Finished verified and its authentication, if
    /// any was asked for, checked.
    pub(crate) fn server(
        cx: &mut Context,
        agreed: Negotiated,
        client: ClientAuthChecked,
        _finished: FinishedVerified,
        keys: TrafficKeys,
    ) -> Result<Box<dyn State>, Error> {
        cx.established(
            agreed.with_peer(client.into_peer()),
            Exporter::Tls13(keys.exporter),
        )?;
        Ok(Box::new(Self {
            read: keys.read,
            write: keys.write,
            tickets: None,
        }))
    }

    fn update_write(&mut self, cx: &mut Context, request: KeyUpdateRequest) -> Result<(), Error> {
        let ku = HandshakeMessage::KeyUpdate(KeyUpdate {
            request_update: request,
        });
        cx.send_post_handshake(&ku)?;
        self.write = self.write.next()?;
        cx.set_write_protection(protection(&self.write)?, KeyPhase::Updated);
        Ok(())
    }

    /// Derives the ticket's PSK and stores it; past `Limits::max_tickets` of this connection
    /// the ticket is ignored (RFC 8446 §4.6.1: a client may ignore tickets).
    fn store_ticket(
        &mut self,
        cx: &Context,
        nst: stratls_codec::handshake::NewSessionTicket,
    ) -> Result<(), Error> {
        let Some(sink) = &mut self.tickets else {
            return Ok(());
        };
        if sink.taken >= cx.limits.max_tickets {
            cx.decide(|| "NewSessionTicket past the limit of this connection: ignored".into());
            return Ok(());
        }
        sink.taken += 1;
        let Ok(now) = cx.now() else {
            cx.decide(|| "NewSessionTicket with no time known: ignored".into());
            return Ok(());
        };
        let psk = sink.resumption.psk(&nst.ticket_nonce)?;
        let max_early_data = nst.extensions.iter().find_map(|e| match e {
            stratls_codec::extensions::NewSessionTicketExtension::EarlyData(n) => Some(*n),
            _ => None,
        });
        let session = cx
            .negotiated
            .as_ref()
            .ok_or(Error::Internal("a ticket before the handshake completed"))?;
        sink.store.put(StoredTicket {
            server_name: session.server_name.clone().unwrap_or_default(),
            cipher_suite: sink.cipher_suite,
            ticket: nst.ticket,
            psk,
            lifetime: nst.ticket_lifetime,
            age_add: nst.ticket_age_add,
            max_early_data,
            received: now.as_secs(),
            peer_chain: session.peer_certificates.clone(),
            alpn: session.alpn.clone(),
        });
        Ok(())
    }
}

impl Step for Traffic {
    const NAME: &'static str = "Tls13Traffic";
    type Message = PostHandshake;

    fn policy(&self) -> Policy {
        Policy::TLS13_TRAFFIC
    }

    /// A client takes tickets; a server takes KeyUpdate only.
    fn accepts(&self) -> &'static [HandshakeType] {
        if self.tickets.is_some() {
            PostHandshake::TYPES_CLIENT
        } else {
            &[HandshakeType::KeyUpdate]
        }
    }

    fn step(
        mut self,
        cx: &mut Context,
        msg: PostHandshake,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        match self.step_in_place(cx, msg, encoded)? {
            None => Ok(Box::new(self)),
            Some(_) => Err(Error::Internal("a post-handshake message left unhandled")),
        }
    }

    /// Every post-handshake message leaves the connection established.
    fn step_in_place(
        &mut self,
        cx: &mut Context,
        msg: PostHandshake,
        _encoded: &[u8],
    ) -> Result<Option<PostHandshake>, Error> {
        match msg {
            PostHandshake::KeyUpdate(ku) => {
                cx.count_post_handshake(Misbehaviour::KeyUpdateAbuse)?;
                self.read = self.read.next()?;
                cx.set_read_protection(protection(&self.read)?, KeyPhase::Updated)?;
                match ku.request_update {
                    // After our close_notify nothing more is sent (RFC 8446 §6.1).
                    KeyUpdateRequest::UpdateRequested if cx.sent_close() => {}
                    // Our answer to an earlier request is still queued: it reaches the peer
                    // after this request, so it answers both (RFC 8446 §4.6.3 asks for an
                    // update before our next application data, which it is). A peer that
                    // never reads thus queues one answer, not one per request.
                    KeyUpdateRequest::UpdateRequested if cx.answer_waiting() => {
                        cx.decide(|| "peer asked for a key update: our queued one answers".into());
                    }
                    KeyUpdateRequest::UpdateRequested => {
                        cx.decide(|| "peer asked for a key update: updating ours too".into());
                        self.update_write(cx, KeyUpdateRequest::UpdateNotRequested)?;
                        cx.answered();
                    }
                    KeyUpdateRequest::UpdateNotRequested => {}
                    // The codec accepts only the two defined values.
                    KeyUpdateRequest::Unknown(_) => {
                        return Err(Error::PeerMisbehaved(Misbehaviour::KeyUpdateAbuse));
                    }
                }
            }
            PostHandshake::Ticket(nst) => self.store_ticket(cx, nst)?,
        }
        Ok(None)
    }

    fn send_key_update(&mut self, cx: &mut Context, request_peer: bool) -> Result<(), Error> {
        let request = if request_peer {
            KeyUpdateRequest::UpdateRequested
        } else {
            KeyUpdateRequest::UpdateNotRequested
        };
        self.update_write(cx, request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_verify_input_is_spaces_context_zero_and_hash() {
        for len in [32, 48, stratls_crypto::MAX_HASH_LEN] {
            let hash: Vec<u8> = (1..=len as u8).collect();
            for context in [SERVER_CV_CONTEXT, CLIENT_CV_CONTEXT] {
                let input = certificate_verify_input(context, &HashOutput::new(&hash));
                let mut expected = vec![0x20u8; 64];
                expected.extend_from_slice(context);
                expected.push(0);
                expected.extend_from_slice(&hash);
                assert_eq!(input.as_bytes(), expected.as_slice());
            }
        }
    }
}
