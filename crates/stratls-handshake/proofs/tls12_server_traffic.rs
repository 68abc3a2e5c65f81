// expect: compiles
// The twin of tls12_server_traffic_without_finished.rs.
use crate::common::Core;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::{ClientAuthChecked, FinishedVerified};
use crate::state::State;
use crate::tls12::{Session, Traffic};

pub(crate) fn established(
    core: &mut Core,
    agreed: Negotiated,
    client: ClientAuthChecked,
    finished: FinishedVerified,
    session: Session,
) -> Result<Box<dyn State>, Error> {
    Traffic::server(core, agreed, client, finished, session)
}
