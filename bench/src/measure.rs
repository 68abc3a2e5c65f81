//! The measuring loop: both libraries on one case, sample after sample, interleaved so that
//! they share the machine's noise.

use std::hint::black_box;
use std::time::{Duration, Instant};

use stratls_bench::cases::{Case, Work};
use stratls_bench::contender::{Contender, WRITE_SIZE, payload};

/// How much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Samples per library and case.
    pub reps: usize,
    /// The target duration of one handshake sample.
    pub sample: Duration,
    /// Bytes sent in one bulk sample.
    pub bulk_bytes: usize,
}

/// Rates measured for one case: one per sample, per library (handshakes/s or MB/s).
#[derive(Debug, Default)]
pub struct Samples {
    /// The first contender's rates.
    pub a: Vec<f64>,
    /// The second contender's rates.
    pub b: Vec<f64>,
}

/// Measures `case` with `a` and `b`, alternating which goes first in each round (A B, B A,
/// A B, ...) so that a drift of the machine's speed favours neither.
pub fn run<A: Contender, B: Contender>(
    case: &Case,
    a: &A,
    b: &B,
    plan: &Plan,
) -> Result<Samples, String> {
    let mut samples = Samples::default();
    match case.work {
        Work::Handshake => {
            let count_a = calibrate(a, plan.sample)?;
            let count_b = calibrate(b, plan.sample)?;
            for rep in 0..plan.reps {
                let a_first = rep % 2 == 0;
                if a_first {
                    samples.a.push(handshakes(a, count_a)?);
                }
                samples.b.push(handshakes(b, count_b)?);
                if !a_first {
                    samples.a.push(handshakes(a, count_a)?);
                }
            }
        }
        Work::Bulk => {
            let data = payload();
            let mut sink = vec![0u8; WRITE_SIZE];
            let mut pair_a = a.handshake()?;
            let mut pair_b = b.handshake()?;
            // Warm caches and allocators on both sides before the first sample.
            let warm = (plan.bulk_bytes / 8).max(WRITE_SIZE);
            A::transfer(&mut pair_a, &data, warm, &mut sink)?;
            B::transfer(&mut pair_b, &data, warm, &mut sink)?;
            let bytes = plan.bulk_bytes;
            for rep in 0..plan.reps {
                let a_first = rep % 2 == 0;
                if a_first {
                    samples
                        .a
                        .push(bulk::<A>(&mut pair_a, &data, bytes, &mut sink)?);
                }
                samples
                    .b
                    .push(bulk::<B>(&mut pair_b, &data, bytes, &mut sink)?);
                if !a_first {
                    samples
                        .a
                        .push(bulk::<A>(&mut pair_a, &data, bytes, &mut sink)?);
                }
            }
        }
    }
    Ok(samples)
}

/// How many handshakes of `c` fill about `sample`, from a short trial run.
fn calibrate<C: Contender>(c: &C, sample: Duration) -> Result<u64, String> {
    let trial = sample / 4;
    let start = Instant::now();
    let mut done: u64 = 0;
    while done == 0 || start.elapsed() < trial {
        black_box(c.handshake()?);
        done += 1;
    }
    let per_handshake = start.elapsed().as_secs_f64() / done as f64;
    Ok((sample.as_secs_f64() / per_handshake).ceil().max(1.0) as u64)
}

/// Runs `count` handshakes; handshakes per second.
fn handshakes<C: Contender>(c: &C, count: u64) -> Result<f64, String> {
    let start = Instant::now();
    for _ in 0..count {
        black_box(c.handshake()?);
    }
    Ok(count as f64 / start.elapsed().as_secs_f64())
}

/// Sends `bytes` over `pair`; MB (10^6 bytes) per second.
fn bulk<C: Contender>(
    pair: &mut C::Pair,
    data: &[u8],
    bytes: usize,
    sink: &mut [u8],
) -> Result<f64, String> {
    let start = Instant::now();
    let delivered = C::transfer(pair, data, bytes, sink)?;
    let secs = start.elapsed().as_secs_f64();
    if delivered != bytes {
        return Err(format!("{delivered} of {bytes} bytes delivered"));
    }
    Ok(bytes as f64 / 1e6 / secs)
}

/// Does the case's work once with `c`, the work alone inside [`measured`] (one handshake, or
/// `bytes` over a pair set up beforehand), for a profiler that counts only inside that
/// function. One handshake runs first, unmeasured, so one-time set-up is left out.
pub fn once<C: Contender>(case: &Case, c: &C, bytes: usize) -> Result<(), String> {
    let mut pair = c.handshake()?;
    match case.work {
        Work::Handshake => {
            black_box(measured(|| c.handshake())?);
        }
        Work::Bulk => {
            let data = payload();
            let mut sink = vec![0u8; WRITE_SIZE];
            let delivered = measured(|| C::transfer(&mut pair, &data, bytes, &mut sink))?;
            if delivered != bytes {
                return Err(format!("{delivered} of {bytes} bytes delivered"));
            }
        }
    }
    Ok(())
}

/// The boundary a profiler counts inside (`valgrind --tool=callgrind
/// --toggle-collect='*measured*'`).
#[inline(never)]
fn measured<T>(work: impl FnOnce() -> T) -> T {
    black_box(work())
}
