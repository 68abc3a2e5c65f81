//! HKDF-Expand-Label and Derive-Secret (RFC 8446 §7.1).

use stratls_crypto::{Hkdf, HmacKey, MAX_HKDF_EXPAND_BLOCKS, Secret};

use crate::error::Error;

/// The prefix every TLS 1.3 label carries inside HkdfLabel.
const LABEL_PREFIX: &[u8] = b"tls13 ";

/// The longest label [`hkdf_expand_label`] accepts: `opaque label<7..255>` holds the
/// six-byte `"tls13 "` prefix and the label.
pub const MAX_LABEL_LEN: usize = 255 - LABEL_PREFIX.len();

/// The longest context [`hkdf_expand_label`] accepts (`opaque context<0..255>`).
pub const MAX_CONTEXT_LEN: usize = 255;

/// HKDF-Expand-Label(Secret, Label, Context, Length) of RFC 8446 §7.1, as a new secret.
///
/// `label` is given without the `"tls13 "` prefix (e.g. `b"key"`); it must be 1 to
/// [`MAX_LABEL_LEN`] bytes, `context` at most [`MAX_CONTEXT_LEN`] bytes, and `len` at most
/// 65535 and 255 · HashLen.
pub fn hkdf_expand_label(
    hkdf: &dyn Hkdf,
    secret: &[u8],
    label: &[u8],
    context: &[u8],
    len: usize,
) -> Result<Secret, Error> {
    check_output_len(hkdf, len)?;
    let mut out = Secret::zeroed(len);
    hkdf_expand_label_into(hkdf, secret, label, context, out.as_mut_bytes())?;
    Ok(out)
}

/// HKDF-Expand-Label into a caller-provided buffer (Length = `out.len()`), with the bounds
/// of [`hkdf_expand_label`].
pub fn hkdf_expand_label_into(
    hkdf: &dyn Hkdf,
    secret: &[u8],
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    let length = check_output_len(hkdf, out.len())?;
    with_info(length, label, context, |info| {
        Ok(hkdf.expand(secret, info, out)?)
    })
}

/// HKDF-Expand-Label with the secret already keyed into an HMAC (`hkdf.with_key(secret)`),
/// with the bounds of [`hkdf_expand_label`]: what the schedule's secrets use, each keyed once
/// for all it derives.
pub(crate) fn expand_label_keyed(
    hkdf: &dyn Hkdf,
    secret: &dyn HmacKey,
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    let length = check_output_len(hkdf, out.len())?;
    with_info(length, label, context, |info| {
        Ok(hkdf.expand_keyed(secret, info, out)?)
    })
}

/// Derive-Secret with the secret keyed once ([`expand_label_keyed`]).
pub(crate) fn derive_secret_keyed(
    hkdf: &dyn Hkdf,
    secret: &dyn HmacKey,
    label: &[u8],
    transcript_hash: &[u8],
) -> Result<Secret, Error> {
    let hash_len = check_hash_len(hkdf, transcript_hash)?;
    let mut out = Secret::zeroed(hash_len);
    expand_label_keyed(hkdf, secret, label, transcript_hash, out.as_mut_bytes())?;
    Ok(out)
}

/// Runs `expand` with the HkdfLabel of `length`, `label` and `context` as the parts of info.
fn with_info(
    length: u16,
    label: &[u8],
    context: &[u8],
    expand: impl FnOnce(&[&[u8]]) -> Result<(), Error>,
) -> Result<(), Error> {
    let label_len = u8::try_from(LABEL_PREFIX.len() + label.len())
        .ok()
        .filter(|_| !label.is_empty())
        .ok_or(Error::LabelLength(label.len()))?;
    let context_len =
        u8::try_from(context.len()).map_err(|_| Error::ContextLength(context.len()))?;
    let length = length.to_be_bytes();
    let info: [&[u8]; 6] = [
        &length,
        &[label_len],
        LABEL_PREFIX,
        label,
        &[context_len],
        context,
    ];
    expand(&info)
}

fn check_hash_len(hkdf: &dyn Hkdf, transcript_hash: &[u8]) -> Result<usize, Error> {
    let hash_len = hkdf.tag_len();
    if transcript_hash.len() != hash_len {
        return Err(Error::HashLength {
            expected: hash_len,
            actual: transcript_hash.len(),
        });
    }
    Ok(hash_len)
}

/// Derive-Secret(Secret, Label, Messages) of RFC 8446 §7.1, given the transcript hash of
/// the messages: HKDF-Expand-Label(Secret, Label, transcript_hash, HashLen).
///
/// `transcript_hash` must be exactly HashLen bytes (a hash, not the messages themselves).
pub fn derive_secret(
    hkdf: &dyn Hkdf,
    secret: &[u8],
    label: &[u8],
    transcript_hash: &[u8],
) -> Result<Secret, Error> {
    let hash_len = check_hash_len(hkdf, transcript_hash)?;
    hkdf_expand_label(hkdf, secret, label, transcript_hash, hash_len)
}

/// Checks an HkdfLabel output length: a `uint16`, and at most 255 HKDF blocks.
fn check_output_len(hkdf: &dyn Hkdf, len: usize) -> Result<u16, Error> {
    let length = u16::try_from(len).map_err(|_| Error::OutputLength(len))?;
    if len > MAX_HKDF_EXPAND_BLOCKS * hkdf.tag_len() {
        return Err(Error::OutputLength(len));
    }
    Ok(length)
}
