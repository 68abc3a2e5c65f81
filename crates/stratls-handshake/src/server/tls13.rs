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
use stratls_codec::{HandshakeMessage, ProtocolVersion};
use stratls_crypto::{CryptoError, Shared, Tls13CipherSuite};
use stratls_keyschedule::tls13::{HandshakeSecret, MasterSecret, TrafficSecret};

use super::offer::{Offer, Tls13Offer};
use crate::auth::{scheme_of, verify_client_chain};
use crate::choose::{choose_alpn, random32, verify_schemes};
use crate::config::ServerConfig;
use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::negotiated::Negotiated;
use crate::observer::KeyPhase;
use crate::proof::{
    ClientAuthChecked, ClientAuthStart, FinishedVerified, PeerAuthenticated, VerifiedChain,
};
use crate::state::{Policy, State, Step};
use crate::tls13::{
    CLIENT_CV_CONTEXT, SERVER_CV_CONTEXT, Traffic, TrafficKeys, allowed_for_tls13_signature,
    protection,
};
use crate::transcript::TranscriptHash;
use crate::verify::{ClientCertVerifier, ClientHelloInfo};

/// What the server took from a TLS 1.3 ClientHello: the offer, its TLS 1.3 view, the suite
/// and the client's key share to answer.
pub(super) struct Choice<'a> {
    pub(super) offer: &'a Offer<'a>,
    pub(super) view: Tls13Offer<'a>,
    pub(super) suite: Shared<Tls13CipherSuite>,
    pub(super) share: &'a KeyShareEntry,
    /// The transcript hash through the partial ClientHello, when it offers pre_shared_key.
    pub(super) psk_hash: Option<stratls_crypto::HashOutput>,
}

/// Sends ServerHello, EncryptedExtensions, [CertificateRequest], Certificate,
/// CertificateVerify and Finished, and waits for the client's flight.
pub(super) fn respond(
    cx: &mut Context,
    config: Arc<ServerConfig>,
    mut transcript: TranscriptHash,
    choice: Choice<'_>,
    mut agreed: Negotiated,
    ccs_sent: bool,
) -> Result<Box<dyn State>, Error> {
    let Choice {
        offer,
        view,
        suite,
        share,
        psk_hash,
    } = choice;
    let provider = config.provider.clone();
    let hello = offer.hello;
    let client_random = hello.random;

    // Choices that can still fail go first, before anything is sent.
    let resumed = super::resume::choose(cx, &config, offer, &suite, psk_hash.as_ref())?;
    let alpn = match resumed.as_ref().and_then(|r| r.ticket.as_ref()) {
        // A resumed session keeps its protocol when the client offers it again and we still
        // speak it (RFC 8446 §4.2.10 requires it for 0-RTT).
        Some(t)
            if t.alpn
                .as_ref()
                .is_some_and(|p| offer.alpn.contains(p) && config.shared.alpn.contains(p)) =>
        {
            cx.decide(|| "ALPN: the resumed session's protocol".into());
            t.alpn.clone()
        }
        _ => choose_alpn(cx, &config.shared.alpn, offer.alpn)?,
    };
    let early = super::early::accept(
        cx,
        &config,
        offer,
        resumed.as_ref(),
        super::early::Chosen {
            suite: suite.id,
            alpn: alpn.as_deref(),
            hello_retry: agreed.hello_retry,
        },
    );
    let psk_ke = resumed.as_ref().is_some_and(|r| r.psk_ke);
    // Kept on the stack for every real client's short list.
    let client_schemes =
        super::offer::FilteredSchemes::new(view.signature_schemes, allowed_for_tls13_signature);
    let client_schemes = client_schemes.as_slice();
    // A resumed handshake is authenticated by the PSK: no certificate (RFC 8446 §4.4.2).
    let certified = match resumed {
        Some(_) => None,
        None => {
            let certified = config
                .cert_resolver
                .resolve(&ClientHelloInfo {
                    server_name: offer.server_name.as_deref(),
                    signature_schemes: client_schemes,
                    alpn: offer.alpn,
                })
                .ok_or(Error::PeerIncompatible(
                    Incompatibility::NoCommonSignatureScheme,
                ))?;
            let signer =
                certified
                    .key
                    .choose_scheme(client_schemes)
                    .ok_or(Error::PeerIncompatible(
                        Incompatibility::NoCommonSignatureScheme,
                    ))?;
            Some((certified, signer))
        }
    };
    let group = share.group;
    // pre_shared_key, key_share, supported_versions: the order of RFC 8448's servers (RFC
    // 8446 fixes none in a ServerHello), so that its traces replay byte for byte.
    let mut extensions = Vec::with_capacity(3);
    if let Some(r) = &resumed {
        extensions.push(ServerExtension::PreSharedKey(r.index));
    }
    // psk_ke: no key exchange, no key_share in the ServerHello (RFC 8446 §4.2.9).
    let shared = if psk_ke {
        cx.decide(|| "psk_ke: no (EC)DHE, the PSK alone keys the handshake".into());
        None
    } else {
        // The share's group is one of the configured groups, which are the provider's. For
        // a Diffie-Hellman group the answer is a fresh key pair, for a KEM an encapsulation.
        let answer = provider
            .kx_group(group)
            .ok_or(Error::Config(
                "key-exchange group not offered by the provider",
            ))?
            .encapsulate(&share.key_exchange)
            .map_err(|e| match e {
                CryptoError::InvalidPeerKeyShare => {
                    Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare)
                }
                other => Error::Crypto(other),
            })?;
        let our_share = crate::choose::own_share(answer.share, crate::choose::MAX_TLS13_SHARE)?;
        extensions.push(ServerExtension::KeyShare(KeyShareEntry {
            group,
            key_exchange: our_share,
        }));
        agreed.group = Some(group);
        cx.decide(|| format!("key exchange over {:?} with the client's share", group));
        Some(answer.secret)
    };

    agreed.version = Some(ProtocolVersion::TLSv1_3);
    agreed.cipher_suite = Some(suite.id);
    agreed.server_name = offer.server_name.clone();
    agreed.alpn = alpn.clone();
    agreed.psk_ke = psk_ke;
    agreed.early_data = match (offer.early_data, early) {
        // After a HelloRetryRequest, what the first hello offered was rejected already.
        (false, _) => agreed.early_data,
        (true, Some(_)) => crate::negotiated::EarlyData::Accepted,
        (true, None) => crate::negotiated::EarlyData::Rejected,
    };

    let random = random32(&provider)?;
    extensions.push(ServerExtension::SupportedVersions(ProtocolVersion::TLSv1_3));
    if let Some(r) = &resumed {
        match &r.external {
            Some(id) => agreed.psk_identity = Some(id.clone()),
            None => agreed.resumed = true,
        }
    }
    let sh = HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random,
        legacy_session_id_echo: hello.legacy_session_id.clone(),
        cipher_suite: suite.id,
        legacy_compression_method: 0,
        extensions,
    });
    // The client's early traffic key, over the transcript through the ClientHello.
    let early_read = match (early, &resumed) {
        (Some(_), Some(r)) => Some(crate::tls13::early_traffic_secret(
            cx,
            &client_random,
            &suite,
            &r.secret,
            &transcript.current(),
        )?),
        _ => None,
    };
    cx.send(&sh, &mut transcript)?;
    if !hello.legacy_session_id.is_empty() && !ccs_sent {
        cx.send_change_cipher_spec();
    }

    let (handshake, client_hs, server_hs) = crate::tls13::handshake_secrets(
        cx,
        &client_random,
        &suite,
        resumed.as_ref().map(|r| &r.secret),
        shared.as_ref(),
        &transcript.current(),
    )?;
    cx.set_write_protection(protection(&server_hs)?, KeyPhase::Handshake);
    match &early_read {
        Some(secret) => cx.set_read_protection(protection(secret)?, KeyPhase::Early)?,
        None => cx.set_read_protection(protection(&client_hs)?, KeyPhase::Handshake)?,
    }

    // In the relative order of RFC 8448's servers: server_name before early_data.
    let mut ee = Vec::new();
    if let Some(p) = &alpn {
        ee.push(EncryptedExtension::Alpn(p.clone()));
    }
    if offer.server_name.is_some() {
        ee.push(EncryptedExtension::ServerName);
    }
    if early.is_some() {
        ee.push(EncryptedExtension::EarlyData);
    }
    cx.send(
        &HandshakeMessage::EncryptedExtensions(EncryptedExtensions { extensions: ee }),
        &mut transcript,
    )?;

    let (certified, signer) = match (certified, resumed) {
        (Some(c), _) => c,
        (None, Some(r)) => {
            // The client is who the original session said; its Finished completes it.
            let peer = PeerAuthenticated::by_resumption(r.peer_chain, &r.binder);
            let flight = finish_flight(
                cx,
                config,
                transcript,
                FlightSecrets {
                    client_random,
                    handshake,
                    client_hs,
                    server_hs,
                },
                offer.early_data && early.is_none(),
                agreed,
            )?;
            let client_auth = ClientAuthChecked::resumed(peer);
            return Ok(match early {
                Some(max) => Box::new(super::early::ExpectEndOfEarlyData {
                    flight,
                    client_auth,
                    max,
                }),
                None => Box::new(ExpectFinished {
                    flight,
                    client_auth,
                }),
            });
        }
        (None, None) => return Err(Error::Internal("no certificate and no resumption")),
    };
    let client_auth = ClientAuthChecked::begin(&config.client_auth);
    if let ClientAuthStart::Request(_) = client_auth {
        agreed.client_auth_requested = true;
        cx.decide(|| "asking the client for a certificate".into());
        let request = HandshakeMessage::CertificateRequest(CertificateRequest {
            context: Vec::new(),
            extensions: vec![CertReqExtension::SignatureAlgorithms(verify_schemes(
                &provider,
            ))],
        });
        cx.send(&request, &mut transcript)?;
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
    cx.send(&certificate, &mut transcript)?;

    let signature = signer.sign(
        crate::tls13::certificate_verify_input(SERVER_CV_CONTEXT, &transcript.current()).as_bytes(),
    )?;
    let scheme = scheme_of(signer.as_ref());
    agreed.own_signature_scheme = Some(scheme);
    cx.decide(|| format!("signing with {scheme:?}"));
    cx.send(
        &HandshakeMessage::CertificateVerify(CertificateVerify { scheme, signature }),
        &mut transcript,
    )?;

    let flight = finish_flight(
        cx,
        config,
        transcript,
        FlightSecrets {
            client_random,
            handshake,
            client_hs,
            server_hs,
        },
        offer.early_data,
        agreed,
    )?;
    Ok(match client_auth {
        ClientAuthStart::NotRequested(checked) => Box::new(ExpectFinished {
            flight,
            client_auth: checked,
        }),
        ClientAuthStart::Request(verifier) => Box::new(ExpectCertificate { flight, verifier }),
    })
}

/// The secrets of the server's flight, to end it.
struct FlightSecrets {
    client_random: [u8; 32],
    handshake: HandshakeSecret,
    client_hs: TrafficSecret,
    server_hs: TrafficSecret,
}

/// Sends the server's Finished, installs the application write keys and returns what the
/// server needs to check the client's flight.
#[allow(clippy::too_many_arguments)]
fn finish_flight(
    cx: &mut Context,
    config: Arc<ServerConfig>,
    mut transcript: TranscriptHash,
    secrets: FlightSecrets,
    skip_early_data: bool,
    agreed: Negotiated,
) -> Result<ClientFlight, Error> {
    let FlightSecrets {
        client_random,
        handshake,
        client_hs,
        server_hs,
    } = secrets;
    let verify_data = server_hs.finished_verify_data(&transcript.current())?;
    cx.send(
        &HandshakeMessage::Finished(Finished {
            verify_data: verify_data.as_bytes().to_vec(),
        }),
        &mut transcript,
    )?;

    let master = handshake.into_master_secret()?;
    let (client_ap, server_ap, exporter) =
        crate::tls13::application_secrets(cx, &client_random, &master, &transcript.current())?;
    cx.set_write_protection(protection(&server_ap)?, KeyPhase::Application);
    Ok(ClientFlight {
        config,
        transcript,
        client_hs,
        master,
        keys: TrafficKeys {
            read: client_ap,
            write: server_ap,
            exporter,
        },
        skip_early_data,
        agreed,
    })
}

/// What the server needs to check the client's flight.
pub(super) struct ClientFlight {
    config: Arc<ServerConfig>,
    pub(super) transcript: TranscriptHash,
    pub(super) client_hs: TrafficSecret,
    /// For the resumption master secret, once the client's Finished is in the transcript.
    master: MasterSecret,
    keys: TrafficKeys,
    /// The hello offered 0-RTT, which is declined: what the client sent under its early keys
    /// fails to decrypt with the handshake key and is skipped, up to a bound (RFC 8446
    /// §4.2.10).
    skip_early_data: bool,
    agreed: Negotiated,
}

impl ClientFlight {
    /// While the client's flight comes: its compatibility change_cipher_spec is dropped, and a
    /// client that rejected our flight before deriving its keys may alert in the clear.
    pub(super) fn policy(&self) -> Policy {
        Policy {
            plaintext_alerts: true,
            skip_early_data: self.skip_early_data,
            ..Policy::tls13_handshake(true)
        }
    }
}

struct ExpectCertificate {
    flight: ClientFlight,
    verifier: Arc<dyn ClientCertVerifier>,
}

impl Step for ExpectCertificate {
    const NAME: &'static str = "ExpectClientCertificate";
    type Message = Certificate;

    fn policy(&self) -> Policy {
        self.flight.policy()
    }

    fn step(
        self,
        cx: &mut Context,
        cert: Certificate,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        if !cert.context.is_empty() {
            return Err(Error::PeerMisbehaved(Misbehaviour::BadCertificateContext));
        }
        let chain = crate::tls13::entries_chain(cert)?;
        if chain.is_empty() {
            let client_auth = ClientAuthChecked::anonymous(&flight.config.client_auth, true)?;
            cx.decide(|| "client sent no certificate; client authentication is optional".into());
            flight.transcript.add(encoded);
            return Ok(Box::new(ExpectFinished {
                flight,
                client_auth,
            }));
        }
        let chain =
            verify_client_chain(cx, &flight.config.provider, self.verifier.as_ref(), chain)?;
        flight.transcript.add(encoded);
        Ok(Box::new(ExpectCertificateVerify { flight, chain }))
    }
}

struct ExpectCertificateVerify {
    flight: ClientFlight,
    chain: VerifiedChain,
}

impl Step for ExpectCertificateVerify {
    const NAME: &'static str = "ExpectClientCertificateVerify";
    type Message = CertificateVerify;

    fn policy(&self) -> Policy {
        self.flight.policy()
    }

    fn step(
        self,
        _cx: &mut Context,
        cv: CertificateVerify,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        let signature = crate::tls13::verify_certificate_verify(
            &self.chain,
            &flight.config.provider,
            // The schemes of our CertificateRequest.
            flight.config.provider.verify_schemes(),
            &cv,
            CLIENT_CV_CONTEXT,
            &flight.transcript.current(),
        )?;
        flight.transcript.add(encoded);
        let peer = PeerAuthenticated::by_signature(self.chain, signature);
        Ok(Box::new(ExpectFinished {
            flight,
            client_auth: ClientAuthChecked::authenticated(peer),
        }))
    }
}

pub(super) struct ExpectFinished {
    pub(super) flight: ClientFlight,
    pub(super) client_auth: ClientAuthChecked,
}

impl Step for ExpectFinished {
    const NAME: &'static str = "ExpectClientFinished";
    type Message = Finished;

    fn policy(&self) -> Policy {
        Policy {
            finished_len: Some(self.flight.client_hs.suite().hash.output_len()),
            ..self.flight.policy()
        }
    }

    fn step(
        self,
        cx: &mut Context,
        fin: Finished,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        let finished = FinishedVerified::tls13(
            &flight.client_hs,
            &flight.transcript.current(),
            &fin.verify_data,
        )?;
        flight.transcript.add(encoded);
        cx.set_read_protection(protection(&flight.keys.read)?, KeyPhase::Application)?;
        let config = &flight.config;
        // One more ticket after a resumption, so that a client using each once keeps one.
        let count = config.tickets + usize::from(flight.agreed.resumed && config.tickets > 0);
        if count > 0 && config.ticketer.is_some() {
            let resumption = flight
                .master
                .resumption_master_secret(&flight.transcript.current())?;
            let suite = flight.client_hs.suite().clone();
            super::resume::issue(
                cx,
                &resumption,
                super::resume::Issue {
                    config,
                    suite: &suite,
                    agreed: &flight.agreed,
                    client_chain: self.client_auth.chain(),
                    count,
                },
            )?;
        }
        Traffic::server(cx, flight.agreed, self.client_auth, finished, flight.keys)
    }
}
