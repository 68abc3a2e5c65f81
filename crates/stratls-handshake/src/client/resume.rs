//! Resumption on the client's side of TLS 1.3: the ticket offered in pre_shared_key, with its
//! obfuscated age and its binder over the partial ClientHello (RFC 8446 §4.2.11).

use stratls_codec::HandshakeMessage;
use stratls_codec::extensions::{ClientExtension, PreSharedKeyOffer, PskIdentity};
use stratls_codec::handshake::ClientHello;
use stratls_crypto::{HashOutput, Secret, Shared, Tls13CipherSuite};
use stratls_keyschedule::tls13::{EarlySecret, PskKind};
use stratls_pki::ServerName;

use crate::config::ClientConfig;
use crate::context::Context;
use crate::error::Error;
use crate::tickets::StoredTicket;

/// The PSK this connection offers: a stored ticket or the configured external PSK.
pub(crate) struct OfferedPsk {
    /// The ticket, when resuming (its chain and ALPN are the original session's); its
    /// `ticket` bytes are moved out into the identity.
    pub(crate) ticket: Option<StoredTicket>,
    /// The external PSK's identity, when it is one.
    pub(crate) external: Option<Vec<u8>>,
    identity: Vec<u8>,
    pub(crate) secret: Secret,
    kind: PskKind,
    /// The PSK's suite (one we offer): its hash is the binder's and must be the chosen
    /// suite's.
    pub(crate) suite: Shared<Tls13CipherSuite>,
    obfuscated_age: u32,
}

/// The configured external PSK, with the first offered suite of its hash.
pub(crate) fn external(cx: &Context, config: &ClientConfig) -> Option<OfferedPsk> {
    let psk = config.external_psk.as_ref()?;
    let Some(suite) = config
        .tls13_suites()
        .find(|s| s.hash.algorithm() == psk.hash())
        .cloned()
    else {
        cx.decide(|| "no offered suite has the external PSK's hash: not offered".into());
        return None;
    };
    Some(OfferedPsk {
        ticket: None,
        external: Some(psk.identity().to_vec()),
        identity: psk.identity().to_vec(),
        secret: psk.key().duplicate(),
        kind: psk.binder_kind(),
        suite,
        obfuscated_age: 0,
    })
}

/// Takes the newest ticket for `server_name` out of the store, if it is still valid and its
/// suite is one we offer (a ticket is used once, whatever happens to it).
pub(crate) fn take_ticket(
    cx: &Context,
    config: &ClientConfig,
    server_name: &ServerName<'_>,
) -> Option<OfferedPsk> {
    let ServerName::DnsName(name) = server_name else {
        return None;
    };
    let ticket = config.ticket_store.take(name.as_ref())?;
    let now = cx.now().ok()?.as_secs();
    if !ticket.is_valid_at(now) {
        cx.decide(|| "the stored ticket has expired: not offered".into());
        return None;
    }
    let Some(suite) = config
        .tls13_suites()
        .find(|s| s.id == ticket.cipher_suite)
        .cloned()
    else {
        cx.decide(|| "the stored ticket's suite is no longer offered".into());
        return None;
    };
    let obfuscated_age = ticket.obfuscated_age(now.saturating_mul(1000));
    // The ticket's bytes become the identity offered: what the connection keeps of the
    // ticket afterwards is its session (chain, ALPN, early data), not them.
    let mut ticket = ticket;
    let identity = std::mem::take(&mut ticket.ticket);
    Some(OfferedPsk {
        identity,
        secret: ticket.psk.duplicate(),
        ticket: Some(ticket),
        external: None,
        kind: PskKind::Resumption,
        suite,
        obfuscated_age,
    })
}

/// How much 0-RTT data the ClientHello offers to send with `psk`: early data is on in the
/// config, the PSK is a ticket whose max_early_data_size is above 0, and the ticket's ALPN
/// protocol (which the server must keep for 0-RTT, RFC 8446 §4.2.10) is one we offer.
pub(crate) fn early_data_room(
    cx: &Context,
    config: &ClientConfig,
    psk: &OfferedPsk,
) -> Option<usize> {
    if !config.enable_early_data {
        return None;
    }
    let ticket = psk.ticket.as_ref()?;
    let max = ticket.max_early_data.filter(|&n| n > 0)?;
    if ticket
        .alpn
        .as_ref()
        .is_some_and(|a| !config.shared.alpn.contains(a))
    {
        cx.decide(|| "the ticket's ALPN protocol is no longer offered: no 0-RTT".into());
        return None;
    }
    Some(usize::try_from(max).unwrap_or(usize::MAX))
}

impl OfferedPsk {
    /// The pre_shared_key extension, its binder still zeros: [`OfferedPsk::bind`] fills it
    /// in once the rest of the hello is final.
    pub(crate) fn extension(&self) -> ClientExtension {
        ClientExtension::PreSharedKey(PreSharedKeyOffer {
            identities: vec![PskIdentity {
                identity: self.identity.clone(),
                obfuscated_ticket_age: self.obfuscated_age,
            }],
            binders: vec![vec![0; self.suite.hash.output_len()]],
        })
    }

    /// Computes the binder over `hello` up to its binders and writes it in: `prior` gives
    /// the transcript hash of what precedes the hello (nothing, or the first hello and the
    /// HelloRetryRequest) followed by the partial hello. Returns the message and its
    /// encoding, which is made once: the binder, the last bytes of the hello, is written
    /// over its placeholder in both.
    pub(crate) fn bind(
        &self,
        hello: ClientHello,
        prior: impl FnOnce(&[u8]) -> HashOutput,
    ) -> Result<(HandshakeMessage, Vec<u8>), Error> {
        const NOT_LAST: Error = Error::Internal("pre_shared_key is not last in our hello");
        let binders_len = match hello.extensions.last() {
            Some(ClientExtension::PreSharedKey(offer)) => offer.binders_encoded_len(),
            _ => return Err(NOT_LAST),
        };
        let mut message = HandshakeMessage::ClientHello(hello);
        let mut encoded = message.to_vec();
        let end = encoded
            .len()
            .checked_sub(binders_len)
            .ok_or(Error::Internal("binders beyond our hello"))?;
        let hash = prior(&encoded[..end]);
        let binder = EarlySecret::new(&self.suite, Some(&self.secret))?
            .binder_key(self.kind)?
            .binder(&hash)?;
        let binder = binder.as_bytes();
        let HandshakeMessage::ClientHello(hello) = &mut message else {
            return Err(NOT_LAST);
        };
        let Some(ClientExtension::PreSharedKey(offer)) = hello.extensions.last_mut() else {
            return Err(NOT_LAST);
        };
        // One binder, of the suite's hash length, as `extension` made its placeholder.
        let [placeholder] = offer.binders.as_mut_slice() else {
            return Err(NOT_LAST);
        };
        let start = encoded.len().checked_sub(binder.len());
        match start {
            Some(start) if placeholder.len() == binder.len() && start >= end => {
                placeholder.copy_from_slice(binder);
                encoded[start..].copy_from_slice(binder);
                Ok((message, encoded))
            }
            _ => Err(Error::Internal("the binder does not fit its placeholder")),
        }
    }
}
