//! Replays a corpus through a connection target and counts how the runs ended: `replay
//! TARGET DIR` (TARGET one of `server`, `client`, `server_tls12`, `client_tls12`). Each line
//! of the output is a count and an outcome: the final status, and the error's alert or kind.
//! Run with `--release --no-default-features` (plain stable Rust).

use std::collections::BTreeMap;
use std::path::PathBuf;

use stratls_fuzz::peers::{TLS12_SCENARIOS, TLS13_SCENARIOS};
use stratls_fuzz::{run_client, run_server};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(target), Some(dir)) = (args.next(), args.next().map(PathBuf::from)) else {
        eprintln!("usage: replay TARGET DIR");
        std::process::exit(2);
    };
    let run = match target.as_str() {
        "server" => |d: &[u8]| run_server(TLS13_SCENARIOS, d),
        "client" => |d: &[u8]| run_client(TLS13_SCENARIOS, d),
        "server_tls12" => |d: &[u8]| run_server(TLS12_SCENARIOS, d),
        "client_tls12" => |d: &[u8]| run_client(TLS12_SCENARIOS, d),
        other => {
            eprintln!("not a connection target: {other}");
            std::process::exit(2);
        }
    };
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for entry in std::fs::read_dir(&dir)? {
        let data = std::fs::read(entry?.path())?;
        let (status, error) = run(&data);
        let outcome = match error {
            Some(e) => match e.alert() {
                Some(alert) => format!("{status:?}, sent {alert:?}"),
                None => format!("{status:?}, {e}"),
            },
            None => format!("{status:?}"),
        };
        *outcomes.entry(outcome).or_default() += 1;
        total += 1;
    }
    println!("{target}: {total} inputs from {}", dir.display());
    for (outcome, n) in &outcomes {
        println!("{n:6}  {outcome}");
    }
    Ok(())
}
