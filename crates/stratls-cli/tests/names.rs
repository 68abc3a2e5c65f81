//! Suite, group and ALPN names, and the command line that carries them.

use std::ffi::OsString;

use stratls::{CipherSuite, NamedGroup};
use stratls_cli::CliError;
use stratls_cli::args::{self, Command, VerifyClient, VersionChoice};
use stratls_cli::names::{GROUPS, SUITES, parse_alpn, parse_groups, parse_suites};

#[test]
fn every_suite_by_its_iana_and_openssl_names() {
    let cases: [(&str, u16); 19] = [
        ("TLS_AES_128_GCM_SHA256", 0x1301),
        ("TLS_AES_256_GCM_SHA384", 0x1302),
        ("TLS_CHACHA20_POLY1305_SHA256", 0x1303),
        ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02b),
        ("ECDHE-ECDSA-AES128-GCM-SHA256", 0xc02b),
        ("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xc02c),
        ("ECDHE-ECDSA-AES256-GCM-SHA384", 0xc02c),
        ("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca9),
        ("ECDHE-ECDSA-CHACHA20-POLY1305", 0xcca9),
        ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc02f),
        ("ECDHE-RSA-AES128-GCM-SHA256", 0xc02f),
        ("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xc030),
        ("ECDHE-RSA-AES256-GCM-SHA384", 0xc030),
        ("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca8),
        ("ECDHE-RSA-CHACHA20-POLY1305", 0xcca8),
        ("TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009c),
        ("AES128-GCM-SHA256", 0x009c),
        ("TLS_RSA_WITH_AES_256_GCM_SHA384", 0x009d),
        ("AES256-GCM-SHA384", 0x009d),
    ];
    for (name, id) in cases {
        let id = CipherSuite::from_u16(id);
        assert_eq!(parse_suites(name).expect(name), vec![id], "{name}");
        assert_eq!(
            parse_suites(&name.to_ascii_lowercase()).expect(name),
            vec![id],
            "{name} in lower case"
        );
    }
    // Every entry of the table is covered above.
    assert_eq!(SUITES.len(), 11);
}

#[test]
fn the_tables_name_every_suite_and_group_of_the_default_provider() {
    let provider = stratls::default_provider();
    let offered: Vec<CipherSuite> = provider
        .tls13_cipher_suites
        .iter()
        .map(|s| s.id)
        .chain(provider.tls12_cipher_suites.iter().map(|s| s.id))
        .collect();
    let named: Vec<CipherSuite> = SUITES.iter().map(|s| s.suite).collect();
    // The table also names the RSA key-exchange suites, which the provider leaves out of its
    // default list.
    assert_eq!(named[..offered.len()], offered);
    for s in &SUITES[offered.len()..] {
        let rsa = stratls::rustcrypto::PROVIDER
            .tls12_cipher_suites
            .iter()
            .all(|o| o.id != s.suite)
            && s.iana().starts_with("TLS_RSA_WITH_");
        assert!(rsa, "{:?} is not a suite of the default provider", s.suite);
    }
    for s in SUITES {
        assert!(!s.iana().is_empty(), "{:?} has no registry name", s.suite);
    }
    let groups: Vec<NamedGroup> = provider.kx_groups.iter().map(|g| g.group()).collect();
    let named: Vec<NamedGroup> = GROUPS.iter().map(|g| g.group).collect();
    assert_eq!(named, groups);
}

#[test]
fn every_group_spelling() {
    for (name, id) in [
        ("X25519", 0x001d),
        ("x25519", 0x001d),
        ("P-256", 0x0017),
        ("p-256", 0x0017),
        ("secp256r1", 0x0017),
        ("prime256v1", 0x0017),
        ("secp384r1", 0x0018),
        ("P-384", 0x0018),
        ("p-384", 0x0018),
        ("X25519MLKEM768", 0x11ec),
        ("x25519mlkem768", 0x11ec),
    ] {
        let id = NamedGroup::from_u16(id);
        assert_eq!(parse_groups(name).expect(name), vec![id], "{name}");
    }
    let provider = stratls::default_provider();
    for g in GROUPS {
        assert!(provider.kx_group(g.group).is_some(), "{:?}", g.iana());
    }
}

#[test]
fn lists_split_on_colons_and_commas_keep_order_and_drop_repeats() {
    assert_eq!(
        parse_suites(
            "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256"
        )
        .expect("list"),
        vec![
            CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        ]
    );
    assert_eq!(
        parse_suites("AES128-GCM-SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256").expect("same suite"),
        vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256]
    );
    assert_eq!(
        parse_groups("P-256:X25519,prime256v1").expect("list"),
        vec![NamedGroup::Secp256r1, NamedGroup::X25519]
    );
    assert_eq!(
        parse_groups("X25519MLKEM768:secp384r1:P-384:x25519").expect("list"),
        vec![
            NamedGroup::X25519MLKEM768,
            NamedGroup::Secp384r1,
            NamedGroup::X25519
        ]
    );
}

#[test]
fn unknown_names_list_the_known_ones() {
    let e = parse_suites("TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256").expect_err("unknown");
    let CliError::UnknownName { kind, name, known } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(
        (*kind, name.as_str()),
        ("cipher suite", "TLS_AES_128_CCM_SHA256")
    );
    assert!(known.contains(&"TLS_AES_128_GCM_SHA256"));
    assert!(known.contains(&"ECDHE-RSA-AES128-GCM-SHA256"));
    let line = e.to_string();
    assert!(
        line.contains("unknown cipher suite \"TLS_AES_128_CCM_SHA256\""),
        "{line}"
    );
    assert!(
        line.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        "{line}"
    );
    assert_eq!(e.exit_code(), 2);

    let e = parse_groups("x448").expect_err("unknown");
    let line = e.to_string();
    assert!(line.contains("unknown group \"x448\""), "{line}");
    for n in ["x25519", "secp256r1", "P-256", "prime256v1"] {
        assert!(line.contains(n), "{line}");
    }
}

#[test]
fn empty_lists_are_errors() {
    assert!(matches!(parse_suites(""), Err(CliError::Usage(_))));
    assert!(matches!(parse_groups(" : , "), Err(CliError::Usage(_))));
    assert!(matches!(parse_alpn(","), Err(CliError::Usage(_))));
}

#[test]
fn alpn_lists() {
    assert_eq!(
        parse_alpn("h2,http/1.1:h2").expect("alpn"),
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    );
    assert!(parse_alpn(&"x".repeat(256)).is_err());
}

fn parse(args: &[&str]) -> Result<Command, CliError> {
    args::parse(args.iter().map(OsString::from))
}

#[test]
fn client_command_line() {
    let Command::Client(c) = parse(&[
        "client",
        "example.test:443",
        "--servername",
        "www.example.test",
        "--ciphersuites",
        "TLS_AES_256_GCM_SHA384",
        "--groups=P-256",
        "--alpn",
        "h2",
        "--tls1_3",
        "--trace",
    ])
    .expect("parse") else {
        panic!("not a client");
    };
    assert_eq!(c.address, "example.test:443");
    assert_eq!(c.servername.as_deref(), Some("www.example.test"));
    assert_eq!(c.common.suites, vec![CipherSuite::TLS13_AES_256_GCM_SHA384]);
    assert_eq!(c.common.groups, vec![NamedGroup::Secp256r1]);
    assert_eq!(c.common.alpn, vec![b"h2".to_vec()]);
    assert_eq!(c.common.version, Some(VersionChoice::Tls13Only));
    assert!(c.common.trace);
    assert!(c.cafile.is_none());

    assert!(matches!(parse(&["client"]), Err(CliError::Usage(_))));
    assert!(matches!(
        parse(&["client", "h:1", "--cert", "c.pem"]),
        Err(CliError::Usage(_))
    ));
    assert!(matches!(
        parse(&["client", "h:1", "--bogus"]),
        Err(CliError::Usage(_))
    ));
}

#[test]
fn require_ems_on_both_commands() {
    let Command::Client(c) = parse(&["client", "h:1", "--require-ems"]).expect("parse") else {
        panic!("not a client");
    };
    assert!(c.common.require_ems);
    let Command::Server(s) = parse(&[
        "server",
        "--cert",
        "c.pem",
        "--key",
        "k.pem",
        "--require-ems",
    ])
    .expect("parse") else {
        panic!("not a server");
    };
    assert!(s.common.require_ems);
}

#[test]
fn server_command_line() {
    let Command::Server(s) = parse(&[
        "server",
        "--cert",
        "c.pem",
        "--key",
        "k.pem",
        "--www",
        "--verify-client-optional",
        "ca.pem",
        "--tls1_2",
    ])
    .expect("parse") else {
        panic!("not a server");
    };
    assert_eq!(s.accept, args::DEFAULT_ACCEPT);
    assert!(s.www);
    assert_eq!(
        s.verify_client,
        Some(VerifyClient::Optional("ca.pem".into()))
    );
    assert_eq!(s.common.version, Some(VersionChoice::Tls12Only));
    assert!(!s.common.require_ems, "accepted by default");
    assert!(matches!(
        parse(&["server", "--cert", "c.pem"]),
        Err(CliError::Usage(_))
    ));
}

#[test]
fn demo_and_help_command_lines() {
    assert_eq!(
        parse(&["demo", "--bytes"]).expect("demo"),
        Command::Demo(args::DemoArgs {
            bytes: true,
            ..args::DemoArgs::default()
        })
    );
    assert!(matches!(
        parse(&["demo", "--tls1_2", "--rsa-kx"]),
        Ok(Command::Demo(_))
    ));
    assert!(matches!(
        parse(&["demo", "--rsa-kx"]),
        Err(CliError::Usage(_))
    ));
    assert_eq!(
        parse(&["--help"]).expect("help"),
        Command::Help(args::USAGE)
    );
    assert_eq!(
        parse(&["server", "-h"]).expect("help"),
        Command::Help(args::SERVER_USAGE)
    );
    assert!(matches!(parse(&[]), Err(CliError::Usage(_))));
}

#[test]
fn illustrate_options() {
    let Ok(Command::Demo(d)) = parse(&["demo", "--illustrate", "out.html", "--keylogfile", "k"])
    else {
        panic!("demo");
    };
    assert_eq!(d.illustrate, Some("out.html".into()));
    assert_eq!(d.keylogfile, Some("k".into()));
    let Ok(Command::Client(c)) = parse(&["client", "h:1", "--illustrate", "c.html"]) else {
        panic!("client");
    };
    assert_eq!(c.illustrate, Some("c.html".into()));
    let Ok(Command::Server(s)) =
        parse(&["server", "--cert", "c", "--key", "k", "--illustrate", "d"])
    else {
        panic!("server");
    };
    assert_eq!(
        s.illustrate,
        Some(args::IllustrateDir {
            dir: "d".into(),
            max_pages: args::DEFAULT_ILLUSTRATE_PAGES,
            max_bytes: args::DEFAULT_ILLUSTRATE_BYTES,
        })
    );
    let Ok(Command::Server(s)) = parse(&[
        "server",
        "--cert",
        "c",
        "--key",
        "k",
        "--illustrate",
        "d",
        "--illustrate-max-pages",
        "3",
        "--illustrate-max-bytes",
        "1000",
    ]) else {
        panic!("server with caps");
    };
    let i = s.illustrate.expect("illustrate");
    assert_eq!((i.max_pages, i.max_bytes), (3, 1000));
    assert!(matches!(
        parse(&[
            "server",
            "--cert",
            "c",
            "--key",
            "k",
            "--illustrate-max-pages",
            "many"
        ]),
        Err(CliError::Usage(_))
    ));
}
