//! [`HandshakeMessage`]: every handshake message, with the header framing.

use super::{
    Certificate, CertificateRequest, CertificateRequestTls12, CertificateTls12, CertificateVerify,
    ClientHello, ClientKeyExchange, EncryptedExtensions, EndOfEarlyData, Finished,
    HANDSHAKE_HEADER_LEN, HandshakeHeader, HelloRequest, HelloRetryRequest, KeyUpdate, MessageHash,
    NewSessionTicket, NewSessionTicketTls12, ParseContext, ServerHello, ServerHelloDone,
    ServerKeyExchange, is_hello_retry_request,
};
use crate::enums::HandshakeType;
use crate::error::DecodeError;
use crate::extensions::ClientExtension;
use crate::wire::{self, EncodeBuf};

/// Any handshake message.
///
/// [`HandshakeMessage::parse`] picks the form from the type, the [`ParseContext`] and (for type
/// 2) the ServerHello random. A type that has no form in the context's version (e.g.
/// ServerKeyExchange under TLS 1.3, EncryptedExtensions under TLS 1.2), and any type this crate
/// does not know, is returned as [`HandshakeMessage::Unknown`]: whether it is acceptable is the
/// handshake layer's decision (`unexpected_message`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakeMessage {
    /// HelloRequest (TLS 1.2).
    HelloRequest(HelloRequest),
    /// ClientHello.
    ClientHello(ClientHello),
    /// ServerHello.
    ServerHello(ServerHello),
    /// HelloRetryRequest (type 2 with the special random; TLS 1.3).
    HelloRetryRequest(HelloRetryRequest),
    /// NewSessionTicket (TLS 1.3).
    NewSessionTicket(NewSessionTicket),
    /// NewSessionTicket (TLS 1.2, RFC 5077).
    NewSessionTicketTls12(NewSessionTicketTls12),
    /// EndOfEarlyData (TLS 1.3).
    EndOfEarlyData(EndOfEarlyData),
    /// EncryptedExtensions (TLS 1.3).
    EncryptedExtensions(EncryptedExtensions),
    /// Certificate (TLS 1.3).
    Certificate(Certificate),
    /// Certificate (TLS 1.2).
    CertificateTls12(CertificateTls12),
    /// ServerKeyExchange (TLS 1.2 ECDHE).
    ServerKeyExchange(ServerKeyExchange),
    /// CertificateRequest (TLS 1.3).
    CertificateRequest(CertificateRequest),
    /// CertificateRequest (TLS 1.2).
    CertificateRequestTls12(CertificateRequestTls12),
    /// ServerHelloDone (TLS 1.2).
    ServerHelloDone(ServerHelloDone),
    /// CertificateVerify.
    CertificateVerify(CertificateVerify),
    /// ClientKeyExchange (TLS 1.2).
    ClientKeyExchange(ClientKeyExchange),
    /// Finished.
    Finished(Finished),
    /// KeyUpdate (TLS 1.3).
    KeyUpdate(KeyUpdate),
    /// The synthetic message_hash (TLS 1.3 transcript after HelloRetryRequest).
    MessageHash(MessageHash),
    /// A type with no form in this context, or unknown to this crate; kept as received.
    Unknown {
        /// The message type.
        typ: HandshakeType,
        /// The body.
        body: Vec<u8>,
    },
}

impl HandshakeMessage {
    /// Parses the body of a message of type `typ` (the header already read, see
    /// [`HandshakeHeader`]).
    pub fn parse(typ: HandshakeType, body: &[u8], ctx: ParseContext) -> Result<Self, DecodeError> {
        use HandshakeType as H;
        let tls13 = ctx == ParseContext::Tls13;
        Ok(match (HandshakeType::from_u8(typ.to_u8()), ctx) {
            (H::HelloRequest, ParseContext::Tls12(_)) => {
                Self::HelloRequest(HelloRequest::parse(body)?)
            }
            (H::ClientHello, _) => Self::ClientHello(ClientHello::parse(body)?),
            (H::ServerHello, _) if is_hello_retry_request(body) => {
                Self::HelloRetryRequest(HelloRetryRequest::parse(body)?)
            }
            (H::ServerHello, _) => Self::ServerHello(ServerHello::parse(body)?),
            (H::NewSessionTicket, _) if tls13 => {
                Self::NewSessionTicket(NewSessionTicket::parse(body)?)
            }
            (H::NewSessionTicket, _) => {
                Self::NewSessionTicketTls12(NewSessionTicketTls12::parse(body)?)
            }
            (H::EndOfEarlyData, _) if tls13 => Self::EndOfEarlyData(EndOfEarlyData::parse(body)?),
            (H::EncryptedExtensions, _) if tls13 => {
                Self::EncryptedExtensions(EncryptedExtensions::parse(body)?)
            }
            (H::Certificate, _) if tls13 => Self::Certificate(Certificate::parse(body)?),
            (H::Certificate, _) => Self::CertificateTls12(CertificateTls12::parse(body)?),
            (H::ServerKeyExchange, ParseContext::Tls12(_)) => {
                Self::ServerKeyExchange(ServerKeyExchange::parse(body)?)
            }
            (H::CertificateRequest, _) if tls13 => {
                Self::CertificateRequest(CertificateRequest::parse(body)?)
            }
            (H::CertificateRequest, _) => {
                Self::CertificateRequestTls12(CertificateRequestTls12::parse(body)?)
            }
            (H::ServerHelloDone, ParseContext::Tls12(_)) => {
                Self::ServerHelloDone(ServerHelloDone::parse(body)?)
            }
            (H::CertificateVerify, _) => Self::CertificateVerify(CertificateVerify::parse(body)?),
            (H::ClientKeyExchange, ParseContext::Tls12(kx)) => {
                Self::ClientKeyExchange(ClientKeyExchange::parse(body, kx)?)
            }
            (H::Finished, _) => Self::Finished(Finished::parse(body)?),
            (H::KeyUpdate, _) if tls13 => Self::KeyUpdate(KeyUpdate::parse(body)?),
            (H::MessageHash, _) if tls13 => Self::MessageHash(MessageHash::parse(body)?),
            _ => Self::Unknown {
                typ,
                body: body.to_vec(),
            },
        })
    }

    /// Parses the complete message (header and body) at the front of `buf` and returns it with
    /// its length; bytes after it are left alone. An incomplete message is
    /// [`DecodeError::Truncated`].
    pub fn parse_framed(buf: &[u8], ctx: ParseContext) -> Result<(Self, usize), DecodeError> {
        let header = HandshakeHeader::parse(buf)?;
        let body = header.body(buf)?;
        Ok((Self::parse(header.typ, body, ctx)?, header.message_len()))
    }

    /// The message type.
    pub fn typ(&self) -> HandshakeType {
        use HandshakeType as H;
        match self {
            Self::HelloRequest(_) => H::HelloRequest,
            Self::ClientHello(_) => H::ClientHello,
            Self::ServerHello(_) | Self::HelloRetryRequest(_) => H::ServerHello,
            Self::NewSessionTicket(_) | Self::NewSessionTicketTls12(_) => H::NewSessionTicket,
            Self::EndOfEarlyData(_) => H::EndOfEarlyData,
            Self::EncryptedExtensions(_) => H::EncryptedExtensions,
            Self::Certificate(_) | Self::CertificateTls12(_) => H::Certificate,
            Self::ServerKeyExchange(_) => H::ServerKeyExchange,
            Self::CertificateRequest(_) | Self::CertificateRequestTls12(_) => H::CertificateRequest,
            Self::ServerHelloDone(_) => H::ServerHelloDone,
            Self::CertificateVerify(_) => H::CertificateVerify,
            Self::ClientKeyExchange(_) => H::ClientKeyExchange,
            Self::Finished(_) => H::Finished,
            Self::KeyUpdate(_) => H::KeyUpdate,
            Self::MessageHash(_) => H::MessageHash,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Writes the message: header (type and `uint24` length), then body.
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u8(self.typ().to_u8());
        wire::with_u24_len(dst, |d| self.encode_body(d));
    }

    /// The encoded message (header and body), in one allocation for every message stratls
    /// sends: the vector starts at [`HandshakeMessage::encoded_len_hint`].
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len_hint());
        self.encode(&mut out);
        out
    }

    /// A cheap estimate of the encoded length (header included), at least the real length for
    /// the messages stratls builds: the variable parts that can be large (certificates,
    /// signatures, tickets, key shares) are counted, the small fixed ones bounded.
    pub fn encoded_len_hint(&self) -> usize {
        const SMALL: usize = 64;
        HANDSHAKE_HEADER_LEN
            + match self {
                Self::ClientHello(m) => {
                    // Key shares, PSK identities and binders are the large extensions.
                    let large: usize = m.extensions.iter().map(ClientExtension::len_hint).sum();
                    96 + m.legacy_session_id.len() + 2 * m.cipher_suites.len() + large
                }
                Self::ServerHello(_) | Self::HelloRetryRequest(_) => 256,
                Self::Certificate(m) => {
                    8 + m.context.len()
                        + m.entries
                            .iter()
                            .map(|e| 3 + e.cert_data.len() + 2 + 16 * e.extensions.len())
                            .sum::<usize>()
                }
                Self::CertificateTls12(m) => 3 + m.chain.iter().map(|c| 3 + c.len()).sum::<usize>(),
                Self::CertificateVerify(m) => 4 + m.signature.len(),
                Self::ServerKeyExchange(m) => 8 + m.public.len() + m.signature.len(),
                Self::NewSessionTicket(m) => SMALL + m.ticket_nonce.len() + m.ticket.len(),
                Self::NewSessionTicketTls12(m) => 6 + m.ticket.len(),
                Self::Finished(m) => m.verify_data.len(),
                Self::MessageHash(m) => m.hash.len(),
                Self::Unknown { body, .. } => body.len(),
                Self::ClientKeyExchange(_) => 256 + 2,
                Self::EncryptedExtensions(_)
                | Self::CertificateRequest(_)
                | Self::CertificateRequestTls12(_) => 4 * SMALL,
                Self::HelloRequest(_)
                | Self::EndOfEarlyData(_)
                | Self::ServerHelloDone(_)
                | Self::KeyUpdate(_) => 1,
            }
    }

    /// Writes the body only.
    pub fn encode_body(&self, d: &mut impl EncodeBuf) {
        match self {
            Self::HelloRequest(m) => m.encode(d),
            Self::ClientHello(m) => m.encode(d),
            Self::ServerHello(m) => m.encode(d),
            Self::HelloRetryRequest(m) => m.encode(d),
            Self::NewSessionTicket(m) => m.encode(d),
            Self::NewSessionTicketTls12(m) => m.encode(d),
            Self::EndOfEarlyData(m) => m.encode(d),
            Self::EncryptedExtensions(m) => m.encode(d),
            Self::Certificate(m) => m.encode(d),
            Self::CertificateTls12(m) => m.encode(d),
            Self::ServerKeyExchange(m) => m.encode(d),
            Self::CertificateRequest(m) => m.encode(d),
            Self::CertificateRequestTls12(m) => m.encode(d),
            Self::ServerHelloDone(m) => m.encode(d),
            Self::CertificateVerify(m) => m.encode(d),
            Self::ClientKeyExchange(m) => m.encode(d),
            Self::Finished(m) => m.encode(d),
            Self::KeyUpdate(m) => m.encode(d),
            Self::MessageHash(m) => m.encode(d),
            Self::Unknown { body, .. } => d.put_slice(body),
        }
    }
}
