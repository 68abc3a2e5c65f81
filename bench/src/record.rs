//! The results of a run as records: one per case, contender and side, printed, written as
//! JSON (`--json`) and drawn (`--svg`) by both binaries.

use crate::stats::Summary;

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

/// One result, as `--json` writes it.
#[derive(Debug, Clone)]
pub struct Record {
    /// The case.
    pub case: String,
    /// Which library and provider.
    pub who: Who,
    /// `both`, `client` or `server`.
    pub side: &'static str,
    /// `hs/s` or `MB/s`.
    pub unit: &'static str,
    /// The summary of the samples.
    pub summary: Summary,
}

/// The records as one JSON array of `{"case", "library", "provider", "side", "unit",
/// "median", "min", "max"}` objects (a schema other tools read: keep it stable).
pub fn json(records: &[Record]) -> String {
    let mut out = String::from("[\n");
    for (i, r) in records.iter().enumerate() {
        let comma = if i + 1 < records.len() { "," } else { "" };
        out.push_str(&format!(
            "  {{\"case\": \"{}\", \"library\": \"{}\", \"provider\": \"{}\", \"side\": \"{}\", \"unit\": \"{}\", \"median\": {}, \"min\": {}, \"max\": {}}}{comma}\n",
            r.case,
            r.who.library,
            r.who.provider,
            r.side,
            r.unit,
            number(r.summary.median),
            number(r.summary.min),
            number(r.summary.max)
        ));
    }
    out.push(']');
    out.push('\n');
    out
}

/// The contenders a record may name, by (library, provider).
pub const CONTENDERS: [Who; 3] = [
    Who {
        label: "stratls+ring",
        library: "stratls",
        provider: "ring",
    },
    Who {
        label: "rustls+ring",
        library: "rustls",
        provider: "ring",
    },
    Who {
        label: "stratls+rustcrypto",
        library: "stratls",
        provider: "rustcrypto",
    },
];

/// The records of a file [`json`] wrote (one object a line, fields in its order), to draw them
/// with a run's own (`stratls-bench --svg FILE --memory-json FILE`). Anything else is refused.
pub fn parse(text: &str) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line == "[" || line == "]" || line.is_empty() {
            continue;
        }
        let bad = || format!("line {}: not a record of this schema", n + 1);
        let body = line
            .trim_end_matches(',')
            .strip_prefix('{')
            .and_then(|l| l.strip_suffix('}'))
            .ok_or_else(bad)?;
        let mut fields = body.split(", ");
        let mut field = |name: &str| -> Result<&str, String> {
            let (key, value) = fields
                .next()
                .and_then(|f| f.split_once(": "))
                .ok_or_else(bad)?;
            if key != format!("\"{name}\"") {
                return Err(bad());
            }
            Ok(value.trim_matches('"'))
        };
        let case = field("case")?.to_string();
        let (library, provider) = (field("library")?, field("provider")?);
        let who = *CONTENDERS
            .iter()
            .find(|w| w.library == library && w.provider == provider)
            .ok_or_else(bad)?;
        let side = match field("side")? {
            "client" => "client",
            "server" => "server",
            "both" => "both",
            _ => return Err(bad()),
        };
        let unit = match field("unit")? {
            "hs/s" => "hs/s",
            "MB/s" => "MB/s",
            "bytes" => "bytes",
            _ => return Err(bad()),
        };
        let mut value =
            |name: &str| -> Result<f64, String> { field(name)?.parse::<f64>().map_err(|_| bad()) };
        let (median, min, max) = (value("median")?, value("min")?, value("max")?);
        records.push(Record {
            case,
            who,
            side,
            unit,
            summary: Summary {
                median,
                min,
                max,
                spread: 0.0,
            },
        });
    }
    Ok(records)
}

/// A JSON number (finite; a NaN or infinity, which JSON lacks, becomes 0).
fn number(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.3}")
    } else {
        "0".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON schema other tools read: field names, order and value kinds.
    #[test]
    fn json_schema_is_stable() {
        let who = Who {
            label: "rustls+ring",
            library: "rustls",
            provider: "ring",
        };
        let summary = Summary::of(&[1.0, 2.0, 4.0]).expect("summary");
        let record = Record {
            case: "bulk-tls13-aes128gcm".into(),
            who,
            side: "both",
            unit: "MB/s",
            summary,
        };
        let server = Record {
            side: "server",
            ..record.clone()
        };
        assert_eq!(
            json(&[record.clone(), server.clone()]),
            "[\n  {\"case\": \"bulk-tls13-aes128gcm\", \"library\": \"rustls\", \"provider\": \"ring\", \"side\": \"both\", \"unit\": \"MB/s\", \"median\": 2.000, \"min\": 1.000, \"max\": 4.000},\n  {\"case\": \"bulk-tls13-aes128gcm\", \"library\": \"rustls\", \"provider\": \"ring\", \"side\": \"server\", \"unit\": \"MB/s\", \"median\": 2.000, \"min\": 1.000, \"max\": 4.000}\n]\n"
        );
        assert_eq!(json(&[]), "[\n]\n");
        let written = json(&[record.clone(), server.clone()]);
        let read = parse(&written).expect("parses");
        assert_eq!(json(&read), written, "what json writes, parse reads back");
        assert!(parse(&written.replace("\"side\": \"server\"", "\"side\": \"x\"")).is_err());
        assert!(parse(&written.replace("rustls", "openssl")).is_err());
        assert!(parse("  {\"case\": \"a\"}").is_err());
        assert_eq!(number(f64::NAN), "0");
    }
}
