//! Client-side rate limiting per Zoom category (docs/operations.md, "Rate limits"): a governor
//! limiter per category sized from the plan and tightened by the
//! `X-RateLimit-*` headers Zoom sends, category-wide pauses after a 429,
//! daily-limit stops until the reset, and this client's budget of the daily
//! Heavy + Resource-intensive quota that all apps of the account share.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Days, NaiveTime, Utc};
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use reqwest::header::HeaderMap;

use crate::clock::{Clock, GovernorClock};
use crate::config::Plan;
use crate::daily_quota::DailyQuota;
use crate::error::{CallError, ErrorKind};
use crate::ledger::QuotaLedger;
use crate::route::{Period, RateCategory, Route};
use crate::stats::Stats;

/// The account's daily quota of Heavy + Resource-intensive requests.
pub fn daily_heavy_quota(plan: Plan) -> u64 {
    match plan {
        // Free has per-category daily caps; Heavy's 1,000 is the binding one.
        Plan::Free => 1_000,
        Plan::Pro => 30_000,
        Plan::Business => 60_000,
    }
}

type Limiter = RateLimiter<NotKeyed, InMemoryState, GovernorClock, NoOpMiddleware<Duration>>;

/// Evenly spaced requests without a burst: `count` per `period` never puts
/// more than `count` requests in any window of that length, so even a
/// fixed-window counter on Zoom's side is never exceeded.
fn quota(count: u32, period: Period) -> Quota {
    let length = match period {
        Period::Second => Duration::from_secs(1),
        Period::Minute => Duration::from_secs(60),
    };
    let spacing = length / count.max(1);
    Quota::with_period(spacing)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::MIN)
}

/// What stops: a whole category or one route (per-endpoint daily caps such
/// as user invitations).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum StopKey {
    Category(RateCategory),
    Route(&'static str, &'static str),
}

#[derive(Debug)]
struct CategoryState {
    limiter: Arc<Limiter>,
    per_period: u32,
    period: Period,
    /// No request before this instant (clock time), after a 429 or an
    /// exhausted `X-RateLimit-Remaining`.
    paused_until: Option<Duration>,
}

/// The limiter set of one client.
#[derive(Debug)]
pub(crate) struct RateLimits {
    clock: Arc<dyn Clock>,
    /// The plan the limits are sized for, and why (what proved it).
    plan: Mutex<(Plan, Option<String>)>,
    daily_share: f64,
    categories: [Mutex<CategoryState>; 4],
    stops: Mutex<HashMap<StopKey, DateTime<Utc>>>,
    quotas: DailyQuota,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The next 00:00 UTC after `now` (Zoom's daily reset).
pub fn next_utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let date = now
        .date_naive()
        .checked_add_days(Days::new(1))
        .unwrap_or(now.date_naive());
    date.and_time(NaiveTime::MIN).and_utc()
}

impl RateLimits {
    pub(crate) fn new(plan: Plan, daily_share: f64, clock: Arc<dyn Clock>) -> Self {
        let make = |category: RateCategory| {
            let (per_period, period) = category.limit(plan);
            Mutex::new(CategoryState {
                limiter: Arc::new(RateLimiter::direct_with_clock(
                    quota(per_period, period),
                    GovernorClock(clock.clone()),
                )),
                per_period,
                period,
                paused_until: None,
            })
        };
        let budget = (daily_heavy_quota(plan) as f64 * daily_share).floor() as u64;
        Self {
            categories: RateCategory::ALL.map(make),
            plan: Mutex::new((plan, None)),
            daily_share,
            clock,
            stops: Mutex::new(HashMap::new()),
            quotas: DailyQuota::new(budget),
        }
    }

    /// Counts every Heavy + Resource-intensive call in `ledger` from now on
    /// (once per client; a second ledger is refused).
    pub(crate) fn use_ledger(&self, ledger: Arc<dyn QuotaLedger>) -> bool {
        self.quotas.use_ledger(ledger)
    }

    /// Heavy + Resource-intensive calls still allowed today.
    pub(crate) fn left_today(&self) -> u64 {
        self.quotas.left_today(self.clock.utc_now())
    }

    /// The plan the limits are sized for, and what proved it (`None`: the
    /// configured plan).
    pub(crate) fn plan(&self) -> (Plan, Option<String>) {
        lock(&self.plan).clone()
    }

    /// Raises the limits to `plan`'s when it is above the current one:
    /// `route` answered, and only `plan` serves it. Per-period limits and
    /// the daily budget grow; a tighter limit Zoom's headers set stays.
    pub(crate) fn raise_to(&self, plan: Plan, route: &Route) {
        {
            let mut current = lock(&self.plan);
            if plan <= current.0 {
                return;
            }
            *current = (plan, Some(format!("{route} answered")));
        }
        tracing::info!(plan = %plan, endpoint = %route, "zoom showed the account's plan; rate limits raised");
        for category in RateCategory::ALL {
            let (per_period, period) = category.limit(plan);
            let mut state = lock(&self.categories[category.index()]);
            if period == state.period && per_period > state.per_period {
                state.limiter = Arc::new(RateLimiter::direct_with_clock(
                    quota(per_period, period),
                    GovernorClock(self.clock.clone()),
                ));
                state.per_period = per_period;
            }
        }
        let budget = (daily_heavy_quota(plan) as f64 * self.daily_share).floor() as u64;
        self.quotas.raise_budget(budget);
    }

    pub(crate) fn budget(&self) -> (u64, u64) {
        self.quotas.budget()
    }

    fn stop_for(&self, route: &Route) -> Option<DateTime<Utc>> {
        let now = self.clock.utc_now();
        let mut stops = lock(&self.stops);
        stops.retain(|_, until| *until > now);
        stops
            .get(&StopKey::Category(route.category))
            .or_else(|| stops.get(&StopKey::Route(route.method.as_str(), route.path)))
            .copied()
    }

    /// Waits until `route` may be sent, or says why it may not be sent today.
    pub(crate) async fn acquire(&self, route: &Route, stats: &Stats) -> Result<(), CallError> {
        if let Some(reset) = self.stop_for(route) {
            let mut err = CallError::new(
                ErrorKind::DailyLimit,
                *route,
                format!(
                    "zoom's daily limit for {} calls was reached earlier in this cycle",
                    route.category
                ),
            );
            err.category = Some(route.category);
            err.reset_at = Some(reset);
            return Err(err);
        }
        if route.category.shares_daily_quota() {
            self.quotas
                .charge(route, self.clock.utc_now(), stats)
                .map_err(|refused| *refused)?;
        }
        let started = self.clock.elapsed();
        let mut waited = false;
        loop {
            let (limiter, paused_until) = {
                let state = lock(&self.categories[route.category.index()]);
                (state.limiter.clone(), state.paused_until)
            };
            let now = self.clock.elapsed();
            if let Some(until) = paused_until
                && until > now
            {
                waited = true;
                self.clock.sleep(until - now).await;
                continue;
            }
            match limiter.check() {
                Ok(()) => break,
                Err(not_until) => {
                    waited = true;
                    let wait = not_until.wait_time_from(self.clock.elapsed());
                    self.clock.sleep(wait.max(Duration::from_millis(1))).await;
                }
            }
        }
        if waited {
            stats.rate_limit_wait(self.clock.elapsed().saturating_sub(started));
        }
        Ok(())
    }

    /// Pauses every call of `category` for `wait`.
    pub(crate) fn pause(&self, category: RateCategory, wait: Duration) {
        let until = self.clock.elapsed().saturating_add(wait);
        let mut state = lock(&self.categories[category.index()]);
        if state.paused_until.is_none_or(|u| u < until) {
            state.paused_until = Some(until);
        }
    }

    /// Stops `route`'s category (or just the route) until `reset_at`.
    pub(crate) fn stop_daily(&self, route: &Route, route_only: bool, reset_at: DateTime<Utc>) {
        let mut stops = lock(&self.stops);
        if route_only {
            stops.insert(StopKey::Route(route.method.as_str(), route.path), reset_at);
        } else if route.category.shares_daily_quota() {
            // Heavy and Resource-intensive share one daily quota.
            stops.insert(StopKey::Category(RateCategory::Heavy), reset_at);
            stops.insert(StopKey::Category(RateCategory::ResourceIntensive), reset_at);
        } else {
            stops.insert(StopKey::Category(route.category), reset_at);
        }
    }

    /// Reads `X-RateLimit-*` and tightens the limiter: a per-second limit
    /// lower than the plan's replaces it, an exhausted per-second remainder
    /// pauses the category for a second, and a daily remainder caps the budget.
    pub(crate) fn observe(&self, route: &Route, headers: &HeaderMap) {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        let number = |name: &str| text(name).and_then(|v| v.parse::<u64>().ok());
        let category = text("x-ratelimit-category")
            .and_then(parse_category)
            .unwrap_or(route.category);
        let (Some(limit), remaining) =
            (number("x-ratelimit-limit"), number("x-ratelimit-remaining"))
        else {
            return;
        };
        let kind = text("x-ratelimit-type").map(str::to_ascii_lowercase);
        let daily = match kind.as_deref() {
            Some(k) if k.contains("daily") => true,
            Some(k) if k.contains("qps") || k.contains("second") => false,
            // No per-second limit is above 100; daily ones are 1,000 and up.
            _ => limit > 100,
        };
        if daily {
            if let Some(remaining) = remaining {
                if category.shares_daily_quota() {
                    self.quotas.zoom_says_left(remaining);
                } else if remaining == 0 {
                    let reset = next_utc_midnight(self.clock.utc_now());
                    lock(&self.stops).insert(StopKey::Category(category), reset);
                }
            }
            return;
        }
        let mut state = lock(&self.categories[category.index()]);
        // A limit that does not fit a u32 is no tightening (never truncated).
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        if state.period == Period::Second && limit > 0 && limit < state.per_period {
            tracing::debug!(
                category = category.name(),
                limit,
                "zoom reports a lower per-second limit; tightening"
            );
            state.per_period = limit;
            state.limiter = Arc::new(RateLimiter::direct_with_clock(
                quota(limit, Period::Second),
                GovernorClock(self.clock.clone()),
            ));
        }
        if remaining == Some(0) {
            let until = self.clock.elapsed() + Duration::from_secs(1);
            if state.paused_until.is_none_or(|u| u < until) {
                state.paused_until = Some(until);
            }
        }
    }
}

fn parse_category(value: &str) -> Option<RateCategory> {
    let v = value.to_ascii_lowercase();
    if v.starts_with("light") {
        Some(RateCategory::Light)
    } else if v.starts_with("medium") {
        Some(RateCategory::Medium)
    } else if v.starts_with("heavy") {
        Some(RateCategory::Heavy)
    } else if v.starts_with("resource") {
        Some(RateCategory::ResourceIntensive)
    } else {
        None
    }
}

/// Whether a 429 is a daily limit (header type or message).
pub(crate) fn is_daily_limit(headers: &HeaderMap, message: Option<&str>) -> bool {
    let header_daily = headers
        .get("x-ratelimit-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("daily"));
    header_daily
        || message.is_some_and(|m| {
            let m = m.to_ascii_lowercase();
            m.contains("daily") || m.contains("resume these requests at")
        })
}

/// Whether a daily-limit message names a per-endpoint or per-user cap rather
/// than the whole category.
pub(crate) fn is_route_daily_cap(message: Option<&str>) -> bool {
    message.is_some_and(|m| {
        let m = m.to_ascii_lowercase();
        m.contains("particular user") || m.contains("invite") || m.contains("meeting create")
    })
}

/// The plan a client's rate limits are sized for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInUse {
    /// The plan.
    pub plan: Plan,
    /// Whether the plan is discovered from Zoom's answers
    /// ([`ClientConfig::discover_plan`]) rather than configured.
    pub discovered: bool,
    /// What proved it (`GET /metrics/meetings answered`), when an answer did.
    pub evidence: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::route::Method;

    const HEAVY: Route = Route {
        method: Method::Get,
        path: "/report/operationlogs",
        scopes: &["report:read:admin"],
        granular_scopes: &[],
        category: RateCategory::Heavy,
        min_plan: None,
    };
    const MEDIUM: Route = Route {
        method: Method::Get,
        path: "/users",
        scopes: &["user:read:admin"],
        granular_scopes: &[],
        category: RateCategory::Medium,
        min_plan: None,
    };

    fn clock() -> ManualClock {
        ManualClock::new(DateTime::<Utc>::UNIX_EPOCH)
    }

    /// A ledger other cycles already spent `used` of.
    #[derive(Debug)]
    struct SharedDay(Mutex<u64>);

    impl QuotaLedger for SharedDay {
        fn take(&self, _: chrono::NaiveDate, budget: u64) -> Result<crate::LedgerTake, String> {
            let mut used = lock(&self.0);
            let granted = *used < budget;
            *used += u64::from(granted);
            Ok(crate::LedgerTake {
                granted,
                used_today: *used,
            })
        }

        fn used(&self, _: chrono::NaiveDate) -> Result<u64, String> {
            Ok(*lock(&self.0))
        }
    }

    #[tokio::test]
    async fn with_a_ledger_the_day_is_shared_with_every_other_cycle() {
        let clock = clock();
        // Free: 1,000 a day; half of it is this adapter's, of which other
        // cycles spent 498.
        let limits = RateLimits::new(Plan::Free, 0.5, Arc::new(clock));
        assert!(limits.use_ledger(Arc::new(SharedDay(Mutex::new(498)))));
        assert_eq!(limits.left_today(), 2);
        let stats = Stats::default();
        assert!(limits.acquire(&HEAVY, &stats).await.is_ok());
        assert!(limits.acquire(&HEAVY, &stats).await.is_ok());
        let refused = limits.acquire(&HEAVY, &stats).await.unwrap_err();
        assert_eq!(refused.kind, ErrorKind::QuotaBudget);
        assert!(
            refused.detail.contains("500 of the 500"),
            "{}",
            refused.detail
        );
        assert_eq!(stats.snapshot().daily_quota_used, 2);
        assert_eq!(stats.snapshot().daily_quota_used_today, Some(500));
        // Medium calls are not counted.
        assert!(limits.acquire(&MEDIUM, &stats).await.is_ok());
    }

    #[tokio::test]
    async fn limiter_spaces_requests_by_plan() {
        let clock = clock();
        let limits = RateLimits::new(Plan::Free, 0.5, Arc::new(clock.clone()));
        let stats = Stats::default();
        // Free Medium: 2/s, one every half second.
        for _ in 0..3 {
            assert!(limits.acquire(&MEDIUM, &stats).await.is_ok());
        }
        assert_eq!(clock.total_slept(), Duration::from_secs(1));
        assert_eq!(stats.snapshot().rate_limit_waits, 2);
    }

    #[tokio::test]
    async fn headers_tighten_the_per_second_limit() {
        let clock = clock();
        let limits = RateLimits::new(Plan::Pro, 0.5, Arc::new(clock.clone()));
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-ratelimit-limit",
            "1".parse().unwrap_or_else(|_| unreachable!()),
        );
        headers.insert(
            "x-ratelimit-remaining",
            "0".parse().unwrap_or_else(|_| unreachable!()),
        );
        limits.observe(&MEDIUM, &headers);
        let stats = Stats::default();
        assert!(limits.acquire(&MEDIUM, &stats).await.is_ok());
        assert!(limits.acquire(&MEDIUM, &stats).await.is_ok());
        assert!(clock.total_slept() >= Duration::from_secs(1));
    }

    #[tokio::test]
    async fn budget_stops_heavy_calls() {
        let clock = clock();
        // Free: 1,000 × 0.002 = 2 calls.
        let limits = RateLimits::new(Plan::Free, 0.002, Arc::new(clock.clone()));
        let stats = Stats::default();
        assert!(limits.acquire(&HEAVY, &stats).await.is_ok());
        assert!(limits.acquire(&HEAVY, &stats).await.is_ok());
        let err = limits.acquire(&HEAVY, &stats).await.err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::QuotaBudget));
        // Medium calls go on.
        assert!(limits.acquire(&MEDIUM, &stats).await.is_ok());
    }

    #[tokio::test]
    async fn daily_stop_lasts_until_reset() {
        let clock = clock();
        let limits = RateLimits::new(Plan::Pro, 0.5, Arc::new(clock.clone()));
        let stats = Stats::default();
        let reset = next_utc_midnight(clock.utc_now());
        limits.stop_daily(&HEAVY, false, reset);
        let err = limits.acquire(&HEAVY, &stats).await.err();
        assert_eq!(err.as_ref().map(|e| e.kind), Some(ErrorKind::DailyLimit));
        assert_eq!(err.and_then(|e| e.reset_at), Some(reset));
        clock.advance(Duration::from_secs(86_400));
        assert!(limits.acquire(&HEAVY, &stats).await.is_ok());
    }

    #[tokio::test]
    async fn zoom_daily_remaining_zero_stops_heavy_calls() {
        let clock = clock();
        let limits = RateLimits::new(Plan::Pro, 0.5, Arc::new(clock.clone()));
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-ratelimit-category",
            "Heavy".parse().unwrap_or_else(|_| unreachable!()),
        );
        headers.insert(
            "x-ratelimit-limit",
            "30000".parse().unwrap_or_else(|_| unreachable!()),
        );
        headers.insert(
            "x-ratelimit-remaining",
            "1".parse().unwrap_or_else(|_| unreachable!()),
        );
        limits.observe(&HEAVY, &headers);
        let stats = Stats::default();
        assert!(limits.acquire(&HEAVY, &stats).await.is_ok());
        let err = limits.acquire(&HEAVY, &stats).await.err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::DailyLimit));
        assert!(limits.acquire(&MEDIUM, &stats).await.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn resource_intensive_waits_in_paused_time() {
        use crate::clock::TokioClock;
        let limits = RateLimits::new(Plan::Pro, 0.5, Arc::new(TokioClock::new()));
        let stats = Stats::default();
        let dashboard = Route {
            category: RateCategory::ResourceIntensive,
            ..HEAVY
        };
        let start = tokio::time::Instant::now();
        // Pro: 10 per minute, one every 6 s of (paused) time.
        for _ in 0..3 {
            assert!(limits.acquire(&dashboard, &stats).await.is_ok());
        }
        assert_eq!(start.elapsed(), Duration::from_secs(12));
        assert_eq!(
            stats.snapshot().rate_limit_wait_time,
            Duration::from_secs(12)
        );
    }

    #[test]
    fn midnight() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T11:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(
            next_utc_midnight(now).to_rfc3339(),
            "2026-11-24T00:00:00+00:00"
        );
    }
}
