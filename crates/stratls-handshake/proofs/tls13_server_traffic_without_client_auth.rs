// expect: E0308
// The server's TLS 1.3 traffic state takes the outcome of its client-authentication policy,
// not a bare peer authentication it might have skipped.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::{FinishedVerified, PeerAuthenticated};
use crate::state::State;
use crate::tls13::{Traffic, TrafficKeys};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    client: Option<PeerAuthenticated>,
    finished: FinishedVerified,
    keys: TrafficKeys,
) -> Result<Box<dyn State>, Error> {
    Traffic::server(cx, agreed, client, finished, keys)
}
