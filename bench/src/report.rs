//! The printed report: the machine and the plan, then one row per case.

use std::time::Duration;

use crate::measure::Plan;
use stratls_bench::cases::Case;
use stratls_bench::record::{Record, Who};
use stratls_bench::stats::Summary;

use crate::sampler::Rates;

/// How to read one side's rate from a sample.
type SideRate = fn(&Rates) -> f64;

/// The sides a rate is reported for, with how to read each from a sample.
const SIDES: [(&str, SideRate); 3] = [
    ("both", |r| r.both),
    ("client", |r| r.client),
    ("server", |r| r.server),
];

/// The machine and the plan.
pub fn header(plan: &Plan) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cpus} CPUs, {}", cpu_model());
    println!(
        "plan: {} samples per contender and case, handshake samples of ~{} ms, bulk samples of {} MiB in 16 KiB writes",
        plan.reps,
        plan.sample.as_millis(),
        plan.bulk_bytes >> 20
    );
    println!(
        "rates: median ±half the interquartile range [min..max]; ratio = stratls/rustls+ring of the medians\n  both: over the wall-clock time of the sample (client and server on one core, the driver between them)\n  client, server: over the time inside that side's calls alone (bulk: the client seals, the server opens)\n(handshake-tls13-mlkem: rustls with ring has no X25519MLKEM768; its columns are stratls over x25519)\nbulk: \"raw seal/open\" is the provider's AEAD alone on the same records in place (the ceiling: client = seal, server = open); \"in place\" is stratls+ring with kept buffers reading by read_buf/consume; neither goes to --json or the chart\n"
    );
}

/// Prints one case's rows, one per contender and side, with the ratio to `baseline` (the
/// index of rustls+ring, or of the x25519 baseline) on the same side, and returns their
/// records.
pub fn rows(case: &Case, results: &[(Who, Vec<Rates>)], baseline: usize) -> Vec<Record> {
    let unit = if case.work.is_handshake() {
        "hs/s"
    } else {
        "MB/s"
    };
    let mut records = Vec::new();
    println!("{} ({unit})", case.name);
    for (who, samples) in results {
        for (i, (side, rate)) in SIDES.iter().enumerate() {
            let of = |s: &[Rates]| Summary::of(&s.iter().map(rate).collect::<Vec<_>>());
            let base = results.get(baseline).and_then(|(_, s)| of(s));
            let label = if i == 0 { who.label } else { "" };
            let Some(summary) = of(samples) else {
                println!("  {label:<22} {side:<6} no samples");
                continue;
            };
            let ratio = base.map_or(f64::NAN, |b| summary.median / b.median);
            println!(
                "  {label:<22} {side:<6} {:>34} {ratio:>7.2}",
                cell(&summary)
            );
            records.push(Record {
                case: case.name.to_string(),
                who: *who,
                side,
                unit,
                summary,
            });
        }
    }
    records
}

/// Prints, for a bulk case, each contender's client (sender) and server (receiver) medians
/// over those of the raw AEAD of its provider (rows of library `raw`): how close each side
/// comes to the ceiling of its provider, measured in the same run.
pub fn ceiling(results: &[(Who, Vec<Rates>)], raw: &str) {
    let median = |s: &[Rates], side: SideRate| {
        Summary::of(&s.iter().map(side).collect::<Vec<_>>()).map_or(f64::NAN, |m| m.median)
    };
    for (who, samples) in results.iter().filter(|(w, _)| w.library != raw) {
        let Some((_, ceiling)) = results
            .iter()
            .find(|(w, _)| w.library == raw && w.provider == who.provider)
        else {
            continue;
        };
        let (client, server): (SideRate, SideRate) = (|r| r.client, |r| r.server);
        println!(
            "  {:<22} sender/raw seal {:.2}, receiver/raw open {:.2}",
            who.label,
            median(samples, client) / median(ceiling, client),
            median(samples, server) / median(ceiling, server)
        );
    }
}

/// Prints how long the measurement took.
pub fn footer(elapsed: Duration) {
    println!("\nmeasured in {:.1} s", elapsed.as_secs_f64());
}

fn cell(s: &Summary) -> String {
    format!(
        "{} ±{:.1}% [{}..{}]",
        rate(s.median),
        s.spread * 100.0,
        rate(s.min),
        rate(s.max)
    )
}

/// A rate with about four significant digits.
fn rate(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// The CPU model named in /proc/cpuinfo, where there is one.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU model".to_string())
}
