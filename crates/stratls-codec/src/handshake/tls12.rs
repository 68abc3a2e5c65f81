//! Messages of TLS 1.2 only: HelloRequest, ServerKeyExchange (ECDHE), ServerHelloDone,
//! ClientKeyExchange, and the RFC 5077 NewSessionTicket (RFC 5246 §7.4, RFC 8422 §5.4, §5.7).

use super::KeyExchangeAlgorithm;
use super::certificate::{CertificateVerify, read_signed};
use crate::enums::{ECCurveType, NamedGroup, SignatureScheme};
use crate::error::DecodeError;
use crate::wire::{self, EncodeBuf};

/// HelloRequest (RFC 5246 §7.4.1.1): an empty body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct HelloRequest;

impl HelloRequest {
    /// Parses a HelloRequest body, which must be empty.
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "HelloRequest", |i| Ok((i, Self)))
    }

    /// Writes the (empty) body.
    pub fn encode(&self, _dst: &mut impl EncodeBuf) {}
}

/// ServerHelloDone (RFC 5246 §7.4.5): an empty body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ServerHelloDone;

impl ServerHelloDone {
    /// Parses a ServerHelloDone body, which must be empty.
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "ServerHelloDone", |i| Ok((i, Self)))
    }

    /// Writes the (empty) body.
    pub fn encode(&self, _dst: &mut impl EncodeBuf) {}
}

/// The ECDHE ServerKeyExchange (RFC 8422 §5.4): `ServerECDHParams` with a named curve, then the
/// signature over `client_random + server_random + params`.
///
/// Only `named_curve` parameters exist (RFC 8422 §5.4 deprecates the explicit forms); any other
/// curve type is `illegal_parameter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerKeyExchange {
    /// The curve of the server's ephemeral key.
    pub group: NamedGroup,
    /// The server's ephemeral public value, `point<1..2^8-1>`.
    pub public: Vec<u8>,
    /// The signature scheme.
    pub scheme: SignatureScheme,
    /// `signature<0..2^16-1>`.
    pub signature: Vec<u8>,
}

impl ServerKeyExchange {
    /// Parses an ECDHE ServerKeyExchange body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "ServerKeyExchange", |i| {
            let (i, curve_type) = wire::u8(i, "curve_type")?;
            if ECCurveType::from(curve_type) != ECCurveType::NamedCurve {
                return wire::reject(DecodeError::IllegalValue {
                    field: "curve_type",
                });
            }
            let (i, group) = wire::u16(i, "namedcurve")?;
            let (i, public) = wire::vec_u8(i, 1, 0xff, "point")?;
            let (i, CertificateVerify { scheme, signature }) = read_signed(i)?;
            let ske = Self {
                group: NamedGroup::from(group),
                public: public.to_vec(),
                scheme,
                signature,
            };
            Ok((i, ske))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        self.encode_params(dst);
        dst.put_u16(self.scheme.to_u16());
        wire::put_vec_u16(dst, &self.signature);
    }

    fn encode_params(&self, dst: &mut impl EncodeBuf) {
        dst.put_u8(ECCurveType::NamedCurve.to_u8());
        dst.put_u16(self.group.to_u16());
        wire::put_vec_u8(dst, &self.public);
    }

    /// The encoded `ServerECDHParams`. The encoding is canonical, so for a parsed message these
    /// are exactly the bytes that were received (and signed).
    pub fn params(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_params(&mut out);
        out
    }

    /// The bytes the signature covers: `client_random + server_random + params`
    /// (RFC 8422 §5.4).
    pub fn signed_message(&self, client_random: &[u8; 32], server_random: &[u8; 32]) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + 4 + self.public.len());
        out.extend_from_slice(client_random);
        out.extend_from_slice(server_random);
        self.encode_params(&mut out);
        out
    }
}

/// ClientKeyExchange (RFC 5246 §7.4.7, RFC 8422 §5.7); its form follows the key exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientKeyExchange {
    /// ECDHE: the client's ephemeral public value, `point<1..2^8-1>`.
    Ecdhe {
        /// The encoded point (or X25519 u-coordinate).
        public: Vec<u8>,
    },
    /// RSA: `EncryptedPreMasterSecret`, `opaque<0..2^16-1>` (with its length, TLS 1.0 and later).
    Rsa {
        /// The PKCS #1 v1.5 ciphertext of the premaster secret.
        encrypted_pre_master_secret: Vec<u8>,
    },
}

impl ClientKeyExchange {
    /// Parses a ClientKeyExchange body (without the handshake header) of the form `kx` selects.
    pub fn parse(body: &[u8], kx: KeyExchangeAlgorithm) -> Result<Self, DecodeError> {
        wire::parse_all(body, "ClientKeyExchange", |i| match kx {
            KeyExchangeAlgorithm::Ecdhe => {
                let (i, public) = wire::vec_u8(i, 1, 0xff, "ecdh_Yc")?;
                let public = public.to_vec();
                Ok((i, Self::Ecdhe { public }))
            }
            KeyExchangeAlgorithm::Rsa => {
                let (i, ct) = wire::vec_u16(i, 0, 0xffff, "EncryptedPreMasterSecret")?;
                let encrypted_pre_master_secret = ct.to_vec();
                Ok((
                    i,
                    Self::Rsa {
                        encrypted_pre_master_secret,
                    },
                ))
            }
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        match self {
            Self::Ecdhe { public } => wire::put_vec_u8(dst, public),
            Self::Rsa {
                encrypted_pre_master_secret,
            } => wire::put_vec_u16(dst, encrypted_pre_master_secret),
        }
    }

    /// The key exchange this message belongs to.
    pub fn kx(&self) -> KeyExchangeAlgorithm {
        match self {
            Self::Ecdhe { .. } => KeyExchangeAlgorithm::Ecdhe,
            Self::Rsa { .. } => KeyExchangeAlgorithm::Rsa,
        }
    }
}

/// The TLS 1.2 NewSessionTicket (RFC 5077 §3.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicketTls12 {
    /// Seconds the client may keep the ticket (0: unspecified).
    pub lifetime_hint: u32,
    /// `ticket<0..2^16-1>`.
    pub ticket: Vec<u8>,
}

impl NewSessionTicketTls12 {
    /// Parses a TLS 1.2 NewSessionTicket body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "NewSessionTicket", |i| {
            let (i, lifetime_hint) = wire::u32(i, "ticket_lifetime_hint")?;
            let (i, ticket) = wire::vec_u16(i, 0, 0xffff, "ticket")?;
            let nst = Self {
                lifetime_hint,
                ticket: ticket.to_vec(),
            };
            Ok((i, nst))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u32(self.lifetime_hint);
        wire::put_vec_u16(dst, &self.ticket);
    }
}
