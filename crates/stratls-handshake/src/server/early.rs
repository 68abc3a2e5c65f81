//! Whether the server takes a client's TLS 1.3 0-RTT data (RFC 8446 §4.2.10, §8), and the
//! state that reads it until EndOfEarlyData.

use stratls_codec::CipherSuite;
use stratls_codec::handshake::EndOfEarlyData;

use super::offer::Offer;
use super::resume::Resumed;
use super::tls13::{ClientFlight, ExpectFinished};
use crate::config::ServerConfig;
use crate::context::Context;
use crate::error::Error;
use crate::observer::KeyPhase;
use crate::proof::ClientAuthChecked;
use crate::state::{Policy, State, Step};
use crate::tls13::protection;

/// What the server chose so far, which 0-RTT must match.
pub(super) struct Chosen<'a> {
    pub(super) suite: CipherSuite,
    pub(super) alpn: Option<&'a [u8]>,
    pub(super) hello_retry: bool,
}

/// The most early data the server takes on this connection, or `None` when it declines what
/// the client offers (the data is then skipped). Declined unless: this server takes 0-RTT,
/// the first hello offers it, the PSK taken is the first offered and a ticket's that allowed
/// it, the suite and ALPN protocol are the ticket's, the ticket's age as the client sees it is
/// within the window of ours, and a single-use record says this is the first time: the
/// anti-replay store (which then records it), or else a single-use ticketer, which opened the
/// ticket for the first and last time.
pub(super) fn accept(
    cx: &Context,
    config: &ServerConfig,
    offer: &Offer<'_>,
    resumed: Option<&Resumed>,
    chosen: Chosen<'_>,
) -> Option<u32> {
    if !offer.early_data {
        return None;
    }
    let declined = |why: &str| {
        cx.decide(|| format!("0-RTT data declined: {why}; it is skipped"));
        None
    };
    if config.max_early_data_size == 0 {
        return declined("this server takes none");
    }
    if chosen.hello_retry {
        return declined("after a HelloRetryRequest");
    }
    let Some(resumed) = resumed else {
        return declined("no PSK taken");
    };
    if resumed.index != 0 {
        return declined("the PSK taken is not the first offered");
    }
    let Some(ticket) = &resumed.ticket else {
        return declined("an external PSK");
    };
    if ticket.max_early_data == 0 {
        return declined("the ticket allows none");
    }
    if ticket.cipher_suite != chosen.suite {
        return declined("another cipher suite than the ticket's");
    }
    if ticket.alpn.as_deref() != chosen.alpn {
        return declined("another ALPN protocol than the ticket's");
    }
    if u128::from(ticket.age_skew_ms) > config.early_data_window.as_millis() {
        return declined("the ticket's age is outside the window");
    }
    let Ok(now) = cx.now() else {
        return declined("no time known");
    };
    match &config.anti_replay {
        Some(store) => {
            if !store.first_use(&ticket.binder, now) {
                return declined("this ClientHello was seen before (replay)");
            }
        }
        None if config.ticketer.as_ref().is_some_and(|t| t.single_use()) => {}
        None => return declined("no single-use record (anti-replay store or ticket cache)"),
    }
    let max = config.max_early_data_size.min(ticket.max_early_data);
    cx.decide(|| format!("0-RTT data accepted, up to {max} bytes"));
    Some(max)
}

/// The server took the client's early data: it reads it with the client's early traffic key
/// until EndOfEarlyData, then the client's Finished with the handshake key.
pub(super) struct ExpectEndOfEarlyData {
    pub(super) flight: ClientFlight,
    pub(super) client_auth: ClientAuthChecked,
    pub(super) max: u32,
}

impl Step for ExpectEndOfEarlyData {
    const NAME: &'static str = "ExpectEndOfEarlyData";
    type Message = EndOfEarlyData;

    fn policy(&self) -> Policy {
        Policy {
            application_data: true,
            early_data: Some(self.max),
            ..self.flight.policy()
        }
    }

    fn step(
        self,
        cx: &mut Context,
        _eoed: EndOfEarlyData,
        encoded: &[u8],
    ) -> Result<Box<dyn State>, Error> {
        let mut flight = self.flight;
        flight.transcript.add(encoded);
        cx.set_read_protection(protection(&flight.client_hs)?, KeyPhase::Handshake)?;
        Ok(Box::new(ExpectFinished {
            flight,
            client_auth: self.client_auth,
        }))
    }
}
