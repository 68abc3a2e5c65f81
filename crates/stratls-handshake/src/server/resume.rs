//! Resumption on the server's side of TLS 1.3: choosing a ticket a ClientHello offers
//! (RFC 8446 §4.2.11) and issuing NewSessionTicket messages after the handshake (§4.6.1).

use stratls_codec::extensions::NewSessionTicketExtension;
use stratls_codec::handshake::NewSessionTicket;
use stratls_codec::{HandshakeMessage, ProtocolVersion, PskKeyExchangeMode};
use stratls_crypto::{HashOutput, Secret, Shared, Tls13CipherSuite};
use stratls_keyschedule::tls13::{EarlySecret, PskKind, ResumptionMasterSecret};
use stratls_pki::CertificateDer;

use super::offer::Offer;
use crate::config::{ClientAuth, ServerConfig};
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::BinderVerified;
use crate::resumption::SessionState;

/// Identities of one ClientHello the server tries to open, at most: each costs a decryption
/// (a client offers one or two).
const MAX_IDENTITIES_TRIED: usize = 4;
/// NewSessionTicket messages sent on one connection, at most, whatever the config says.
pub(crate) const MAX_TICKETS_SENT: usize = 16;

/// The PSK the server takes: a ticket's (resumption) or an external one, the identity's
/// index, and the verified binder.
pub(super) struct Resumed {
    pub(super) secret: Secret,
    /// The client's chain of the original session (empty for an external PSK).
    pub(super) peer_chain: Vec<CertificateDer<'static>>,
    /// The identity, for an external PSK.
    pub(super) external: Option<Vec<u8>>,
    pub(super) index: u16,
    pub(super) binder: BinderVerified,
    /// psk_ke: the handshake goes on without (EC)DHE.
    pub(super) psk_ke: bool,
    /// For a ticket: what 0-RTT acceptance checks.
    pub(super) ticket: Option<TicketFacts>,
}

/// What a ticket says that decides its 0-RTT data (RFC 8446 §4.2.10) and its ALPN protocol.
pub(super) struct TicketFacts {
    pub(super) cipher_suite: stratls_codec::CipherSuite,
    pub(super) alpn: Option<Vec<u8>>,
    pub(super) max_early_data: u32,
    /// How far the client's age of the ticket is from ours, in milliseconds.
    pub(super) age_skew_ms: u64,
    /// The binder received: the key of the anti-replay record.
    pub(super) binder: Vec<u8>,
}

/// The first offered PSK this server can use with `suite`: one of its external PSKs with
/// `suite`'s hash, or a ticket it can open, made by TLS 1.3, whose suite has `suite`'s hash,
/// for the same server name. Its binder must then verify, or the handshake fails with
/// `decrypt_error`. Identities that do not qualify are passed over (a full handshake follows
/// if none does). The mode is the client's first that this server takes: psk_dhe_ke, or
/// psk_ke where `ServerConfig::accept_psk_ke` allows it.
///
/// `truncated_hash` is the transcript hash through the partial ClientHello under `suite`'s
/// hash, present when the hello offers pre_shared_key.
pub(super) fn choose(
    cx: &Context,
    config: &ServerConfig,
    offer: &Offer<'_>,
    suite: &Shared<Tls13CipherSuite>,
    truncated_hash: Option<&HashOutput>,
) -> Result<Option<Resumed>, Error> {
    let (Some(psk), Some(hash)) = (offer.hello.pre_shared_key(), truncated_hash) else {
        return Ok(None);
    };
    let ticketer = config.ticketer.as_deref();
    if ticketer.is_none() && config.external_psks.is_empty() {
        cx.decide(|| "the client offers a PSK; this server takes none".into());
        return Ok(None);
    }
    // The client's first mode that this server takes: psk_dhe_ke always, psk_ke when allowed.
    let mode = offer.psk_modes.and_then(|modes| {
        modes.iter().copied().find(|m| {
            *m == PskKeyExchangeMode::PskDheKe
                || (*m == PskKeyExchangeMode::PskKe && config.accept_psk_ke)
        })
    });
    let Some(mode) = mode else {
        cx.decide(|| {
            "the client offers a PSK without a mode this server takes: full handshake".into()
        });
        return Ok(None);
    };
    let psk_ke = mode == PskKeyExchangeMode::PskKe;
    let Ok(now) = cx.now() else {
        return Ok(None);
    };
    let hash_of = |id| config.provider.tls13_suite(id).map(|s| s.hash.algorithm());
    for (index, identity) in psk.identities.iter().enumerate().take(MAX_IDENTITIES_TRIED) {
        // The parser checked that binders and identities are as many.
        let received = psk.binders.get(index).ok_or(Error::BadBinder)?;
        if let Some(external) = config
            .external_psks
            .iter()
            .find(|p| p.identity() == identity.identity.as_slice())
        {
            if external.hash() != suite.hash.algorithm() {
                cx.decide(|| format!("external PSK {index} is for another hash"));
                continue;
            }
            let key = EarlySecret::new(suite, Some(external.key()))?
                .binder_key(external.binder_kind())?;
            let binder = BinderVerified::check(&key, hash, received)?;
            cx.decide(|| format!("external PSK {index}: its binder verified"));
            return Ok(Some(Resumed {
                secret: external.key().duplicate(),
                peer_chain: Vec::new(),
                external: Some(external.identity().to_vec()),
                index: index as u16,
                binder,
                psk_ke,
                ticket: None,
            }));
        }
        let Some(ticketer) = ticketer else {
            continue;
        };
        let Some(state) = SessionState::open(ticketer, &identity.identity, now) else {
            cx.decide(|| format!("ticket {index} cannot be opened or has expired"));
            continue;
        };
        if state.version != ProtocolVersion::TLSv1_3
            || hash_of(state.cipher_suite) != Some(suite.hash.algorithm())
            || state.server_name != offer.server_name
        {
            cx.decide(|| format!("ticket {index} is for another version, hash or name"));
            continue;
        }
        // A server that requires a client certificate does not resume a session without one
        // (a ticket of a config that asked for none, sharing this ticketer).
        if matches!(config.client_auth, ClientAuth::Required(_)) && state.peer_chain.is_empty() {
            cx.decide(|| format!("ticket {index} has no client certificate, which is required"));
            continue;
        }
        let key = EarlySecret::new(suite, Some(&state.secret))?.binder_key(PskKind::Resumption)?;
        let binder = BinderVerified::check(&key, hash, received)?;
        cx.decide(|| format!("resuming with ticket {index}: its binder verified"));
        // RFC 8446 §4.2.11.1: the client's age is the obfuscated age less ticket_age_add.
        let client_age_ms = u64::from(identity.obfuscated_ticket_age.wrapping_sub(state.age_add));
        let server_age_ms = u64::try_from(state.age_at(now).as_millis()).unwrap_or(u64::MAX);
        return Ok(Some(Resumed {
            secret: state.secret.duplicate(),
            peer_chain: state.peer_chain,
            external: None,
            index: index as u16,
            binder,
            psk_ke,
            ticket: Some(TicketFacts {
                cipher_suite: state.cipher_suite,
                alpn: state.alpn,
                max_early_data: state.max_early_data,
                age_skew_ms: client_age_ms.abs_diff(server_age_ms),
                binder: received.clone(),
            }),
        }));
    }
    Ok(None)
}

/// What the tickets of a connection describe.
pub(super) struct Issue<'a> {
    pub(super) config: &'a ServerConfig,
    pub(super) suite: &'a Shared<Tls13CipherSuite>,
    pub(super) agreed: &'a Negotiated,
    pub(super) client_chain: &'a [CertificateDer<'static>],
    pub(super) count: usize,
}

/// Sends `count` NewSessionTicket messages (at most [`MAX_TICKETS_SENT`]), each with its own
/// nonce, PSK, ticket_age_add, and the session sealed by the config's ticketer. A ticket the
/// ticketer cannot seal is not sent (the connection goes on).
pub(super) fn issue(
    cx: &mut Context,
    resumption: &ResumptionMasterSecret,
    issue: Issue<'_>,
) -> Result<(), Error> {
    let Some(ticketer) = issue.config.ticketer.as_deref() else {
        return Ok(());
    };
    let Ok(now) = cx.now() else {
        cx.decide(|| "no time known: no ticket issued".into());
        return Ok(());
    };
    let lifetime = issue.config.issued_ticket_lifetime();
    // One session state for every ticket: each gets its own secret and age_add in turn,
    // while the session's ALPN, name and chain are copied once.
    let mut state: Option<SessionState> = None;
    for n in 0..issue.count.min(MAX_TICKETS_SENT) {
        let nonce = (n as u64).to_be_bytes();
        let mut age_add = [0u8; 4];
        issue.config.provider.random.fill(&mut age_add)?;
        let age_add = u32::from_be_bytes(age_add);
        let secret = resumption.psk(&nonce)?;
        let state = match &mut state {
            Some(state) => {
                state.secret = secret;
                state.age_add = age_add;
                state
            }
            None => state.insert(SessionState {
                version: ProtocolVersion::TLSv1_3,
                cipher_suite: issue.suite.id,
                secret,
                extended_master_secret: false,
                alpn: issue.agreed.alpn.clone(),
                server_name: issue.agreed.server_name.clone(),
                peer_chain: issue.client_chain.to_vec(),
                created: now.as_secs(),
                lifetime,
                age_add,
                max_early_data: issue.config.offered_early_data(),
            }),
        };
        let Ok(ticket) = state.seal(ticketer, now) else {
            cx.decide(|| "the ticketer sealed no ticket".into());
            return Ok(());
        };
        let nst = HandshakeMessage::NewSessionTicket(NewSessionTicket {
            ticket_lifetime: lifetime,
            ticket_age_add: age_add,
            ticket_nonce: nonce.to_vec(),
            ticket,
            extensions: match state.max_early_data {
                0 => Vec::new(),
                max => vec![NewSessionTicketExtension::EarlyData(max)],
            },
        });
        cx.send_post_handshake(&nst)?;
    }
    Ok(())
}
