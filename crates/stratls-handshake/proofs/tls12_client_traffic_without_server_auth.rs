// expect: E0061
// The client's TLS 1.2 traffic state takes the server's authentication.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::FinishedVerified;
use crate::state::State;
use crate::tls12::{Session, Traffic};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    finished: FinishedVerified,
    session: Session,
) -> Result<Box<dyn State>, Error> {
    Traffic::client(cx, agreed, finished, session)
}
