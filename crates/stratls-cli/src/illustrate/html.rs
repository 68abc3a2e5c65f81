//! The page around the story: escaping, hex with annotated spans, the style sheet and the
//! few lines of script that show a byte's field.

use std::fmt::Write as _;

use stratls::Side;

use super::Item;
use super::fields::{Kind, Span};
use super::story;

/// What one page shows.
#[derive(Debug)]
pub struct Connection<'a> {
    /// What the connection was (escaped on the page).
    pub title: &'a str,
    /// The side whose events these are.
    pub side: Side,
    /// The events, in order.
    pub items: &'a [Item],
    /// Whether events were dropped at the page's bound.
    pub truncated: bool,
    /// How the connection failed, if it did.
    pub error: Option<&'a str>,
}

/// The content security policy: nothing is fetched, only the inline style and script run.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// The whole page.
pub fn page(c: &Connection<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The illustrated connection: {}</title>\n<style>{STYLE}</style></head>\n<body>\n",
        esc(c.title)
    );
    let _ = write!(
        out,
        "<header><h1>The illustrated connection</h1><p class=\"sub\">{}</p>\
         <p class=\"warn\" id=\"warning\"><b>This page shows the secrets of this connection.</b> \
         Anyone who has it can decrypt everything the connection carried. Make such pages only \
         for connections that protect nothing, like the demo's; never for a connection that \
         matters.</p></header>\n<main>\n",
        esc(c.title)
    );
    story::render(&mut out, c);
    out.push_str("</main>\n<div id=\"info\" role=\"status\">Point at any byte to see the field it encodes.</div>\n");
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
    out
}

/// `text` with the five HTML metacharacters escaped: safe in text and in quoted attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The colour key of the byte fields.
pub fn colour_key(out: &mut String) {
    out.push_str("<p class=\"keyk\">Colours: ");
    for (kind, what) in [
        (Kind::Record, "record header"),
        (Kind::Handshake, "handshake header"),
        (Kind::Length, "length"),
        (Kind::Value, "field value"),
        (Kind::Extension, "extension type"),
        (Kind::Crypto, "random, key share, signature, MAC"),
        (Kind::Cipher, "ciphertext, nonce, tag"),
    ] {
        let _ = write!(out, "<span class=\"b {}\">{what}</span> ", kind.class());
    }
    out.push_str("· a page address ending in <code>#bN</code> shows the N-th field.</p>\n");
}

/// Lowercase hex with a space between bytes.
pub fn spaced_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// `bytes` as hex, each span of `spans` (sorted, not overlapping) wrapped with its field;
/// bytes no span covers are marked as such, so every byte says what it is.
pub fn annotated_hex(out: &mut String, bytes: &[u8], spans: &[Span]) {
    out.push_str("<div class=\"hex\">");
    let mut at = 0;
    for s in spans {
        let (start, end) = (s.start.max(at).min(bytes.len()), s.end.min(bytes.len()));
        if start > at {
            byte_span(out, &bytes[at..start], "k-unk", "bytes", "not annotated");
        }
        if end > start {
            byte_span(
                out,
                &bytes[start..end],
                s.kind.class(),
                &s.label,
                &s.meaning,
            );
        }
        at = at.max(end);
    }
    if at < bytes.len() {
        byte_span(out, &bytes[at..], "k-unk", "bytes", "not annotated");
    }
    out.push_str("</div>\n");
}

fn byte_span(out: &mut String, bytes: &[u8], class: &str, label: &str, meaning: &str) {
    let _ = write!(
        out,
        "<span class=\"b {class}\" data-l=\"{}\" data-m=\"{}\" title=\"{}: {}\">{}</span> ",
        esc(label),
        esc(meaning),
        esc(label),
        esc(meaning),
        spaced_hex(bytes)
    );
}

const STYLE: &str = r#"
:root{--bg:#fdfcf8;--fg:#1d232b;--mut:#5d6670;--line:#e3e0d6;--card:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
header{padding:18px 28px 8px;border-bottom:1px solid var(--line);background:#f3f1ea}
h1{margin:0;font-size:26px}
.sub{margin:2px 0 8px;color:var(--mut)}
.warn{margin:6px 0 8px;padding:8px 12px;border-left:5px solid #c0392b;background:#fdecea}
main{max-width:1180px;margin:0 auto;padding:8px 28px 120px}
section.step{margin:22px 0;padding:14px 18px;background:var(--card);border:1px solid var(--line);border-radius:8px}
section.step h2{margin:0 0 4px;font-size:20px}
.tag{display:inline-block;margin-left:8px;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;letter-spacing:.04em;vertical-align:middle}
.p-encryption{background:#dbeafe;color:#1e3a8a}.p-authentication{background:#dcfce7;color:#14532d}.p-integrity{background:#fef3c7;color:#78350f}
.lead{color:var(--mut);margin:2px 0 10px}
.rec{margin:12px 0;padding:8px 10px;border:1px solid var(--line);border-radius:6px;background:#fcfcfa}
.rec h3{margin:0 0 6px;font-size:15px}
.dir{font-weight:600}.sent{color:#1d4ed8}.received{color:#047857}
.hex{font:13px/1.7 ui-monospace,"DejaVu Sans Mono",monospace}
.b{border-radius:3px;padding:1px 2px;margin-right:2px;cursor:pointer}
.keyk{font-size:13px;margin:6px 0}.keyk span.b{cursor:default}
.b:hover,.b.on{outline:2px solid #111;background:#fff59d!important}
.k-rec{background:#e5e7eb}.k-hs{background:#fbcfe8}.k-len{background:#f1f5f9;color:#475569}.k-val{background:#e0f2fe}
.k-ext{background:#ede9fe}.k-ct{background:#fee2e2}.k-cr{background:#dcfce7}.k-unk{background:#fff;color:#999}
.plain{margin-top:6px;padding:6px 8px;border-left:4px solid #16a34a;background:#f0fdf4}
.plain .cap,.nonce{font-size:13px;color:var(--mut)}
.nonce code{color:var(--fg)}
details{margin-top:4px}summary{cursor:pointer;color:var(--mut);font-size:13px}
details ol{font-size:13px;margin:4px 0}
table.keys{border-collapse:collapse;width:100%;font-size:13px}
table.keys td{border-top:1px solid var(--line);padding:5px 6px;vertical-align:top}
table.keys td.name{font-weight:600;width:22%}
code.v{font:12px ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all;background:#f1f5f9;padding:1px 3px}
.calc{font:12px ui-monospace,"DejaVu Sans Mono",monospace;color:#334155}
.fail{border-color:#c0392b;background:#fff5f5}
.toc{font-size:14px}.toc a{color:inherit}
#info{position:fixed;left:0;right:0;bottom:0;padding:8px 28px;background:#1d232b;color:#f8fafc;font:13px/1.4 ui-monospace,monospace;min-height:38px;white-space:pre-wrap}
"#;

const SCRIPT: &str = r#"
(function(){var info=document.getElementById('info'),on=null;
function show(e){var t=e.target.closest('.hex .b');if(!t)return;if(on)on.classList.remove('on');on=t;t.classList.add('on');
info.textContent=t.getAttribute('data-l')+': '+t.getAttribute('data-m');}
document.addEventListener('mouseover',show);document.addEventListener('click',show);
var m=/^#b(\d+)$/.exec(location.hash),all=document.querySelectorAll('.hex .b');
if(m&&all[+m[1]]){all[+m[1]].scrollIntoView({block:'nearest'});show({target:all[+m[1]]});}})();
"#;
