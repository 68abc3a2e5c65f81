//! `cargo xtask certs`: regenerates the test certificate tree in `tests/certs/` with the
//! `openssl` command line. The tree is committed; run this only to change it.
//!
//! The tree: a root CA (RSA-2048, SHA-256), an intermediate CA (ECDSA P-256) under it, and
//! server and client leaves for RSA-2048, ECDSA P-256 and Ed25519 under the intermediate,
//! valid for about a century; server and client leaves with an RSA-1024 key and a server leaf
//! with an ECDSA P-384 key, which a peer refuses; a server leaf that expired in 2001; a server
//! leaf for another name; and a second, untrusted root with a server leaf of its own. Keys are
//! PKCS#8.
//!
//! `tests/certs/bench/` holds two chains of one algorithm each for the benchmark, root →
//! intermediate → end entity, RSA-2048 throughout and ECDSA P-256 throughout, each with a
//! server and a client leaf. `cargo xtask certs --bench` writes that directory alone, leaving
//! the rest of the tree as it is.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

static SERIAL: AtomicU32 = AtomicU32::new(1);

const DAYS: &str = "36500";

const CONFIG: &str = "\
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:testserver.stratls.test, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_server_ed25519]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:testserver.stratls.test, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_other_name]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:other.stratls.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:client.stratls.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ca]
default_ca = expired_ca
[expired_ca]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
";

/// Regenerates the tree.
pub fn generate(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/certs");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let work = dir.join(".work");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    fs::write(work.join("openssl.cnf"), CONFIG).map_err(|e| e.to_string())?;
    fs::write(work.join("index.txt"), "").map_err(|e| e.to_string())?;
    fs::write(work.join("serial"), "1000\n").map_err(|e| e.to_string())?;
    let w = |name: &str| work.join(name).display().to_string();
    let out = |name: &str| dir.join(name).display().to_string();

    // Roots.
    key("rsa", &out("ca.key"))?;
    self_signed(
        &out("ca.key"),
        "/O=stratls test/CN=stratls test root CA",
        &out("ca.pem"),
        &w("openssl.cnf"),
    )?;
    key("rsa", &out("untrusted-ca.key"))?;
    self_signed(
        &out("untrusted-ca.key"),
        "/O=stratls test/CN=stratls untrusted root CA",
        &out("untrusted-ca.pem"),
        &w("openssl.cnf"),
    )?;

    // Intermediate.
    key("p256", &out("intermediate.key"))?;
    sign(
        &out("intermediate.key"),
        "/O=stratls test/CN=stratls test intermediate CA",
        "v3_intermediate",
        &out("ca.pem"),
        &out("ca.key"),
        &out("intermediate.pem"),
        &w("openssl.cnf"),
    )?;

    let intermediate = read(&out("intermediate.pem"))?;
    for (alg, kind) in [("rsa", "rsa"), ("ecdsa", "p256"), ("ed25519", "ed25519")] {
        for role in ["server", "client"] {
            let name = format!("{role}-{alg}");
            let ext = match (role, alg) {
                ("server", "ed25519") => "v3_server_ed25519",
                ("server", _) => "v3_server",
                _ => "v3_client",
            };
            let cn = format!("/O=stratls test/CN=stratls test {role} ({alg})");
            key(kind, &out(&format!("{name}.key")))?;
            sign(
                &out(&format!("{name}.key")),
                &cn,
                ext,
                &out("intermediate.pem"),
                &out("intermediate.key"),
                &out(&format!("{name}.pem")),
                &w("openssl.cnf"),
            )?;
            let leaf = read(&out(&format!("{name}.pem")))?;
            write(
                &out(&format!("{name}.chain.pem")),
                &format!("{leaf}{intermediate}"),
            )?;
        }
    }

    // Leaves whose keys stratls refuses in a peer's certificate: RSA-1024 (under 2048 bits)
    // and ECDSA P-384 (a curve the default provider verifies no signature with).
    for (name, kind, ext, cn) in [
        ("server-rsa1024", "rsa1024", "v3_server", "server (rsa1024)"),
        ("client-rsa1024", "rsa1024", "v3_client", "client (rsa1024)"),
        ("server-p384", "p384", "v3_server", "server (p384)"),
    ] {
        key(kind, &out(&format!("{name}.key")))?;
        sign(
            &out(&format!("{name}.key")),
            &format!("/O=stratls test/CN=stratls test {cn}"),
            ext,
            &out("intermediate.pem"),
            &out("intermediate.key"),
            &out(&format!("{name}.pem")),
            &w("openssl.cnf"),
        )?;
        let leaf = read(&out(&format!("{name}.pem")))?;
        write(
            &out(&format!("{name}.chain.pem")),
            &format!("{leaf}{intermediate}"),
        )?;
    }

    // A leaf for another name.
    key("p256", &out("server-othername.key"))?;
    sign(
        &out("server-othername.key"),
        "/O=stratls test/CN=other.stratls.test",
        "v3_other_name",
        &out("intermediate.pem"),
        &out("intermediate.key"),
        &out("server-othername.pem"),
        &w("openssl.cnf"),
    )?;
    let leaf = read(&out("server-othername.pem"))?;
    write(
        &out("server-othername.chain.pem"),
        &format!("{leaf}{intermediate}"),
    )?;

    // A leaf from the untrusted root.
    key("p256", &out("server-untrusted.key"))?;
    sign(
        &out("server-untrusted.key"),
        "/O=stratls test/CN=stratls untrusted server",
        "v3_server",
        &out("untrusted-ca.pem"),
        &out("untrusted-ca.key"),
        &out("server-untrusted.pem"),
        &w("openssl.cnf"),
    )?;

    // An expired leaf (2000-01-01 .. 2001-01-01), through `openssl ca`, which takes dates.
    key("p256", &out("server-expired.key"))?;
    openssl(
        &[
            "req",
            "-new",
            "-key",
            &out("server-expired.key"),
            "-subj",
            "/CN=stratls expired server",
            "-config",
            &w("openssl.cnf"),
            "-out",
            &w("expired.csr"),
        ],
        &work,
    )?;
    openssl(
        &[
            "ca",
            "-batch",
            "-config",
            &w("openssl.cnf"),
            "-cert",
            &out("intermediate.pem"),
            "-keyfile",
            &out("intermediate.key"),
            "-in",
            &w("expired.csr"),
            "-out",
            &w("expired.pem"),
            "-extfile",
            &w("openssl.cnf"),
            "-extensions",
            "v3_server",
            "-startdate",
            "20000101000000Z",
            "-enddate",
            "20010101000000Z",
            "-notext",
        ],
        &work,
    )?;
    let expired = read(&w("expired.pem"))?;
    write(&out("server-expired.pem"), &expired)?;
    write(
        &out("server-expired.chain.pem"),
        &format!("{expired}{intermediate}"),
    )?;

    fs::remove_dir_all(&work).map_err(|e| e.to_string())?;
    eprintln!("certificates written to {}", dir.display());
    generate_bench(root)
}

/// Writes the benchmark's chains, `tests/certs/bench/{rsa,ecdsa}-*`: for each algorithm a
/// root, an intermediate under it, and a server and a client leaf under the intermediate, all
/// of that algorithm (RSA-2048 or ECDSA P-256, SHA-256 signatures).
pub fn generate_bench(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/certs/bench");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let work = dir.join(".work");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let config = work.join("openssl.cnf").display().to_string();
    fs::write(&config, CONFIG).map_err(|e| e.to_string())?;
    let out = |name: &str| dir.join(name).display().to_string();
    for (alg, kind) in [("rsa", "rsa"), ("ecdsa", "p256")] {
        let (ca, ca_key) = (
            out(&format!("{alg}-root.pem")),
            out(&format!("{alg}-root.key")),
        );
        key(kind, &ca_key)?;
        self_signed(
            &ca_key,
            &format!("/O=stratls bench/CN=stratls bench root CA ({alg})"),
            &ca,
            &config,
        )?;
        let (int, int_key) = (
            out(&format!("{alg}-intermediate.pem")),
            out(&format!("{alg}-intermediate.key")),
        );
        key(kind, &int_key)?;
        sign(
            &int_key,
            &format!("/O=stratls bench/CN=stratls bench intermediate CA ({alg})"),
            "v3_intermediate",
            &ca,
            &ca_key,
            &int,
            &config,
        )?;
        let intermediate = read(&int)?;
        for (role, ext) in [("server", "v3_server"), ("client", "v3_client")] {
            let name = format!("{alg}-{role}");
            key(kind, &out(&format!("{name}.key")))?;
            sign(
                &out(&format!("{name}.key")),
                &format!("/O=stratls bench/CN=stratls bench {role} ({alg})"),
                ext,
                &int,
                &int_key,
                &out(&format!("{name}.pem")),
                &config,
            )?;
            let leaf = read(&out(&format!("{name}.pem")))?;
            write(
                &out(&format!("{name}.chain.pem")),
                &format!("{leaf}{intermediate}"),
            )?;
        }
    }
    fs::remove_dir_all(&work).map_err(|e| e.to_string())?;
    eprintln!("benchmark chains written to {}", dir.display());
    Ok(())
}

fn key(kind: &str, out: &str) -> Result<(), String> {
    let args: &[&str] = match kind {
        "rsa" => &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        "rsa1024" => &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
        "p256" => &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        "p384" => &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        _ => &["-algorithm", "ED25519"],
    };
    let mut all = vec!["genpkey"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-out", out]);
    openssl(&all, Path::new("."))
}

fn self_signed(key: &str, subject: &str, out: &str, config: &str) -> Result<(), String> {
    openssl(
        &[
            "req",
            "-new",
            "-x509",
            "-key",
            key,
            "-subj",
            subject,
            "-days",
            DAYS,
            "-sha256",
            "-config",
            config,
            "-extensions",
            "v3_ca",
            "-out",
            out,
        ],
        Path::new("."),
    )
}

#[allow(clippy::too_many_arguments)]
fn sign(
    key: &str,
    subject: &str,
    ext: &str,
    ca: &str,
    ca_key: &str,
    out: &str,
    config: &str,
) -> Result<(), String> {
    let csr = format!("{out}.csr");
    openssl(
        &[
            "req", "-new", "-key", key, "-subj", subject, "-config", config, "-out", &csr,
        ],
        Path::new("."),
    )?;
    let sha = if ca_key.contains("ed25519") {
        vec![]
    } else {
        vec!["-sha256"]
    };
    let mut args = vec![
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        ca,
        "-CAkey",
        ca_key,
        "-set_serial",
    ];
    // Serials are unique within the tree: one counter for every certificate signed here.
    let serial = (0x5100_0000 + SERIAL.fetch_add(1, Ordering::Relaxed)).to_string();
    args.push(&serial);
    args.extend_from_slice(&[
        "-days",
        DAYS,
        "-extfile",
        config,
        "-extensions",
        ext,
        "-out",
        out,
    ]);
    args.extend(sha);
    openssl(&args, Path::new("."))?;
    fs::remove_file(&csr).map_err(|e| e.to_string())
}

fn openssl(args: &[&str], dir: &Path) -> Result<(), String> {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "openssl {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn read(path: &str) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn write(path: &str, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{path}: {e}"))
}
