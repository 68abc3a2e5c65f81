// expect: compiles
// The twin of finished_forged.rs: a FinishedVerified comes from checking a Finished.
use stratls_crypto::HashOutput;
use stratls_keyschedule::tls13::TrafficSecret;

use crate::error::Error;
use crate::proof::FinishedVerified;

pub(crate) fn checked(
    peer: &TrafficSecret,
    hash: &HashOutput,
    received: &[u8],
) -> Result<FinishedVerified, Error> {
    FinishedVerified::tls13(peer, hash, received)
}
