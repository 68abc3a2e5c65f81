//! One library with one provider, configured for one case, behind an object-safe face, so that
//! any number of contenders take their samples interleaved.

use std::hint::black_box;
use std::time::{Duration, Instant};

use stratls_bench::contender::{Clock, Contender, WRITE_SIZE, payload};
use stratls_bench::record::Who;

/// One sample's rates: over the wall-clock time of the whole sample (`both`: the client and
/// the server on one core, and the driver between them), and over the time inside each side's
/// calls alone.
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    /// The work over the sample's wall-clock time.
    pub both: f64,
    /// The work over the time inside the client's calls.
    pub client: f64,
    /// The work over the time inside the server's calls.
    pub server: f64,
}

impl Rates {
    /// `work` (handshakes, or MB) over `wall` seconds and the times on `clock`.
    pub(crate) fn of(work: f64, wall: f64, clock: &Clock) -> Self {
        Self {
            both: work / wall,
            client: work / clock.client.as_secs_f64(),
            server: work / clock.server.as_secs_f64(),
        }
    }
}

/// A contender taking samples.
pub trait Sampler {
    /// Which library and provider this is.
    fn who(&self) -> Who;
    /// How many handshakes fill one sample of `sample`.
    fn calibrate(&mut self, sample: Duration) -> Result<u64, String>;
    /// Handshakes per second over `count` handshakes.
    fn handshakes(&mut self, count: u64) -> Result<Rates, String>;
    /// Sets up the pair for bulk samples and warms it with `warm` bytes.
    fn prepare_bulk(&mut self, warm: usize) -> Result<(), String>;
    /// MB per second over `bytes` bytes.
    fn bulk(&mut self, bytes: usize) -> Result<Rates, String>;
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
        let clock = &mut Clock::default();
        let start = Instant::now();
        let mut done: u64 = 0;
        while done == 0 || start.elapsed() < trial {
            black_box(self.contender.handshake(clock)?);
            done += 1;
        }
        let per_handshake = start.elapsed().as_secs_f64() / done as f64;
        Ok((sample.as_secs_f64() / per_handshake).ceil().max(1.0) as u64)
    }

    fn handshakes(&mut self, count: u64) -> Result<Rates, String> {
        let clock = &mut Clock::default();
        let start = Instant::now();
        for _ in 0..count {
            black_box(self.contender.handshake(clock)?);
        }
        let wall = start.elapsed().as_secs_f64();
        Ok(Rates::of(count as f64, wall, clock))
    }

    fn prepare_bulk(&mut self, warm: usize) -> Result<(), String> {
        let clock = &mut Clock::default();
        let mut pair = self.contender.handshake(clock)?;
        C::transfer(&mut pair, &self.data, warm, &mut self.sink, clock)?;
        self.pair = Some(pair);
        Ok(())
    }

    fn bulk(&mut self, bytes: usize) -> Result<Rates, String> {
        let pair = self.pair.as_mut().ok_or("bulk before prepare_bulk")?;
        let clock = &mut Clock::default();
        let start = Instant::now();
        let delivered = C::transfer(pair, &self.data, bytes, &mut self.sink, clock)?;
        let wall = start.elapsed().as_secs_f64();
        if delivered != bytes {
            return Err(format!("{delivered} of {bytes} bytes delivered"));
        }
        Ok(Rates::of(bytes as f64 / 1e6, wall, clock))
    }
}
