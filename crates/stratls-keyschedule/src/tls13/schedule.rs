//! The secrets of RFC 8446 §7.1 as a typestate: [`EarlySecret`] → [`HandshakeSecret`] →
//! [`MasterSecret`], each advanced by a consuming method.

use stratls_crypto::{HashOutput, HmacKey, Secret, Shared, Tag, Tls13CipherSuite};

use super::exporter::{EarlyExporterSecret, ExporterSecret, ResumptionMasterSecret};
use super::hkdf_label::derive_secret_keyed;
use super::traffic::{FinishedKey, TrafficSecret};
use super::{check_suite, empty_hash};
use crate::error::Error;

/// Where a pre-shared key came from, which decides its binder key label (RFC 8446 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PskKind {
    /// A PSK provisioned outside TLS (`"ext binder"`).
    External,
    /// A PSK from a NewSessionTicket of an earlier connection (`"res binder"`).
    Resumption,
    /// An external PSK imported for TLS 1.3 by RFC 9258 (`"imp binder"`, its §5.2):
    /// see [`import_external_psk`](super::import_external_psk).
    Imported,
}

impl PskKind {
    fn binder_label(self) -> &'static [u8] {
        match self {
            Self::External => b"ext binder",
            Self::Resumption => b"res binder",
            Self::Imported => b"imp binder",
        }
    }
}

/// The Early Secret: `HKDF-Extract(0, PSK)`, with HashLen zeros for the PSK when there is
/// none.
pub struct EarlySecret {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
    /// The secret keyed into an HMAC once, for every secret derived from it.
    prk: Box<dyn HmacKey>,
    /// `Transcript-Hash("")`, computed once for the schedule's `"derived"` steps.
    empty: HashOutput,
}

impl EarlySecret {
    /// Starts the schedule for `suite`, from a PSK or (with `None`) from HashLen zeros.
    pub fn new(
        suite: impl Into<Shared<Tls13CipherSuite>>,
        psk: Option<&Secret>,
    ) -> Result<Self, Error> {
        let suite: Shared<Tls13CipherSuite> = suite.into();
        check_suite(&suite)?;
        let zeros = zeros(&suite);
        let ikm = psk.map_or(zeros.as_bytes(), Secret::as_bytes);
        let secret = suite.hkdf.extract(None, ikm);
        let prk = suite.hkdf.with_key(secret.as_bytes());
        let empty = empty_hash(&suite);
        Ok(Self {
            suite,
            secret,
            prk,
            empty,
        })
    }

    /// The cipher suite.
    pub fn suite(&self) -> &Shared<Tls13CipherSuite> {
        &self.suite
    }

    /// The Early Secret itself, for an observer that shows the key schedule (a connection reports
    /// it only to an observer that asked for secrets).
    pub fn as_secret(&self) -> &Secret {
        &self.secret
    }

    /// The binder key, `Derive-Secret(., "ext binder" | "res binder", "")`.
    pub fn binder_key(&self, kind: PskKind) -> Result<BinderKey, Error> {
        let secret = self.derive(kind.binder_label(), &self.empty)?;
        Ok(BinderKey {
            suite: self.suite.clone(),
            secret,
        })
    }

    /// `client_early_traffic_secret = Derive-Secret(., "c e traffic", ClientHello)`.
    pub fn client_early_traffic_secret(
        &self,
        client_hello_hash: &HashOutput,
    ) -> Result<TrafficSecret, Error> {
        self.traffic(b"c e traffic", client_hello_hash)
    }

    /// `early_exporter_master_secret = Derive-Secret(., "e exp master", ClientHello)`.
    pub fn early_exporter_master_secret(
        &self,
        client_hello_hash: &HashOutput,
    ) -> Result<EarlyExporterSecret, Error> {
        let secret = self.derive(b"e exp master", client_hello_hash)?;
        Ok(EarlyExporterSecret::derived(self.suite.clone(), secret))
    }

    /// Moves on to the Handshake Secret with the (EC)DHE shared secret, or with HashLen zeros
    /// (`None`) in the PSK-only mode `psk_ke`.
    pub fn into_handshake_secret(
        self,
        shared_secret: Option<&Secret>,
    ) -> Result<HandshakeSecret, Error> {
        let (secret, prk) = extract_next(&self.suite, &*self.prk, &self.empty, shared_secret)?;
        Ok(HandshakeSecret {
            suite: self.suite.clone(),
            secret,
            prk,
            empty: self.empty,
        })
    }

    fn derive(&self, label: &[u8], hash: &HashOutput) -> Result<Secret, Error> {
        derive_secret_keyed(&*self.suite.hkdf, &*self.prk, label, hash.as_bytes())
    }

    fn traffic(&self, label: &[u8], hash: &HashOutput) -> Result<TrafficSecret, Error> {
        Ok(TrafficSecret::derived(
            self.suite.clone(),
            self.derive(label, hash)?,
        ))
    }
}

/// The Handshake Secret: `HKDF-Extract(Derive-Secret(early, "derived", ""), (EC)DHE)`.
pub struct HandshakeSecret {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
    /// The secret keyed into an HMAC once, for every secret derived from it.
    prk: Box<dyn HmacKey>,
    /// `Transcript-Hash("")`, the early secret's.
    empty: HashOutput,
}

impl HandshakeSecret {
    /// The cipher suite.
    pub fn suite(&self) -> &Shared<Tls13CipherSuite> {
        &self.suite
    }

    /// The Handshake Secret itself, for an observer that shows the key schedule (a connection reports
    /// it only to an observer that asked for secrets).
    pub fn as_secret(&self) -> &Secret {
        &self.secret
    }

    /// `client_handshake_traffic_secret = Derive-Secret(., "c hs traffic",
    /// ClientHello...ServerHello)`.
    pub fn client_handshake_traffic_secret(
        &self,
        hello_hash: &HashOutput,
    ) -> Result<TrafficSecret, Error> {
        self.traffic(b"c hs traffic", hello_hash)
    }

    /// `server_handshake_traffic_secret = Derive-Secret(., "s hs traffic",
    /// ClientHello...ServerHello)`.
    pub fn server_handshake_traffic_secret(
        &self,
        hello_hash: &HashOutput,
    ) -> Result<TrafficSecret, Error> {
        self.traffic(b"s hs traffic", hello_hash)
    }

    /// Moves on to the Master Secret: `HKDF-Extract(Derive-Secret(., "derived", ""), 0)`.
    pub fn into_master_secret(self) -> Result<MasterSecret, Error> {
        let (secret, prk) = extract_next(&self.suite, &*self.prk, &self.empty, None)?;
        Ok(MasterSecret {
            suite: self.suite.clone(),
            secret,
            prk,
        })
    }

    fn traffic(&self, label: &[u8], hash: &HashOutput) -> Result<TrafficSecret, Error> {
        let secret = derive_secret_keyed(&*self.suite.hkdf, &*self.prk, label, hash.as_bytes())?;
        Ok(TrafficSecret::derived_keyed(self.suite.clone(), secret))
    }
}

/// The Master Secret, from which the application traffic secrets, the exporter master
/// secret and the resumption master secret are derived.
pub struct MasterSecret {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
    /// The secret keyed into an HMAC once, for every secret derived from it.
    prk: Box<dyn HmacKey>,
}

impl MasterSecret {
    /// The cipher suite.
    pub fn suite(&self) -> &Shared<Tls13CipherSuite> {
        &self.suite
    }

    /// The Master Secret itself, for an observer that shows the key schedule (a connection reports
    /// it only to an observer that asked for secrets).
    pub fn as_secret(&self) -> &Secret {
        &self.secret
    }

    /// `client_application_traffic_secret_0 = Derive-Secret(., "c ap traffic",
    /// ClientHello...server Finished)`.
    pub fn client_application_traffic_secret(
        &self,
        server_finished_hash: &HashOutput,
    ) -> Result<TrafficSecret, Error> {
        Ok(TrafficSecret::derived(
            self.suite.clone(),
            self.derive(b"c ap traffic", server_finished_hash)?,
        ))
    }

    /// `server_application_traffic_secret_0 = Derive-Secret(., "s ap traffic",
    /// ClientHello...server Finished)`.
    pub fn server_application_traffic_secret(
        &self,
        server_finished_hash: &HashOutput,
    ) -> Result<TrafficSecret, Error> {
        Ok(TrafficSecret::derived(
            self.suite.clone(),
            self.derive(b"s ap traffic", server_finished_hash)?,
        ))
    }

    /// `exporter_master_secret = Derive-Secret(., "exp master", ClientHello...server
    /// Finished)`.
    pub fn exporter_master_secret(
        &self,
        server_finished_hash: &HashOutput,
    ) -> Result<ExporterSecret, Error> {
        Ok(ExporterSecret::derived(
            self.suite.clone(),
            self.derive(b"exp master", server_finished_hash)?,
        ))
    }

    /// `resumption_master_secret = Derive-Secret(., "res master", ClientHello...client
    /// Finished)`.
    pub fn resumption_master_secret(
        &self,
        client_finished_hash: &HashOutput,
    ) -> Result<ResumptionMasterSecret, Error> {
        Ok(ResumptionMasterSecret::derived(
            self.suite.clone(),
            self.derive(b"res master", client_finished_hash)?,
        ))
    }

    fn derive(&self, label: &[u8], hash: &HashOutput) -> Result<Secret, Error> {
        derive_secret_keyed(&*self.suite.hkdf, &*self.prk, label, hash.as_bytes())
    }
}

/// The binder key of a PSK, which computes and checks PSK binders (RFC 8446 §4.2.11.2).
pub struct BinderKey {
    suite: Shared<Tls13CipherSuite>,
    secret: Secret,
}

impl BinderKey {
    /// The binder: `HMAC(finished_key(binder_key), Transcript-Hash(Truncate(ClientHello)))`,
    /// the Finished computation of RFC 8446 §4.4.4 keyed from the binder key.
    pub fn binder(&self, truncated_hello_hash: &HashOutput) -> Result<Tag, Error> {
        self.finished_key()?.sign(truncated_hello_hash)
    }

    /// Checks a binder received from a client, in constant time.
    ///
    /// Fails with [`Error::BadBinder`] (alert `decrypt_error`) on a mismatch.
    pub fn verify_binder(
        &self,
        truncated_hello_hash: &HashOutput,
        received: &[u8],
    ) -> Result<(), Error> {
        match self.finished_key()?.verify(truncated_hello_hash, received) {
            Err(Error::BadFinished) => Err(Error::BadBinder),
            other => other,
        }
    }

    fn finished_key(&self) -> Result<FinishedKey, Error> {
        FinishedKey::derive(self.suite.hkdf.clone(), &self.secret)
    }
}

/// `HKDF-Extract(Derive-Secret(previous, "derived", ""), ikm)`, with HashLen zeros for a
/// missing `ikm`, and the result keyed for what is derived from it.
fn extract_next(
    suite: &Tls13CipherSuite,
    previous: &dyn HmacKey,
    empty: &HashOutput,
    ikm: Option<&Secret>,
) -> Result<(Secret, Box<dyn HmacKey>), Error> {
    let salt = derive_secret_keyed(&*suite.hkdf, previous, b"derived", empty.as_bytes())?;
    let zeros = zeros(suite);
    let ikm = ikm.map_or(zeros.as_bytes(), Secret::as_bytes);
    let secret = suite.hkdf.extract(Some(salt.as_bytes()), ikm);
    let prk = suite.hkdf.with_key(secret.as_bytes());
    Ok((secret, prk))
}

fn zeros(suite: &Tls13CipherSuite) -> Secret {
    Secret::zeroed(suite.hash.output_len())
}

redacted_debug!(EarlySecret, HandshakeSecret, MasterSecret, BinderKey);
test_bytes!(EarlySecret, HandshakeSecret, MasterSecret, BinderKey);
