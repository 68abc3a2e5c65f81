//! ChangeCipherSpec: its own content type, body exactly `0x01` (RFC 5246 §7.1, RFC 8446 §5).

use crate::wire::EncodeBuf;

use crate::error::DecodeError;

/// The ChangeCipherSpec message. In TLS 1.2 it switches the sender to the new keys; in TLS 1.3
/// it only appears for middlebox compatibility and is dropped (RFC 8446 §5, Appendix D.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ChangeCipherSpec;

impl ChangeCipherSpec {
    /// The one valid body.
    pub const BODY: [u8; 1] = [0x01];

    /// Parses a ChangeCipherSpec record body: anything but the single byte `0x01` is
    /// [`DecodeError::InvalidChangeCipherSpec`] (`unexpected_message`, RFC 8446 §5).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        if body == Self::BODY {
            Ok(Self)
        } else {
            Err(DecodeError::InvalidChangeCipherSpec)
        }
    }

    /// Writes the body.
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_slice(&Self::BODY);
    }
}
