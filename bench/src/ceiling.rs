//! The ceiling of a bulk case: its provider's AEAD alone, through stratls's provider traits,
//! sealing and opening the case's records in place, sampled interleaved with the libraries so
//! that "sender / raw seal" and "receiver / raw open" compare figures of one run.
//!
//! Each record is what the library sends for one write of [`WRITE_SIZE`] bytes: TLS 1.3 seals
//! the content and its type byte under the 5-byte header; TLS 1.2 seals the content under the
//! 13-byte additional data. The "client" side is the time inside seal, the "server" side the
//! time inside open, "both" the wall clock of the sample. It is no library: its rows are
//! printed, not written to `--json` or the chart.

use std::time::{Duration, Instant};

use stratls::codec::ProtocolVersion;
use stratls::crypto::{AeadKey, CryptoProvider, NONCE_LEN};
use stratls_bench::cases::Case;
use stratls_bench::contender::{Clock, WRITE_SIZE, payload};
use stratls_bench::record::Who;

use crate::sampler::{Rates, Sampler};

/// The library name of ceiling rows, which keeps them out of the JSON output and the chart.
pub const RAW: &str = "raw";

/// One provider's AEAD of one case, sealing and opening records in place.
pub struct RawAead {
    who: Who,
    seal: Box<dyn AeadKey>,
    open: Box<dyn AeadKey>,
    iv: [u8; NONCE_LEN],
    aad_len: usize,
    record: Vec<u8>,
    tag: Vec<u8>,
    seq: u64,
}

impl RawAead {
    /// The AEAD of `case`'s suite from `provider`, reported as `who`.
    pub fn new(case: &Case, provider: &CryptoProvider, who: Who) -> Result<Self, String> {
        let (aead, tls13) = if case.version == ProtocolVersion::TLSv1_3 {
            let suite = provider.tls13_suite(case.suite);
            (suite.map(|s| s.aead.clone()), true)
        } else {
            let suite = provider.tls12_suite(case.suite);
            (suite.map(|s| s.aead.clone()), false)
        };
        let aead = aead.ok_or(format!("{}: no {:?}", who.label, case.suite))?;
        let key = vec![7u8; aead.key_len()];
        let seal = aead.key(&key).map_err(|e| e.to_string())?;
        let open = aead.key(&key).map_err(|e| e.to_string())?;
        let mut record = payload();
        if tls13 {
            record.push(23);
        }
        Ok(Self {
            who,
            seal,
            open,
            iv: [9u8; NONCE_LEN],
            aad_len: if tls13 { 5 } else { 13 },
            record,
            tag: vec![0u8; aead.tag_len()],
            seq: 0,
        })
    }

    /// Seals and opens `records` records in place, each call timed on `clock`.
    fn run(&mut self, records: usize, clock: &mut Clock) -> Result<(), String> {
        let aad = [0x17, 0x03, 0x03, 0x40, 0x11, 0, 0, 0, 0, 0, 0, 0, 0];
        let aad = &aad[..self.aad_len];
        for _ in 0..records {
            let mut nonce = self.iv;
            for (n, s) in nonce[4..].iter_mut().zip(self.seq.to_be_bytes()) {
                *n ^= s;
            }
            self.seq += 1;
            let (seal, record, tag) = (&self.seal, &mut self.record, &mut self.tag);
            clock
                .client(|| seal.seal_in_place(&nonce, aad, record, tag))
                .map_err(|e| format!("raw seal: {e}"))?;
            let (open, record, tag) = (&self.open, &mut self.record, &self.tag);
            clock
                .server(|| open.open_in_place(&nonce, aad, record, tag))
                .map_err(|e| format!("raw open: {e}"))?;
        }
        Ok(())
    }
}

impl Sampler for RawAead {
    fn who(&self) -> Who {
        self.who
    }

    fn calibrate(&mut self, _sample: Duration) -> Result<u64, String> {
        Err("the raw AEAD does no handshake".into())
    }

    fn handshakes(&mut self, _count: u64) -> Result<Rates, String> {
        Err("the raw AEAD does no handshake".into())
    }

    fn prepare_bulk(&mut self, warm: usize) -> Result<(), String> {
        self.run(warm.div_ceil(WRITE_SIZE), &mut Clock::default())?;
        if self.record.get(..WRITE_SIZE) != Some(&payload()[..]) {
            return Err("raw AEAD: the record did not open to what was sealed".into());
        }
        Ok(())
    }

    fn bulk(&mut self, bytes: usize) -> Result<Rates, String> {
        let clock = &mut Clock::default();
        let start = Instant::now();
        self.run(bytes.div_ceil(WRITE_SIZE), clock)?;
        let wall = start.elapsed().as_secs_f64();
        Ok(Rates::of(bytes as f64 / 1e6, wall, clock))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stratls_bench::cases::{CASES, Work};

    /// Every bulk case's AEAD, on both providers, seals a record into something else, opens
    /// it back, refuses it with a changed tag, and takes samples.
    #[test]
    fn every_bulk_case_seals_and_opens() {
        for case in CASES.iter().filter(|c| c.work == Work::Bulk) {
            for provider in [stratls::ring_provider(), stratls::default_provider()] {
                let who = Who {
                    label: "raw",
                    library: RAW,
                    provider: "any",
                };
                let mut raw = RawAead::new(case, &provider, who).expect("the case's AEAD");
                let (nonce, aad) = (raw.iv, [1u8; 13]);
                let aad = &aad[..raw.aad_len];
                let plain = raw.record.clone();
                raw.seal
                    .seal_in_place(&nonce, aad, &mut raw.record, &mut raw.tag)
                    .expect("seal");
                assert_ne!(raw.record, plain, "{}", case.name);
                let sealed = raw.record.clone();
                raw.open
                    .open_in_place(&nonce, aad, &mut raw.record, &raw.tag)
                    .expect("open");
                assert_eq!(raw.record, plain, "{}", case.name);
                raw.record = sealed;
                raw.tag[0] ^= 1;
                let refused = raw
                    .open
                    .open_in_place(&nonce, aad, &mut raw.record, &raw.tag);
                assert!(refused.is_err(), "{}", case.name);
                raw.record = plain;
                raw.prepare_bulk(3 * WRITE_SIZE).expect("round trips");
                assert_eq!(raw.seq, 3);
                let rates = raw.bulk(2 * WRITE_SIZE).expect("a sample");
                assert!(rates.client > 0.0 && rates.server > 0.0 && rates.both > 0.0);
            }
        }
    }
}
