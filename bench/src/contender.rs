//! The seam between the measuring loop and a library: what each library must do, in memory,
//! with no sockets and no threads, and the clock that times each side's calls apart.

use std::time::{Duration, Instant};

/// The size of each application write in bulk transfers: one full TLS record of plaintext.
pub const WRITE_SIZE: usize = 16 * 1024;

/// What a handshake agreed on, as IANA code points, to check that both libraries do the same
/// work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreed {
    /// The protocol version.
    pub version: Option<u16>,
    /// The cipher suite.
    pub suite: Option<u16>,
    /// The key-exchange group (`None` for a TLS 1.2 resumption, which exchanges no key).
    pub group: Option<u16>,
    /// Whether the handshake resumed a session.
    pub resumed: bool,
    /// Whether the server holds a client certificate.
    pub client_cert: bool,
}

/// The time spent inside each side's calls: a driver wraps every call it makes on the client
/// in [`Clock::client`] and every call on the server in [`Clock::server`], so that the two
/// ends' CPU time is told apart although both run on one thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    /// Time inside the client's calls.
    pub client: Duration,
    /// Time inside the server's calls.
    pub server: Duration,
}

impl Clock {
    /// Runs `f`, a call on the client, adding its time to the client's.
    #[inline]
    pub fn client<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.client += start.elapsed();
        out
    }

    /// Runs `f`, a call on the server, adding its time to the server's.
    #[inline]
    pub fn server<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.server += start.elapsed();
        out
    }
}

/// One library, configured for one case.
pub trait Contender {
    /// A client and a server connected in memory.
    type Pair;

    /// The library's name in reports.
    fn name(&self) -> &'static str;

    /// Runs one handshake between a new client and a new server, each side's calls timed on
    /// `clock`. For a resumption case, the handshake must have resumed (an error otherwise).
    fn handshake(&self, clock: &mut Clock) -> Result<Self::Pair, String>;

    /// What the pair's handshake agreed on.
    fn agreed(pair: &Self::Pair) -> Agreed;

    /// Sends `total` bytes from client to server in writes of [`WRITE_SIZE`] bytes taken from
    /// `data` (at least that long), delivering each record to the server and reading its
    /// plaintext into `sink` (at least that long) as it comes, each side's calls timed on
    /// `clock`. Returns how many plaintext bytes the server delivered.
    fn transfer(
        pair: &mut Self::Pair,
        data: &[u8],
        total: usize,
        sink: &mut [u8],
        clock: &mut Clock,
    ) -> Result<usize, String>;
}

/// The payload of bulk transfers: a pattern with a period (251) that is no power of two.
pub fn payload() -> Vec<u8> {
    (0..WRITE_SIZE).map(|i| (i % 251) as u8).collect()
}

/// Checks a fresh pair of `contender`: the handshake agreed on `want`, and 64 KiB arrive
/// byte for byte.
pub fn check<C: Contender>(contender: &C, want: Agreed) -> Result<(), String> {
    let clock = &mut Clock::default();
    let mut pair = contender.handshake(clock)?;
    let got = C::agreed(&pair);
    if got != want {
        return Err(format!(
            "{} agreed on {got:x?}, the case wants {want:x?}",
            contender.name()
        ));
    }
    let data = payload();
    let mut sink = vec![0u8; WRITE_SIZE];
    let len = 4 * WRITE_SIZE;
    let delivered = C::transfer(&mut pair, &data, len, &mut sink, clock)?;
    if delivered != len {
        return Err(format!(
            "{}: {delivered} of {len} bytes delivered",
            contender.name()
        ));
    }
    // `sink` holds the last write, which starts where the pattern starts.
    if sink != data {
        return Err(format!("{}: the data arrived changed", contender.name()));
    }
    if clock.client.is_zero() || clock.server.is_zero() {
        return Err(format!(
            "{}: a side's calls were not timed",
            contender.name()
        ));
    }
    Ok(())
}
