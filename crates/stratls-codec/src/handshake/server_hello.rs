//! ServerHello and HelloRetryRequest (RFC 8446 §4.1.3–§4.1.4, RFC 5246 §7.4.1.3).

use crate::wire::EncodeBuf;

use crate::enums::{CipherSuite, ExtensionType, NamedGroup, ProtocolVersion};
use crate::error::DecodeError;
use crate::extensions::{self, HelloRetryExtension, KeyShareEntry, Message, ServerExtension};
use crate::wire::{self, PResult};

/// The ServerHello random that marks a HelloRetryRequest: SHA-256("HelloRetryRequest")
/// (RFC 8446 §4.1.3).
pub const HELLO_RETRY_REQUEST_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// True if a ServerHello body (without the handshake header) is a HelloRetryRequest, i.e. its
/// random is [`HELLO_RETRY_REQUEST_RANDOM`]. A body too short to hold a random is not.
pub fn is_hello_retry_request(body: &[u8]) -> bool {
    body.get(2..34) == Some(&HELLO_RETRY_REQUEST_RANDOM[..])
}

/// A ServerHello (TLS 1.3 or TLS 1.2) that is not a HelloRetryRequest.
///
/// When supported_versions selects TLS 1.3, parsing also enforces the TLS 1.3 rules: the
/// compression method is 0 and only key_share, pre_shared_key and supported_versions may appear
/// among the extensions the RFC 8446 §4.2 table lists (`illegal_parameter`). A supported_versions
/// naming a version before TLS 1.3 is `illegal_parameter` (RFC 8446 §4.2.1). A TLS 1.2
/// ServerHello may omit the extension block; that parses as an empty `extensions`, and an empty
/// `extensions` encodes without a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello {
    /// `legacy_version` (0x0303 in TLS 1.3; the negotiated version in TLS 1.2).
    pub legacy_version: ProtocolVersion,
    /// The 32-byte server random.
    pub random: [u8; 32],
    /// `legacy_session_id_echo<0..32>`.
    pub legacy_session_id_echo: Vec<u8>,
    /// The selected suite.
    pub cipher_suite: CipherSuite,
    /// `legacy_compression_method`.
    pub legacy_compression_method: u8,
    /// The extensions, in wire order.
    pub extensions: Vec<ServerExtension>,
}

impl ServerHello {
    /// Parses a ServerHello body (without the handshake header). A body whose random is
    /// [`HELLO_RETRY_REQUEST_RANDOM`] is refused: parse it as a [`HelloRetryRequest`].
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        if is_hello_retry_request(body) {
            return Err(DecodeError::IllegalValue {
                field: "ServerHello random",
            });
        }
        let hello = wire::parse_all(body, "ServerHello", Self::read)?;
        hello.check()?;
        Ok(hello)
    }

    fn read(i: &[u8]) -> PResult<'_, Self> {
        let (i, legacy_version) = wire::u16(i, "legacy_version")?;
        let (i, random) = wire::array::<32>(i, "random")?;
        let (i, session_id) = wire::vec_u8(i, 0, 32, "legacy_session_id_echo")?;
        let (i, suite) = wire::u16(i, "cipher_suite")?;
        let (i, compression) = wire::u8(i, "legacy_compression_method")?;
        let (i, extensions) = if i.is_empty() {
            (i, Vec::new())
        } else {
            extensions::read_block(
                i,
                (0, 0xffff),
                "ServerHello extensions",
                ServerExtension::parse,
            )?
        };
        let hello = Self {
            legacy_version: ProtocolVersion::from(legacy_version),
            random,
            legacy_session_id_echo: session_id.to_vec(),
            cipher_suite: CipherSuite::from(suite),
            legacy_compression_method: compression,
            extensions,
        };
        Ok((i, hello))
    }

    fn check(&self) -> Result<(), DecodeError> {
        match self.supported_version() {
            None => Ok(()),
            Some(v) if v < ProtocolVersion::TLSv1_3 => Err(DecodeError::IllegalValue {
                field: "supported_versions",
            }),
            Some(_) => {
                if self.legacy_compression_method != 0 {
                    return Err(DecodeError::IllegalValue {
                        field: "legacy_compression_method",
                    });
                }
                self.extensions.iter().try_for_each(|e| {
                    extensions::check_tls13_placement(e.typ(), Message::ServerHello)
                })
            }
        }
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u16(self.legacy_version.to_u16());
        dst.put_slice(&self.random);
        wire::put_vec_u8(dst, &self.legacy_session_id_echo);
        dst.put_u16(self.cipher_suite.to_u16());
        dst.put_u8(self.legacy_compression_method);
        if !self.extensions.is_empty() {
            extensions::put_block(dst, &self.extensions, |e, d| e.encode(d));
        }
    }

    /// The first extension of type `typ`, if present.
    pub fn extension(&self, typ: ExtensionType) -> Option<&ServerExtension> {
        self.extensions.iter().find(|e| e.typ() == typ)
    }

    /// The version in supported_versions, if present.
    pub fn supported_version(&self) -> Option<ProtocolVersion> {
        self.extensions.iter().find_map(|e| match e {
            ServerExtension::SupportedVersions(v) => Some(*v),
            _ => None,
        })
    }

    /// The negotiated version: supported_versions if present, else `legacy_version`.
    pub fn selected_version(&self) -> ProtocolVersion {
        self.supported_version().unwrap_or(self.legacy_version)
    }

    /// The server's key share, if present.
    pub fn key_share(&self) -> Option<&KeyShareEntry> {
        self.extensions.iter().find_map(|e| match e {
            ServerExtension::KeyShare(k) => Some(k),
            _ => None,
        })
    }

    /// The ALPN protocol the server chose (TLS 1.2; TLS 1.3 carries it in
    /// EncryptedExtensions), if present.
    pub fn alpn_protocol(&self) -> Option<&[u8]> {
        self.extensions.iter().find_map(|e| match e {
            ServerExtension::Alpn(p) => Some(p.as_slice()),
            _ => None,
        })
    }

    /// [`ServerHello::alpn_protocol`] as text, if its bytes are UTF-8.
    pub fn alpn_protocol_str(&self) -> Option<&str> {
        self.alpn_protocol()
            .and_then(crate::extensions::protocol_name_str)
    }

    /// The index of the selected PSK identity, if present.
    pub fn selected_psk(&self) -> Option<u16> {
        self.extensions.iter().find_map(|e| match e {
            ServerExtension::PreSharedKey(i) => Some(*i),
            _ => None,
        })
    }
}

/// A HelloRetryRequest: a ServerHello whose random is [`HELLO_RETRY_REQUEST_RANDOM`]
/// (RFC 8446 §4.1.4). The random is implied: it is checked when parsing and written when
/// encoding.
///
/// Parsing enforces `legacy_compression_method` = 0, `extensions<6..2^16-1>` (RFC 8446 §4.1.3),
/// no duplicates, and the RFC 8446 §4.2 placement table (only key_share, cookie and
/// supported_versions among the extensions it lists).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelloRetryRequest {
    /// `legacy_version` (0x0303).
    pub legacy_version: ProtocolVersion,
    /// `legacy_session_id_echo<0..32>`.
    pub legacy_session_id_echo: Vec<u8>,
    /// The suite the server will use.
    pub cipher_suite: CipherSuite,
    /// The extensions, in wire order.
    pub extensions: Vec<HelloRetryExtension>,
}

impl HelloRetryRequest {
    /// Parses a HelloRetryRequest body (without the handshake header); a random other than
    /// [`HELLO_RETRY_REQUEST_RANDOM`] is [`DecodeError::IllegalValue`].
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "HelloRetryRequest", Self::read)
    }

    fn read(i: &[u8]) -> PResult<'_, Self> {
        let (i, legacy_version) = wire::u16(i, "legacy_version")?;
        let (i, random) = wire::array::<32>(i, "random")?;
        if random != HELLO_RETRY_REQUEST_RANDOM {
            return wire::reject(DecodeError::IllegalValue {
                field: "HelloRetryRequest random",
            });
        }
        let (i, session_id) = wire::vec_u8(i, 0, 32, "legacy_session_id_echo")?;
        let (i, suite) = wire::u16(i, "cipher_suite")?;
        let (i, compression) = wire::u8(i, "legacy_compression_method")?;
        if compression != 0 {
            return wire::reject(DecodeError::IllegalValue {
                field: "legacy_compression_method",
            });
        }
        let field = "HelloRetryRequest extensions";
        let (i, extensions) =
            extensions::read_block(i, (6, 0xffff), field, HelloRetryExtension::parse)?;
        let hrr = Self {
            legacy_version: ProtocolVersion::from(legacy_version),
            legacy_session_id_echo: session_id.to_vec(),
            cipher_suite: CipherSuite::from(suite),
            extensions,
        };
        Ok((i, hrr))
    }

    /// Writes the body (without the handshake header), random included.
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u16(self.legacy_version.to_u16());
        dst.put_slice(&HELLO_RETRY_REQUEST_RANDOM);
        wire::put_vec_u8(dst, &self.legacy_session_id_echo);
        dst.put_u16(self.cipher_suite.to_u16());
        dst.put_u8(0);
        extensions::put_block(dst, &self.extensions, |e, d| e.encode(d));
    }

    /// The group the server asks a new key share for, if present.
    pub fn selected_group(&self) -> Option<NamedGroup> {
        self.extensions.iter().find_map(|e| match e {
            HelloRetryExtension::KeyShare(g) => Some(*g),
            _ => None,
        })
    }

    /// The cookie to echo, if present.
    pub fn cookie(&self) -> Option<&[u8]> {
        self.extensions.iter().find_map(|e| match e {
            HelloRetryExtension::Cookie(c) => Some(c.as_slice()),
            _ => None,
        })
    }

    /// The version in supported_versions, if present.
    pub fn supported_version(&self) -> Option<ProtocolVersion> {
        self.extensions.iter().find_map(|e| match e {
            HelloRetryExtension::SupportedVersions(v) => Some(*v),
            _ => None,
        })
    }
}
