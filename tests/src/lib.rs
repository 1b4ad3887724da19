//! Support for the end-to-end tests: find the real `zoom-adapter` binary and
//! run it as a separate process with chosen arguments, stdin and environment.

pub mod hostile;
pub mod sim;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Path of the `zoom-adapter` binary under test: `$ZOOM_ADAPTER_BIN`, else the
/// one cargo built beside this test executable (`cargo test --workspace`
/// builds it because the zoom-adapter package has integration tests).
pub fn adapter_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("ZOOM_ADAPTER_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current_exe: {e}"));
    // target/<profile>/deps/<test> → target/<profile>/zoom-adapter
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("unexpected test path {exe:?}"));
    let bin = profile_dir.join(format!("zoom-adapter{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{bin:?} is missing: run the suite with `cargo test --workspace` (or `cargo build -p zoom-adapter` first)"
    );
    bin
}

/// A fresh, empty state directory for one adapter process, so the default
/// state store (`$XDG_STATE_HOME/zoom-adapter/<account>.sqlite3`) never
/// carries anything from one test's run to another's. The directories live
/// under one temporary folder per test process.
pub fn fresh_state_home() -> PathBuf {
    static BASE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let base = BASE.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("zoom-adapter-e2e-state-")
            .tempdir()
            .unwrap_or_else(|e| panic!("state home: {e}"));
        dir.keep()
    });
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = base.join(n.to_string());
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
    dir
}

/// The adapter binary as a command whose default state store is fresh.
pub fn adapter_command() -> Command {
    let mut command = Command::new(adapter_bin());
    command.env("XDG_STATE_HOME", fresh_state_home());
    command
}

/// What a finished run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output, as text.
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
}

impl Run {
    /// Stdout parsed as one JSON value.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs the adapter with `args`, feeding `stdin`, with the `ZOOM_*` secret
/// variables cleared and then `env` set.
pub fn run_adapter(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    run_adapter_at(None, args, stdin, env)
}

/// The adapter under `faketime`, its clock starting at `at` (and running
/// on from there), monotonic time left real: a cycle "at" a simulated time.
/// Needs libfaketime (Debian: faketime), which CI installs.
pub fn adapter_command_at(at: chrono::DateTime<chrono::Utc>) -> Command {
    let mut command = Command::new("faketime");
    command
        .arg("-f")
        .arg(at.format("@%Y-%m-%d %H:%M:%S").to_string())
        .arg(adapter_bin())
        .env("TZ", "UTC")
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env("XDG_STATE_HOME", fresh_state_home());
    command
}

/// [`run_adapter`], at the simulated time `at` when given ([`adapter_command_at`]).
pub fn run_adapter_at(
    at: Option<chrono::DateTime<chrono::Utc>>,
    args: &[&str],
    stdin: &str,
    env: &[(&str, &str)],
) -> Run {
    let mut command = match at {
        Some(at) => adapter_command_at(at),
        None => adapter_command(),
    };
    command
        .args(args)
        .current_dir(repo_root())
        .env_remove("ZOOM_CLIENT_SECRET")
        .env_remove("ZOOM_PASSWORD")
        .env_remove("ZOOM_TOTP_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("spawn zoom-adapter: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        // The adapter may exit before reading stdin; a broken pipe is fine.
        let _ = pipe.write_all(stdin.as_bytes());
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait for zoom-adapter: {e}"));
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Writes `contents` to a new file in `dir` and returns its path as text.
pub fn write_file(dir: &tempfile::TempDir, name: &str, contents: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {path:?}: {e}"));
    path.to_string_lossy().into_owned()
}

/// The body of a plain `GET` to a loopback HTTP server (the simulator's
/// `/_sim/*` endpoints), over HTTP/1.0 so the server closes the connection.
pub fn http_get(url: &str) -> String {
    use std::io::Read;
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("not an http URL: {url}"));
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    let mut stream =
        std::net::TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n")
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .unwrap_or_else(|e| panic!("read: {e}"));
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}
