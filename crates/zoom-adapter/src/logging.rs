//! Logs on stderr, with the level from `RUST_LOG` — except for the crates
//! that log what must never be printed. `cookie_store` logs every
//! `Set-Cookie` (the portal session) at debug level, and the HTTP stack
//! (hyper, h2, rustls, reqwest) logs connection details at trace level:
//! whatever `RUST_LOG` says, those are capped by [`CAPPED_TARGETS`].

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::Directive;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogStyle {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Targets whose level no `RUST_LOG` can raise, and their ceiling.
pub const CAPPED_TARGETS: &[(&str, &str)] = &[
    ("cookie_store", "off"),
    ("reqwest_cookie_store", "off"),
    ("hyper", "warn"),
    ("hyper_util", "warn"),
    ("h2", "warn"),
    ("rustls", "warn"),
    ("reqwest", "warn"),
    ("tower", "warn"),
];

/// The filter: `RUST_LOG` (or `default_level`), then the caps.
pub fn filter(rust_log: Option<&str>, default_level: &str) -> EnvFilter {
    let mut filter = rust_log
        .and_then(|value| EnvFilter::try_new(value).ok())
        .unwrap_or_else(|| EnvFilter::new(default_level));
    for (target, level) in CAPPED_TARGETS {
        if let Ok(directive) = format!("{target}={level}").parse::<Directive>() {
            filter = filter.add_directive(directive);
        }
    }
    filter
}

/// Stderr, with the live progress display (when one is up) hidden while a
/// log line is written, so warnings print above it instead of through it.
struct AboveTheDisplay;

impl std::io::Write for AboveTheDisplay {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        crate::progress::suspended(|| std::io::stderr().lock().write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        crate::progress::suspended(|| std::io::stderr().lock().write_all(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().lock().flush()
    }
}

/// Installs the stderr logger (once per process; later calls do nothing).
pub fn init(style: LogStyle, default_level: &str) {
    let rust_log = std::env::var("RUST_LOG").ok();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter(rust_log.as_deref(), default_level))
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(|| AboveTheDisplay);
    let _ = match style {
        LogStyle::Text => builder.try_init(),
        LogStyle::Json => builder.json().try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_log_cannot_raise_the_capped_targets() {
        for rust_log in [
            "trace",
            "cookie_store=trace,trace",
            "trace,cookie_store=trace",
        ] {
            let text = filter(Some(rust_log), "warn").to_string();
            assert!(text.contains("cookie_store=off"), "{rust_log}: {text}");
            assert!(!text.contains("cookie_store=trace"), "{rust_log}: {text}");
            assert!(text.contains("hyper=warn"), "{rust_log}: {text}");
        }
    }
}
