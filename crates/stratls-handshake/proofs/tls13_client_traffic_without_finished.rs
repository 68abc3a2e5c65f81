// expect: E0061
// The client's TLS 1.3 traffic state takes the server's verified Finished.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::PeerAuthenticated;
use crate::state::State;
use crate::tls13::{TicketSink, Traffic, TrafficKeys};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    server: PeerAuthenticated,
    keys: TrafficKeys,
    tickets: TicketSink,
) -> Result<Box<dyn State>, Error> {
    Traffic::client(cx, agreed, server, keys, tickets)
}
