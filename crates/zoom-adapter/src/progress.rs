//! Progress of a fetch on stderr: [`TerminalProgress`], a live display of
//! what each source has delivered or read so far (meetings read of those
//! listed, for meeting devices), the requests made and the rate-limit waits,
//! when stderr is a terminal; [`LogProgress`], one info-level log line per
//! source every few seconds, when it is not. Never in `serve` mode (the
//! protocol has `fetch/progress`).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use asset_schema::Record;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use zoom_api::Client;

use crate::cycle::progress::ProgressSnapshot;
use crate::sink::RecordSink;

/// How often the request line is refreshed.
const REFRESH: Duration = Duration::from_millis(250);

/// How often [`LogProgress`] logs.
const LOG_EVERY: Duration = Duration::from_secs(5);

/// The live display, when one is up: log lines are printed above it
/// (through [`suspended`]) instead of through it.
static DISPLAY: std::sync::OnceLock<MultiProgress> = std::sync::OnceLock::new();

/// Runs `write` with the live display (if any) hidden, so a log line never
/// tears the display apart.
pub fn suspended<R>(write: impl FnOnce() -> R) -> R {
    match DISPLAY.get() {
        Some(bars) => bars.suspend(write),
        None => write(),
    }
}

/// A sink wrapper that counts records per kind on screen, then passes them on.
pub struct TerminalProgress {
    inner: Box<dyn RecordSink>,
    client: Client,
    bars: MultiProgress,
    kinds: BTreeMap<&'static str, (ProgressBar, u64)>,
    requests: ProgressBar,
    last_refresh: Instant,
}

impl TerminalProgress {
    /// Wraps `inner` in the live display when stderr is a terminal, else in
    /// [`LogProgress`].
    pub fn wrap(inner: Box<dyn RecordSink>, client: Client) -> Box<dyn RecordSink> {
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            return Box::new(LogProgress { inner, last: None });
        }
        let bars = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let _ = DISPLAY.set(bars.clone());
        let requests = bars.add(ProgressBar::new_spinner());
        requests.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        requests.enable_steady_tick(Duration::from_millis(120));
        Box::new(TerminalProgress {
            inner,
            client,
            bars,
            kinds: BTreeMap::new(),
            requests,
            last_refresh: Instant::now(),
        })
    }

    fn refresh(&mut self) {
        self.last_refresh = Instant::now();
        let stats = self.client.stats();
        let total: u64 = stats.requests.values().sum();
        self.requests.set_message(format!(
            "{total} requests, {} retries, {} rate-limit waits ({:.1} s), {} throttled",
            stats.retries,
            stats.rate_limit_waits,
            stats.rate_limit_wait_time.as_secs_f64(),
            stats.throttled_responses
        ));
    }
}

impl TerminalProgress {
    /// The line of `kind`, added the first time it has something to show.
    fn line(&mut self, kind: &'static str) -> &mut (ProgressBar, u64) {
        let bars = &self.bars;
        self.kinds.entry(kind).or_insert_with(|| {
            let bar = bars.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            (bar, 0)
        })
    }
}

impl RecordSink for TerminalProgress {
    fn progress(&mut self, snapshot: &ProgressSnapshot) {
        for (kind, note) in &snapshot.notes {
            let count = snapshot.records.get(kind).copied().unwrap_or_default();
            let line = self.line(kind.as_str());
            line.0
                .set_message(format!("{:<20} {count:>9} records; {note}", kind.as_str()));
        }
        self.refresh();
    }

    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        let kind = record.kind.as_str();
        let entry = self.line(kind);
        entry.1 += 1;
        if entry.1 % 100 == 1 {
            entry
                .0
                .set_message(format!("{kind:<20} {:>9} records", entry.1));
        }
        if self.last_refresh.elapsed() >= REFRESH {
            self.refresh();
        }
        self.inner.write(record)
    }

    fn write_tombstone(&mut self, tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        self.inner.write_tombstone(tombstone)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        for (kind, (bar, count)) in &self.kinds {
            bar.finish_with_message(format!("{kind:<20} {count:>9} records"));
        }
        self.refresh();
        self.requests.finish();
        self.inner.flush()
    }
}

/// Off a terminal: one info-level line per source every few seconds
/// (visible at `RUST_LOG=info`), then the records pass on.
pub struct LogProgress {
    inner: Box<dyn RecordSink>,
    last: Option<std::time::Instant>,
}

impl RecordSink for LogProgress {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        self.inner.write(record)
    }

    fn write_tombstone(&mut self, tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        self.inner.write_tombstone(tombstone)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    fn progress(&mut self, snapshot: &ProgressSnapshot) {
        if self.last.is_some_and(|at| at.elapsed() < LOG_EVERY) {
            return;
        }
        self.last = Some(std::time::Instant::now());
        let kinds: std::collections::BTreeSet<_> = snapshot
            .records
            .keys()
            .chain(snapshot.notes.keys())
            .collect();
        for kind in kinds {
            let records = snapshot.records.get(kind).copied().unwrap_or_default();
            let note = snapshot.notes.get(kind).map(String::as_str).unwrap_or("");
            tracing::info!(kind = %kind, records, progress = note, elapsed_s = snapshot.elapsed.as_secs(), "fetch progress");
        }
    }
}
