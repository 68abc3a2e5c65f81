//! A peer running as a child process: its standard output and error captured as they come (so
//! its pipes never fill), its standard input writable, and a guard that kills it by its process
//! id when dropped, also when the test panics.

use std::fmt;
use std::io::{self, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Text a child wrote to one of its output streams, shared with the thread that reads it.
#[derive(Debug, Default)]
struct Captured {
    state: Mutex<CapturedState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct CapturedState {
    bytes: Vec<u8>,
    closed: bool,
}

/// Most bytes kept of one output stream; a chattier child has the rest dropped.
const CAPTURE_LIMIT: usize = 4 * 1024 * 1024;

impl Captured {
    fn text(&self) -> String {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&state.bytes).into_owned()
    }

    /// Waits until `done` holds for the text so far, the stream closes, or `timeout` passes.
    fn wait_for(&self, done: &dyn Fn(&str) -> bool, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let text = String::from_utf8_lossy(&state.bytes);
            if done(&text) {
                return Some(text.into_owned());
            }
            if state.closed {
                return None;
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Copies `from` into the capture until end of stream.
    fn fill_from(&self, mut from: impl Read) {
        let mut buf = [0u8; 4096];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            let room = CAPTURE_LIMIT.saturating_sub(state.bytes.len());
            state.bytes.extend_from_slice(&buf[..n.min(room)]);
            self.changed.notify_all();
        }
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.closed = true;
        self.changed.notify_all();
    }
}

/// A running child peer. Dropping it kills the child (by its id) and reaps it.
pub struct PeerProcess {
    name: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<Captured>,
    stderr: Arc<Captured>,
    readers: Vec<JoinHandle<()>>,
}

impl fmt::Debug for PeerProcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerProcess")
            .field("name", &self.name)
            .field("pid", &self.child.id())
            .finish()
    }
}

impl PeerProcess {
    /// Starts `command` with piped standard streams. `name` labels it in messages.
    pub fn spawn(name: &str, mut command: Command) -> io::Result<Self> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = Arc::new(Captured::default());
        let stderr = Arc::new(Captured::default());
        let mut readers = Vec::new();
        if let Some(out) = child.stdout.take() {
            let sink = stdout.clone();
            readers.push(thread::spawn(move || sink.fill_from(out)));
        }
        if let Some(err) = child.stderr.take() {
            let sink = stderr.clone();
            readers.push(thread::spawn(move || sink.fill_from(err)));
        }
        Ok(Self {
            name: name.to_string(),
            child,
            stdin,
            stdout,
            stderr,
            readers,
        })
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Everything the child wrote to standard output so far.
    pub fn stdout(&self) -> String {
        self.stdout.text()
    }

    /// Everything the child wrote to standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.text()
    }

    /// Both outputs, labelled, for a failure message.
    pub fn transcript(&self) -> String {
        format!(
            "--- {} (pid {}) stdout ---\n{}\n--- stderr ---\n{}",
            self.name,
            self.id(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Waits (at most `timeout`) until standard output satisfies `done`; returns the output
    /// then, or `None` if the time ran out or the stream closed first.
    pub fn wait_stdout(&self, done: impl Fn(&str) -> bool, timeout: Duration) -> Option<String> {
        self.stdout.wait_for(&done, timeout)
    }

    /// Waits (at most `timeout`) until standard error satisfies `done`.
    pub fn wait_stderr(&self, done: impl Fn(&str) -> bool, timeout: Duration) -> Option<String> {
        self.stderr.wait_for(&done, timeout)
    }

    /// Writes `data` to the child's standard input.
    pub fn write_stdin(&mut self, data: &[u8]) -> io::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::other("standard input already closed"))?;
        stdin.write_all(data)?;
        stdin.flush()
    }

    /// Closes the child's standard input (end of file for the child).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits (at most `timeout`, polling) for the child to exit on its own. Once it has, also
    /// waits (within the same bound) until its output has been read to the end, so what it
    /// wrote last is in [`stdout`](Self::stdout) and [`stderr`](Self::stderr).
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    // Text arriving no longer matters here: only the end of each stream does.
                    let _ = self.stdout.wait_for(&|_| false, left);
                    let left = deadline.saturating_duration_since(Instant::now());
                    let _ = self.stderr.wait_for(&|_| false, left);
                    return Some(status);
                }
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                Ok(None) | Err(_) => return None,
            }
        }
    }
}

impl Drop for PeerProcess {
    fn drop(&mut self) {
        self.stdin = None;
        // Kills this child only (SIGKILL to its pid); an error means it has already exited.
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The child's pipes are closed now, so the readers finish.
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }
}
