//! Helpers shared by the integration tests: vectors, protections, a driver that feeds a reader
//! in pieces, and an independent TLS 1.3 record sealer built directly on the AEAD.

pub mod rfc8448;

use stratls_crypto::{Aead, Iv, Secret};
use stratls_record::{Message, RecordError, RecordProtection, RecordReader};

/// Decodes a hex test value.
pub fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test hex")
}

/// TLS 1.3 AES-128-GCM protection from hex key and IV.
pub fn tls13(key: &str, iv: &str) -> RecordProtection {
    RecordProtection::tls13(
        stratls_rustcrypto::AES_128_GCM,
        &Secret::new(h(key)),
        &Iv::from_slice(&h(iv)).expect("12-byte IV"),
    )
    .expect("valid key")
}

/// A reader under the RFC 8448 client handshake key (TLS 1.3 AES-128-GCM).
pub fn client_handshake_reader() -> RecordReader {
    let mut reader = RecordReader::new();
    reader
        .set_protection(Some(tls13(
            rfc8448::CLIENT_HANDSHAKE_KEY,
            rfc8448::CLIENT_HANDSHAKE_IV,
        )))
        .expect("a fresh reader takes a key");
    reader
}

/// Feeds `input` to `reader` in pieces of `piece` bytes, reading every message as soon as it is
/// complete. Stops at the first error.
pub fn read_in_pieces(
    reader: &mut RecordReader,
    input: &[u8],
    piece: usize,
) -> Result<Vec<Message>, RecordError> {
    let mut out = Vec::new();
    for chunk in input.chunks(piece.max(1)) {
        let mut rest = chunk;
        loop {
            let taken = reader.feed(rest);
            rest = &rest[taken..];
            let before = out.len();
            while let Some(m) = reader.next_message()? {
                out.push(m);
            }
            if rest.is_empty() {
                break;
            }
            assert!(
                taken > 0 || out.len() > before,
                "reader made no progress with {} bytes pending",
                rest.len()
            );
        }
    }
    Ok(out)
}

/// Feeds all of `input` and reads every complete message.
pub fn read_all(reader: &mut RecordReader, input: &[u8]) -> Result<Vec<Message>, RecordError> {
    read_in_pieces(reader, input, input.len())
}

/// Seals a TLS 1.3 record with TLSInnerPlaintext `inner` (content, type and padding as given)
/// by calling the AEAD directly: nonce = IV XOR seq, additional data = the header.
pub fn seal13(aead: &'static dyn Aead, key: &[u8], iv: &[u8], seq: u64, inner: &[u8]) -> Vec<u8> {
    let tag_len = aead.tag_len();
    let len = u16::try_from(inner.len() + tag_len).expect("record length");
    let mut record = vec![23, 3, 3];
    record.extend_from_slice(&len.to_be_bytes());
    let mut nonce: [u8; 12] = iv.try_into().expect("12-byte IV");
    for (n, s) in nonce[4..].iter_mut().zip(seq.to_be_bytes()) {
        *n ^= s;
    }
    let header: [u8; 5] = record[..5].try_into().expect("header");
    let mut data = inner.to_vec();
    let mut tag = vec![0; tag_len];
    aead.key(key)
        .expect("key")
        .seal_in_place(&nonce, &header, &mut data, &mut tag)
        .expect("seal");
    record.extend_from_slice(&data);
    record.extend_from_slice(&tag);
    record
}

/// A plaintext record of `typ` carrying `body`.
pub fn plain(typ: u8, body: &[u8]) -> Vec<u8> {
    let mut record = vec![typ, 3, 3];
    record.extend_from_slice(&u16::try_from(body.len()).expect("length").to_be_bytes());
    record.extend_from_slice(body);
    record
}
