//! The measuring loop: both libraries on one case, sample after sample, interleaved so that
//! they share the machine's noise.

use std::hint::black_box;
use std::time::Duration;

use stratls_bench::cases::{Case, Work};
use stratls_bench::contender::{Clock, Contender, WRITE_SIZE, payload};

use crate::sampler::{Rates, Sampler};

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

/// Does the case's work `times` times with `c`, the work alone inside [`measured`] (handshakes, or
/// `bytes` per time over a pair set up beforehand), for a profiler that counts only inside that
/// function. One handshake runs first, unmeasured, so one-time set-up is left out.
pub fn once<C: Contender>(case: &Case, c: &C, bytes: usize, times: usize) -> Result<(), String> {
    let clock = &mut Clock::default();
    let mut pair = c.handshake(clock)?;
    match case.work {
        Work::Handshake | Work::Resume(_) => measured(|| {
            for _ in 0..times {
                black_box(c.handshake(clock)?);
            }
            Ok(())
        }),
        Work::Bulk => {
            let data = payload();
            let mut sink = vec![0u8; WRITE_SIZE];
            measured(|| {
                for _ in 0..times {
                    let delivered = C::transfer(&mut pair, &data, bytes, &mut sink, clock)?;
                    if delivered != bytes {
                        return Err(format!("{delivered} of {bytes} bytes delivered"));
                    }
                }
                Ok(())
            })
        }
    }
}

/// The boundary a profiler counts inside (`valgrind --tool=callgrind
/// --toggle-collect='*measured*'`).
#[inline(never)]
fn measured<T>(work: impl FnOnce() -> T) -> T {
    black_box(work())
}

/// Samples every contender `plan.reps` times, interleaved: each round takes one sample of each,
/// the order rotating from round to round, so that the machine's slow moments fall on all of
/// them alike. Returns the samples in the contenders' order.
pub fn run_many(
    case: &Case,
    contenders: &mut [Box<dyn Sampler>],
    plan: &Plan,
) -> Result<Vec<Vec<Rates>>, String> {
    let n = contenders.len();
    let mut samples = vec![Vec::with_capacity(plan.reps); n];
    match case.work {
        Work::Handshake | Work::Resume(_) => {
            let mut counts = Vec::with_capacity(n);
            for c in contenders.iter_mut() {
                counts.push(c.calibrate(plan.sample)?);
            }
            for rep in 0..plan.reps {
                for k in 0..n {
                    let i = (rep + k) % n;
                    samples[i].push(contenders[i].handshakes(counts[i])?);
                }
            }
        }
        Work::Bulk => {
            let warm = (plan.bulk_bytes / 8).max(WRITE_SIZE);
            for c in contenders.iter_mut() {
                c.prepare_bulk(warm)?;
            }
            for rep in 0..plan.reps {
                for k in 0..n {
                    let i = (rep + k) % n;
                    samples[i].push(contenders[i].bulk(plan.bulk_bytes)?);
                }
            }
        }
    }
    Ok(samples)
}
