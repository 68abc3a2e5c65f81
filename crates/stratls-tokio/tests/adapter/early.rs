//! TLS 1.3 0-RTT through the adapter: a ticket from a first connection, then early data in
//! the second one's first flight, read by the server as the stream's first bytes; and a
//! server that declines it, after which the client writes the same bytes again.

use std::sync::Arc;
use std::time::Duration;

use stratls_handshake::resumption::MemoryAntiReplay;
use stratls_handshake::{
    ClientConfig, EarlyData, MemoryTicketStore, ServerConfig, ServerName, Versions,
};
use stratls_tokio::{TlsAcceptor, TlsConnector};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::*;

const EARLY: &[u8] = b"GET /early HTTP/1.1\r\n\r\n";

fn early_client(store: &Arc<MemoryTicketStore>) -> Arc<ClientConfig> {
    let mut config = client(Versions::TLS13_ONLY);
    config.shared.alpn = vec![b"http/1.1".to_vec()];
    config.ticket_store = store.clone();
    config.enable_early_data = true;
    Arc::new(config)
}

fn early_server() -> ServerConfig {
    let mut config = server(Versions::TLS13_ONLY);
    config.max_early_data_size = 4096;
    config.anti_replay = Some(Arc::new(MemoryAntiReplay::new(Duration::from_secs(10), 64)));
    config
}

fn name() -> ServerName<'static> {
    ServerName::try_from("localhost").expect("a name")
}

/// One connection over a duplex pipe: the client sends `early` as 0-RTT (if it can) and then
/// one line; the server echoes a line back once it has read them, which also delivers its
/// tickets. Returns the bytes sent as early data, the client's outcome, and what the server
/// read as early data and in all.
async fn connect(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    early: &[u8],
) -> (usize, EarlyData, usize, Vec<u8>) {
    let (c, s) = tokio::io::duplex(64 * 1024);
    let acceptor = TlsAcceptor::from(server.clone());
    let expected = early.len();
    let server_task = tokio::spawn(async move {
        let mut tls = acceptor.accept(s).await.expect("accept");
        let mut got = Vec::new();
        // Read until the client's line ends.
        let mut buf = [0u8; 256];
        while !got.ends_with(b"line\n") {
            let n = tls.read(&mut buf).await.expect("server reads");
            assert!(n > 0, "the client's line");
            got.extend_from_slice(&buf[..n]);
            assert!(got.len() <= expected + 64);
        }
        let early = usize::try_from(tls.connection().early_data_received()).expect("small");
        tls.write_all(b"ok\n").await.expect("server writes");
        tls.shutdown().await.expect("server shutdown");
        (early, got)
    });
    let connector = TlsConnector::from(client.clone());
    let (mut tls, sent) = connector
        .connect_with_replayable_early_data(name(), c, early)
        .await
        .expect("connect");
    let outcome = tls
        .connection()
        .negotiated()
        .expect("established")
        .early_data;
    if outcome != EarlyData::Accepted {
        // Declined or never offered: what was meant to go early goes now.
        tls.write_all(early).await.expect("again");
    }
    tls.write_all(b"line\n").await.expect("client writes");
    let mut answer = Vec::new();
    tls.read_to_end(&mut answer).await.expect("answer");
    assert_eq!(answer, b"ok\n");
    let (early_read, read) = server_task.await.expect("server task");
    (sent, outcome, early_read, read)
}

#[test]
fn early_data_goes_in_the_first_flight_and_is_read_first() {
    runtime().block_on(async {
        let store = Arc::new(MemoryTicketStore::new(8));
        let client = early_client(&store);
        let server = Arc::new(early_server());
        // No ticket yet: nothing is sent early.
        let (sent, outcome, early_read, read) = connect(&client, &server, EARLY).await;
        assert_eq!((sent, outcome, early_read), (0, EarlyData::NotOffered, 0));
        assert_eq!(read, [EARLY, b"line\n"].concat());
        // With the ticket of the first connection: all of it, accepted, read first.
        let (sent, outcome, early_read, read) = connect(&client, &server, EARLY).await;
        assert_eq!(sent, EARLY.len());
        assert_eq!(outcome, EarlyData::Accepted);
        assert_eq!(
            early_read,
            EARLY.len(),
            "the server counts it as early data"
        );
        assert_eq!(read, [EARLY, b"line\n"].concat());
    });
}

#[test]
fn a_declined_early_flight_is_written_again_by_the_application() {
    runtime().block_on(async {
        let store = Arc::new(MemoryTicketStore::new(8));
        let client = early_client(&store);
        let server = early_server();
        connect(&client, &Arc::new(server.clone()), b"").await;
        // The same ticket keys, 0-RTT now off: the ticket resumes, its early data is declined
        // and skipped by the server, and the client's second write delivers it once.
        let mut off = server;
        off.max_early_data_size = 0;
        let (sent, outcome, early_read, read) = connect(&client, &Arc::new(off), EARLY).await;
        assert_eq!(sent, EARLY.len(), "sent in the first flight");
        assert_eq!(outcome, EarlyData::Rejected);
        assert_eq!(early_read, 0);
        assert_eq!(
            read,
            [EARLY, b"line\n"].concat(),
            "delivered once, as 1-RTT data"
        );
    });
}
