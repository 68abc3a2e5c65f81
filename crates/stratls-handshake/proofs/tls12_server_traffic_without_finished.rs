// expect: E0061
// The server's TLS 1.2 traffic state takes the client's verified Finished.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::ClientAuthChecked;
use crate::state::State;
use crate::tls12::{Session, Traffic};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    client: ClientAuthChecked,
    session: Session,
) -> Result<Box<dyn State>, Error> {
    Traffic::server(cx, agreed, client, session)
}
