//! The NSS key-log format.

use crate::error::Error;
use crate::keylog::{
    CLIENT_EARLY_TRAFFIC_SECRET, CLIENT_HANDSHAKE_TRAFFIC_SECRET, CLIENT_RANDOM,
    CLIENT_TRAFFIC_SECRET_0, EXPORTER_SECRET, KeyLog, KeyLogEntry, MemoryKeyLog,
    SERVER_HANDSHAKE_TRAFFIC_SECRET, SERVER_TRAFFIC_SECRET_0, format_line, parse_key_log,
};

const RANDOM: &str = "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7";
const SECRET: &str = "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21";

#[test]
fn labels_are_the_nss_ones() {
    assert_eq!(
        [
            CLIENT_HANDSHAKE_TRAFFIC_SECRET,
            SERVER_HANDSHAKE_TRAFFIC_SECRET,
            CLIENT_TRAFFIC_SECRET_0,
            SERVER_TRAFFIC_SECRET_0,
            EXPORTER_SECRET,
            CLIENT_EARLY_TRAFFIC_SECRET,
            CLIENT_RANDOM,
        ],
        [
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            "CLIENT_TRAFFIC_SECRET_0",
            "SERVER_TRAFFIC_SECRET_0",
            "EXPORTER_SECRET",
            "CLIENT_EARLY_TRAFFIC_SECRET",
            "CLIENT_RANDOM",
        ]
    );
}

#[test]
fn line_format_is_exact() {
    let line = format_line(
        CLIENT_HANDSHAKE_TRAFFIC_SECRET,
        &hex::decode(RANDOM).expect("hex"),
        &hex::decode(SECRET).expect("hex"),
    );
    assert_eq!(
        line,
        format!("CLIENT_HANDSHAKE_TRAFFIC_SECRET {RANDOM} {SECRET}\n")
    );
    assert_eq!(format_line("L", &[0x00, 0xff], &[0xab]), "L 00ff ab\n");
}

#[test]
fn memory_log_collects_lines_and_does_not_print_them() {
    let log = MemoryKeyLog::new();
    assert!(log.will_log(CLIENT_RANDOM));
    log.log(CLIENT_RANDOM, &[1; 32], &[0xaa; 48]);
    log.log(EXPORTER_SECRET, &[2; 32], &[0xbb; 32]);
    let lines = log.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], format_line(CLIENT_RANDOM, &[1; 32], &[0xaa; 48]));
    assert!(lines[1].starts_with("EXPORTER_SECRET 0202"));

    let shown = format!("{log:?}");
    assert_eq!(shown, "MemoryKeyLog(2 lines)");
    assert_eq!(log.take().len(), 2);
    assert!(log.lines().is_empty());
}

#[test]
fn lines_parse_back() -> Result<(), Error> {
    let line = format!(
        "{CLIENT_TRAFFIC_SECRET_0} {RANDOM} {}\r\n",
        SECRET.to_uppercase()
    );
    let entry = KeyLogEntry::parse(&line)?;
    assert_eq!(entry.label, CLIENT_TRAFFIC_SECRET_0);
    assert_eq!(hex::encode(entry.client_random), RANDOM);
    assert_eq!(hex::encode(entry.secret.as_bytes()), SECRET);
    let shown = format!("{entry:?}");
    assert!(
        !shown.contains("b3eddb12") && !shown.contains("179"),
        "{shown}"
    );

    let file = format!(
        "# a comment\n\n{}{}",
        format_line(CLIENT_RANDOM, &[7; 32], &[9; 48]),
        format_line(EXPORTER_SECRET, &[7; 32], &[8; 32]),
    );
    let entries: Vec<_> = parse_key_log(&file).collect::<Result<_, _>>()?;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].label, CLIENT_RANDOM);
    assert_eq!(entries[0].secret.as_bytes(), [9; 48]);
    assert_eq!(entries[1].label, EXPORTER_SECRET);
    Ok(())
}

#[test]
fn malformed_lines_are_refused() {
    let bad = [
        String::new(),
        "CLIENT_RANDOM".to_owned(),
        format!("CLIENT_RANDOM {RANDOM}"),
        format!("CLIENT_RANDOM {RANDOM} {SECRET} extra"),
        format!("CLIENT_RANDOM {} {SECRET}", &RANDOM[2..]),
        format!("CLIENT_RANDOM {RANDOM}00 {SECRET}"),
        format!("CLIENT_RANDOM {RANDOM} {}", &SECRET[1..]),
        format!("CLIENT_RANDOM {RANDOM} {}g", &SECRET[1..]),
        format!("CLIENT_RANDOM {}zz {SECRET}", &RANDOM[2..]),
        format!("CLIENT_RANDOM {RANDOM} {}", "ab".repeat(65)),
        format!("CLIENT_RANDOM {RANDOM} é{}", &SECRET[2..]),
    ];
    for line in &bad {
        assert_eq!(
            KeyLogEntry::parse(line).err(),
            Some(Error::MalformedKeyLogLine),
            "{line:?}"
        );
    }
}
