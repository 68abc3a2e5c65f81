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
        // A(i) + seed, on the stack for the few seed parts of TLS 1.2 (at most three).
        const INLINE: usize = 4;
        let block = if seed.len() <= INLINE {
            let mut parts: [&[u8]; INLINE + 1] = [&[]; INLINE + 1];
            parts[0] = a.as_bytes();
            parts[1..=seed.len()].copy_from_slice(seed);
            key.sign(&parts[..=seed.len()])
        } else {
            key.sign(&[&[a.as_bytes()], seed].concat())
        };
        for (o, b) in chunk.iter_mut().zip(block.as_bytes()) {
            *o = *b;
        }
        if chunks.peek().is_some() {
            a = key.sign(&[a.as_bytes()]);
        }
    }
}
