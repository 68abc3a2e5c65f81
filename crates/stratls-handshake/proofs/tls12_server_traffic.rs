// expect: compiles
// The twin of tls12_server_traffic_without_finished.rs.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::{ClientAuthChecked, FinishedVerified};
use crate::state::State;
use crate::tls12::{Session, Traffic};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    client: ClientAuthChecked,
    finished: FinishedVerified,
    session: Session,
) -> Result<Box<dyn State>, Error> {
    Traffic::server(cx, agreed, client, finished, session)
}
