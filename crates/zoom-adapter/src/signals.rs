//! [`stop_requested`]: the one future that completes when the process is
//! asked to stop — Ctrl-C (SIGINT) or, on Unix, SIGTERM — so every command
//! handles both alike: it stops work, writes its summary or response, then exits.

use std::future::Future;

/// A future that completes at the first SIGINT or SIGTERM. The handlers are
/// installed when this is called, not when the future is first polled, so a
/// signal that arrives before then (a host that terminates `serve` right
/// after its first answer) is still a clean stop. Call it inside the Tokio
/// runtime. If a handler cannot be installed, that signal keeps its default
/// action and the other still works.
pub fn stop_requested() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};
        let install = |kind: SignalKind, name: &str| match signal(kind) {
            Ok(signal) => Some(signal),
            Err(err) => {
                tracing::warn!(error = %err, signal = name, "cannot handle the signal; it keeps its default action");
                None
            }
        };
        let term = install(SignalKind::terminate(), "SIGTERM");
        let interrupt = install(SignalKind::interrupt(), "SIGINT");
        async fn received(signal: Option<Signal>) {
            match signal {
                Some(mut signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        async move {
            tokio::select! {
                () = received(term) => {}
                () = received(interrupt) => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
