// expect: compiles
// The twin of tls12_client_traffic_without_server_auth.rs; for the RSA key transport the
// server's authentication itself needs the verified Finished.
use crate::context::Context;
use crate::error::Error;
use crate::negotiated::Negotiated;
use crate::proof::{FinishedVerified, PeerAuthenticated, VerifiedChain};
use crate::state::State;
use crate::tls12::{Session, Traffic};

pub(crate) fn established(
    cx: &mut Context,
    agreed: Negotiated,
    chain: VerifiedChain,
    finished: FinishedVerified,
    session: Session,
) -> Result<Box<dyn State>, Error> {
    let server = PeerAuthenticated::by_rsa_key_transport(chain, &finished);
    Traffic::client(cx, agreed, server, finished, session)
}
