//! [`TerminalProgress`]: a live display on stderr of what each source has
//! delivered, the requests made and the rate-limit waits — only when stderr
//! is a terminal, never in `serve` mode or when piped.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use asset_schema::Record;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use zoom_api::Client;

use crate::sink::RecordSink;

/// How often the request line is refreshed.
const REFRESH: Duration = Duration::from_millis(250);

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
    /// Wraps `inner` when stderr is a terminal; returns `inner` untouched otherwise.
    pub fn wrap(inner: Box<dyn RecordSink>, client: Client) -> Box<dyn RecordSink> {
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            return inner;
        }
        let bars = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
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

impl RecordSink for TerminalProgress {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        let kind = record.kind.as_str();
        let bars = &self.bars;
        let entry = self.kinds.entry(kind).or_insert_with(|| {
            let bar = bars.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            (bar, 0)
        });
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

    fn flush(&mut self) -> std::io::Result<()> {
        for (kind, (bar, count)) in &self.kinds {
            bar.finish_with_message(format!("{kind:<20} {count:>9} records"));
        }
        self.refresh();
        self.requests.finish();
        self.inner.flush()
    }
}
