//! Panic boundaries: a panic in one unit of work (a fetch source, a `check`
//! probe, an action target, a protocol request) is caught and reported as a
//! `bug` of that unit, and every other unit goes on.
//!
//! Debug builds (the ones the end-to-end tests run) also read
//! `ZOOM_ADAPTER_TEST_PANIC`, a comma-separated list of unit names, and
//! panic at the start of those units: the tests prove the boundaries hold
//! without a special code path in release builds.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;

/// Runs `work`; a panic becomes `Err(message)`. The work is boxed: the
/// futures of a cycle's sources are large, and many of them side by side
/// would not fit a thread's stack.
pub async fn catch<T>(unit: &str, work: impl Future<Output = T>) -> Result<T, String> {
    let work = Box::pin(async {
        panic_point(unit);
        work.await
    });
    AssertUnwindSafe(work)
        .catch_unwind()
        .await
        .map_err(|panic| {
            let message = panic_message(panic.as_ref());
            tracing::error!(unit, %message, "caught a panic; the rest goes on");
            message
        })
}

/// The text of a panic payload (`panic!("…")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// The sentence a caught panic is reported with.
pub fn bug_message(unit: &str, panic: &str) -> String {
    format!("the adapter failed unexpectedly while running {unit} (a bug): {panic}")
}

/// What to do about a caught panic.
pub const BUG_WHAT_TO_DO: &str = "report this message to the adapter's maintainers; the other \
     parts of the run were not affected";

/// Panics when debug builds are asked to (see the module docs).
pub fn panic_point(unit: &str) {
    #[cfg(debug_assertions)]
    if let Ok(list) = std::env::var("ZOOM_ADAPTER_TEST_PANIC")
        && list.split(',').any(|name| name.trim() == unit)
    {
        panic!("ZOOM_ADAPTER_TEST_PANIC asked {unit} to panic");
    }
    #[cfg(not(debug_assertions))]
    let _ = unit;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_is_caught_with_its_message() {
        let caught = catch("unit", async {
            if "x".len() == 1 {
                panic!("boom {}", 42);
            }
            1
        })
        .await;
        assert_eq!(caught, Err("boom 42".to_owned()));
        assert_eq!(catch("unit", async { 7 }).await, Ok(7));
    }
}
