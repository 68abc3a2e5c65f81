//! A custom crypto provider: the default one wrapped so that every operation is counted.
//!
//! Runs one TLS 1.3 connection in memory (handshake, a message each way, close_notify both
//! ways) with a counting provider on each side and prints what each side asked of its
//! provider.
//!
//! ```text
//! cargo run -p stratls --example counting_provider
//! ```

#[path = "counting/mod.rs"]
mod counting;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let message = b"hello through a counted provider";
    let outcome: counting::Outcome = counting::run_session(message)?;
    let n = &outcome.negotiated;
    println!(
        "TLS connection in memory: {:?}, {:?}, {:?}, server signed with {:?}",
        n.version.ok_or("no version")?,
        n.cipher_suite.ok_or("no cipher suite")?,
        n.group.ok_or("no group")?,
        n.peer_signature_scheme.ok_or("no signature scheme")?,
    );
    println!(
        "sent {} bytes, echoed back {}",
        message.len(),
        if outcome.echoed == message {
            "intact"
        } else {
            "DIFFERENT"
        }
    );
    println!();
    print!("{}", counting::table(&outcome.client, &outcome.server));
    Ok(())
}
