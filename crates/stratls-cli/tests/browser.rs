//! The demo's illustrated page in a real browser: headless Chromium loads it, runs its
//! script, and the DOM it ends with has every record and every step, the field of the byte
//! the address points at, and nothing that fetches; a screenshot is saved. Skipped, with a
//! note, where Chromium is not installed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::{ChildGuard, have, run, stratls};
use crate::illustrate::{check_page, record_count, scratch};

/// The bound on one browser run: a cold start on a busy machine takes a few seconds.
const BROWSER_DEADLINE: Duration = Duration::from_secs(60);

/// Runs headless Chromium with `args` and a fresh profile, at most [`BROWSER_DEADLINE`];
/// returns its standard output.
fn chromium(profile: &Path, args: &[String]) -> String {
    let out = profile.with_extension("out");
    let child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut guard = ChildGuard(child);
    let start = Instant::now();
    loop {
        if let Some(status) = guard.0.try_wait().expect("wait") {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        assert!(
            start.elapsed() < BROWSER_DEADLINE,
            "chromium did not finish within {BROWSER_DEADLINE:?}"
        );
        thread::sleep(Duration::from_millis(50));
    }
    std::fs::read_to_string(out).expect("chromium output")
}

#[test]
fn demo_page_in_headless_chromium() {
    if !have("chromium") {
        eprintln!("note: chromium is not installed; the browser test is skipped");
        return;
    }
    let dir = scratch("browser");
    let page = dir.join("demo.html");
    let r = run(stratls().arg("demo").arg("--illustrate").arg(&page), b"");
    assert!(r.status.success(), "{}", r.stderr);
    let url = format!("file://{}", page.display());

    // The DOM after the script ran, with the address pointing at the first byte's field.
    let dom = chromium(
        &dir.join("profile-dom"),
        &["--dump-dom".into(), format!("{url}#b0")],
    );
    check_page(&dom.replacen("<html", "<!DOCTYPE html><html", 1));
    assert_eq!(record_count(&dom), 13, "every record is in the DOM");
    for id in ["summary", "records", "step1", "step5", "step7"] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "{id}");
    }
    // The script showed the field of byte 0 of record 1 in the status line, and marked it.
    assert!(
        dom.contains("<div id=\"info\" role=\"status\">record type: handshake (22)</div>"),
        "the field of the first byte: {}",
        dom.split("id=\"info\"")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect::<String>()
    );
    assert!(dom.contains("class=\"b k-rec on\""), "the byte is marked");
    for fetching in [
        "<img",
        "<script src",
        "<link",
        "<iframe",
        "<object",
        "<embed",
    ] {
        assert!(!dom.contains(fetching), "{fetching}");
    }

    // What a person sees.
    let shot = dir.join("demo.png");
    chromium(
        &dir.join("profile-shot"),
        &[
            "--window-size=1280,1800".into(),
            format!("--screenshot={}", shot.display()),
            url,
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a page with content, {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
}
