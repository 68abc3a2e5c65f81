//! The TLS 1.2 PRF (RFC 5246 §5).

use stratls_crypto::Hmac;

/// `PRF(secret, label, seed) = P_<hash>(secret, label + seed)` of RFC 5246 §5, filling
/// `out` (any length).
///
/// `hmac` decides the hash: HMAC-SHA256 for most suites, HMAC-SHA384 for the `_SHA384`
/// ones.
pub fn prf(hmac: &dyn Hmac, secret: &[u8], label: &[u8], seed: &[u8], out: &mut [u8]) {
    p_hash(hmac, secret, &[label, seed], out);
}

/// `P_hash(secret, seed)` with the seed given as the concatenation of `seed` parts:
///
/// ```text
/// A(0) = seed, A(i) = HMAC(secret, A(i-1))
/// P_hash = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
/// ```
pub(crate) fn p_hash(hmac: &dyn Hmac, secret: &[u8], seed: &[&[u8]], out: &mut [u8]) {
    let key = hmac.with_key(secret);
    let mut a = key.sign(seed);
    let mut chunks = out.chunks_mut(key.tag_len()).peekable();
    while let Some(chunk) = chunks.next() {
        let block = {
            let mut parts: Vec<&[u8]> = Vec::with_capacity(seed.len() + 1);
            parts.push(a.as_bytes());
            parts.extend_from_slice(seed);
            key.sign(&parts)
        };
        for (o, b) in chunk.iter_mut().zip(block.as_bytes()) {
            *o = *b;
        }
        if chunks.peek().is_some() {
            a = key.sign(&[a.as_bytes()]);
        }
    }
}
