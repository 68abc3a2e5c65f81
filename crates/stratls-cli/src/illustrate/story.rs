//! The seven steps of the classic story, each tagged with the promise it serves, with the
//! records that belong to it; then where the connection failed, if it did.

use std::fmt::Write as _;

use stratls::codec::extensions::{ClientExtension, KeyShareEntry, ServerExtension};
use stratls::codec::handshake::ClientKeyExchange;
use stratls::codec::{AlertDescription, ContentType, HandshakeMessage, ProtocolVersion};
use stratls::{Direction, KeyPhase, Negotiated, SecretKind};

use super::Item;
use super::html::{Connection, colour_key, esc, spaced_hex};
use super::keys::{self, Inputs, Reported};
use super::records::{self, Around, Messages, Rendered, side_name, writer};
use crate::names::{group_name, suite_name};

/// The steps: title, the promises served, and what happens (TLS 1.3, TLS 1.2).
const STEPS: [(&str, &[&str], &str, &str); 7] = [
    (
        "The client says hello",
        &["encryption"],
        "The ClientHello lists the cipher suites the client can use and carries a fresh random. \
         In TLS 1.3 it already holds a key share, so the keys can be agreed in one round trip.",
        "The ClientHello lists the cipher suites the client can use and carries a fresh random, \
         which the session keys will mix in.",
    ),
    (
        "The server answers",
        &["encryption", "authentication"],
        "The ServerHello picks a suite, adds the server's random and its key share. Everything \
         after it is encrypted under the handshake keys, the certificate included.",
        "The ServerHello picks a suite and adds the server's random; the Certificate message \
         carries the server's chain, in the clear.",
    ),
    (
        "The certificate is checked",
        &["authentication"],
        "The receiver checks the chain to a trusted root, its validity and the name; then the \
         CertificateVerify signature over the transcript proves the peer holds the private key.",
        "The receiver checks the chain to a trusted root, its validity and the name; the \
         signature on the ServerKeyExchange proves the server holds the private key.",
    ),
    (
        "The key exchange",
        &["encryption"],
        "The key_share extensions of the two hellos carry the ephemeral public keys; from them \
         each side computes the same shared secret.",
        "The server sends a signed ephemeral key (ServerKeyExchange) and the client answers \
         with its own (ClientKeyExchange); from the two each side computes the same premaster \
         secret.",
    ),
    (
        "Session keys from both randoms and the shared secret",
        &["encryption"],
        "HKDF turns the shared secret and the transcript (which holds both randoms) into a key \
         schedule: every secret below is the value this connection used, reported by the \
         library as it derived it.",
        "The PRF turns the premaster secret into the master secret, and the master secret and \
         both randoms into the key block: every value below is the one this connection used, \
         reported by the library as it derived it.",
    ),
    (
        "Switch keys and Finished each way",
        &["integrity"],
        "Each side sends Finished: a MAC with its finished key over the whole transcript, so any \
         change on the way makes it fail. (The ChangeCipherSpec, if any, is only for middleboxes.)",
        "Each side sends ChangeCipherSpec, switches to the session keys and sends Finished: a MAC \
         over the whole transcript, encrypted, so any change on the way makes it fail.",
    ),
    (
        "Protected application data",
        &["encryption", "authentication", "integrity"],
        "Application data travels encrypted under the application traffic keys, from the peer \
         the certificate named, each record sealed by its AEAD tag.",
        "Application data travels encrypted under the session keys, from the peer the \
         certificate named, each record sealed by its AEAD tag.",
    ),
];

/// Steps 3 and 4 with the RSA key transport.
const RSA_LEADS: [(usize, &str); 2] = [
    (
        2,
        "The receiver checks the chain to a trusted root, its validity and the name. Nothing \
         is signed: only the server's Finished, which it can make only if it decrypted the \
         premaster secret, proves it holds the private key.",
    ),
    (
        3,
        "The client makes a random premaster secret and encrypts it to the RSA key of the \
         server's certificate (ClientKeyExchange); only the private key opens it. Whoever gets \
         that key later can open it too: no forward secrecy.",
    ),
];

/// Steps 2 and 3 of a TLS 1.3 handshake resumed with a ticket's PSK.
const PSK_LEADS: [(usize, &str); 2] = [
    (
        1,
        "The ServerHello picks a suite, adds the server's random and its key share, and in its \
         pre_shared_key selects the ticket the client offered. No Certificate or \
         CertificateVerify follows: the ticket's PSK authenticates the server.",
    ),
    (
        2,
        "Skipped: no certificate is sent or checked and nothing is signed. The ticket is what \
         the server gave the client in a NewSessionTicket after the first connection, where the \
         certificate was checked: an identity only that server can open, and with it a PSK \
         derived from the first connection's resumption master secret. Only that client and \
         that server know the PSK: the ClientHello's binder proves the client holds it, and the \
         server's Finished, keyed by a schedule that starts from it, proves the server does.",
    ),
];

/// The step a record belongs to, from what it carries (0-based; 7 is the failure).
fn step_of(r: &Rendered) -> usize {
    let first = r.carries.first().map(String::as_str).unwrap_or_default();
    match (r.content_type, first) {
        (ContentType::Handshake, "ClientHello") => 0,
        (
            ContentType::Handshake,
            "ServerHello"
            | "HelloRetryRequest"
            | "EncryptedExtensions"
            | "Certificate"
            | "CertificateRequest",
        ) => 1,
        (ContentType::Handshake, "CertificateVerify") => 2,
        (ContentType::Handshake, "ServerKeyExchange" | "ServerHelloDone" | "ClientKeyExchange") => {
            3
        }
        (ContentType::Handshake, "Finished") | (ContentType::ChangeCipherSpec, _) => 5,
        (ContentType::Alert, _) if r.alert == Some(AlertDescription::CloseNotify) => 6,
        (ContentType::Alert, _) => 7,
        (ContentType::ApplicationData, _) => 6,
        (ContentType::Handshake, _) => 6,
        _ => 7,
    }
}

/// Writes the story.
pub fn render(out: &mut String, c: &Connection<'_>) {
    let mut messages = Messages::default();
    let mut secrets = Vec::new();
    let mut inputs = Inputs::default();
    let mut negotiated: Option<&Negotiated> = None;
    let mut shares = Vec::new();
    for item in c.items {
        match item {
            Item::Message {
                direction,
                message,
                encoded,
            } => {
                messages.push(*direction, encoded, message);
                match message {
                    HandshakeMessage::ClientHello(ch) => {
                        inputs.client_random = Some(ch.random);
                        for e in &ch.extensions {
                            match e {
                                ClientExtension::KeyShare(list) => {
                                    for k in list {
                                        shares.push(("client's key share".into(), share(k)));
                                    }
                                }
                                ClientExtension::PreSharedKey(offer) => {
                                    inputs.binders.clone_from(&offer.binders);
                                }
                                _ => {}
                            }
                        }
                    }
                    HandshakeMessage::ServerHello(sh) => {
                        inputs.server_random = Some(sh.random);
                        for e in &sh.extensions {
                            match e {
                                ServerExtension::KeyShare(k) => {
                                    shares.push(("server's key share".into(), share(k)));
                                }
                                ServerExtension::PreSharedKey(index) => {
                                    inputs.selected_psk = Some(*index);
                                }
                                _ => {}
                            }
                        }
                    }
                    HandshakeMessage::ClientKeyExchange(ClientKeyExchange::Rsa { .. }) => {
                        inputs.rsa = true;
                    }
                    _ => {}
                }
            }
            Item::Secret {
                kind,
                value,
                transcript_hash,
            } => secrets.push(Reported {
                kind: *kind,
                value,
                transcript_hash: transcript_hash.as_deref(),
            }),
            Item::Established(n) => negotiated = Some(n),
            _ => {}
        }
    }
    let tls13 = match negotiated.and_then(|n| n.version) {
        Some(v) => v == ProtocolVersion::TLSv1_3,
        None => secrets.iter().any(|s| {
            matches!(
                s.kind,
                SecretKind::SharedSecret | SecretKind::HandshakeSecret
            )
        }),
    };

    // The records, rendered in order into the step each belongs to.
    let mut steps: [String; 8] = Default::default();
    let mut toc = String::new();
    let mut keyed = [None::<KeyPhase>; 2];
    let mut current = 0;
    let mut n = 0;
    let mut failure_alert = None;
    for item in c.items {
        match item {
            Item::Keys { direction, phase } => keyed[dir_index(*direction)] = Some(*phase),
            Item::Record {
                direction,
                wire,
                opened,
            } => {
                n += 1;
                let phase = keyed[dir_index(*direction)];
                let from = writer(c.side, *direction);
                let iv = phase.and_then(|phase| {
                    secrets
                        .iter()
                        .find(|s| {
                            s.kind
                                == SecretKind::WriteIv {
                                    writer: from,
                                    phase,
                                }
                        })
                        .map(|s| s.value.as_bytes())
                });
                let around = Around {
                    side: c.side,
                    keyed: phase.is_some(),
                    tls13,
                    iv,
                };
                let r =
                    records::render(n, *direction, wire, opened.as_ref(), &around, &mut messages);
                current = step_of(&r);
                let _ = write!(
                    toc,
                    "<li><a href=\"#r{n}\">#{n}</a> {} → {}: {}{} ({} bytes)</li>",
                    side_name(from),
                    side_name(from.peer()),
                    esc(&r.carries.join(", ")),
                    if r.protected { ", encrypted" } else { "" },
                    wire.len()
                );
                steps[current].push_str(&r.html);
            }
            Item::Decision(text) => {
                let _ = writeln!(
                    steps[current],
                    "<p class=\"lead\">{} decides: {}</p>",
                    side_name(c.side),
                    esc(text)
                );
            }
            Item::Verified {
                end_entity,
                intermediates,
            } => {
                let _ = writeln!(
                    steps[2],
                    "<p><b>Verified:</b> the {}'s certificate <b>{}</b>, issued by <b>{}</b> \
                     (with {intermediates} intermediate(s)), chains to a trusted root, is \
                     valid now and names the server. SHA-256 <code class=\"v\">{}</code></p>",
                    side_name(c.side.peer()),
                    esc(end_entity.subject_or_unknown()),
                    esc(end_entity.issuer_or_unknown()),
                    esc(&end_entity.sha256)
                );
            }
            Item::Alert { direction, alert }
                if alert.description != AlertDescription::CloseNotify =>
            {
                failure_alert = Some((*direction, *alert));
            }
            _ => {}
        }
    }

    summary(out, c, negotiated, tls13, inputs.rsa);
    if let Some(index) = inputs.selected_psk.filter(|_| tls13) {
        let _ = writeln!(
            out,
            "<section class=\"step\" id=\"resumed\"><h2>A resumed connection</h2><p \
             class=\"lead\">This is the resumed connection: the client offered the ticket the \
             server sent it in the first connection (ClientHello pre_shared_key, with \
             psk_key_exchange_modes), and the server selected identity {index} of it \
             (ServerHello pre_shared_key). The keys start from that ticket's PSK{}.</p></section>",
            if secrets.iter().any(|s| s.kind == SecretKind::SharedSecret) {
                ", with a fresh (EC)DHE exchange as well"
            } else {
                ", without an (EC)DHE exchange"
            }
        );
    }
    let _ = writeln!(
        out,
        "<section class=\"step\" id=\"records\"><h2>Every record, in order</h2>\
         <p class=\"lead\">{n} records as the {} saw them. Each is annotated below in the step it \
         belongs to; point at any byte to see the field it encodes.</p><ol class=\"toc\">{toc}</ol>",
        side_name(c.side)
    );
    colour_key(out);
    out.push_str("</section>\n");
    if c.truncated {
        out.push_str(
            "<p class=\"warn\">This connection carried more than one page holds: the events \
             after the limit are not shown.</p>\n",
        );
    }
    for (i, (title, promises, t13, t12)) in STEPS.iter().enumerate() {
        let _ = write!(
            out,
            "<section class=\"step\" id=\"step{}\" data-step=\"{}\"><h2>{}. {}",
            i + 1,
            i + 1,
            i + 1,
            if i == 2 && tls13 && inputs.selected_psk.is_some() {
                "The certificate check, skipped: the ticket's PSK authenticates the server"
            } else {
                title
            }
        );
        for p in *promises {
            let _ = write!(out, "<span class=\"tag p-{p}\">{}</span>", p.to_uppercase());
        }
        let rsa_lead = RSA_LEADS.iter().find(|(step, _)| inputs.rsa && *step == i);
        let psk_lead = PSK_LEADS
            .iter()
            .find(|(step, _)| tls13 && inputs.selected_psk.is_some() && *step == i);
        let lead = match rsa_lead.or(psk_lead) {
            Some((_, text)) => text,
            None if tls13 => t13,
            None => t12,
        };
        let _ = writeln!(out, "</h2><p class=\"lead\">{lead}</p>");
        match i {
            3 => key_exchange(out, &secrets, &shares, tls13),
            4 => keys::render(out, &secrets, &inputs, tls13),
            _ => {}
        }
        out.push_str(&steps[i]);
        out.push_str("</section>\n");
    }
    if c.error.is_some() || failure_alert.is_some() || !steps[7].is_empty() {
        out.push_str("<section class=\"step fail\" id=\"failure\"><h2>Where it failed</h2>\n");
        if let Some((direction, alert)) = failure_alert {
            let _ = writeln!(
                out,
                "<p>The {} sent the alert <b>{:?}</b> ({:?}).</p>",
                match direction {
                    Direction::Sent => side_name(c.side),
                    Direction::Received => side_name(c.side.peer()),
                },
                alert.description,
                alert.level
            );
        }
        if let Some(e) = c.error {
            let _ = writeln!(out, "<p>The check that failed: <b>{}</b></p>", esc(e));
        }
        out.push_str(&steps[7]);
        out.push_str("</section>\n");
    }
}

/// A key share in words: its group and public value.
fn share(k: &KeyShareEntry) -> String {
    format!(
        "{} public key <code class=\"v\">{}</code>",
        esc(&group_name(k.group)),
        spaced_hex(&k.key_exchange)
    )
}

fn dir_index(d: Direction) -> usize {
    match d {
        Direction::Sent => 0,
        Direction::Received => 1,
    }
}

fn key_exchange(
    out: &mut String,
    secrets: &[Reported<'_>],
    shares: &[(String, String)],
    tls13: bool,
) {
    for (whose, share) in shares {
        let _ = writeln!(out, "<p>The {whose}: {share}</p>");
    }
    let want = if tls13 {
        SecretKind::SharedSecret
    } else {
        SecretKind::PremasterSecret
    };
    if let Some(s) = secrets.iter().find(|s| s.kind == want) {
        let _ = writeln!(
            out,
            "<p>The result, on both sides: the {} <code class=\"v\">{}</code> (see step 5 for \
             what is made of it).</p>",
            if tls13 {
                "shared secret"
            } else {
                "premaster secret"
            },
            spaced_hex(s.value.as_bytes())
        );
    }
}

fn summary(out: &mut String, c: &Connection<'_>, n: Option<&Negotiated>, tls13: bool, rsa: bool) {
    let variant = match (tls13, rsa) {
        (true, _) => "TLS 1.3",
        (false, true) => "TLS 1.2 with RSA key transport",
        (false, false) => "TLS 1.2 with ECDHE",
    };
    let _ = write!(
        out,
        "<section class=\"step\" id=\"summary\"><h2>{variant}, seen from the {}</h2><p>",
        side_name(c.side)
    );
    match n {
        Some(n) => {
            let mut parts = Vec::new();
            if let Some(s) = n.cipher_suite {
                parts.push(format!("cipher suite <b>{}</b>", esc(&suite_name(s))));
            }
            if let Some(g) = n.group {
                parts.push(format!("group <b>{}</b>", esc(&group_name(g))));
            }
            if let Some(s) = n.peer_signature_scheme {
                parts.push(format!("peer signature <b>{}</b>", esc(&format!("{s:?}"))));
            }
            if let Some(a) = &n.alpn {
                parts.push(format!("ALPN <b>{}</b>", esc(&String::from_utf8_lossy(a))));
            }
            if let Some(name) = &n.server_name {
                parts.push(format!("server name <b>{}</b>", esc(name)));
            }
            if !tls13 {
                parts.push(format!(
                    "extended master secret: <b>{}</b>",
                    if n.extended_master_secret {
                        "yes"
                    } else {
                        "no"
                    }
                ));
            }
            out.push_str(&parts.join(" · "));
        }
        None => out.push_str("The handshake did not complete."),
    }
    out.push_str("</p></section>\n");
}
