//! The one macro of the crate: an open code-point enum from a `(Name = value => "rfc_name")` table.

/// Defines an open code-point enum: one variant per named value plus `Unknown(repr)`, so any
/// wire value round-trips. Equality, ordering and hashing go by the wire value, so
/// `Unknown(0x1301)` built by hand equals the named variant for 0x1301. `Debug` prints the RFC's
/// name (or `Unknown(0x..)`).
macro_rules! codepoint_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $repr:ident ($from:ident, $to:ident) {
            $( $variant:ident = $value:literal => $rfc:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        #[allow(non_camel_case_types)]
        pub enum $name {
            $(
                #[doc = concat!("`", $rfc, "` (", stringify!($value), ").")]
                $variant,
            )*
            /// A code point this crate has no name for, kept as received.
            Unknown($repr),
        }

        impl $name {
            /// The value for a wire code point (a named variant whenever this crate knows it).
            pub const fn $from(value: $repr) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other),
                }
            }

            /// The code point as it appears on the wire.
            pub const fn $to(self) -> $repr {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value,
                }
            }

            /// The name the RFCs (and the IANA registry) give this code point, if known.
            pub const fn rfc_name(self) -> Option<&'static str> {
                match Self::$from(self.$to()) {
                    $( Self::$variant => Some($rfc), )*
                    Self::Unknown(_) => None,
                }
            }
        }

        impl From<$repr> for $name {
            fn from(value: $repr) -> Self {
                Self::$from(value)
            }
        }

        impl From<$name> for $repr {
            fn from(value: $name) -> Self {
                value.$to()
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.$to() == other.$to()
            }
        }

        impl Eq for $name {}

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> core::cmp::Ordering {
                self.$to().cmp(&other.$to())
            }
        }

        impl core::hash::Hash for $name {
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                self.$to().hash(state);
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.rfc_name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "Unknown({:#x})", self.$to()),
                }
            }
        }
    };
}

pub(crate) use codepoint_enum;
