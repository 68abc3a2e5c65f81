// expect: compiles
// The twin of tls13_server_traffic_without_client_auth.rs, with the policy's outcome.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::{ClientAuthChecked, FinishedVerified};
use crate::state::State;
use crate::tls13::{Traffic, TrafficKeys};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    client: ClientAuthChecked,
    finished: FinishedVerified,
    keys: TrafficKeys,
) -> Result<Box<dyn State>, Error> {
    Traffic::server(cx, agreed, client, finished, keys)
}
