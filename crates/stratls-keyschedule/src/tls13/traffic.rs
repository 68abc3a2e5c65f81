//! Traffic secrets and what they give: record keys, Finished keys, the next generation
//! (RFC 8446 §7.2, §7.3, §4.4.4).

use core::fmt;

use stratls_crypto::{
    Aead, AeadKey, HashOutput, Hkdf, HmacKey, Iv, NONCE_LEN, Secret, Shared, Tag, Tls13CipherSuite,
};

use super::check_secret;
use super::hkdf_label::{expand_label_keyed, hkdf_expand_label};
use crate::error::Error;

/// A traffic secret of one direction and epoch (`client_handshake_traffic_secret`,
/// `server_application_traffic_secret_N`, ...), carrying its cipher suite.
///
/// It gives the record keys ([`TrafficSecret::keys`]), the Finished key
/// ([`TrafficSecret::finished_key`]) and the next generation for KeyUpdate
/// ([`TrafficSecret::update`]).
pub struct TrafficSecret {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
    /// The secret keyed into an HMAC, kept by a handshake traffic secret, which derives its
    /// key, IV and Finished key from it. An application traffic secret, which lives as long
    /// as the connection, keeps none.
    prk: Option<Box<dyn HmacKey>>,
}

impl TrafficSecret {
    /// Wraps a traffic secret obtained elsewhere, for instance from a key log.
    ///
    /// Fails if `secret` is not as long as the suite's hash output.
    pub fn new(suite: impl Into<Shared<Tls13CipherSuite>>, secret: Secret) -> Result<Self, Error> {
        let suite: Shared<Tls13CipherSuite> = suite.into();
        check_secret(&suite, &secret)?;
        Ok(Self {
            suite,
            secret,
            prk: None,
        })
    }

    /// Built by the schedule, which derives secrets of the right length.
    pub(crate) fn derived(suite: Shared<Tls13CipherSuite>, secret: Secret) -> Self {
        Self {
            suite,
            secret,
            prk: None,
        }
    }

    /// As [`TrafficSecret::derived`], keyed once for the three values a handshake traffic
    /// secret gives (key, IV, Finished key).
    pub(crate) fn derived_keyed(suite: Shared<Tls13CipherSuite>, secret: Secret) -> Self {
        let prk = Some(suite.hkdf.with_key(secret.as_bytes()));
        Self { suite, secret, prk }
    }

    /// Runs `f` with the secret keyed into an HMAC: the kept one, or one made for the call.
    fn with_prk<T>(&self, f: impl FnOnce(&dyn HmacKey) -> Result<T, Error>) -> Result<T, Error> {
        match &self.prk {
            Some(prk) => f(&**prk),
            None => f(&*self.suite.hkdf.with_key(self.secret.as_bytes())),
        }
    }

    /// The cipher suite.
    pub fn suite(&self) -> &Shared<Tls13CipherSuite> {
        &self.suite
    }

    /// The secret itself, for a key log.
    pub fn as_secret(&self) -> &Secret {
        &self.secret
    }

    /// The record-protection key and IV (RFC 8446 §7.3):
    /// `HKDF-Expand-Label(secret, "key", "", key_length)` and
    /// `HKDF-Expand-Label(secret, "iv", "", iv_length)`.
    pub fn keys(&self) -> Result<TrafficKeys, Error> {
        let aead = self.suite.aead.clone();
        let hkdf = &*self.suite.hkdf;
        // One keyed HMAC for both expansions.
        self.with_prk(|prk| {
            let mut key = Secret::zeroed(aead.key_len());
            expand_label_keyed(hkdf, prk, b"key", &[], key.as_mut_bytes())?;
            let mut iv = Iv::new([0; NONCE_LEN]);
            expand_label_keyed(hkdf, prk, b"iv", &[], iv.as_mut_bytes())?;
            Ok(TrafficKeys {
                aead: aead.clone(),
                key,
                iv,
            })
        })
    }

    /// The Finished key: `HKDF-Expand-Label(secret, "finished", "", Hash.length)`
    /// (RFC 8446 §4.4.4).
    pub fn finished_key(&self) -> Result<FinishedKey, Error> {
        let hkdf = self.suite.hkdf.clone();
        self.with_prk(|prk| FinishedKey::derive_keyed(hkdf, prk))
    }

    /// The Finished verify_data over `transcript_hash` (the hash up to, not including, this
    /// Finished message).
    pub fn finished_verify_data(&self, transcript_hash: &HashOutput) -> Result<Tag, Error> {
        self.finished_key()?.sign(transcript_hash)
    }

    /// Checks a Finished verify_data received from the peer, in constant time.
    ///
    /// Fails with [`Error::BadFinished`] (alert `decrypt_error`) on a mismatch.
    pub fn verify_finished(
        &self,
        transcript_hash: &HashOutput,
        received: &[u8],
    ) -> Result<(), Error> {
        self.finished_key()?.verify(transcript_hash, received)
    }

    /// The next generation, `HKDF-Expand-Label(secret, "traffic upd", "", Hash.length)`
    /// (RFC 8446 §7.2), leaving this one in place.
    pub fn next(&self) -> Result<TrafficSecret, Error> {
        let secret = hkdf_expand_label(
            &*self.suite.hkdf,
            self.secret.as_bytes(),
            b"traffic upd",
            &[],
            self.suite.hash.output_len(),
        )?;
        Ok(Self::derived(self.suite.clone(), secret))
    }

    /// The next generation, consuming (and so zeroizing) this one: what a KeyUpdate does.
    pub fn update(self) -> Result<TrafficSecret, Error> {
        self.next()
    }
}

redacted_debug!(TrafficSecret);

/// The record-protection key and IV of one traffic secret, with the suite's AEAD.
pub struct TrafficKeys {
    aead: Shared<dyn Aead>,
    key: Secret,
    iv: Iv,
}

impl TrafficKeys {
    /// The AEAD these keys are for.
    pub fn aead(&self) -> &Shared<dyn Aead> {
        &self.aead
    }

    /// The AEAD key (`key_length` bytes).
    pub fn key(&self) -> &Secret {
        &self.key
    }

    /// The IV from which per-record nonces are formed, as the record layer's
    /// `RecordProtection::tls13` takes it.
    pub fn iv(&self) -> &Iv {
        &self.iv
    }

    /// The key, prepared by the AEAD for sealing and opening.
    pub fn aead_key(&self) -> Result<Box<dyn AeadKey>, Error> {
        Ok(self.aead.key(self.key.as_bytes())?)
    }
}

impl fmt::Debug for TrafficKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrafficKeys")
            .field("aead", &self.aead.algorithm())
            .field("key", &self.key)
            .field("iv", &self.iv)
            .finish()
    }
}

/// A Finished key (or the key a PSK binder is computed with): an HMAC key over the suite's
/// hash.
pub struct FinishedKey {
    hkdf: Shared<dyn Hkdf>,
    key: Secret,
}

impl FinishedKey {
    /// `HKDF-Expand-Label(base_key, "finished", "", Hash.length)`.
    pub(crate) fn derive(hkdf: Shared<dyn Hkdf>, base_key: &Secret) -> Result<Self, Error> {
        let key = hkdf_expand_label(
            &*hkdf,
            base_key.as_bytes(),
            b"finished",
            &[],
            hkdf.tag_len(),
        )?;
        Ok(Self { hkdf, key })
    }

    /// As [`FinishedKey::derive`], from the base key already keyed into an HMAC.
    fn derive_keyed(hkdf: Shared<dyn Hkdf>, base_key: &dyn HmacKey) -> Result<Self, Error> {
        let mut key = Secret::zeroed(hkdf.tag_len());
        expand_label_keyed(&*hkdf, base_key, b"finished", &[], key.as_mut_bytes())?;
        Ok(Self { hkdf, key })
    }

    /// `HMAC(finished_key, transcript_hash)`: the verify_data of a Finished message, or a PSK
    /// binder.
    pub fn sign(&self, transcript_hash: &HashOutput) -> Result<Tag, Error> {
        let expected = self.hkdf.tag_len();
        let hash = transcript_hash.as_bytes();
        if hash.len() != expected {
            return Err(Error::HashLength {
                expected,
                actual: hash.len(),
            });
        }
        Ok(self.hkdf.sign(self.key.as_bytes(), &[hash]))
    }

    /// Compares `received` with [`FinishedKey::sign`] in constant time.
    ///
    /// Fails with [`Error::BadFinished`] on a mismatch (including a wrong length).
    pub fn verify(&self, transcript_hash: &HashOutput, received: &[u8]) -> Result<(), Error> {
        if self.sign(transcript_hash)?.ct_eq_bytes(received) {
            Ok(())
        } else {
            Err(Error::BadFinished)
        }
    }
}

#[cfg(test)]
impl FinishedKey {
    pub(crate) fn test_bytes(&self) -> &[u8] {
        self.key.as_bytes()
    }
}

impl fmt::Debug for FinishedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FinishedKey")
            .field("hash", &self.hkdf.hash_algorithm())
            .field("key", &self.key)
            .finish()
    }
}
