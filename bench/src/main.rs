//! `stratls-bench`: stratls measured against rustls in one process, on the same machine at the
//! same moments. Full and resumed handshakes and bulk transfer run in memory (a client and a
//! server connection of the same library fed each other's bytes, no sockets, no threads), both
//! libraries restricted to the same version, suite, group and certificates, each side's calls
//! timed apart. Each case reports, per library and side, the median and the spread of its
//! samples, and the ratio stratls/rustls of the medians (below 1: stratls is slower); the
//! primitives are timed alone per provider.
//!
//! Run through `cargo xtask bench` (release build); `--help` lists the options.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ceiling;
mod measure;
mod primitives;
mod report;
mod sampler;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use stratls_bench::cases::{CASES, Case};
use stratls_bench::contender;
use stratls_bench::rustls_side::Rustls;
use stratls_bench::stratls_side::Stratls;

use crate::measure::Plan;
use crate::sampler::{Runner, Sampler};
use stratls_bench::chart;
use stratls_bench::record::{self, Who};

const USAGE: &str = "\
usage: stratls-bench [options]

Measures stratls with the ring provider, rustls with ring (the like-for-like row) and stratls
with its default provider (rustcrypto): in-memory full and resumed handshakes and bulk
transfer, the contenders interleaved sample by sample, each rate over the sample's wall-clock
time (side \"both\") and over the time inside each side's calls (\"client\", \"server\").

options:
  --reps N           samples per library and case (default 11)
  --sample-ms MS     duration of one handshake sample (default 500)
  --bulk-mib MIB     data sent in one bulk sample, in 16 KiB writes (default 64)
  --quick            a short run: --reps 3 --sample-ms 20, 1 MiB bulk samples
  --case NAME        only cases whose name contains NAME (repeatable; `primitives`:
                     the primitives alone, per provider)
  --json FILE        also write the results to FILE as one JSON array of
                     {case, library, provider, side, unit, median, min, max}
  --svg FILE         also write a chart of the client and server medians to FILE (SVG)
  --memory-json FILE add to the chart the retained bytes per connection that
                     `stratls-memory --json FILE` wrote
  --list             list the cases and exit
  --once LIB         do the selected case's work once with LIB (stratls, stratls-ring,
                     stratls-ring-in-place, stratls-none or rustls: rustls with ring, stratls
                     with rustcrypto, ring (in place: kept buffers, read_buf and consume) or
                     the test kit's provider that does no cryptography), inside the
                     function `measured`, for a profiler (bulk: --bulk-mib of data)
  --times N          with --once: N handshakes (or N transfers) inside `measured`, enough
                     samples for a sampling profiler such as `perf record` (default 1)
  -h, --help         this text
";

/// The command line.
#[derive(Debug)]
struct Options {
    plan: Plan,
    filters: Vec<String>,
    list: bool,
    once: Option<String>,
    times: usize,
    json: Option<std::path::PathBuf>,
    svg: Option<std::path::PathBuf>,
    memory_json: Option<std::path::PathBuf>,
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|options| match options {
        None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(options) => run(options),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("stratls-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The options, or `None` when help was asked for.
fn parse_args() -> Result<Option<Options>, String> {
    use lexopt::prelude::*;
    let mut options = Options {
        plan: Plan {
            reps: 11,
            sample: Duration::from_millis(500),
            bulk_bytes: 64 << 20,
        },
        filters: Vec::new(),
        list: false,
        once: None,
        times: 1,
        json: None,
        svg: None,
        memory_json: None,
    };
    let mut parser = lexopt::Parser::from_env();
    let number = |parser: &mut lexopt::Parser| -> Result<usize, String> {
        let value = parser.value().map_err(|e| e.to_string())?;
        value.parse().map_err(|e: lexopt::Error| e.to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("reps") => options.plan.reps = number(&mut parser)?.max(1),
            Long("sample-ms") => {
                options.plan.sample = Duration::from_millis(number(&mut parser)?.max(1) as u64);
            }
            Long("bulk-mib") => options.plan.bulk_bytes = number(&mut parser)?.max(1) << 20,
            Long("quick") => {
                options.plan = Plan {
                    reps: 3,
                    sample: Duration::from_millis(20),
                    bulk_bytes: 1 << 20,
                };
            }
            Long("case") => options.filters.push(string(&mut parser)?),
            Long("list") => options.list = true,
            Long("json") => options.json = Some(string(&mut parser)?.into()),
            Long("svg") => options.svg = Some(string(&mut parser)?.into()),
            Long("memory-json") => options.memory_json = Some(string(&mut parser)?.into()),
            Long("once") => options.once = Some(string(&mut parser)?),
            Long("times") => options.times = number(&mut parser)?.max(1),
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(Some(options))
}

fn string(parser: &mut lexopt::Parser) -> Result<String, String> {
    use lexopt::ValueExt;
    let value = parser.value().map_err(|e| e.to_string())?;
    value.string().map_err(|e| e.to_string())
}

fn run(options: Options) -> Result<(), String> {
    let selected: Vec<&Case> = CASES
        .iter()
        .filter(|c| {
            options.filters.is_empty()
                || options.filters.iter().any(|f| c.name.contains(f.as_str()))
        })
        .collect();
    if options.list {
        for case in CASES {
            println!("{:<34} {}", case.name, case.describe());
        }
        println!(
            "{:<34} key exchanges, signatures, AEADs and SHA-256 alone",
            "primitives"
        );
        return Ok(());
    }
    if let Some(lib) = &options.once {
        // A name given whole picks that case, though others contain it.
        let exact: Vec<&Case> = selected
            .iter()
            .copied()
            .filter(|c| options.filters.iter().any(|f| f == c.name))
            .collect();
        let selected = if exact.len() == 1 { exact } else { selected };
        let [case] = selected.as_slice() else {
            return Err(format!(
                "--once needs exactly one case, {} selected",
                selected.len()
            ));
        };
        return match lib.as_str() {
            "stratls" => measure::once(
                case,
                &Stratls::new(case)?,
                options.plan.bulk_bytes,
                options.times,
            ),
            "stratls-ring" => measure::once(
                case,
                &Stratls::with_provider(case, stratls::ring_provider(), STRATLS_RING.label)?,
                options.plan.bulk_bytes,
                options.times,
            ),
            "stratls-ring-in-place" => measure::once(
                case,
                &Stratls {
                    in_place: true,
                    ..Stratls::with_provider(
                        case,
                        stratls::ring_provider(),
                        STRATLS_RING_IN_PLACE.label,
                    )?
                },
                options.plan.bulk_bytes,
                options.times,
            ),
            "stratls-none" => measure::once(
                case,
                &Stratls::with_provider(
                    case,
                    stratls_test_support::nocrypto::provider(),
                    "stratls+none",
                )?,
                options.plan.bulk_bytes,
                options.times,
            ),
            "rustls" if case.rustls_can() => measure::once(
                case,
                &Rustls::new(case)?,
                options.plan.bulk_bytes,
                options.times,
            ),
            "rustls" => Err(format!(
                "{}: rustls (ring) has no {:?}",
                case.name, case.group
            )),
            other => Err(format!(
                "--once {other}: expected stratls, stratls-ring, stratls-ring-in-place, stratls-none or rustls"
            )),
        };
    }
    let primitives = options.filters.is_empty()
        || options
            .filters
            .iter()
            .any(|f| "primitives".contains(f.as_str()));
    if selected.is_empty() && !primitives {
        return Err("no case matches (see --list)".into());
    }
    report::header(&options.plan);
    let start = Instant::now();
    if primitives {
        primitives::run(&options.plan)?;
    }
    let mut records = Vec::new();
    for case in selected {
        let (mut contenders, baseline) = contenders(case)?;
        let samples = measure::run_many(case, &mut contenders, &options.plan)
            .map_err(|e| format!("{}: {e}", case.name))?;
        let results: Vec<(Who, Vec<sampler::Rates>)> =
            contenders.iter().map(|c| c.who()).zip(samples).collect();
        let rows = report::rows(case, &results, baseline);
        if !case.work.is_handshake() {
            report::ceiling(&results, ceiling::RAW);
        }
        // The x25519 baseline of the hybrid is not a result of its own: it would repeat the
        // (case, library, provider) of the hybrid row in the JSON output.
        records.extend(
            rows.into_iter()
                .filter(|r| case.rustls_can() || r.who.label != BASELINE_X25519)
                // The raw AEAD's rows are a ceiling to read the others against, not a library.
                .filter(|r| r.who.library != ceiling::RAW && r.who.library != IN_PLACE),
        );
    }
    report::footer(start.elapsed());
    if let Some(path) = &options.json {
        std::fs::write(path, record::json(&records))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("results written to {}", path.display());
    }
    if let Some(path) = &options.svg {
        let mut title = "stratls and rustls, median rates per side (longer is faster)";
        if let Some(memory) = &options.memory_json {
            title = "stratls and rustls: median rates per side, retained bytes per connection";
            let text = std::fs::read_to_string(memory)
                .map_err(|e| format!("{}: {e}", memory.display()))?;
            let read = record::parse(&text).map_err(|e| format!("{}: {e}", memory.display()))?;
            records.extend(read.into_iter().filter(|r| r.case.ends_with("/retained")));
        }
        std::fs::write(path, chart::svg(&records, title))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("chart written to {}", path.display());
    }
    Ok(())
}

/// stratls with ring, as `stratls::ring_provider()` gives it (completed by the default one).
const STRATLS_RING: Who = Who {
    label: "stratls+ring",
    library: "stratls",
    provider: "ring",
};
/// The column of the hybrid case's baseline: stratls with ring over x25519.
const BASELINE_X25519: &str = "stratls+ring x25519";
/// rustls with its ring provider.
const RUSTLS_RING: Who = Who {
    label: "rustls+ring",
    library: "rustls",
    provider: "ring",
};
/// stratls with its default provider.
const STRATLS_DEFAULT: Who = Who {
    label: "stratls+rustcrypto",
    library: "stratls",
    provider: "rustcrypto",
};

/// The contenders of `case`, each checked to do the case's work, and the index of the one the
/// ratios divide by: rustls+ring, or for the hybrid (which rustls with ring lacks) stratls
/// with ring over x25519.
fn contenders(case: &Case) -> Result<(Vec<Box<dyn Sampler>>, usize), String> {
    let ring = Stratls::with_provider(case, stratls::ring_provider(), STRATLS_RING.label)?;
    contender::check(&ring, case.agreed())?;
    let default = Stratls::with_provider(case, stratls::default_provider(), STRATLS_DEFAULT.label)?;
    contender::check(&default, case.agreed())?;
    let mut list: Vec<Box<dyn Sampler>> = vec![
        Box::new(Runner::new(ring, STRATLS_RING)),
        Box::new(Runner::new(default, STRATLS_DEFAULT)),
    ];
    if case.rustls_can() {
        let rustls = Rustls::new(case)?;
        contender::check(&rustls, case.agreed())?;
        list.insert(1, Box::new(Runner::new(rustls, RUSTLS_RING)));
    } else {
        let x25519 = case.with_x25519();
        let baseline = Stratls::with_provider(&x25519, stratls::ring_provider(), BASELINE_X25519)?;
        contender::check(&baseline, x25519.agreed())?;
        let who = Who {
            label: BASELINE_X25519,
            ..STRATLS_RING
        };
        list.insert(1, Box::new(Runner::new(baseline, who)));
    }
    if case.work == stratls_bench::cases::Work::Bulk {
        let in_place = Stratls {
            in_place: true,
            ..Stratls::with_provider(case, stratls::ring_provider(), STRATLS_RING_IN_PLACE.label)?
        };
        contender::check(&in_place, case.agreed())?;
        list.push(Box::new(Runner::new(in_place, STRATLS_RING_IN_PLACE)));
        for (provider, who) in [
            (stratls::ring_provider(), RAW_RING),
            (stratls::default_provider(), RAW_RUSTCRYPTO),
        ] {
            list.push(Box::new(ceiling::RawAead::new(case, &provider, who)?));
        }
    }
    Ok((list, 1))
}

/// stratls with ring keeping its buffers and reading in place (`keep_buffers`, `read_buf` and
/// `consume`): printed, not written to the JSON output, whose stratls row is the standard
/// `write`/`read` path.
const STRATLS_RING_IN_PLACE: Who = Who {
    label: "stratls+ring in place",
    library: IN_PLACE,
    provider: "ring",
};
/// The library name of the in-place row, which keeps it out of the JSON output and the chart.
const IN_PLACE: &str = "stratls in place";
/// The ring provider's AEAD alone: the ceiling of a bulk case with ring.
const RAW_RING: Who = Who {
    label: "raw seal/open ring",
    library: ceiling::RAW,
    provider: "ring",
};
/// The default provider's AEAD alone: the ceiling of a bulk case with rustcrypto.
const RAW_RUSTCRYPTO: Who = Who {
    label: "raw seal/open rustcrypto",
    library: ceiling::RAW,
    provider: "rustcrypto",
};
