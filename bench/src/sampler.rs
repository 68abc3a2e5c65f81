//! One library with one provider, configured for one case, behind an object-safe face, so that
//! any number of contenders take their samples interleaved.

use std::hint::black_box;
use std::time::{Duration, Instant};

use stratls_bench::contender::{Contender, WRITE_SIZE, payload};

/// Which library and provider a contender is, for the report and the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    /// The column heading.
    pub label: &'static str,
    /// `stratls` or `rustls`.
    pub library: &'static str,
    /// `ring` or `rustcrypto`.
    pub provider: &'static str,
}

/// A contender taking samples.
pub trait Sampler {
    /// Which library and provider this is.
    fn who(&self) -> Who;
    /// How many handshakes fill one sample of `sample`.
    fn calibrate(&mut self, sample: Duration) -> Result<u64, String>;
    /// Handshakes per second over `count` handshakes.
    fn handshakes(&mut self, count: u64) -> Result<f64, String>;
    /// Sets up the pair for bulk samples and warms it with `warm` bytes.
    fn prepare_bulk(&mut self, warm: usize) -> Result<(), String>;
    /// MB per second over `bytes` bytes.
    fn bulk(&mut self, bytes: usize) -> Result<f64, String>;
}

/// A [`Contender`] with its pair and buffers.
pub struct Runner<C: Contender> {
    contender: C,
    who: Who,
    pair: Option<C::Pair>,
    data: Vec<u8>,
    sink: Vec<u8>,
}

impl<C: Contender> Runner<C> {
    /// `contender`, reported as `who`.
    pub fn new(contender: C, who: Who) -> Self {
        Self {
            contender,
            who,
            pair: None,
            data: payload(),
            sink: vec![0u8; WRITE_SIZE],
        }
    }
}

impl<C: Contender> Sampler for Runner<C> {
    fn who(&self) -> Who {
        self.who
    }

    fn calibrate(&mut self, sample: Duration) -> Result<u64, String> {
        let trial = sample / 4;
        let start = Instant::now();
        let mut done: u64 = 0;
        while done == 0 || start.elapsed() < trial {
            black_box(self.contender.handshake()?);
            done += 1;
        }
        let per_handshake = start.elapsed().as_secs_f64() / done as f64;
        Ok((sample.as_secs_f64() / per_handshake).ceil().max(1.0) as u64)
    }

    fn handshakes(&mut self, count: u64) -> Result<f64, String> {
        let start = Instant::now();
        for _ in 0..count {
            black_box(self.contender.handshake()?);
        }
        Ok(count as f64 / start.elapsed().as_secs_f64())
    }

    fn prepare_bulk(&mut self, warm: usize) -> Result<(), String> {
        let mut pair = self.contender.handshake()?;
        C::transfer(&mut pair, &self.data, warm, &mut self.sink)?;
        self.pair = Some(pair);
        Ok(())
    }

    fn bulk(&mut self, bytes: usize) -> Result<f64, String> {
        let pair = self.pair.as_mut().ok_or("bulk before prepare_bulk")?;
        let start = Instant::now();
        let delivered = C::transfer(pair, &self.data, bytes, &mut self.sink)?;
        let secs = start.elapsed().as_secs_f64();
        if delivered != bytes {
            return Err(format!("{delivered} of {bytes} bytes delivered"));
        }
        Ok(bytes as f64 / 1e6 / secs)
    }
}
