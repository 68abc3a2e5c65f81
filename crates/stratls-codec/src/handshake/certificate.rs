//! Certificate, CertificateRequest and CertificateVerify (RFC 8446 §4.3.2, §4.4.2–§4.4.3;
//! RFC 5246 §7.4.2, §7.4.4, §7.4.8).

use crate::wire::EncodeBuf;
use rustls_pki_types::CertificateDer;

use crate::enums::{ClientCertificateType, SignatureScheme};
use crate::error::DecodeError;
use crate::extensions::{
    self, CertReqExtension, CertificateExtension, DistinguishedName, read_authorities, read_schemes,
};
use crate::wire::{self, PResult};

/// One entry of a TLS 1.3 certificate list: a DER certificate and its extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateEntry {
    /// The DER certificate, `cert_data<1..2^24-1>`, in the container certificate verifiers
    /// take (so a chain read here goes to a verifier without another copy).
    pub cert_data: CertificateDer<'static>,
    /// `extensions<0..2^16-1>` (status_request, signed_certificate_timestamp, ...).
    pub extensions: Vec<CertificateExtension>,
}

/// The TLS 1.3 Certificate message (RFC 8446 §4.4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// `certificate_request_context<0..2^8-1>`: empty in the server's handshake Certificate.
    pub context: Vec<u8>,
    /// `certificate_list<0..2^24-1>`, end-entity first.
    pub entries: Vec<CertificateEntry>,
}

impl Certificate {
    /// Parses a TLS 1.3 Certificate body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "Certificate", |i| {
            let (i, context) = wire::vec_u8(i, 0, 0xff, "certificate_request_context")?;
            let (i, list) = wire::vec_u24(i, 0, 0xff_ffff, "certificate_list")?;
            let entries = wire::items(list, "certificate_list", read_entry)?;
            let cert = Self {
                context: context.to_vec(),
                entries,
            };
            Ok((i, cert))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        wire::put_vec_u8(dst, &self.context);
        wire::with_u24_len(dst, |d| {
            for entry in &self.entries {
                wire::put_vec_u24(d, &entry.cert_data);
                extensions::put_block(d, &entry.extensions, |e, d| e.encode(d));
            }
        });
    }
}

fn read_entry(i: &[u8]) -> PResult<'_, CertificateEntry> {
    let (i, cert) = wire::vec_u24(i, 1, 0xff_ffff, "cert_data")?;
    let field = "CertificateEntry extensions";
    let (i, extensions) =
        extensions::read_block(i, (0, 0xffff), field, CertificateExtension::parse)?;
    let entry = CertificateEntry {
        cert_data: CertificateDer::from(cert.to_vec()),
        extensions,
    };
    Ok((i, entry))
}

/// The TLS 1.2 Certificate message (RFC 5246 §7.4.2): a chain of DER certificates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateTls12 {
    /// `certificate_list<0..2^24-1>`, end-entity first; each `ASN.1Cert<1..2^24-1>`.
    pub chain: Vec<CertificateDer<'static>>,
}

impl CertificateTls12 {
    /// Parses a TLS 1.2 Certificate body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "Certificate", |i| {
            let (i, list) = wire::vec_u24(i, 0, 0xff_ffff, "certificate_list")?;
            let chain = wire::items(list, "certificate_list", |i| {
                let (i, cert) = wire::vec_u24(i, 1, 0xff_ffff, "ASN.1Cert")?;
                Ok((i, CertificateDer::from(cert.to_vec())))
            })?;
            Ok((i, Self { chain }))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        wire::with_u24_len(dst, |d| {
            for cert in &self.chain {
                wire::put_vec_u24(d, cert);
            }
        });
    }
}

/// The TLS 1.3 CertificateRequest (RFC 8446 §4.3.2).
///
/// Whether the required signature_algorithms extension is present is the handshake layer's check
/// (`missing_extension`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest {
    /// `certificate_request_context<0..2^8-1>`, echoed in the client's Certificate.
    pub context: Vec<u8>,
    /// `extensions<2..2^16-1>`.
    pub extensions: Vec<CertReqExtension>,
}

impl CertificateRequest {
    /// Parses a TLS 1.3 CertificateRequest body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "CertificateRequest", |i| {
            let (i, context) = wire::vec_u8(i, 0, 0xff, "certificate_request_context")?;
            let field = "CertificateRequest extensions";
            let (i, extensions) =
                extensions::read_block(i, (2, 0xffff), field, CertReqExtension::parse)?;
            let req = Self {
                context: context.to_vec(),
                extensions,
            };
            Ok((i, req))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        wire::put_vec_u8(dst, &self.context);
        extensions::put_block(dst, &self.extensions, |e, d| e.encode(d));
    }

    /// The schemes of signature_algorithms, if present.
    pub fn signature_algorithms(&self) -> Option<&[SignatureScheme]> {
        self.extensions.iter().find_map(|e| match e {
            CertReqExtension::SignatureAlgorithms(s) => Some(s.as_slice()),
            _ => None,
        })
    }
}

/// The TLS 1.2 CertificateRequest (RFC 5246 §7.4.4, RFC 8422 §5.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequestTls12 {
    /// `certificate_types<1..2^8-1>`.
    pub certificate_types: Vec<ClientCertificateType>,
    /// `supported_signature_algorithms<2..2^16-2>`.
    pub signature_algorithms: Vec<SignatureScheme>,
    /// `certificate_authorities<0..2^16-1>`.
    pub certificate_authorities: Vec<DistinguishedName>,
}

impl CertificateRequestTls12 {
    /// Parses a TLS 1.2 CertificateRequest body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "CertificateRequest", |i| {
            let (i, types) = wire::vec_u8(i, 1, 0xff, "certificate_types")?;
            let (i, signature_algorithms) = read_schemes(i, "supported_signature_algorithms")?;
            let (i, certificate_authorities) = read_authorities(i, 0, "certificate_authorities")?;
            let req = Self {
                certificate_types: wire::u8_items(types),
                signature_algorithms,
                certificate_authorities,
            };
            Ok((i, req))
        })
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        extensions::put_u8_list(dst, &self.certificate_types);
        extensions::put_u16_list(dst, &self.signature_algorithms);
        extensions::put_authorities(dst, &self.certificate_authorities);
    }
}

/// CertificateVerify (RFC 8446 §4.4.3), also the form of TLS 1.2's `digitally-signed` struct
/// (RFC 5246 §4.7, §7.4.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateVerify {
    /// The signature scheme.
    pub scheme: SignatureScheme,
    /// `signature<0..2^16-1>`.
    pub signature: Vec<u8>,
}

impl CertificateVerify {
    /// Parses a CertificateVerify body (without the handshake header).
    pub fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        wire::parse_all(body, "CertificateVerify", read_signed)
    }

    /// Writes the body (without the handshake header).
    pub fn encode(&self, dst: &mut impl EncodeBuf) {
        dst.put_u16(self.scheme.to_u16());
        wire::put_vec_u16(dst, &self.signature);
    }
}

/// A `digitally-signed` struct: scheme, then `signature<0..2^16-1>`.
pub(crate) fn read_signed(i: &[u8]) -> PResult<'_, CertificateVerify> {
    let (i, scheme) = wire::u16(i, "signature scheme")?;
    let (i, signature) = wire::vec_u16(i, 0, 0xffff, "signature")?;
    let cv = CertificateVerify {
        scheme: SignatureScheme::from(scheme),
        signature: signature.to_vec(),
    };
    Ok((i, cv))
}
