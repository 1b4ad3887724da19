//! [`stop_requested`]: the one future that completes when the process is
//! asked to stop — Ctrl-C (SIGINT) or, on Unix, SIGTERM — so every command
//! handles both alike: it stops work, writes its summary or response, then exits.

/// Completes at the first SIGINT or SIGTERM. If a handler cannot be
/// installed, that signal keeps its default action and the other still works.
pub async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot handle SIGTERM; only Ctrl-C stops cleanly");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
