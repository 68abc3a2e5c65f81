//! The server's TLS 1.2 resumption: which offered session it resumes (a session ticket, RFC
//! 5077, or a session ID, RFC 5246 §7.4.1.2), the abbreviated handshake (ServerHello,
//! [NewSessionTicket], ChangeCipherSpec, Finished, then the client's ChangeCipherSpec and
//! Finished), and the session state it seals after a full handshake.
//!
//! Only a session made with the extended master secret is resumed, and only by a hello that
//! negotiates it again (RFC 7627 §5.3): a session without it is never sealed, and one that
//! comes back anyway is not resumed. Anything the server cannot open or does not accept (an
//! unknown key, an expired or changed ticket, another suite or server name) leads to a full
//! handshake, never to an error.

use std::sync::Arc;

use stratls_codec::extensions::{ClientExtension, ServerExtension};
use stratls_codec::handshake::{ClientHello, NewSessionTicketTls12, ServerHello};
use stratls_codec::{HandshakeMessage, ProtocolVersion};
use stratls_crypto::{Secret, Shared, Tls12CipherSuite};
use stratls_pki::CertificateDer;

use super::offer::{Offer, Tls12Offer};
use crate::choose::random32;
use crate::config::{ClientAuth, ServerConfig};
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::{ClientAuthChecked, ClientAuthStart, FinishedVerified, PeerAuthenticated};
use crate::resumption::SessionState;
use crate::state::{Policy, State};
use crate::tls12::{DOWNGRADE_TLS12, ExpectChangeCipherSpec, FinishSide, Session, Traffic};
use crate::transcript::TranscriptBuffer;

/// The session_ticket extension of a ClientHello: `Some(empty)` asks for a ticket,
/// `Some(ticket)` offers one.
pub(super) fn ticket_extension(hello: &ClientHello) -> Option<&[u8]> {
    hello.extensions.iter().find_map(|e| match e {
        ClientExtension::SessionTicket(t) => Some(t.as_slice()),
        _ => None,
    })
}

/// Whether this server issues a ticket on this connection: it has a ticketer, the client
/// asked (with the extension), and the session can be resumed (extended master secret).
pub(super) fn issues_ticket(config: &ServerConfig, hello: &ClientHello, ems: bool) -> bool {
    ems && config.ticketer.is_some() && ticket_extension(hello).is_some()
}

/// A session the client offered and this server accepts, with the suite it resumes.
pub(super) struct Resumable {
    state: SessionState,
    suite: Shared<Tls12CipherSuite>,
}

/// The session to resume, if the client offered one this server accepts: a ticket first, then
/// a session ID.
pub(super) fn find(
    cx: &Context,
    config: &ServerConfig,
    read: &Offer<'_>,
    offer: &Tls12Offer<'_>,
) -> Result<Option<Resumable>, Error> {
    let hello = read.hello;
    let now = cx.now()?;
    let ticket = ticket_extension(hello).filter(|t| !t.is_empty());
    let mut state = None;
    if let (Some(ticket), Some(ticketer)) = (ticket, &config.ticketer) {
        state = SessionState::open(ticketer.as_ref(), ticket, now);
        if state.is_none() {
            cx.decide(|| "the offered ticket does not open: full handshake".into());
        }
    }
    if state.is_none()
        && !hello.legacy_session_id.is_empty()
        && let Some(ids) = &config.session_ids
    {
        state = ids
            .get(&hello.legacy_session_id)
            .and_then(|s| SessionState::decode(s.as_bytes()).ok())
            .filter(|s| s.is_valid_at(now));
        if state.is_none() {
            cx.decide(|| "the offered session ID is not (or no longer) known".into());
        }
    }
    let Some(state) = state else {
        return Ok(None);
    };
    Ok(accept(cx, config, read, offer, state))
}

/// Whether `state` may be resumed by this hello (RFC 5246 §7.4.1.2, RFC 6066 §3, RFC 7627
/// §5.3).
fn accept(
    cx: &Context,
    config: &ServerConfig,
    read: &Offer<'_>,
    offer: &Tls12Offer<'_>,
    state: SessionState,
) -> Option<Resumable> {
    let refuse = |why: &'static str| {
        cx.decide(|| format!("offered session not resumed: {why}; full handshake"));
        None
    };
    if state.version != ProtocolVersion::TLSv1_2 {
        return refuse("it is not a TLS 1.2 session");
    }
    if !state.extended_master_secret {
        return refuse("it was made without the extended master secret (RFC 7627 §5.3)");
    }
    if !offer.extended_master_secret {
        return refuse("this hello does not negotiate the extended master secret (RFC 7627 §5.3)");
    }
    if state.server_name != read.server_name {
        return refuse("it was made for another server name");
    }
    if !read.hello.cipher_suites.contains(&state.cipher_suite) {
        return refuse("the client no longer offers its cipher suite");
    }
    let Some(suite) = config
        .tls12_suites()
        .find(|s| s.id == state.cipher_suite)
        .cloned()
    else {
        return refuse("its cipher suite is no longer enabled");
    };
    if state.peer_chain.is_empty() && matches!(config.client_auth, ClientAuth::Required(_)) {
        return refuse("client authentication is required and the session has none");
    }
    Some(Resumable { state, suite })
}

/// The abbreviated handshake: ServerHello echoing the client's session ID, a new ticket if
/// the client asked for one, ChangeCipherSpec and Finished; then the client's.
pub(super) fn respond(
    cx: &mut Context,
    config: Arc<ServerConfig>,
    mut transcript: TranscriptBuffer,
    read: &Offer<'_>,
    offer: &Tls12Offer<'_>,
    alpn: Option<Vec<u8>>,
    resumable: Resumable,
) -> Result<Box<dyn State>, Error> {
    let hello = read.hello;
    let Resumable { state, suite } = resumable;
    let mut random = random32(&config.provider)?;
    if config.accepts_tls13() {
        random[24..].copy_from_slice(&DOWNGRADE_TLS12);
    }
    let issue = issues_ticket(&config, hello, true);
    let mut extensions = Vec::new();
    if offer.secure_renegotiation {
        extensions.push(ServerExtension::RenegotiationInfo(Vec::new()));
    }
    extensions.push(ServerExtension::ExtendedMasterSecret);
    if issue {
        extensions.push(ServerExtension::SessionTicket);
    }
    if let Some(p) = &alpn {
        extensions.push(ServerExtension::Alpn(p.clone()));
    }
    // A resuming server sends no server_name extension (RFC 6066 §3).
    let sh = HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLSv1_2,
        random,
        legacy_session_id_echo: hello.legacy_session_id.clone(),
        cipher_suite: suite.id,
        legacy_compression_method: 0,
        extensions,
    });
    cx.decide(|| {
        format!(
            "resuming the offered session: {:?}, abbreviated handshake (no certificate, no \
             key exchange)",
            suite.id
        )
    });
    cx.send(&sh, &mut transcript)?;
    if issue {
        let ticket = seal(cx, &config, &state)?;
        send_ticket(cx, &config, &state, ticket, &mut transcript)?;
    }
    let session = Session::resumed(
        cx,
        suite,
        Secret::from_slice(state.secret.as_bytes()),
        (hello.random, random),
    )?;
    session.change_write_keys(cx)?;
    session.send_finished(cx, &mut transcript)?;
    let agreed = Negotiated {
        version: Some(ProtocolVersion::TLSv1_2),
        cipher_suite: Some(session.suite.id),
        server_name: read.server_name.clone(),
        alpn,
        extended_master_secret: true,
        resumed: true,
        ..Negotiated::default()
    };
    Ok(Box::new(ExpectChangeCipherSpec {
        side: ResumedServer {
            config,
            transcript,
            agreed,
            chain: state.peer_chain,
        },
        session,
    }))
}

/// The session state of a completed full handshake, to seal or to cache.
pub(super) fn state_of(
    cx: &Context,
    config: &ServerConfig,
    session: &Session,
    agreed: &Negotiated,
    peer_chain: &[CertificateDer<'static>],
) -> Result<SessionState, Error> {
    Ok(SessionState {
        version: ProtocolVersion::TLSv1_2,
        cipher_suite: session.suite.id,
        secret: Secret::from_slice(session.master_secret().as_bytes()),
        extended_master_secret: session.extended(),
        alpn: agreed.alpn.clone(),
        server_name: agreed.server_name.clone(),
        peer_chain: peer_chain.to_vec(),
        created: cx.now()?.as_secs(),
        lifetime: config.issued_ticket_lifetime(),
        age_add: 0,
        max_early_data: 0,
    })
}

/// Seals `state` with the config's ticketer. A ticket that cannot be made is empty: the
/// ServerHello already promised a NewSessionTicket, and an empty one says there is none
/// (RFC 5077 §3.3).
pub(super) fn seal(
    cx: &Context,
    config: &ServerConfig,
    state: &SessionState,
) -> Result<Vec<u8>, Error> {
    let Some(ticketer) = &config.ticketer else {
        return Ok(Vec::new());
    };
    let now = cx.now()?;
    Ok(match state.seal(ticketer.as_ref(), now) {
        Ok(t) if t.len() <= 0xffff => t,
        _ => {
            cx.decide(|| "the ticketer made no ticket: an empty NewSessionTicket".into());
            Vec::new()
        }
    })
}

/// Sends the TLS 1.2 NewSessionTicket: the ticket, with its remaining lifetime as the hint.
pub(super) fn send_ticket(
    cx: &mut Context,
    config: &ServerConfig,
    state: &SessionState,
    ticket: Vec<u8>,
    transcript: &mut TranscriptBuffer,
) -> Result<(), Error> {
    let now = cx.now()?;
    let age = u32::try_from(state.age_at(now).as_secs()).unwrap_or(u32::MAX);
    let lifetime_hint = if ticket.is_empty() {
        0
    } else {
        state
            .lifetime
            .min(config.issued_ticket_lifetime())
            .saturating_sub(age)
    };
    cx.decide(|| format!("issuing a session ticket valid for {lifetime_hint} s"));
    let nst = HandshakeMessage::NewSessionTicketTls12(NewSessionTicketTls12 {
        lifetime_hint,
        ticket,
    });
    cx.send(&nst, transcript)
}

/// The server of an abbreviated handshake, waiting for the client's Finished.
struct ResumedServer {
    config: Arc<ServerConfig>,
    transcript: TranscriptBuffer,
    agreed: Negotiated,
    /// The client's chain kept in the session (empty: it did not authenticate).
    chain: Vec<CertificateDer<'static>>,
}

impl FinishSide for ResumedServer {
    const EXPECT_FINISHED: &'static str = "Tls12ResumedExpectClientFinished";

    fn policy(suite: &Tls12CipherSuite) -> Policy {
        crate::tls12::policy(suite)
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
        let client = if self.chain.is_empty() {
            match ClientAuthChecked::begin(&self.config.client_auth) {
                ClientAuthStart::NotRequested(checked) => checked,
                ClientAuthStart::Request(_) => {
                    ClientAuthChecked::anonymous(&self.config.client_auth, false)?
                }
            }
        } else {
            ClientAuthChecked::authenticated(PeerAuthenticated::by_resumed_session_tls12(
                self.chain, &finished,
            ))
        };
        cx.decide(|| "client's Finished verified: the session is resumed".into());
        Traffic::server(cx, self.agreed, client, finished, session)
    }
}
