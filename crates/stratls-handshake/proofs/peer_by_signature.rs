// expect: compiles
// The twin of peer_forged.rs: a verified chain and a verified signature make one.
use crate::proof::{PeerAuthenticated, SignatureVerified, VerifiedChain};

pub(crate) fn authenticated(chain: VerifiedChain, signature: SignatureVerified) -> PeerAuthenticated {
    PeerAuthenticated::by_signature(chain, signature)
}
