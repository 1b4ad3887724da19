//! Running `zoom-adapter` against the server: the command, its bounded
//! run, and what it left ([`Outcome`]).

use super::*;

/// What one adapter run printed, how it exited, how long it took and how
/// much memory it held at most.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code (-1 when killed by a signal or by the harness' time limit).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Stdout lines that are JSON (the records of `fetch`).
    pub records: Vec<Value>,
    /// The last stderr line, when it is a JSON object (`fetch`'s summary).
    pub summary: Option<Value>,
    /// Wall time from spawn to exit.
    pub elapsed: Duration,
    /// The child's peak resident memory in KiB (Linux `VmHWM`), as last
    /// seen while it ran; `None` where `/proc` is not available.
    pub peak_rss_kib: Option<u64>,
}

impl Outcome {
    /// The summary; panics (with stderr) when the last stderr line is not one.
    pub fn summary(&self) -> &Value {
        self.summary.as_ref().unwrap_or_else(|| {
            panic!(
                "the last stderr line is not a JSON summary (exit {}):\n{}",
                self.code, self.stderr
            )
        })
    }

    /// The summary's report of `kind`.
    pub fn source(&self, kind: &str) -> &Value {
        self.summary()["sources"]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["kind"] == kind))
            .unwrap_or_else(|| panic!("no source {kind} in {}", self.summary()))
    }

    /// Every source report of the summary.
    pub fn sources(&self) -> Vec<&Value> {
        self.summary()["sources"]
            .as_array()
            .map(|all| all.iter().collect())
            .unwrap_or_default()
    }

    /// Records of `kind` written on stdout.
    pub fn records_of(&self, kind: &str) -> usize {
        self.records.iter().filter(|r| r["kind"] == kind).count()
    }

    /// Whether `text` appears in stdout or stderr.
    pub fn prints(&self, text: &str) -> bool {
        self.stdout.contains(text) || self.stderr.contains(text)
    }
}

/// No run lasts longer than this: the harness kills it (exit -1).
pub const RUN_LIMIT: Duration = Duration::from_secs(90);

/// Environment variables removed from every child: the `ZOOM_*` secrets,
/// every proxy variable and the log filter (tests set what they need).
const CLEARED_ENV: &[&str] = &[
    "ZOOM_CLIENT_SECRET",
    "ZOOM_PASSWORD",
    "ZOOM_TOTP_SECRET",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "RUST_LOG",
    "ZOOM_ADAPTER_TEST_PANIC",
];

/// The adapter as a child process with `args`, stdin closed, the variables
/// of [`CLEARED_ENV`] removed and then `env` set; stdout and stderr as the
/// caller asks.
pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = crate::adapter_command();
    command
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::null());
    for key in CLEARED_ENV {
        command.env_remove(key);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Runs the adapter (see [`command`]) to its end or [`RUN_LIMIT`], sampling
/// its peak memory while it runs.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let started = Instant::now();
    let mut child = command(args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn zoom-adapter: {e}"));
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_rss_kib = None;
    let status = loop {
        if let Some(peak) = peak_rss(&status_file) {
            peak_rss_kib = Some(peak_rss_kib.map_or(peak, |p: u64| p.max(peak)));
        }
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > RUN_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("wait for zoom-adapter: {e}"),
        }
    };
    let elapsed = started.elapsed();
    let stdout = stdout
        .join()
        .unwrap_or_else(|_| panic!("stdout reader panicked"));
    let stderr = stderr
        .join()
        .unwrap_or_else(|_| panic!("stderr reader panicked"));
    let records = stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let summary = stderr
        .lines()
        .last()
        .and_then(|line| serde_json::from_str::<Value>(line).ok())
        .filter(Value::is_object);
    Outcome {
        code: status.and_then(|s| s.code()).unwrap_or(-1),
        stdout,
        stderr,
        records,
        summary,
        elapsed,
        peak_rss_kib,
    }
}

/// `VmHWM` (peak resident set) of a running process, in KiB.
pub fn peak_rss(status_file: &std::path::Path) -> Option<u64> {
    let text = std::fs::read_to_string(status_file).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
