//! The TLS 1.2 master secret and what derives from it: key block, Finished, exporter
//! (RFC 5246 §6.3, §7.4.9, §8.1; RFC 7627; RFC 5705).

use stratls_crypto::{HashOutput, Secret, Shared, Tag, Tls12CipherSuite};

use super::prf::p_hash;
use crate::error::Error;

/// Length of a TLS 1.2 master secret (RFC 5246 §8.1).
pub const MASTER_SECRET_LEN: usize = 48;

/// Length of a TLS 1.2 Finished verify_data for the suites of RFC 5246 and RFC 5288
/// (RFC 5246 §7.4.9).
pub const VERIFY_DATA_LEN: usize = 12;

/// Exporter labels that RFC 5705 §4 warns may collide with the PRF's own labels.
const RESERVED_EXPORTER_LABELS: [&[u8]; 5] = [
    b"client finished",
    b"server finished",
    b"master secret",
    b"extended master secret",
    b"key expansion",
];

/// The `finished_label` of a Finished message: which side sent it (RFC 5246 §7.4.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FinishedLabel {
    /// The client (`"client finished"`).
    Client,
    /// The server (`"server finished"`).
    Server,
}

impl FinishedLabel {
    /// The label bytes.
    pub const fn as_bytes(self) -> &'static [u8] {
        match self {
            Self::Client => b"client finished",
            Self::Server => b"server finished",
        }
    }
}

/// A TLS 1.2 master secret (48 bytes) with its cipher suite.
pub struct MasterSecret {
    suite: Shared<Tls12CipherSuite>,
    secret: Secret,
}

impl MasterSecret {
    /// `PRF(pre_master_secret, "master secret", client_random + server_random)[0..47]`
    /// (RFC 5246 §8.1).
    pub fn new(
        suite: impl Into<Shared<Tls12CipherSuite>>,
        pre_master_secret: &Secret,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Result<Self, Error> {
        let suite: Shared<Tls12CipherSuite> = suite.into();
        check_suite(&suite)?;
        let mut secret = Secret::zeroed(MASTER_SECRET_LEN);
        p_hash(
            &*suite.hmac,
            pre_master_secret.as_bytes(),
            &[b"master secret", client_random, server_random],
            secret.as_mut_bytes(),
        );
        Ok(Self { suite, secret })
    }

    /// The extended master secret of RFC 7627 §4:
    /// `PRF(pre_master_secret, "extended master secret", session_hash)[0..47]`, where
    /// `session_hash` is the handshake hash up to and including ClientKeyExchange.
    pub fn new_extended(
        suite: impl Into<Shared<Tls12CipherSuite>>,
        pre_master_secret: &Secret,
        session_hash: &HashOutput,
    ) -> Result<Self, Error> {
        let suite: Shared<Tls12CipherSuite> = suite.into();
        check_suite(&suite)?;
        check_hash(&suite, session_hash)?;
        let mut secret = Secret::zeroed(MASTER_SECRET_LEN);
        p_hash(
            &*suite.hmac,
            pre_master_secret.as_bytes(),
            &[b"extended master secret", session_hash.as_bytes()],
            secret.as_mut_bytes(),
        );
        Ok(Self { suite, secret })
    }

    /// Wraps a master secret obtained elsewhere: a resumed session, or the `CLIENT_RANDOM`
    /// line of a key log. Fails unless it is 48 bytes.
    pub fn from_secret(
        suite: impl Into<Shared<Tls12CipherSuite>>,
        secret: Secret,
    ) -> Result<Self, Error> {
        let suite: Shared<Tls12CipherSuite> = suite.into();
        check_suite(&suite)?;
        if secret.len() != MASTER_SECRET_LEN {
            return Err(Error::SecretLength {
                expected: MASTER_SECRET_LEN,
                actual: secret.len(),
            });
        }
        Ok(Self { suite, secret })
    }

    /// The cipher suite.
    pub fn suite(&self) -> &Shared<Tls12CipherSuite> {
        &self.suite
    }

    /// The secret itself, for a key log or a session cache.
    pub fn as_secret(&self) -> &Secret {
        &self.secret
    }

    /// The key block `PRF(master_secret, "key expansion", server_random + client_random)`
    /// (RFC 5246 §6.3), split for the suite's AEAD: no MAC keys, then the two write keys
    /// (`aead.key_len()` bytes each), then the two write IVs (`record_nonce.fixed_iv_len()`
    /// bytes each).
    pub fn key_block(&self, client_random: &[u8; 32], server_random: &[u8; 32]) -> KeyBlock {
        let key_len = self.suite.aead.key_len();
        let iv_len = self.suite.record_nonce.fixed_iv_len();
        let mut block = Secret::zeroed(2 * key_len + 2 * iv_len);
        p_hash(
            &*self.suite.hmac,
            self.secret.as_bytes(),
            &[b"key expansion", server_random, client_random],
            block.as_mut_bytes(),
        );
        let bytes = block.as_bytes();
        let (client_write_key, rest) = bytes.split_at(key_len);
        let (server_write_key, rest) = rest.split_at(key_len);
        let (client_write_iv, server_write_iv) = rest.split_at(iv_len);
        KeyBlock {
            client_write_key: Secret::from_slice(client_write_key),
            server_write_key: Secret::from_slice(server_write_key),
            client_write_iv: Secret::from_slice(client_write_iv),
            server_write_iv: Secret::from_slice(server_write_iv),
        }
    }

    /// The Finished verify_data for `label` (RFC 5246 §7.4.9):
    /// `PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]`.
    pub fn verify_data(
        &self,
        label: FinishedLabel,
        handshake_hash: &HashOutput,
    ) -> Result<Tag, Error> {
        check_hash(&self.suite, handshake_hash)?;
        let mut out = [0u8; VERIFY_DATA_LEN];
        p_hash(
            &*self.suite.hmac,
            self.secret.as_bytes(),
            &[label.as_bytes(), handshake_hash.as_bytes()],
            &mut out,
        );
        Ok(Tag::new(&out))
    }

    /// Checks the verify_data of a Finished message with `label` (its sender's), in constant
    /// time.
    ///
    /// Fails with [`Error::BadFinished`] (alert `decrypt_error`) on a mismatch.
    pub fn verify_finished(
        &self,
        label: FinishedLabel,
        handshake_hash: &HashOutput,
        received: &[u8],
    ) -> Result<(), Error> {
        if self
            .verify_data(label, handshake_hash)?
            .ct_eq_bytes(received)
        {
            Ok(())
        } else {
            Err(Error::BadFinished)
        }
    }

    /// The keying-material exporter of RFC 5705 §4:
    /// `PRF(master_secret, label, client_random + server_random [+ uint16 context length +
    /// context])[0..out_len-1]`.
    ///
    /// `None` and an empty context differ in TLS 1.2. Labels of the PRF itself (`"client
    /// finished"`, `"key expansion"`, ...) are refused.
    pub fn export(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
        out_len: usize,
    ) -> Result<Secret, Error> {
        if RESERVED_EXPORTER_LABELS.contains(&label) {
            return Err(Error::ReservedExporterLabel);
        }
        let mut out = Secret::zeroed(out_len);
        match context {
            None => p_hash(
                &*self.suite.hmac,
                self.secret.as_bytes(),
                &[label, client_random, server_random],
                out.as_mut_bytes(),
            ),
            Some(context) => {
                let context_len = u16::try_from(context.len())
                    .map_err(|_| Error::ContextLength(context.len()))?
                    .to_be_bytes();
                p_hash(
                    &*self.suite.hmac,
                    self.secret.as_bytes(),
                    &[label, client_random, server_random, &context_len, context],
                    out.as_mut_bytes(),
                );
            }
        }
        Ok(out)
    }
}

impl core::fmt::Debug for MasterSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MasterSecret")
            .field("suite", &self.suite.id)
            .field("secret", &self.secret)
            .finish()
    }
}

/// The AEAD keys and IVs of a TLS 1.2 key block.
#[derive(Debug)]
pub struct KeyBlock {
    client_write_key: Secret,
    server_write_key: Secret,
    client_write_iv: Secret,
    server_write_iv: Secret,
}

impl KeyBlock {
    /// `client_write_key`.
    pub fn client_write_key(&self) -> &Secret {
        &self.client_write_key
    }

    /// `server_write_key`.
    pub fn server_write_key(&self) -> &Secret {
        &self.server_write_key
    }

    /// `client_write_IV`: the 4-byte salt of AES-GCM or the 12-byte IV of
    /// ChaCha20-Poly1305.
    pub fn client_write_iv(&self) -> &Secret {
        &self.client_write_iv
    }

    /// `server_write_IV`.
    pub fn server_write_iv(&self) -> &Secret {
        &self.server_write_iv
    }
}

/// Checks that a suite's PRF HMAC runs over the suite's handshake hash.
fn check_suite(suite: &Tls12CipherSuite) -> Result<(), Error> {
    if suite.hash.algorithm() == suite.hmac.hash_algorithm() {
        Ok(())
    } else {
        Err(Error::SuiteMismatch)
    }
}

fn check_hash(suite: &Tls12CipherSuite, hash: &HashOutput) -> Result<(), Error> {
    let expected = suite.hash.output_len();
    let actual = hash.as_bytes().len();
    if actual == expected {
        Ok(())
    } else {
        Err(Error::HashLength { expected, actual })
    }
}
