// expect: E0061
// The client's TLS 1.2 traffic state takes the server's authentication.
use crate::common::Core;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::FinishedVerified;
use crate::state::State;
use crate::tls12::{Session, Traffic};

pub(crate) fn established(
    core: &mut Core,
    agreed: Negotiated,
    finished: FinishedVerified,
    session: Session,
) -> Result<Box<dyn State>, Error> {
    Traffic::client(core, agreed, finished, session)
}
