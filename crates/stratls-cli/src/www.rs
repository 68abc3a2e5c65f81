//! `stratls server --www`: answers an HTTP GET with a small page describing the connection, as
//! `openssl s_server -www` does.

use std::io::{self, Read, Write};

use stratls::{Negotiated, Stream};

use crate::certinfo::CertSummary;
use crate::describe::text;
use crate::error::CliError;
use crate::names::{group_name, suite_name};

/// The longest request head read before the server answers anyway.
const MAX_REQUEST: usize = 16 * 1024;

/// Reads the request head: until the blank line that ends it, the client's close_notify, or
/// 16 KiB (`MAX_REQUEST`). Returns its first line.
pub fn read_request<S: Read + Write>(tls: &mut Stream<S>) -> Result<String, CliError> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while head.len() < MAX_REQUEST && !ends_head(&head) {
        match tls.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(CliError::from_stream("reading the request", e)),
        }
    }
    let head = String::from_utf8_lossy(&head);
    Ok(head.lines().next().unwrap_or("").to_string())
}

/// Answers the request whose first line is `request_line`. Returns what happened, in words.
///
/// A client's close_notify ends the exchange: the caller answers it with its own and closes
/// (RFC 8446 §6.1, RFC 5246 §7.2.1). A GET that came before it is still answered, as clients
/// that close once they have sent (`gnutls-cli` at the end of its input) expect; anything else
/// gets no answer then, not even a refusal, so a client that closes without a request receives
/// close_notify alone.
pub fn respond<S: Read + Write>(
    tls: &mut Stream<S>,
    request_line: &str,
) -> Result<String, CliError> {
    let closed = tls.connection().status() == stratls::Status::PeerClosed;
    if closed && !request_line.starts_with("GET ") {
        return Ok(if request_line.is_empty() {
            "the client closed the connection without a request".to_string()
        } else {
            format!(
                "{:?}, then the client closed the connection: not answered",
                text(request_line.as_bytes())
            )
        });
    }
    let (status, body) = if request_line.starts_with("GET ") {
        (
            "200 OK",
            page(&tls.connection().negotiated().cloned().unwrap_or_default()),
        )
    } else {
        (
            "400 Bad Request",
            "<html><body><p>stratls answers GET only.</p></body></html>\n".to_string(),
        )
    };
    let response = format!(
        "HTTP/1.0 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tls.write_all(response.as_bytes())
        .map_err(|e| CliError::from_stream("sending the page", e))?;
    Ok(format!("{:?} -> {status}", text(request_line.as_bytes())))
}

fn ends_head(head: &[u8]) -> bool {
    head.windows(4).any(|w| w == b"\r\n\r\n") || head.windows(2).any(|w| w == b"\n\n")
}

/// The page: the connection's parameters as an HTML table.
pub fn page(n: &Negotiated) -> String {
    let mut rows: Vec<(&str, String)> = Vec::new();
    let none = || "none".to_string();
    rows.push((
        "Protocol",
        n.version.map_or_else(none, |v| format!("{v:?}")),
    ));
    rows.push(("Cipher suite", n.cipher_suite.map_or_else(none, suite_name)));
    rows.push(("Key exchange group", n.group.map_or_else(none, group_name)));
    if n.version == Some(stratls::codec::ProtocolVersion::TLSv1_2) {
        let ems = if n.extended_master_secret {
            "yes"
        } else {
            "no"
        };
        rows.push(("Extended master secret", ems.to_string()));
    }
    rows.push((
        "Server signature",
        n.own_signature_scheme
            .map_or_else(none, |s| format!("{s:?}")),
    ));
    rows.push(("ALPN", n.alpn.as_deref().map_or_else(none, text)));
    rows.push(("SNI", n.server_name.clone().unwrap_or_else(none)));
    let client_cert = match n.peer_certificates.first() {
        Some(der) => {
            let s = CertSummary::of(der);
            format!(
                "{} (issued by {})",
                s.subject_or_unknown(),
                s.issuer_or_unknown()
            )
        }
        None if n.client_auth_requested => "asked for, none sent".to_string(),
        None => "not asked for".to_string(),
    };
    rows.push(("Client certificate", client_cert));
    let mut html = String::from(
        "<!DOCTYPE html>\n<html><head><title>stratls</title></head><body>\n\
         <h1>stratls server</h1>\n<table>\n",
    );
    for (k, v) in rows {
        html.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>\n", k, escape(&v)));
    }
    html.push_str("</table>\n</body></html>\n");
    html
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
