//! [`Clock`]: the one source of time for backoff, `Retry-After` waits, the
//! rate limiter, token expiry and daily resets. [`TokioClock`] is the real
//! one (it follows tokio's paused time in tests); [`ManualClock`] advances
//! only when something sleeps and records every sleep, so tests of waits are
//! instant and exact even while real sockets are in use.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// A boxed sleep future.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Monotonic time, wall time and sleeping.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// Monotonic time since an arbitrary, fixed origin.
    fn elapsed(&self) -> Duration;
    /// The wall-clock time (for daily resets and date windows).
    fn utc_now(&self) -> DateTime<Utc>;
    /// Waits `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The real clock: tokio's monotonic time (paused in `test-util` tests) and
/// the system's wall time.
#[derive(Debug, Clone)]
pub struct TokioClock {
    origin: tokio::time::Instant,
}

impl TokioClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        Self {
            origin: tokio::time::Instant::now(),
        }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for TokioClock {
    fn elapsed(&self) -> Duration {
        tokio::time::Instant::now().saturating_duration_since(self.origin)
    }

    fn utc_now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[derive(Debug)]
struct ManualState {
    elapsed: Duration,
    utc_origin: DateTime<Utc>,
    sleeps: Vec<Duration>,
}

/// A clock for tests: time moves only when a task sleeps (by exactly the
/// sleep) or [`ManualClock::advance`] is called. Every sleep is recorded.
#[derive(Debug, Clone)]
pub struct ManualClock {
    state: Arc<Mutex<ManualState>>,
}

impl ManualClock {
    /// A clock whose wall time starts at `utc_origin`.
    pub fn new(utc_origin: DateTime<Utc>) -> Self {
        Self {
            state: Arc::new(Mutex::new(ManualState {
                elapsed: Duration::ZERO,
                utc_origin,
                sleeps: Vec::new(),
            })),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut ManualState) -> R) -> R {
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }

    /// Moves time forward without recording a sleep.
    pub fn advance(&self, by: Duration) {
        self.with(|s| s.elapsed += by);
    }

    /// Every sleep so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.with(|s| s.sleeps.clone())
    }

    /// The sum of every sleep so far.
    pub fn total_slept(&self) -> Duration {
        self.with(|s| s.sleeps.iter().sum())
    }
}

impl Clock for ManualClock {
    fn elapsed(&self) -> Duration {
        self.with(|s| s.elapsed)
    }

    fn utc_now(&self) -> DateTime<Utc> {
        self.with(|s| {
            let offset = chrono::Duration::from_std(s.elapsed).unwrap_or(chrono::Duration::MAX);
            s.utc_origin + offset
        })
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        self.with(|s| {
            s.elapsed += duration;
            s.sleeps.push(duration);
        });
        Box::pin(tokio::task::yield_now())
    }
}

/// Adapts a [`Clock`] to governor's clock trait (instants are durations since
/// the clock's origin).
#[derive(Debug, Clone)]
pub(crate) struct GovernorClock(pub(crate) Arc<dyn Clock>);

impl governor::clock::Clock for GovernorClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn manual_clock_records_sleeps() {
        let clock = ManualClock::new(DateTime::<Utc>::UNIX_EPOCH);
        clock.sleep(Duration::from_secs(3)).await;
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.elapsed(), Duration::from_secs(4));
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);
        assert_eq!(clock.utc_now().timestamp(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn tokio_clock_follows_paused_time() {
        let clock = TokioClock::new();
        clock.sleep(Duration::from_secs(30)).await;
        assert_eq!(clock.elapsed(), Duration::from_secs(30));
    }
}
