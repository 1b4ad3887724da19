//! [`ClientStats`]: counters for the cycle summary — requests per endpoint,
//! retries, rate-limit waits, token requests, quota used.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// A snapshot of the client's counters since it was built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP requests sent per endpoint (`GET /users`), every attempt counted.
    pub requests: BTreeMap<String, u64>,
    /// Calls that finally failed, per endpoint.
    pub failures: BTreeMap<String, u64>,
    /// Attempts repeated after a 429, 5xx, timeout or broken body.
    pub retries: u64,
    /// 429 answers received.
    pub throttled_responses: u64,
    /// Times a call waited for the client-side limiter or a 429 pause.
    pub rate_limit_waits: u64,
    /// Total time spent in those waits.
    pub rate_limit_wait_time: Duration,
    /// Total time spent in retry backoff (including `Retry-After`).
    pub backoff_time: Duration,
    /// Token requests sent to the OAuth endpoint.
    pub token_requests: u64,
    /// Tokens thrown away after a 401 / code 124.
    pub token_rejections: u64,
    /// Lists restarted after an expired page token.
    pub page_restarts: u64,
    /// Heavy + Resource-intensive requests counted against the daily budget.
    pub daily_quota_used: u64,
    /// The daily budget of Heavy + Resource-intensive requests for this client.
    pub daily_quota_budget: u64,
    /// With a [`crate::QuotaLedger`]: the day's count over every cycle on it.
    pub daily_quota_used_today: Option<u64>,
}

/// The shared, mutable counters behind [`ClientStats`].
#[derive(Debug, Default)]
pub(crate) struct Stats {
    inner: Mutex<ClientStats>,
}

impl Stats {
    pub(crate) fn update(&self, f: impl FnOnce(&mut ClientStats)) {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard);
    }

    pub(crate) fn snapshot(&self) -> ClientStats {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn request(&self, endpoint: &str) {
        self.update(|s| *s.requests.entry(endpoint.to_owned()).or_default() += 1);
    }

    pub(crate) fn failure(&self, endpoint: &str) {
        self.update(|s| *s.failures.entry(endpoint.to_owned()).or_default() += 1);
    }

    pub(crate) fn rate_limit_wait(&self, waited: Duration) {
        self.update(|s| {
            s.rate_limit_waits += 1;
            s.rate_limit_wait_time += waited;
        });
    }
}
