//! Retry policy: which failures are retried, the exponential backoff with
//! full jitter (backon's exponential schedule, then a uniform draw in
//! `[0, step]`), `Retry-After` parsing and the retry budget (an AWS-style
//! token bucket so a failing Zoom is not hammered by every task at once).

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use backon::BackoffBuilder;
use chrono::{DateTime, Utc};

use crate::config::RetryConfig;
use crate::error::CallError;

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

/// A failed attempt that may be repeated: why, how long Zoom asked to wait
/// (`Retry-After`), and the error to report if it is not.
#[derive(Debug)]
pub(crate) struct Retryable {
    pub(crate) cause: RetryCause,
    pub(crate) after: Option<Duration>,
    pub(crate) error: CallError,
}

/// Where the request stands when an attempt failed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Progress {
    /// Whether the route may be repeated when its outcome is unknown.
    pub(crate) idempotent: bool,
    /// Attempts made, the failed one included.
    pub(crate) attempts: u32,
    /// The client clock now.
    pub(crate) now: Duration,
    /// The client clock at which the request gives up.
    pub(crate) deadline: Duration,
}

/// What to do after a retryable failure.
#[derive(Debug)]
pub(crate) enum Decision {
    /// Wait this long, then attempt again.
    Retry(Duration),
    /// Give up with this error (its detail says why it was not retried).
    Fail(CallError),
}

/// Decides whether a failed attempt is repeated. The wait is Zoom's
/// `Retry-After` or the next backoff step (drawn either way); the checks run
/// in order — a wait longer than Zoom's limit this client honours, an action
/// whose outcome is unknown, attempts used up, the deadline, and last the
/// retry budget (whose tokens are taken only when every other check passed).
pub(crate) fn decide(
    config: &RetryConfig,
    failed: Retryable,
    progress: Progress,
    backoff: &mut Backoff,
    budget: &RetryBudget,
) -> Decision {
    let Retryable {
        cause,
        after,
        mut error,
    } = failed;
    // Actions are repeated only when Zoom surely did not process them: after
    // a 429, or when the token could not be fetched (the action was never
    // sent).
    let allowed =
        progress.idempotent || matches!(cause, RetryCause::Throttled | RetryCause::TokenFetch);
    let wait = after.unwrap_or_else(|| backoff.next_delay());
    if after.is_some_and(|a| a > config.max_retry_after) {
        error.retry_after = after;
        error.detail = format!(
            "{}; zoom asked to wait {} s, longer than the {} s this client waits",
            error.detail,
            wait.as_secs(),
            config.max_retry_after.as_secs()
        );
        return Decision::Fail(error);
    }
    if !allowed {
        error.detail = format!(
            "{} (an action is not repeated automatically: zoom may have done it)",
            error.detail
        );
        return Decision::Fail(error);
    }
    if progress.attempts >= config.max_attempts {
        return Decision::Fail(error);
    }
    if progress.now + wait > progress.deadline {
        error.detail = format!(
            "{}; gave up: the {} s deadline for this request would pass",
            error.detail,
            config.overall_deadline.as_secs()
        );
        return Decision::Fail(error);
    }
    if !budget.try_acquire(cause) {
        error.detail = format!(
            "{}; not retried: the client's retry budget is spent (zoom is failing often)",
            error.detail
        );
        return Decision::Fail(error);
    }
    Decision::Retry(wait)
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

    fn failed(cause: RetryCause, after: Option<Duration>) -> Retryable {
        Retryable {
            cause,
            after,
            error: CallError::new(
                crate::error::ErrorKind::Server,
                crate::api::users::GET_USER,
                "zoom answered with a server error",
            ),
        }
    }

    fn progress(idempotent: bool, attempts: u32) -> Progress {
        Progress {
            idempotent,
            attempts,
            now: Duration::from_secs(10),
            deadline: Duration::from_secs(130),
        }
    }

    fn decide_with(
        config: &RetryConfig,
        failed: Retryable,
        progress: Progress,
        budget: &RetryBudget,
    ) -> Decision {
        let mut backoff = Backoff::new(config, fastrand::Rng::with_seed(1));
        decide(config, failed, progress, &mut backoff, budget)
    }

    fn detail(decision: Decision) -> String {
        match decision {
            Decision::Fail(error) => error.detail,
            Decision::Retry(wait) => panic!("retried after {wait:?}"),
        }
    }

    #[test]
    fn a_read_is_retried_after_a_backoff_step_and_pays_the_budget() {
        let config = RetryConfig::default();
        let budget = RetryBudget::new(&config);
        let decision = decide_with(
            &config,
            failed(RetryCause::Transient, None),
            progress(true, 1),
            &budget,
        );
        assert!(matches!(decision, Decision::Retry(w) if w <= config.initial_backoff));
        assert_eq!(
            budget.available(),
            config.budget_capacity - config.budget_retry_cost
        );
    }

    #[test]
    fn an_action_is_retried_only_after_a_429_and_waits_as_zoom_asked() {
        let config = RetryConfig::default();
        let budget = RetryBudget::new(&config);
        let after = Some(Duration::from_secs(3));
        let decision = decide_with(
            &config,
            failed(RetryCause::Throttled, after),
            progress(false, 1),
            &budget,
        );
        assert!(matches!(decision, Decision::Retry(w) if w == Duration::from_secs(3)));
        assert_eq!(budget.available(), config.budget_capacity);
        let not_again = decide_with(
            &config,
            failed(RetryCause::Transient, None),
            progress(false, 1),
            &budget,
        );
        assert!(
            detail(not_again)
                .ends_with("(an action is not repeated automatically: zoom may have done it)")
        );
        let token = decide_with(
            &config,
            failed(RetryCause::TokenFetch, None),
            progress(false, 1),
            &budget,
        );
        assert!(matches!(token, Decision::Retry(_)));
    }

    #[test]
    fn a_retry_after_beyond_the_limit_fails_with_the_wait() {
        let config = RetryConfig::default();
        let budget = RetryBudget::new(&config);
        let after = Some(config.max_retry_after + Duration::from_secs(1));
        match decide_with(
            &config,
            failed(RetryCause::Throttled, after),
            progress(true, 1),
            &budget,
        ) {
            Decision::Fail(error) => {
                assert_eq!(error.retry_after, after);
                assert!(
                    error
                        .detail
                        .contains("zoom asked to wait 61 s, longer than the 60 s")
                );
            }
            Decision::Retry(wait) => panic!("retried after {wait:?}"),
        }
    }

    #[test]
    fn attempts_deadline_and_budget_end_the_retries_in_that_order() {
        let config = RetryConfig::default();
        let budget = RetryBudget::new(&config);
        let last = decide_with(
            &config,
            failed(RetryCause::Transient, None),
            progress(true, config.max_attempts),
            &budget,
        );
        assert_eq!(detail(last), "zoom answered with a server error");
        let late = Progress {
            now: Duration::from_secs(129),
            ..progress(true, 1)
        };
        let late = decide_with(
            &config,
            failed(RetryCause::Throttled, Some(Duration::from_secs(2))),
            late,
            &budget,
        );
        assert!(detail(late).ends_with("gave up: the 120 s deadline for this request would pass"));
        // No check before the budget failed: nothing was taken from it yet.
        assert_eq!(budget.available(), config.budget_capacity);
        let spent = RetryBudget::new(&RetryConfig {
            budget_capacity: 4,
            ..RetryConfig::default()
        });
        let spent = decide_with(
            &config,
            failed(RetryCause::Transient, None),
            progress(true, 1),
            &spent,
        );
        assert!(
            detail(spent).ends_with(
                "not retried: the client's retry budget is spent (zoom is failing often)"
            )
        );
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
