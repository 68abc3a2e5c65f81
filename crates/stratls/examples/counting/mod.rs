//! A crypto provider that wraps another one and counts every operation the protocol asks of
//! it: hashes, HMAC and HKDF, AEAD seals and opens, key exchanges, signatures and their
//! verification, key loading, random fills.
//!
//! It is built from the public traits of `stratls::crypto` alone. [`counting_provider`] wraps
//! each piece of a [`CryptoProvider`] in a counting type built at run time: the new provider
//! owns its pieces (`Shared::Arc`) and frees them with its last user, so a provider per
//! connection costs nothing once the connection is gone.

mod session;
mod wrappers;

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use stratls::crypto::{
    Aead, CertSignatureVerifier, CryptoProvider, Hash, Hkdf, KeyLoader, KxGroup, RsaKeyTransport,
    SecureRandom, Shared, SignatureVerifier, Tls12CipherSuite, Tls13CipherSuite,
};

pub use self::session::{Outcome, run_session};
use self::wrappers::{
    CountingAead, CountingCertVerifier, CountingHash, CountingHkdf, CountingKeyLoader,
    CountingKxGroup, CountingRandom, CountingRsaKeyTransport, CountingVerifier,
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
    kx_encapsulate: AtomicUsize,
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
            kx_encapsulate: get(&self.kx_encapsulate),
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
    /// `KxGroup::encapsulate` (a TLS 1.3 server's answer to a key share).
    pub kx_encapsulate: usize,
    /// `ActiveKeyExchange::complete`.
    pub kx_complete: usize,
    /// `KeyLoader::load_private_key`.
    pub key_load: usize,
    /// `Signer::sign`.
    pub sign: usize,
    /// `SignatureVerifier::verify` and `CertSignatureVerifier::verify`.
    pub verify: usize,
    /// RSA key transport: `RsaKeyTransport::encrypt_pkcs1v15` and
    /// `SigningKey::decrypt_pkcs1v15` (TLS 1.2 only).
    pub rsa_transport: usize,
    /// `SecureRandom::fill`.
    pub random: usize,
}

impl Counts {
    /// Every count with a label, in table order.
    pub fn rows(&self) -> [(&'static str, usize); 16] {
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
            ("key exchange: encapsulate", self.kx_encapsulate),
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
///
/// Every wrapper is owned by the new provider (through `Shared::Arc`) and freed with its last
/// user, together with the counters once the caller drops its handle too.
pub fn counting_provider(inner: CryptoProvider) -> (CryptoProvider, Arc<Counters>) {
    let counters = Arc::new(Counters::default());
    let hash = |h: &Shared<dyn Hash>| -> Shared<dyn Hash> {
        Shared::Arc(Arc::new(CountingHash {
            inner: h.clone(),
            counters: counters.clone(),
        }))
    };
    let hkdf = |h: &Shared<dyn Hkdf>| -> Shared<dyn Hkdf> {
        Shared::Arc(Arc::new(CountingHkdf {
            inner: h.clone(),
            counters: counters.clone(),
        }))
    };
    let aead = |a: &Shared<dyn Aead>| -> Shared<dyn Aead> {
        Shared::Arc(Arc::new(CountingAead {
            inner: a.clone(),
            counters: counters.clone(),
        }))
    };

    let tls13: Vec<Shared<Tls13CipherSuite>> = inner
        .tls13_cipher_suites
        .iter()
        .map(|s| {
            Shared::Arc(Arc::new(Tls13CipherSuite {
                id: s.id,
                hash: hash(&s.hash),
                hkdf: hkdf(&s.hkdf),
                aead: aead(&s.aead),
            }))
        })
        .collect();
    let tls12: Vec<Shared<Tls12CipherSuite>> = inner
        .tls12_cipher_suites
        .iter()
        .map(|s| {
            Shared::Arc(Arc::new(Tls12CipherSuite {
                id: s.id,
                kx: s.kx,
                auth: s.auth,
                hash: hash(&s.hash),
                hmac: hkdf(&s.hmac),
                aead: aead(&s.aead),
                record_nonce: s.record_nonce,
            }))
        })
        .collect();
    let groups: Vec<Shared<dyn KxGroup>> = inner
        .kx_groups
        .iter()
        .map(|g| {
            let counted: Arc<dyn KxGroup> = Arc::new(CountingKxGroup {
                inner: g.clone(),
                counters: counters.clone(),
            });
            Shared::Arc(counted)
        })
        .collect();
    let verifiers: Vec<Shared<dyn SignatureVerifier>> = inner
        .signature_verifiers
        .iter()
        .map(|v| {
            let counted: Arc<dyn SignatureVerifier> = Arc::new(CountingVerifier {
                inner: v.clone(),
                counters: counters.clone(),
            });
            Shared::Arc(counted)
        })
        .collect();
    let cert_verifiers: Vec<Shared<dyn CertSignatureVerifier>> = inner
        .cert_signature_verifiers
        .iter()
        .map(|v| {
            let counted: Arc<dyn CertSignatureVerifier> = Arc::new(CountingCertVerifier {
                inner: v.clone(),
                counters: counters.clone(),
            });
            Shared::Arc(counted)
        })
        .collect();
    let rsa_key_transport = inner.rsa_key_transport.as_ref().map(|t| {
        let counted: Arc<dyn RsaKeyTransport> = Arc::new(CountingRsaKeyTransport {
            inner: t.clone(),
            counters: counters.clone(),
        });
        Shared::Arc(counted)
    });
    let key_loader: Arc<dyn KeyLoader> = Arc::new(CountingKeyLoader {
        inner: inner.key_loader.clone(),
        counters: counters.clone(),
    });
    let random: Arc<dyn SecureRandom> = Arc::new(CountingRandom {
        inner: inner.random.clone(),
        counters: counters.clone(),
    });

    let provider = CryptoProvider {
        name: format!("counting({})", inner.name).into(),
        tls13_cipher_suites: tls13.into(),
        tls12_cipher_suites: tls12.into(),
        kx_groups: groups.into(),
        signature_verifiers: verifiers.into(),
        cert_signature_verifiers: cert_verifiers.into(),
        key_loader: Shared::Arc(key_loader),
        random: Shared::Arc(random),
        rsa_key_transport,
    };
    (provider, counters)
}
