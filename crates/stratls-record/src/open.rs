//! Framing and unprotecting one record: header checks, length limits, decryption, TLS 1.3
//! inner content type.

use bytes::{Buf, BytesMut};
use stratls_codec::ContentType;
use stratls_codec::record::{
    MAX_PLAINTEXT_LEN, MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN, RECORD_HEADER_LEN,
};

use crate::error::RecordError;
use crate::protection::{ProtectionVersion, RecordProtection};
use crate::writer::tls12_aad;

/// A checked record header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub(crate) typ: ContentType,
    pub(crate) version: u16,
    pub(crate) len: usize,
    /// Whether the body is protected (to be decrypted) rather than plaintext.
    pub(crate) protected: bool,
}

/// Parses and checks the header at the start of `buf`, if five bytes are there.
///
/// Checks that the type is one TLS defines, that the version is 0x03xx, that the type may
/// appear in the current protection state, and that the length is within the limit for a
/// plaintext or ciphertext record of the protection in use. All of this is decided from the
/// header alone, before the body is buffered.
///
/// With `skipping_early_data`, an application_data record before any protection is framed as
/// a ciphertext (to be skipped) instead of refused. With `plaintext_alerts`, a TLS 1.3
/// unprotected alert is accepted while protection is on (a peer that fails before it has
/// derived its handshake keys can only send its alert in the clear).
pub(crate) fn parse_header(
    buf: &[u8],
    protection: Option<&RecordProtection>,
    skipping_early_data: bool,
    plaintext_alerts: bool,
) -> Result<Option<Header>, RecordError> {
    let Some(&[typ, v0, v1, l0, l1]) = buf.first_chunk::<RECORD_HEADER_LEN>() else {
        return Ok(None);
    };
    let typ = ContentType::from(typ);
    let version = u16::from_be_bytes([v0, v1]);
    let len = usize::from(u16::from_be_bytes([l0, l1]));
    if let ContentType::Unknown(t) = typ {
        return Err(RecordError::UnknownContentType(t));
    }
    if v0 != 0x03 {
        return Err(RecordError::InvalidRecordVersion(version));
    }
    let version_kind = protection.map(RecordProtection::version);
    let (protected, max) = match (version_kind, typ) {
        // 0-RTT data the server cannot read, after a HelloRetryRequest (RFC 8446 §4.2.10).
        (None, ContentType::ApplicationData) if skipping_early_data => {
            (true, MAX_TLS13_CIPHERTEXT_LEN)
        }
        // Application data is never sent unprotected (RFC 8446 §5, RFC 5246 §7.4.9).
        (None, ContentType::ApplicationData) => {
            return Err(RecordError::UnexpectedContentType(typ));
        }
        (None, _) => (false, MAX_PLAINTEXT_LEN),
        // TLS 1.3: the compatibility change_cipher_spec is never protected; every protected
        // record has the outer type application_data (RFC 8446 §5, §5.2).
        (Some(ProtectionVersion::Tls13), ContentType::ChangeCipherSpec) => {
            (false, MAX_PLAINTEXT_LEN)
        }
        (Some(ProtectionVersion::Tls13), ContentType::ApplicationData) => {
            (true, MAX_TLS13_CIPHERTEXT_LEN)
        }
        (Some(ProtectionVersion::Tls13), ContentType::Alert) if plaintext_alerts => {
            (false, MAX_PLAINTEXT_LEN)
        }
        (Some(ProtectionVersion::Tls13), _) => {
            return Err(RecordError::UnexpectedContentType(typ));
        }
        (Some(ProtectionVersion::Tls12(_)), _) => (true, MAX_TLS12_CIPHERTEXT_LEN),
    };
    if len > max {
        return Err(RecordError::RecordOverflow { len, max });
    }
    Ok(Some(Header {
        typ,
        version,
        len,
        protected,
    }))
}

/// Removes the protection of `record` (header and body) in place and returns the content
/// type and the content, leaving only the content in `record`.
///
/// A body too short to hold the explicit nonce and the tag is `bad_record_mac`, like any
/// other record that does not authenticate: the record cannot be authentic, and answering it
/// differently from a forged one would tell an attacker nothing useful but costs nothing to
/// avoid. A TLS 1.3 record of exactly a tag decrypts to an empty inner plaintext and is
/// `unexpected_message` (no content type).
pub(crate) fn unprotect(
    header: &Header,
    record: &mut BytesMut,
    protection: &mut RecordProtection,
) -> Result<ContentType, RecordError> {
    let tag_len = protection.tag_len();
    let explicit_len = protection.explicit_nonce_len();
    let body_len = record.len().saturating_sub(RECORD_HEADER_LEN);
    let Some(data_len) = body_len.checked_sub(explicit_len + tag_len) else {
        return Err(RecordError::BadRecordMac);
    };
    let seq = protection.read_sequence()?;
    let head_len = RECORD_HEADER_LEN.min(record.len());
    let (head, body) = record.split_at_mut(head_len);
    let (explicit, rest) = body.split_at_mut(explicit_len);
    let (data, tag) = rest.split_at_mut(data_len);
    match protection.version() {
        ProtectionVersion::Tls13 => {
            let nonce = protection.nonce(seq, None);
            protection.open(&nonce, head, data, tag)?;
            protection.advance_read();
            if data_len > MAX_PLAINTEXT_LEN + 1 {
                return Err(RecordError::PlaintextOverflow {
                    len: data_len,
                    max: MAX_PLAINTEXT_LEN + 1,
                });
            }
            // TLSInnerPlaintext: content ‖ type ‖ zeros (RFC 8446 §5.4).
            let Some(pos) = data.iter().rposition(|&b| b != 0) else {
                return Err(RecordError::MissingContentType);
            };
            let inner = ContentType::from(data.get(pos).copied().unwrap_or_default());
            match inner {
                ContentType::Handshake | ContentType::Alert | ContentType::ApplicationData => {}
                ContentType::Unknown(t) => return Err(RecordError::UnknownContentType(t)),
                other => return Err(RecordError::UnexpectedContentType(other)),
            }
            record.advance(RECORD_HEADER_LEN);
            record.truncate(pos);
            Ok(inner)
        }
        ProtectionVersion::Tls12(_) => {
            let explicit = explicit.first_chunk::<8>();
            let nonce = protection.nonce(seq, explicit);
            let aad = tls12_aad(seq, u8::from(header.typ), header.version, data_len);
            protection.open(&nonce, &aad, data, tag)?;
            protection.advance_read();
            if data_len > MAX_PLAINTEXT_LEN {
                return Err(RecordError::PlaintextOverflow {
                    len: data_len,
                    max: MAX_PLAINTEXT_LEN,
                });
            }
            record.advance(RECORD_HEADER_LEN + explicit_len);
            record.truncate(data_len);
            Ok(header.typ)
        }
    }
}
