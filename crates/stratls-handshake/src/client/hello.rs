//! The ClientHello a client sends (and sends again after a HelloRetryRequest).

use stratls_codec::extensions::{ClientExtension, ServerNameEntry as SniName};
use stratls_codec::handshake::ClientHello;
use stratls_codec::{CipherSuite, ECPointFormat, ProtocolVersion, ServerNameType};
use stratls_pki::ServerName;

use super::Client;
use super::shares::KeyShares;

/// The most extensions [`Client::hello`] adds: server_name, supported_groups,
/// signature_algorithms, supported_versions, key_share, psk_key_exchange_modes,
/// ec_point_formats, extended_master_secret, session_ticket, ALPN, cookie, early_data and
/// pre_shared_key.
const MAX_EXTENSIONS: usize = 13;

impl Client {
    /// The ClientHello: TLS 1.3 (supported_versions, key_share, psk_key_exchange_modes) and
    /// TLS 1.2 (its suites, ec_point_formats, extended_master_secret, the renegotiation SCSV)
    /// parts as the config enables them.
    pub(super) fn hello(&self, kx: Option<&KeyShares>, cookie: Option<Vec<u8>>) -> ClientHello {
        let config = &self.config;
        // Room for every extension this function may add, so that the list is allocated once.
        let mut ext = Vec::with_capacity(MAX_EXTENSIONS);
        if let (ServerName::DnsName(name), true) = (&self.server_name, config.enable_sni) {
            ext.push(ClientExtension::ServerName(vec![SniName {
                typ: ServerNameType::HostName,
                name: name.as_ref().as_bytes().to_vec(),
            }]));
        }
        ext.push(ClientExtension::SupportedGroups(self.groups().collect()));
        ext.push(ClientExtension::SignatureAlgorithms(
            self.signature_schemes(),
        ));
        let tls12 = self.config.offers_tls12();
        if self.tls13_offered() {
            let versions = if tls12 {
                vec![ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_2]
            } else {
                vec![ProtocolVersion::TLSv1_3]
            };
            ext.push(ClientExtension::SupportedVersions(versions));
            if let Some(kx) = kx {
                ext.push(ClientExtension::KeyShare(kx.entries()));
            }
            if !config.psk_key_exchange_modes.is_empty() {
                ext.push(ClientExtension::PskKeyExchangeModes(
                    config.psk_key_exchange_modes.clone(),
                ));
            }
        }
        if tls12 {
            // RFC 8422 §5.1.2: only uncompressed points.
            ext.push(ClientExtension::ECPointFormats(vec![
                ECPointFormat::Uncompressed,
            ]));
            // Always: a client MUST send it (RFC 7627 §5.2).
            ext.push(ClientExtension::ExtendedMasterSecret);
            if let Some(t) = &self.ticket_ext {
                ext.push(ClientExtension::SessionTicket(t.clone()));
            }
        }
        if !config.shared.alpn.is_empty() {
            ext.push(ClientExtension::Alpn(config.shared.alpn.clone()));
        }
        if let Some(c) = cookie {
            ext.push(ClientExtension::Cookie(c));
        }
        // 0-RTT in the first hello only (RFC 8446 §4.1.2).
        if self.early.is_some() && kx.is_some() {
            ext.push(ClientExtension::EarlyData);
        }
        // Last, as RFC 8446 §4.2.11 requires; its binder is filled in by the sender.
        if let (Some(psk), Some(_)) = (&self.psk, kx) {
            ext.push(psk.extension());
        }
        let count = self.suites().count() + self.suites12().count() + usize::from(tls12);
        let mut cipher_suites: Vec<CipherSuite> = Vec::with_capacity(count);
        cipher_suites.extend(self.suites().map(|s| s.id));
        cipher_suites.extend(self.suites12().map(|s| s.id));
        if tls12 {
            // Secure renegotiation signalled by the SCSV (RFC 5746 §3.4).
            cipher_suites.push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        }
        ClientHello {
            legacy_version: ProtocolVersion::TLSv1_2,
            random: self.random,
            legacy_session_id: self.session_id.clone(),
            cipher_suites,
            legacy_compression_methods: vec![0],
            extensions: ext,
        }
    }
}
