//! The key calculations with this connection's values, each secret as the library reported
//! it while deriving it, beside the call that made it.

use std::fmt::Write as _;

use stratls::crypto::Secret;
use stratls::{KeyPhase, SecretKind, Side};

use super::html::{esc, spaced_hex};

/// One reported secret.
#[derive(Debug, Clone, Copy)]
pub struct Reported<'a> {
    /// Which.
    pub kind: SecretKind,
    /// Its value.
    pub value: &'a Secret,
    /// The transcript hash it was derived over.
    pub transcript_hash: Option<&'a [u8]>,
}

/// What the key calculations refer to besides the secrets.
#[derive(Debug, Default)]
pub struct Inputs {
    /// ClientHello.random.
    pub client_random: Option<[u8; 32]>,
    /// ServerHello.random.
    pub server_random: Option<[u8; 32]>,
    /// Whether the TLS 1.2 key exchange was RSA key transport.
    pub rsa: bool,
    /// The binders of the ClientHello's pre_shared_key, as sent.
    pub binders: Vec<Vec<u8>>,
    /// The PSK identity the ServerHello selected: the handshake is then a resumption.
    pub selected_psk: Option<u16>,
}

/// The name a secret has on the page (`data-secret`): the NSS key-log label where it has one,
/// so that a test can compare the page with the key log.
pub fn page_name(kind: SecretKind) -> String {
    use SecretKind as K;
    match kind {
        K::SharedSecret => "SHARED_SECRET".into(),
        K::EarlySecret => "EARLY_SECRET".into(),
        K::HandshakeSecret => "HANDSHAKE_SECRET".into(),
        K::MasterSecret => "MASTER_SECRET".into(),
        K::TrafficSecret { writer, phase } => match (writer, phase) {
            (_, KeyPhase::Early) => "CLIENT_EARLY_TRAFFIC_SECRET".into(),
            (Side::Client, KeyPhase::Handshake) => "CLIENT_HANDSHAKE_TRAFFIC_SECRET".into(),
            (Side::Server, KeyPhase::Handshake) => "SERVER_HANDSHAKE_TRAFFIC_SECRET".into(),
            (Side::Client, _) => "CLIENT_TRAFFIC_SECRET_0".into(),
            (Side::Server, _) => "SERVER_TRAFFIC_SECRET_0".into(),
        },
        K::WriteKey { writer, phase } => {
            format!("{}_{}_WRITE_KEY", side(writer), phase_name(phase))
        }
        K::WriteIv { writer, phase } => format!("{}_{}_WRITE_IV", side(writer), phase_name(phase)),
        K::ExporterMasterSecret => "EXPORTER_SECRET".into(),
        K::PremasterSecret => "PREMASTER_SECRET".into(),
        // The key log's line for the TLS 1.2 master secret.
        K::Tls12MasterSecret { .. } => "CLIENT_RANDOM".into(),
        _ => "OTHER_SECRET".into(),
    }
}

fn side(s: Side) -> &'static str {
    match s {
        Side::Client => "CLIENT",
        Side::Server => "SERVER",
    }
}

fn phase_name(p: KeyPhase) -> &'static str {
    match p {
        KeyPhase::Early => "EARLY",
        KeyPhase::Handshake => "HANDSHAKE",
        KeyPhase::Application => "APPLICATION",
        KeyPhase::Updated => "UPDATED",
    }
}

fn lower(s: Side) -> &'static str {
    match s {
        Side::Client => "client",
        Side::Server => "server",
    }
}

/// The table of calculations, in the order of RFC 8446 §7.1 (TLS 1.3) or RFC 5246 §8.1 and
/// §6.3 (TLS 1.2).
pub fn render(out: &mut String, secrets: &[Reported<'_>], inputs: &Inputs, tls13: bool) {
    if secrets.is_empty() {
        out.push_str("<p>No secret was derived before the connection ended.</p>\n");
        return;
    }
    out.push_str("<table class=\"keys\">\n");
    for s in secrets {
        let (name, calc) = if tls13 {
            tls13_row(s, secrets, inputs.selected_psk.is_some())
        } else {
            tls12_row(s, inputs)
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"name\">{}</td><td><div class=\"calc\">{calc}</div>\
             = <code class=\"v\" data-secret=\"{}\">{}</code></td></tr>",
            esc(&name),
            page_name(s.kind),
            spaced_hex(s.value.as_bytes())
        );
    }
    out.push_str("</table>\n");
    if tls13 && inputs.selected_psk.is_some() {
        binders(out, inputs);
    }
}

/// The PSK's binder: the library does not report the binder key, so the page shows how it is
/// made and the binder as the ClientHello carried it.
fn binders(out: &mut String, inputs: &Inputs) {
    out.push_str(
        "<p>The binder key is <code>Derive-Secret(early secret, \"res binder\", \"\")</code> \
         and the binder <code>HMAC(HKDF-Expand-Label(binder key, \"finished\", \"\", Hash.length), \
         Transcript-Hash(ClientHello up to its binders))</code>. The library does not report the \
         binder key, so it is not shown; ",
    );
    if inputs.binders.is_empty() {
        out.push_str("nor is the binder: the ClientHello was not recorded.</p>\n");
        return;
    }
    for (i, b) in inputs.binders.iter().enumerate() {
        let _ = write!(
            out,
            "{}the binder of identity {i}, as the ClientHello carried it: <code class=\"v\" \
             data-binder=\"{i}\">{}</code>",
            if i == 0 { "" } else { "; " },
            spaced_hex(b)
        );
    }
    out.push_str(
        ". The server computed it again from the ticket's PSK and compared: equal, or it would \
         have refused the ticket.</p>\n",
    );
}

fn hash_of(s: &Reported<'_>) -> String {
    s.transcript_hash.map_or_else(
        || "?".into(),
        |h| format!("<code class=\"v\">{}</code>", spaced_hex(h)),
    )
}

fn traffic_name(writer: Side, phase: KeyPhase) -> String {
    match phase {
        KeyPhase::Handshake => format!("{} handshake traffic secret", lower(writer)),
        _ => format!("{} application traffic secret 0", lower(writer)),
    }
}

fn tls13_row(s: &Reported<'_>, all: &[Reported<'_>], psk: bool) -> (String, String) {
    use SecretKind as K;
    let len = s.value.len();
    match s.kind {
        K::SharedSecret => (
            "shared secret".into(),
            "(EC)DHE(our private key, the peer's key_share): the one value both sides compute and no eavesdropper can".into(),
        ),
        K::EarlySecret if psk => (
            "early secret".into(),
            "HKDF-Extract(salt = 00, IKM = the ticket's PSK = HKDF-Expand-Label(resumption master \
             secret of the first connection, \"resumption\", ticket_nonce, Hash.length)): not \
             zeros, so every secret below depends on the first connection"
                .into(),
        ),
        K::EarlySecret => (
            "early secret".into(),
            format!("HKDF-Extract(salt = 00, IKM = {len} zero bytes, as there is no PSK)"),
        ),
        K::HandshakeSecret => (
            "handshake secret".into(),
            "HKDF-Extract(salt = Derive-Secret(early secret, \"derived\", \"\"), IKM = shared secret)".into(),
        ),
        K::TrafficSecret { writer, phase } => {
            let (base, label, range) = match (writer, phase) {
                (Side::Client, KeyPhase::Handshake) => ("handshake secret", "c hs traffic", "ClientHello…ServerHello"),
                (Side::Server, KeyPhase::Handshake) => ("handshake secret", "s hs traffic", "ClientHello…ServerHello"),
                (Side::Client, _) => ("master secret", "c ap traffic", "ClientHello…server Finished"),
                (Side::Server, _) => ("master secret", "s ap traffic", "ClientHello…server Finished"),
            };
            (
                traffic_name(writer, phase),
                format!(
                    "Derive-Secret({base}, \"{label}\", {range}) = HKDF-Expand-Label({base}, \"{label}\", Transcript-Hash({range}) = {}, {len})",
                    hash_of(s)
                ),
            )
        }
        K::WriteKey { writer, phase } => (
            format!("{} write key", lower(writer)),
            format!("HKDF-Expand-Label({}, \"key\", \"\", {len})", traffic_name(writer, phase)),
        ),
        K::WriteIv { writer, phase } => (
            format!("{} write IV", lower(writer)),
            format!("HKDF-Expand-Label({}, \"iv\", \"\", {len})", traffic_name(writer, phase)),
        ),
        K::MasterSecret => {
            let hash_len = all
                .iter()
                .find(|r| matches!(r.kind, K::HandshakeSecret))
                .map_or(len, |r| r.value.len());
            (
                "master secret".into(),
                format!("HKDF-Extract(salt = Derive-Secret(handshake secret, \"derived\", \"\"), IKM = {hash_len} zero bytes)"),
            )
        }
        K::ExporterMasterSecret => (
            "exporter master secret".into(),
            format!(
                "Derive-Secret(master secret, \"exp master\", ClientHello…server Finished), transcript hash {}",
                hash_of(s)
            ),
        ),
        other => (format!("{other:?}"), String::new()),
    }
}

fn tls12_row(s: &Reported<'_>, inputs: &Inputs) -> (String, String) {
    use SecretKind as K;
    let random = |r: Option<[u8; 32]>| {
        r.map_or_else(
            || "?".into(),
            |r| format!("<code class=\"v\">{}</code>", spaced_hex(&r)),
        )
    };
    let (cr, sr) = (random(inputs.client_random), random(inputs.server_random));
    let len = s.value.len();
    match s.kind {
        K::PremasterSecret if inputs.rsa => (
            "premaster secret".into(),
            "48 bytes the client chose (the version 03 03, then 46 random bytes) and sent encrypted to the server's RSA key in ClientKeyExchange".into(),
        ),
        K::PremasterSecret => (
            "premaster secret".into(),
            "ECDHE(our private key, the peer's public key from ServerKeyExchange / ClientKeyExchange): the shared point's x coordinate".into(),
        ),
        K::Tls12MasterSecret { extended: true } => (
            "extended master secret".into(),
            format!(
                "PRF(premaster secret, \"extended master secret\", session_hash = Hash(ClientHello…ClientKeyExchange) = {})[0..48]",
                hash_of(s)
            ),
        ),
        K::Tls12MasterSecret { extended: false } => (
            "master secret".into(),
            format!("PRF(premaster secret, \"master secret\", client random {cr} ‖ server random {sr})[0..48]"),
        ),
        K::WriteKey { writer, .. } => (
            format!("{} write key", lower(writer)),
            format!(
                "key block = PRF(master secret, \"key expansion\", server random {sr} ‖ client random {cr}) = client write key ‖ server write key ‖ client IV ‖ server IV; this is its {} write key ({len} bytes)",
                lower(writer)
            ),
        ),
        K::WriteIv { writer, .. } => (
            format!("{} write IV", lower(writer)),
            format!("the key block's {} IV ({len} bytes: the implicit part of each record's nonce)", lower(writer)),
        ),
        other => (format!("{other:?}"), String::new()),
    }
}
