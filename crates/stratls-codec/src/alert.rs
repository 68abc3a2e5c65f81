//! The alert message (RFC 8446 §6).

use crate::enums::{AlertDescription, AlertLevel};
use crate::error::DecodeError;
use crate::wire::{self, EncodeBuf};

/// An alert: level and description, two bytes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Alert {
    /// `warning` or `fatal` (TLS 1.3 ignores it except for `close_notify` and `user_canceled`).
    pub level: AlertLevel,
    /// What happened.
    pub description: AlertDescription,
}

impl Alert {
    /// Length of an encoded alert.
    pub const LEN: usize = 2;

    /// A fatal alert with `description`.
    pub const fn fatal(description: AlertDescription) -> Self {
        Self {
            level: AlertLevel::Fatal,
            description,
        }
    }

    /// The warning-level `close_notify` alert that ends a connection cleanly.
    pub const fn close_notify() -> Self {
        Self {
            level: AlertLevel::Warning,
            description: AlertDescription::CloseNotify,
        }
    }

    /// Parses an alert: exactly two bytes (anything else is `decode_error`, RFC 8446 §5.1).
    pub fn parse(buf: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(buf, "Alert", |i| {
            let (i, level) = wire::u8(i, "alert level")?;
            let (i, description) = wire::u8(i, "alert description")?;
            let alert = Self {
                level: AlertLevel::from(level),
                description: AlertDescription::from(description),
            };
            Ok((i, alert))
        })
    }

    /// Writes the two bytes.
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u8(self.level.to_u8());
        dst.put_u8(self.description.to_u8());
    }

    /// The two bytes.
    pub fn to_bytes(&self) -> [u8; Self::LEN] {
        [self.level.to_u8(), self.description.to_u8()]
    }
}
