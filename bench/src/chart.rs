//! The chart of a run: one SVG, written by hand (no font files, no drawing crate), one group of
//! bars per case, one bar per contender and side (the client's and the server's time; the
//! wall-clock "both" rows are left to the table), its length the median relative to the
//! case's largest.

use std::fmt::Write as _;

use crate::record::Record;

/// Bar colours per (library, provider).
fn colour(library: &str, provider: &str) -> &'static str {
    match (library, provider) {
        ("stratls", "ring") => "#1f77b4",
        ("rustls", _) => "#d62728",
        _ => "#2ca02c",
    }
}

/// Escapes text for SVG.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The SVG of `records` (in report order: each case's contenders together), with `title`.
pub fn svg(records: &[Record], title: &str) -> String {
    const LEFT: f64 = 190.0;
    const WIDTH: f64 = 420.0;
    const BAR: f64 = 14.0;
    const GAP: f64 = 22.0;
    let mut cases: Vec<&str> = Vec::new();
    let records: Vec<&Record> = records.iter().filter(|r| r.side != "both").collect();
    for r in &records {
        if !cases.contains(&r.case.as_str()) {
            cases.push(&r.case);
        }
    }
    let mut body = String::new();
    let mut y = 40.0;
    for case in &cases {
        let rows: Vec<&Record> = records
            .iter()
            .copied()
            .filter(|r| r.case == *case)
            .collect();
        let top = rows.iter().map(|r| r.summary.median).fold(0.0, f64::max);
        let unit = match rows.first().map_or("", |r| r.unit) {
            "bytes" => "bytes; shorter holds less",
            unit => unit,
        };
        let _ = writeln!(
            body,
            r#"<text x="8" y="{:.0}" font-size="12" font-weight="bold">{} ({unit})</text>"#,
            y + 11.0,
            escape(case)
        );
        y += 16.0;
        for r in rows {
            let len = if top > 0.0 {
                WIDTH * r.summary.median / top
            } else {
                0.0
            };
            let _ = writeln!(
                body,
                r#"<text x="16" y="{:.0}" font-size="11">{}</text><rect x="{LEFT}" y="{y:.0}" width="{len:.1}" height="{BAR}" fill="{}"/><text x="{:.1}" y="{:.0}" font-size="11">{:.0}</text>"#,
                y + 11.0,
                escape(&format!("{} {}", r.who.label, r.side)),
                colour(r.who.library, r.who.provider),
                LEFT + len + 4.0,
                y + 11.0,
                r.summary.median
            );
            y += BAR + 3.0;
        }
        y += GAP - BAR;
    }
    let height = y + 10.0;
    let total = LEFT + WIDTH + 70.0;
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{total:.0}" height="{height:.0}" viewBox="0 0 {total:.0} {height:.0}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="8" y="20" font-size="14" font-weight="bold">{}</text>
{body}</svg>
"#,
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Who;
    use crate::stats::Summary;

    #[test]
    fn one_bar_per_record_scaled_to_the_case() {
        let who = |label, library, provider| Who {
            label,
            library,
            provider,
        };
        let record = |w, median: f64| Record {
            case: "bulk-tls13-aes128gcm".into(),
            who: w,
            side: "client",
            unit: "MB/s",
            summary: Summary::of(&[median]).expect("summary"),
        };
        let records = [
            record(who("stratls+ring", "stratls", "ring"), 200.0),
            record(who("rustls+ring", "rustls", "ring"), 100.0),
            Record {
                side: "both",
                ..record(who("rustls+ring", "rustls", "ring"), 50.0)
            },
        ];
        let svg = svg(&records, "a <run>");
        assert_eq!(svg.matches("<rect x=").count(), 2, "no bar for \"both\"");
        assert!(svg.contains("stratls+ring client"));
        assert!(
            svg.contains(r#"width="420.0""#),
            "the largest bar is full width"
        );
        assert!(
            svg.contains(r#"width="210.0""#),
            "half the rate, half the bar"
        );
        assert!(svg.contains("a &lt;run&gt;"));
        assert!(svg.contains("#d62728"), "rustls's colour");
        let memory = Record {
            case: "handshake-tls13-ecdsa/retained".into(),
            unit: "bytes",
            ..record(who("rustls+ring", "rustls", "ring"), 6000.0)
        };
        assert!(super::svg(&[memory], "m").contains("(bytes; shorter holds less)"));
    }
}
