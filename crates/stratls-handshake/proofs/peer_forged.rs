// expect: E0451
// A PeerAuthenticated cannot be assembled from a chain that no verifier and no signature
// check saw: its fields are private to crate::proof.
use stratls_pki::CertificateDer;

use crate::proof::PeerAuthenticated;

pub(crate) fn forged(chain: Vec<CertificateDer<'static>>) -> PeerAuthenticated {
    PeerAuthenticated {
        chain,
        scheme: None,
    }
}
