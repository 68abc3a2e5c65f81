//! The client's TLS 1.2 resumption: the session it offers (RFC 5077 ticket or RFC 5246 session
//! ID), the abbreviated handshake when the server resumes it (ServerHello, [NewSessionTicket],
//! the server's ChangeCipherSpec and Finished, then ours), and what it keeps of a handshake to
//! resume it later.

use std::sync::Arc;

use stratls_codec::handshake::NewSessionTicketTls12;
use stratls_crypto::{Secret, Shared, Tls12CipherSuite};
use stratls_pki::{CertificateDer, ServerName};

use super::Client;
use crate::config::ClientConfig;
use crate::context::Context;
use crate::error::{Error, Incompatibility, Misbehaviour};
use crate::proof::{FinishedVerified, PeerAuthenticated};
use crate::resumption::{DEFAULT_TLS12_SESSION_LIFETIME, MAX_TICKET_LIFETIME, Tls12Session};
use crate::state::{Policy, State, Step};
use crate::tls12::{ExpectChangeCipherSpec, FinishSide, Session, Traffic};
use crate::transcript::TranscriptBuffer;

/// The key of a server in the session store: its name as the client was given it.
fn store_key(server_name: &ServerName<'_>) -> String {
    server_name.to_str().into_owned()
}

/// The session to offer to `server_name`, if the store holds one that is still valid and whose
/// suite is offered.
pub(super) fn offer(
    cx: &Context,
    config: &Arc<ClientConfig>,
    server_name: &ServerName<'static>,
) -> Option<Tls12Session> {
    if !config.offers_tls12() {
        return None;
    }
    let now = config.shared.time.now()?;
    let key = store_key(server_name);
    let session = config.tls12_sessions.get(&key)?;
    if !session.is_valid_at(now) {
        config.tls12_sessions.remove(&key);
        return None;
    }
    if !config.tls12_suites().any(|s| s.id == session.cipher_suite) {
        return None;
    }
    cx.decide(|| {
        format!(
            "offering to resume the TLS 1.2 session with this server by {}",
            if session.ticket.is_some() {
                "its ticket"
            } else {
                "its session ID"
            }
        )
    });
    Some(session)
}

/// What the ServerHello of an abbreviated handshake says.
pub(super) struct Resumed {
    pub(super) suite: Shared<Tls12CipherSuite>,
    pub(super) server_random: [u8; 32],
    pub(super) extended_master_secret: bool,
    pub(super) ticket_expected: bool,
}

/// The server resumed `offered`: it must keep its suite and the extended master secret
/// (RFC 5246 §7.4.1.3, RFC 7627 §5.3); its ChangeCipherSpec and Finished come next.
pub(super) fn resumed(
    mut client: Client,
    cx: &mut Context,
    transcript: TranscriptBuffer,
    offered: Tls12Session,
    sh: Resumed,
) -> Result<Box<dyn State>, Error> {
    if sh.suite.id != offered.cipher_suite {
        cx.decide(|| "server resumed the session with another cipher suite".into());
        return Err(Error::PeerMisbehaved(Misbehaviour::UnofferedCipherSuite));
    }
    if !sh.extended_master_secret {
        cx.decide(|| {
            "server resumed a session with the extended master secret without it (RFC 7627 \
             §5.3)"
                .into()
        });
        return Err(Error::PeerIncompatible(
            Incompatibility::NoExtendedMasterSecret,
        ));
    }
    client.agreed.resumed = true;
    cx.decide(|| "server resumed the session: abbreviated handshake".into());
    let session = Session::resumed(
        cx,
        sh.suite,
        Secret::from_slice(offered.master_secret.as_bytes()),
        (client.random, sh.server_random),
    )?;
    let next = ExpectChangeCipherSpec {
        side: ResumedClient {
            client,
            transcript,
            session: offered,
            ticket: None,
        },
        session,
    };
    Ok(if sh.ticket_expected {
        Box::new(ExpectNewSessionTicket(next))
    } else {
        Box::new(next)
    })
}

/// Keeps the session of a completed full handshake, if the server gave it a ticket or a
/// session ID and it has the extended master secret; otherwise forgets the one held.
pub(super) fn remember(
    cx: &Context,
    client: &Client,
    session: &Session,
    chain: &[CertificateDer<'static>],
    ticket: Option<NewSessionTicketTls12>,
    session_id: &[u8],
) {
    let store = &client.config.tls12_sessions;
    let key = store_key(&client.server_name);
    let ticket = ticket.filter(|t| !t.ticket.is_empty());
    let Some(now) = client.config.shared.time.now() else {
        return;
    };
    if !session.extended() || (ticket.is_none() && session_id.is_empty()) {
        store.remove(&key);
        return;
    }
    let lifetime = match &ticket {
        Some(t) if t.lifetime_hint > 0 => t.lifetime_hint.min(MAX_TICKET_LIFETIME),
        _ => DEFAULT_TLS12_SESSION_LIFETIME,
    };
    cx.decide(|| "session kept to be resumed".into());
    store.put(Tls12Session {
        server_name: key,
        cipher_suite: session.suite.id,
        master_secret: Secret::from_slice(session.master_secret().as_bytes()),
        ticket: ticket.map(|t| t.ticket),
        session_id: session_id.to_vec(),
        peer_chain: chain.to_vec(),
        alpn: client.agreed.alpn.clone(),
        created: now.as_secs(),
        lifetime,
    });
}

/// A side that takes the server's NewSessionTicket before its ChangeCipherSpec.
pub(super) trait TakesTicket {
    /// Keeps the ticket; the transcript to add it to.
    fn take_ticket(&mut self, ticket: NewSessionTicketTls12) -> &mut TranscriptBuffer;
}

/// The server announced a ticket in its ServerHello: its NewSessionTicket comes before its
/// ChangeCipherSpec (RFC 5077 §3.3), and nothing else may.
pub(super) struct ExpectNewSessionTicket<T>(pub(super) ExpectChangeCipherSpec<T>);

impl<T: FinishSide + TakesTicket> Step for ExpectNewSessionTicket<T> {
    const NAME: &'static str = "Tls12ExpectNewSessionTicket";
    type Message = NewSessionTicketTls12;

    fn policy(&self) -> Policy {
        T::policy(&self.0.session.suite)
    }

    fn step(
        self,
        cx: &mut Context,
        ticket: NewSessionTicketTls12,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut next = self.0;
        cx.decide(|| {
            format!(
                "server sent a session ticket ({} bytes, lifetime hint {} s)",
                ticket.ticket.len(),
                ticket.lifetime_hint
            )
        });
        next.side.take_ticket(ticket).add(encoded);
        Ok(Box::new(next))
    }
}

/// The client of an abbreviated handshake, waiting for the server's Finished.
struct ResumedClient {
    client: Client,
    transcript: TranscriptBuffer,
    /// The resumed session, kept again with a new ticket if the server sent one.
    session: Tls12Session,
    ticket: Option<NewSessionTicketTls12>,
}

impl TakesTicket for ResumedClient {
    fn take_ticket(&mut self, ticket: NewSessionTicketTls12) -> &mut TranscriptBuffer {
        self.ticket = Some(ticket);
        &mut self.transcript
    }
}

impl FinishSide for ResumedClient {
    const EXPECT_FINISHED: &'static str = "Tls12ResumedExpectServerFinished";

    fn policy(suite: &Tls12CipherSuite) -> Policy {
        crate::tls12::client_policy(suite)
    }

    fn transcript(&mut self) -> &mut TranscriptBuffer {
        &mut self.transcript
    }

    fn finish(
        mut self,
        cx: &mut Context,
        session: Session,
        finished: FinishedVerified,
    ) -> Result<Box<dyn State>, Error> {
        session.change_write_keys(cx)?;
        session.send_finished(cx, &mut self.transcript)?;
        let mut kept = self.session;
        let chain = if let Some(t) = self.ticket.filter(|t| !t.ticket.is_empty()) {
            // The renewed ticket replaces the one used; the session stays as old as it was.
            kept.ticket = Some(t.ticket);
            if t.lifetime_hint > 0 {
                let age = self
                    .client
                    .config
                    .shared
                    .time
                    .now()
                    .map_or(0, |n| n.as_secs().saturating_sub(kept.created));
                let hint = u64::from(t.lifetime_hint.min(MAX_TICKET_LIFETIME));
                kept.lifetime = u32::try_from(age.saturating_add(hint))
                    .unwrap_or(MAX_TICKET_LIFETIME)
                    .min(MAX_TICKET_LIFETIME);
            }
            // The session goes back to the store; the connection keeps a copy of its chain.
            let chain = kept.peer_chain.clone();
            self.client.config.tls12_sessions.put(kept);
            chain
        } else {
            std::mem::take(&mut kept.peer_chain)
        };
        let server = PeerAuthenticated::by_resumed_session_tls12(chain, &finished);
        Traffic::client(cx, self.client.agreed, server, finished, session)
    }
}
