// expect: E0451
// A VerifiedChain cannot be made from certificates no verifier saw.
use stratls_pki::CertificateDer;

use crate::proof::VerifiedChain;

pub(crate) fn forged(chain: Vec<CertificateDer<'static>>) -> VerifiedChain {
    VerifiedChain { chain }
}
