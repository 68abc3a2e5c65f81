//! The printed report: the machine and the plan, then one row per case.

use std::time::Duration;

use crate::measure::Plan;
use crate::stats::Summary;
use stratls_bench::cases::{Case, Work};

/// Prints the machine, the plan and the column titles.
pub fn header(plan: &Plan) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cpus} CPUs, {}", cpu_model());
    println!(
        "plan: {} samples per library and case, handshake samples of ~{} ms, bulk samples of {} MiB in 16 KiB writes",
        plan.reps,
        plan.sample.as_millis(),
        plan.bulk_bytes >> 20
    );
    println!(
        "rates: median ± half the interquartile range [min..max]; ratio = stratls/rustls of the medians\n(handshake-tls13-mlkem: X25519MLKEM768 against stratls with x25519, interleaved)\n"
    );
    println!(
        "{:<24} {:<5} {:>34} {:>34} {:>7}",
        "case", "unit", "stratls", "rustls", "ratio"
    );
}

/// Prints the row of `case` from the rates of both libraries.
pub fn row(case: &Case, name_a: &str, a: &[f64], name_b: &str, b: &[f64]) {
    let unit = match case.work {
        Work::Handshake => "hs/s",
        Work::Bulk => "MB/s",
    };
    let (Some(sa), Some(sb)) = (Summary::of(a), Summary::of(b)) else {
        println!(
            "{:<24} no samples ({name_a}: {}, {name_b}: {})",
            case.name,
            a.len(),
            b.len()
        );
        return;
    };
    // A case rustls cannot run has another baseline in the second column: say which.
    let against = if name_b == "rustls" {
        String::new()
    } else {
        format!("  (second column: {name_b})")
    };
    println!(
        "{:<24} {:<5} {:>34} {:>34} {:>7.2}{against}",
        case.name,
        unit,
        cell(&sa),
        cell(&sb),
        sa.median / sb.median
    );
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
