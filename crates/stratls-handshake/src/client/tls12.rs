//! The client's TLS 1.2 handshake after ServerHello (RFC 5246 §7.3): Certificate,
//! ServerKeyExchange (ECDHE), an optional CertificateRequest, ServerHelloDone; then its own
//! flight ([`flight`]) and the server's ChangeCipherSpec and Finished.

use stratls_codec::extensions::ServerExtension;
use stratls_codec::handshake::{
    CertificateRequestTls12, CertificateTls12, NewSessionTicketTls12, ServerHello, ServerHelloDone,
    ServerKeyExchange,
};
use stratls_codec::{ECPointFormat, ProtocolVersion};
use stratls_crypto::{Secret, Shared, Tls12CipherSuite, Tls12KeyExchange};
use stratls_pki::CertificateDer;

use super::Client;
use crate::auth::verify_server_chain;
use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::proof::{FinishedVerified, PeerAuthenticated, SignatureRule, Signed, VerifiedChain};
use crate::state::{Policy, RequestOrDone, State, Step};
use crate::tls12::{Session, Traffic, scheme_fits_suite};
use crate::transcript::TranscriptBuffer;

mod flight;

/// The TLS 1.2 handshake in progress, after ServerHello.
pub(super) struct Handshake {
    pub(super) client: Client,
    pub(super) suite: Shared<Tls12CipherSuite>,
    pub(super) transcript: TranscriptBuffer,
    pub(super) server_random: [u8; 32],
    pub(super) extended_master_secret: bool,
    /// Whether the server's ServerHello announced a NewSessionTicket.
    pub(super) ticket_expected: bool,
    /// The session ID of the ServerHello (empty: none).
    pub(super) session_id: Vec<u8>,
}

/// How the server is authenticated, as far as its flight shows.
pub(super) enum ServerAuth {
    /// ECDHE: its share, signed with the key of its verified chain; our share and the shared
    /// secret.
    Signed {
        peer: PeerAuthenticated,
        public: Vec<u8>,
        shared: Secret,
    },
    /// The RSA key transport: the chain is verified; the server proves it holds the key by a
    /// Finished that verifies.
    RsaKeyTransport(VerifiedChain),
}

/// The ServerHello chose TLS 1.2: checks it and waits for the server's Certificate.
pub(super) fn server_hello(
    mut client: Client,
    cx: &mut Context,
    sh: &ServerHello,
    encoded: &[u8],
    mut transcript: TranscriptBuffer,
) -> Result<Box<dyn State>, Error> {
    let config = client.config.clone();
    if sh.legacy_compression_method != 0 {
        return Err(Error::PeerMisbehaved(Misbehaviour::BadCompression));
    }
    let suite = client
        .suites12()
        .find(|s| s.id == sh.cipher_suite)
        .cloned()
        .ok_or(Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite))?;
    let mut ems = false;
    let mut secure_renegotiation = false;
    let mut ticket_expected = false;
    for e in &sh.extensions {
        match e {
            ServerExtension::RenegotiationInfo(info) => {
                if !info.is_empty() {
                    return Err(Error::PeerMisbehaved(Misbehaviour::BadRenegotiationInfo));
                }
                secure_renegotiation = true;
            }
            ServerExtension::ExtendedMasterSecret => ems = true,
            // A NewSessionTicket will come (RFC 5077 §3.2): only if we sent the extension.
            ServerExtension::SessionTicket if client.ticket_ext.is_some() => {
                ticket_expected = true;
            }
            ServerExtension::ECPointFormats(formats) => {
                if !formats.contains(&ECPointFormat::Uncompressed) {
                    return Err(Error::PeerMisbehaved(
                        Misbehaviour::NoUncompressedPointFormat,
                    ));
                }
            }
            ServerExtension::Alpn(p) => {
                crate::choose::check_alpn(&config.shared.alpn, p)?;
                client.agreed.alpn = Some(p.clone());
            }
            ServerExtension::ServerName
                if config.enable_sni && client.agreed.server_name.is_some() => {}
            _ => return Err(Error::PeerMisbehaved(Misbehaviour::UnsolicitedExtension)),
        }
    }
    if !secure_renegotiation {
        return Err(Error::PeerIncompatible(
            Incompatibility::NoSecureRenegotiation,
        ));
    }
    if !ems {
        crate::tls12::without_extended_master_secret(cx, &config.shared, "server")?;
    }
    transcript.add(encoded);
    // Without a certificate of ours, no CertificateVerify will sign the messages: from here
    // on only the suite's running hash of them is kept.
    if config.client_cert.is_none() {
        transcript.hash_only(&*suite.hash);
    }
    client.agreed.version = Some(ProtocolVersion::TLSv1_2);
    client.agreed.cipher_suite = Some(sh.cipher_suite);
    client.agreed.extended_master_secret = ems;
    // The server resumes by echoing the session ID we sent with the session we offered.
    let offered = client.resuming12.take();
    if let Some(offered) = offered {
        if !sh.legacy_session_id_echo.is_empty() && sh.legacy_session_id_echo == client.session_id {
            let resumed = super::tls12_resume::Resumed {
                suite,
                server_random: sh.random,
                extended_master_secret: ems,
                ticket_expected,
            };
            return super::tls12_resume::resumed(client, cx, transcript, *offered, resumed);
        }
        cx.decide(|| "server did not resume the offered session: full handshake".into());
    }
    cx.decide(|| {
        format!(
            "server chose TLS 1.2 with {:?}{}",
            suite.id,
            if ems { ", extended master secret" } else { "" }
        )
    });
    Ok(Box::new(ExpectCertificate(Handshake {
        client,
        suite,
        transcript,
        server_random: sh.random,
        extended_master_secret: ems,
        ticket_expected,
        session_id: sh.legacy_session_id_echo.clone(),
    })))
}

struct ExpectCertificate(Handshake);

impl Step for ExpectCertificate {
    const NAME: &'static str = "Tls12ExpectCertificate";
    type Message = CertificateTls12;

    fn policy(&self) -> Policy {
        crate::tls12::client_policy(&self.0.suite)
    }

    fn step(
        self,
        cx: &mut Context,
        cert: CertificateTls12,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.0;
        let chain: Vec<CertificateDer<'static>> = cert.chain;
        let client = &hs.client;
        let chain = verify_server_chain(
            cx,
            &client.config.provider,
            client.config.verifier.as_ref(),
            chain,
            &client.server_name,
        )?;
        hs.transcript.add(encoded);
        Ok(match hs.suite.kx {
            Tls12KeyExchange::Rsa => {
                cx.decide(|| {
                    "RSA key exchange: no ServerKeyExchange; the premaster secret will be \
                     encrypted to the key in this certificate"
                        .into()
                });
                Box::new(ExpectCertificateRequestOrDone {
                    hs,
                    auth: ServerAuth::RsaKeyTransport(chain),
                })
            }
            _ => Box::new(ExpectServerKeyExchange { hs, chain }),
        })
    }
}

struct ExpectServerKeyExchange {
    hs: Handshake,
    chain: VerifiedChain,
}

impl Step for ExpectServerKeyExchange {
    const NAME: &'static str = "Tls12ExpectServerKeyExchange";
    type Message = ServerKeyExchange;

    fn policy(&self) -> Policy {
        crate::tls12::client_policy(&self.hs.suite)
    }

    fn step(
        self,
        cx: &mut Context,
        ske: ServerKeyExchange,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.hs;
        let provider = hs.client.config.provider.clone();
        let suite = hs.suite.clone();
        let signed = ske.signed_message(&hs.client.random, &hs.server_random);
        let groups: Vec<stratls_codec::NamedGroup> = hs.client.groups().collect();
        let signature = self.chain.verify_signature(
            &provider,
            provider.verify_schemes(),
            |s| scheme_fits_suite(&provider, s, &suite),
            Signed {
                scheme: ske.scheme,
                message: &signed,
                signature: &ske.signature,
            },
            SignatureRule::Tls12 {
                curves: Some(&groups),
            },
        )?;
        let group = ske.group;
        if !groups.contains(&group) {
            return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedGroup));
        }
        // A group listed for TLS 1.3 only (the hybrid) is no TLS 1.2 ECDHE group.
        if provider
            .kx_group(group)
            .is_some_and(|g| !g.usable_in_tls12())
        {
            return Err(Error::PeerMisbehaved(Misbehaviour::Tls13OnlyGroup));
        }
        let kx = super::start_kx(&provider, group)?;
        let public =
            crate::choose::own_share(kx.public_key().to_vec(), crate::choose::MAX_TLS12_SHARE)?;
        let shared = kx
            .complete(&ske.public)
            .map_err(|_| Error::PeerMisbehaved(Misbehaviour::InvalidKeyShare))?;
        hs.client.agreed.group = Some(group);
        cx.decide(|| {
            format!(
                "server's {:?} share verified with its {:?} signature over both randoms; \
                 our share completes the exchange (forward secrecy)",
                ske.group, ske.scheme
            )
        });
        hs.transcript.add(encoded);
        Ok(Box::new(ExpectCertificateRequestOrDone {
            hs,
            auth: ServerAuth::Signed {
                peer: PeerAuthenticated::by_signature(self.chain, signature),
                public,
                shared,
            },
        }))
    }
}

struct ExpectCertificateRequestOrDone {
    hs: Handshake,
    auth: ServerAuth,
}

impl Step for ExpectCertificateRequestOrDone {
    const NAME: &'static str = "Tls12ExpectCertificateRequestOrServerHelloDone";
    type Message = RequestOrDone;

    fn policy(&self) -> Policy {
        crate::tls12::client_policy(&self.hs.suite)
    }

    fn step(
        self,
        cx: &mut Context,
        msg: RequestOrDone,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.hs;
        hs.transcript.add(encoded);
        match msg {
            RequestOrDone::Request(req) => {
                hs.client.agreed.client_auth_requested = true;
                cx.decide(|| "server asked for a client certificate".into());
                Ok(Box::new(ExpectServerHelloDone {
                    hs,
                    auth: self.auth,
                    request: req,
                }))
            }
            RequestOrDone::Done(_) => flight::send(hs, self.auth, cx, None),
        }
    }
}

struct ExpectServerHelloDone {
    hs: Handshake,
    auth: ServerAuth,
    request: CertificateRequestTls12,
}

impl Step for ExpectServerHelloDone {
    const NAME: &'static str = "Tls12ExpectServerHelloDone";
    type Message = ServerHelloDone;

    fn policy(&self) -> Policy {
        crate::tls12::client_policy(&self.hs.suite)
    }

    fn step(
        self,
        cx: &mut Context,
        _done: ServerHelloDone,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut hs = self.hs;
        hs.transcript.add(encoded);
        flight::send(hs, self.auth, cx, Some(self.request))
    }
}

/// The client after its flight: what it needs once the server's Finished verifies.
pub(super) struct ClientFinish {
    client: Client,
    transcript: TranscriptBuffer,
    server: PendingServerAuth,
    /// The session ID the server assigned (empty: none).
    session_id: Vec<u8>,
    /// The server's NewSessionTicket, if it sent one.
    ticket: Option<NewSessionTicketTls12>,
}

impl super::tls12_resume::TakesTicket for ClientFinish {
    fn take_ticket(&mut self, ticket: NewSessionTicketTls12) -> &mut TranscriptBuffer {
        self.ticket = Some(ticket);
        &mut self.transcript
    }
}

/// The server's authentication, complete or waiting for its Finished.
enum PendingServerAuth {
    Authenticated(PeerAuthenticated),
    RsaKeyTransport(VerifiedChain),
}

impl crate::tls12::FinishSide for ClientFinish {
    const EXPECT_FINISHED: &'static str = "Tls12ExpectServerFinished";

    fn policy(suite: &Tls12CipherSuite) -> Policy {
        crate::tls12::client_policy(suite)
    }

    fn transcript(&mut self) -> &mut TranscriptBuffer {
        &mut self.transcript
    }

    fn finish(
        self,
        cx: &mut Context,
        session: Session,
        finished: FinishedVerified,
    ) -> Result<Box<dyn State>, Error> {
        let server = match self.server {
            PendingServerAuth::Authenticated(peer) => peer,
            PendingServerAuth::RsaKeyTransport(chain) => {
                PeerAuthenticated::by_rsa_key_transport(chain, &finished)
            }
        };
        super::tls12_resume::remember(
            cx,
            &self.client,
            &session,
            server.chain(),
            self.ticket,
            &self.session_id,
        );
        Traffic::client(cx, self.client.agreed, server, finished, session)
    }
}

/// Whether a client key of family `key` fits one of the server's certificate types.
pub(super) fn key_fits_request(
    key: stratls_crypto::SignatureAlgorithm,
    types: &[stratls_codec::ClientCertificateType],
) -> bool {
    use stratls_codec::ClientCertificateType as T;
    use stratls_crypto::SignatureAlgorithm as A;
    match key {
        // An id-RSASSA-PSS key is an RSA signing key (rsa_sign, RFC 5246 §7.4.4).
        A::Rsa | A::RsaPss => types.contains(&T::RsaSign),
        A::EcdsaP256 | A::EcdsaP384 | A::EcdsaP521 | A::Ed25519 => types.contains(&T::EcdsaSign),
        _ => false,
    }
}
