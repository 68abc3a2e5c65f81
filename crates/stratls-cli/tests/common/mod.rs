//! What the command tests share: the binary, the certificate tree, ports, bounded waits, and a
//! guard that kills a child process even when the test panics.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Bound of every wait in these tests.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// The built `stratls` binary.
pub fn stratls() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stratls"))
}

/// A file of the committed test certificate tree.
pub fn cert(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/certs")
        .join(name)
        .display()
        .to_string()
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// Waits until something accepts connections on `port`, for at most [`DEADLINE`].
pub fn wait_for_port(port: u16) {
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        thread::sleep(Duration::from_millis(25));
    }
    panic!("nothing listens on port {port} after {DEADLINE:?}");
}

/// Whether a program can be run.
pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
        || Command::new(program)
            .arg("version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
}

/// Kills and reaps its child when dropped, panic or not.
#[derive(Debug)]
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cmd` with piped stdio, under a guard.
pub fn spawn(cmd: &mut Command) -> ChildGuard {
    ChildGuard(
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn"),
    )
}

/// What a finished process printed.
#[derive(Debug)]
pub struct Finished {
    /// Exit status.
    pub status: ExitStatus,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Writes `input` to the child's stdin, closes it, and waits for the child to exit within
/// [`DEADLINE`] (killing it and panicking otherwise).
pub fn finish(mut child: ChildGuard, input: &[u8]) -> Finished {
    let mut stdin = child.0.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = reader(child.0.stdout.take().expect("stdout"));
    let err = reader(child.0.stderr.take().expect("stderr"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.0.kill();
            let err = err.join().unwrap_or_default();
            panic!("process did not finish within {DEADLINE:?}; stderr:\n{err}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    Finished {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

fn reader(mut r: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut s = Vec::new();
        let _ = r.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    })
}

/// Runs `cmd` to the end with `input` on stdin.
pub fn run(cmd: &mut Command, input: &[u8]) -> Finished {
    finish(spawn(cmd), input)
}
