// expect: compiles
// The twin of tls13_client_traffic_without_finished.rs, with the proof supplied.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::{FinishedVerified, PeerAuthenticated};
use crate::state::State;
use crate::tls13::{TicketSink, Traffic, TrafficKeys};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    server: PeerAuthenticated,
    finished: FinishedVerified,
    keys: TrafficKeys,
    tickets: TicketSink,
) -> Result<Box<dyn State>, Error> {
    Traffic::client(cx, agreed, server, finished, keys, tickets)
}
