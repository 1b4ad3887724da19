//! Retry policy: which failures are retried, the exponential backoff with
//! full jitter (backon's exponential schedule, then a uniform draw in
//! `[0, step]`), `Retry-After` parsing and the retry budget (an AWS-style
//! token bucket so a failing Zoom is not hammered by every task at once).

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use backon::BackoffBuilder;
use chrono::{DateTime, Utc};

use crate::config::RetryConfig;

/// The backoff steps of one request.
#[derive(Debug)]
pub(crate) struct Backoff {
    steps: backon::ExponentialBackoff,
    rng: fastrand::Rng,
}

impl Backoff {
    pub(crate) fn new(config: &RetryConfig, rng: fastrand::Rng) -> Self {
        let steps = backon::ExponentialBuilder::default()
            .with_min_delay(config.initial_backoff)
            .with_factor(config.multiplier)
            .with_max_delay(config.max_backoff)
            .without_max_times()
            .build();
        Self { steps, rng }
    }

    /// The next wait: a uniform draw in `[0, step]` ("full jitter").
    pub(crate) fn next_delay(&mut self) -> Duration {
        let step = self.steps.next().unwrap_or(Duration::from_secs(1));
        step.mul_f64(self.rng.f64())
    }
}

/// Why an attempt may be repeated; each costs the budget differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryCause {
    /// 429 per-second limit: Zoom did not process the call; free of budget.
    Throttled,
    /// A timeout.
    Timeout,
    /// 5xx, a dropped connection or a broken body.
    Transient,
    /// The access token could not be fetched; the call itself was not sent.
    TokenFetch,
}

/// An AWS-style retry budget: retries take tokens, successes give one back.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    tokens: Mutex<u32>,
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
    refund: u32,
}

impl RetryBudget {
    pub(crate) fn new(config: &RetryConfig) -> Self {
        Self {
            tokens: Mutex::new(config.budget_capacity),
            capacity: config.budget_capacity,
            retry_cost: config.budget_retry_cost,
            timeout_cost: config.budget_timeout_cost,
            refund: config.budget_success_refund,
        }
    }

    /// Takes the tokens a retry costs; `false` when the budget is spent.
    pub(crate) fn try_acquire(&self, cause: RetryCause) -> bool {
        let cost = match cause {
            RetryCause::Throttled => 0,
            RetryCause::Timeout => self.timeout_cost,
            RetryCause::Transient | RetryCause::TokenFetch => self.retry_cost,
        };
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        if *tokens >= cost {
            *tokens -= cost;
            true
        } else {
            false
        }
    }

    /// Gives tokens back after a success.
    pub(crate) fn on_success(&self) {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        *tokens = (*tokens + self.refund).min(self.capacity);
    }

    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The longest `Retry-After` delay taken as sent (two days, longer than any
/// daily reset); longer ones are clamped to it.
pub(crate) const RETRY_AFTER_CEILING: Duration = Duration::from_secs(2 * 24 * 3600);

/// A `Retry-After` value: delay seconds, an RFC 3339 timestamp (what Zoom
/// sends for daily limits) or an HTTP date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryAfter {
    /// Wait this long.
    Delay(Duration),
    /// Wait until then.
    At(DateTime<Utc>),
}

impl RetryAfter {
    /// Parses the header. A delay longer than [`RETRY_AFTER_CEILING`] (the
    /// server may send any number, `1e20` included) is clamped to it: the
    /// caller gives up on waits that long anyway, and nothing overflows.
    pub(crate) fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if let Ok(secs) = value.parse::<u64>() {
            let delay = Duration::from_secs(secs.min(RETRY_AFTER_CEILING.as_secs()));
            return Some(RetryAfter::Delay(delay));
        }
        if let Ok(secs) = value.parse::<f64>()
            && secs.is_finite()
            && secs >= 0.0
        {
            let delay = Duration::try_from_secs_f64(secs)
                .unwrap_or(RETRY_AFTER_CEILING)
                .min(RETRY_AFTER_CEILING);
            return Some(RetryAfter::Delay(delay));
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(value) {
            return Some(RetryAfter::At(at.with_timezone(&Utc)));
        }
        DateTime::parse_from_rfc2822(value)
            .ok()
            .map(|at| RetryAfter::At(at.with_timezone(&Utc)))
    }

    /// The wait from `now`.
    pub(crate) fn delay_from(self, now: DateTime<Utc>) -> Duration {
        match self {
            RetryAfter::Delay(d) => d,
            RetryAfter::At(at) => (at - now).to_std().unwrap_or(Duration::ZERO),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = DateTime::parse_from_rfc3339("2020-05-30T23:59:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(
            RetryAfter::parse("7"),
            Some(RetryAfter::Delay(Duration::from_secs(7)))
        );
        let at = RetryAfter::parse("2020-05-31T00:00:00Z");
        assert_eq!(at.map(|a| a.delay_from(now)), Some(Duration::from_secs(60)));
        let http = RetryAfter::parse("Sun, 31 May 2020 00:00:00 GMT");
        assert_eq!(
            http.map(|a| a.delay_from(now)),
            Some(Duration::from_secs(60))
        );
        assert_eq!(RetryAfter::parse("soon"), None);
    }

    #[test]
    fn backoff_is_full_jitter_within_the_exponential_step() {
        let config = RetryConfig::default();
        let mut backoff = Backoff::new(&config, fastrand::Rng::with_seed(7));
        let caps = [1, 2, 4, 8, 16, 20, 20];
        for cap in caps {
            let d = backoff.next_delay();
            assert!(d <= Duration::from_secs(cap), "{d:?} > {cap}s");
        }
    }

    #[test]
    fn budget_runs_out_and_refills() {
        let config = RetryConfig {
            budget_capacity: 10,
            ..RetryConfig::default()
        };
        let budget = RetryBudget::new(&config);
        assert!(budget.try_acquire(RetryCause::Transient));
        assert!(budget.try_acquire(RetryCause::Transient));
        assert!(!budget.try_acquire(RetryCause::Transient));
        assert!(budget.try_acquire(RetryCause::Throttled));
        budget.on_success();
        assert_eq!(budget.available(), 1);
    }
}
