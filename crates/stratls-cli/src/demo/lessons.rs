//! What the demo teaches: the promise each message serves, and the closing explanation.

/// The promise a message serves, and why, in one line.
pub fn promise(name: &str, tls13: bool) -> (&'static str, &'static str) {
    match name {
        "ClientHello" if tls13 => (
            "ENCRYPTION",
            "offers cipher suites and already carries a key share, so the keys can be agreed at once",
        ),
        "ClientHello" => (
            "ENCRYPTION",
            "offers cipher suites and a fresh random; the keys will mix both randoms",
        ),
        "ServerHello" if tls13 => (
            "ENCRYPTION",
            "picks the suite and sends the server's share: both sides now compute the same secret",
        ),
        "ServerHello" => (
            "ENCRYPTION",
            "picks the suite and sends the server's random",
        ),
        "HelloRetryRequest" => (
            "ENCRYPTION",
            "asks for a key share in a group the server accepts; one more round trip",
        ),
        "EncryptedExtensions" => (
            "ENCRYPTION",
            "the first message under the handshake keys: the rest of the negotiation is hidden",
        ),
        "CertificateRequest" => ("AUTHENTICATION", "asks the client to prove who it is too"),
        "Certificate" => (
            "AUTHENTICATION",
            "the chain the receiver checks against its trusted roots",
        ),
        "CertificateVerify" => (
            "AUTHENTICATION",
            "a signature over the transcript with the certificate's key: proof of the private key",
        ),
        "ServerKeyExchange" => (
            "ENCRYPTION + AUTHENTICATION",
            "the server's ephemeral share, signed with its certificate key",
        ),
        "ServerHelloDone" => ("ENCRYPTION", "the server's first flight is complete"),
        "ClientKeyExchange" => (
            "ENCRYPTION",
            "the client's contribution to the premaster secret; session keys follow",
        ),
        "Finished" => (
            "INTEGRITY",
            "a MAC over everything said so far: any change on the way would make it fail",
        ),
        "NewSessionTicket" => (
            "ENCRYPTION",
            "a ticket to resume with next time (no promise of its own)",
        ),
        "KeyUpdate" => ("ENCRYPTION", "fresh keys for the rest of the connection"),
        _ => ("-", "not part of the usual story"),
    }
}

/// The closing explanation: how this handshake compares with the classic story.
pub fn explanation(tls13: bool, rsa: bool) -> &'static str {
    if tls13 {
        "How TLS 1.3 does it in one round trip\n  \
         The classic story (hello, certificate, key exchange, switch keys, Finished) needed two\n  \
         round trips. TLS 1.3 guesses: the client's key share rides in the first hello, so the\n  \
         server can compute the shared secret the moment it reads ClientHello. Everything after\n  \
         ServerHello is already encrypted - even the certificate - and the client's Finished can\n  \
         be followed at once by its first application data. Only the two hellos travel in the\n  \
         clear, and the signature in CertificateVerify covers the whole exchange."
    } else if rsa {
        "The classic RSA key exchange (TLS 1.2)\n  \
         The client encrypts a random premaster secret to the server's RSA public key; only the\n  \
         private key can open it. It takes two round trips, and it has no forward secrecy: anyone\n  \
         who later obtains the server's key can decrypt every recorded session. TLS 1.3 removed\n  \
         it; stratls offers it only behind a 'dangerous' switch."
    } else {
        "TLS 1.2 with ECDHE\n  \
         Both sides contribute an ephemeral share; the server signs its share with its\n  \
         certificate key. It takes two round trips: the client learns the server's share only\n  \
         after its first flight, and ChangeCipherSpec then Finished close each side's handshake.\n  \
         TLS 1.3 moves the client's share into the first hello and saves a round trip."
    }
}
