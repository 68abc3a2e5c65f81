//! A crypto provider that wraps another one and counts every operation the protocol asks of
//! it: hashes, HMAC and HKDF, AEAD seals and opens, key exchanges, signatures and their
//! verification, key loading, random fills.
//!
//! It is built from the public traits of `stratls::crypto` alone. [`counting_provider`] wraps
//! each `&'static dyn` piece of a [`CryptoProvider`] in a counting type and gives it the
//! `'static` lifetime the provider struct asks for by leaking it: a few hundred bytes per call,
//! meant for a demonstration or a test, not for one provider per connection.

mod session;
mod wrappers;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use stratls::crypto::{
    CryptoProvider, KxGroup, RsaKeyTransport, SignatureVerifier, Tls12CipherSuite, Tls13CipherSuite,
};

pub use self::session::{Outcome, run_session};
use self::wrappers::{
    CountingAead, CountingHash, CountingHkdf, CountingKeyLoader, CountingKxGroup, CountingRandom,
    CountingRsaKeyTransport, CountingVerifier,
};

/// The live counters of one counting provider.
#[derive(Debug, Default)]
pub struct Counters {
    hash_start: AtomicUsize,
    hash_oneshot: AtomicUsize,
    hmac: AtomicUsize,
    hkdf_extract: AtomicUsize,
    hkdf_expand: AtomicUsize,
    aead_key: AtomicUsize,
    aead_seal: AtomicUsize,
    aead_open: AtomicUsize,
    kx_start: AtomicUsize,
    kx_complete: AtomicUsize,
    key_load: AtomicUsize,
    sign: AtomicUsize,
    verify: AtomicUsize,
    rsa_transport: AtomicUsize,
    random: AtomicUsize,
}

impl Counters {
    /// The counts so far.
    pub fn snapshot(&self) -> Counts {
        let get = |c: &AtomicUsize| c.load(Ordering::Relaxed);
        Counts {
            hash_start: get(&self.hash_start),
            hash_oneshot: get(&self.hash_oneshot),
            hmac: get(&self.hmac),
            hkdf_extract: get(&self.hkdf_extract),
            hkdf_expand: get(&self.hkdf_expand),
            aead_key: get(&self.aead_key),
            aead_seal: get(&self.aead_seal),
            aead_open: get(&self.aead_open),
            kx_start: get(&self.kx_start),
            kx_complete: get(&self.kx_complete),
            key_load: get(&self.key_load),
            sign: get(&self.sign),
            verify: get(&self.verify),
            rsa_transport: get(&self.rsa_transport),
            random: get(&self.random),
        }
    }
}

/// A snapshot of [`Counters`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// `Hash::start`: incremental hash computations (transcripts).
    pub hash_start: usize,
    /// `Hash::hash`: one-shot hashes.
    pub hash_oneshot: usize,
    /// `Hmac::with_key` and one-shot `Hmac::sign`: HMAC keyings outside HKDF.
    pub hmac: usize,
    /// `Hkdf::extract`.
    pub hkdf_extract: usize,
    /// `Hkdf::expand` and `Hkdf::expand_secret`.
    pub hkdf_expand: usize,
    /// `Aead::key`: AEAD keys prepared.
    pub aead_key: usize,
    /// `AeadKey::seal_in_place`.
    pub aead_seal: usize,
    /// `AeadKey::open_in_place`.
    pub aead_open: usize,
    /// `KxGroup::start`.
    pub kx_start: usize,
    /// `ActiveKeyExchange::complete`.
    pub kx_complete: usize,
    /// `KeyLoader::load_private_key`.
    pub key_load: usize,
    /// `Signer::sign`.
    pub sign: usize,
    /// `SignatureVerifier::verify`.
    pub verify: usize,
    /// RSA key transport: `RsaKeyTransport::encrypt_pkcs1v15` and
    /// `SigningKey::decrypt_pkcs1v15` (TLS 1.2 only).
    pub rsa_transport: usize,
    /// `SecureRandom::fill`.
    pub random: usize,
}

impl Counts {
    /// Every count with a label, in table order.
    pub fn rows(&self) -> [(&'static str, usize); 15] {
        [
            ("hash: incremental start", self.hash_start),
            ("hash: one-shot", self.hash_oneshot),
            ("HMAC: keyed (with_key, sign)", self.hmac),
            ("HKDF-Extract", self.hkdf_extract),
            ("HKDF-Expand", self.hkdf_expand),
            ("AEAD: key prepared", self.aead_key),
            ("AEAD: seal", self.aead_seal),
            ("AEAD: open", self.aead_open),
            ("key exchange: start", self.kx_start),
            ("key exchange: complete", self.kx_complete),
            ("private key loaded", self.key_load),
            ("signature made", self.sign),
            ("signature verified", self.verify),
            ("RSA key transport", self.rsa_transport),
            ("random fill", self.random),
        ]
    }
}

/// The counts of a client and a server side by side, as a text table.
pub fn table(client: &Counts, server: &Counts) -> String {
    let mut out = format!("{:<30} {:>7} {:>7}\n", "operation", "client", "server");
    out.push_str(&format!("{:-<30} {:->7} {:->7}\n", "", "", ""));
    for ((label, c), (_, s)) in client.rows().into_iter().zip(server.rows()) {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{label:<30} {c:>7} {s:>7}");
    }
    out
}

/// Wraps every piece of `inner` in a counting type. Returns the new provider and its counters.
pub fn counting_provider(inner: CryptoProvider) -> (CryptoProvider, &'static Counters) {
    let counters: &'static Counters = leak(Counters::default());
    let hash = |h| -> &'static CountingHash { leak(CountingHash { inner: h, counters }) };
    let hkdf = |h| -> &'static CountingHkdf { leak(CountingHkdf { inner: h, counters }) };
    let aead = |a| -> &'static CountingAead { leak(CountingAead { inner: a, counters }) };

    let tls13: Vec<&'static Tls13CipherSuite> = inner
        .tls13_cipher_suites
        .iter()
        .map(|s| {
            leak(Tls13CipherSuite {
                id: s.id,
                hash: hash(s.hash),
                hkdf: hkdf(s.hkdf),
                aead: aead(s.aead),
            })
        })
        .collect();
    let tls12: Vec<&'static Tls12CipherSuite> = inner
        .tls12_cipher_suites
        .iter()
        .map(|s| {
            leak(Tls12CipherSuite {
                id: s.id,
                kx: s.kx,
                auth: s.auth,
                hash: hash(s.hash),
                hmac: hkdf(s.hmac),
                aead: aead(s.aead),
                record_nonce: s.record_nonce,
            })
        })
        .collect();
    let groups: Vec<&'static dyn KxGroup> = inner
        .kx_groups
        .iter()
        .map(|&g| leak(CountingKxGroup { inner: g, counters }) as &'static dyn KxGroup)
        .collect();
    let verifiers: Vec<&'static dyn SignatureVerifier> = inner
        .signature_verifiers
        .iter()
        .map(|&v| leak(CountingVerifier { inner: v, counters }) as &'static dyn SignatureVerifier)
        .collect();
    let rsa_key_transport = inner.rsa_key_transport.map(|t| {
        leak(CountingRsaKeyTransport { inner: t, counters }) as &'static dyn RsaKeyTransport
    });

    let provider = CryptoProvider {
        name: format!("counting({})", inner.name).leak(),
        tls13_cipher_suites: tls13.leak(),
        tls12_cipher_suites: tls12.leak(),
        kx_groups: groups.leak(),
        signature_verifiers: verifiers.leak(),
        key_loader: leak(CountingKeyLoader {
            inner: inner.key_loader,
            counters,
        }),
        random: leak(CountingRandom {
            inner: inner.random,
            counters,
        }),
        rsa_key_transport,
    };
    (provider, counters)
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}
