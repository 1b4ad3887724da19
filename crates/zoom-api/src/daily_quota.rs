//! [`DailyQuota`]: this client's budget of the account's daily Heavy +
//! Resource-intensive quota (`max_daily_quota_share` of it), what Zoom's
//! headers say is left, and, when the host has one, the [`QuotaLedger`]
//! that counts the day's calls of every cycle on the same store.

use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};

use crate::error::{CallError, ErrorKind};
use crate::ledger::QuotaLedger;
use crate::rate_limit::{lock, next_utc_midnight};
use crate::route::Route;
use crate::stats::Stats;

/// The daily quota of one client.
#[derive(Debug)]
pub(crate) struct DailyQuota {
    counts: Mutex<Counts>,
    /// Counts the day's calls across cycles, when the host has one.
    ledger: OnceLock<Arc<dyn QuotaLedger>>,
}

#[derive(Debug)]
struct Counts {
    budget: u64,
    used: u64,
    /// Zoom's own count of what is left today, when a header told it.
    zoom_remaining: Option<u64>,
}

impl DailyQuota {
    /// A budget of `budget` calls, none used.
    pub(crate) fn new(budget: u64) -> Self {
        DailyQuota {
            counts: Mutex::new(Counts {
                budget,
                used: 0,
                zoom_remaining: None,
            }),
            ledger: OnceLock::new(),
        }
    }

    /// Counts every call in `ledger` from now on (a second ledger is refused).
    pub(crate) fn use_ledger(&self, ledger: Arc<dyn QuotaLedger>) -> bool {
        self.ledger.set(ledger).is_ok()
    }

    /// This client's calls and its budget.
    pub(crate) fn budget(&self) -> (u64, u64) {
        let counts = lock(&self.counts);
        (counts.used, counts.budget)
    }

    /// A higher budget (the plan was discovered); never a lower one.
    pub(crate) fn raise_budget(&self, budget: u64) {
        let mut counts = lock(&self.counts);
        counts.budget = counts.budget.max(budget);
    }

    /// What Zoom's `X-RateLimit-Remaining` says is left today.
    pub(crate) fn zoom_says_left(&self, remaining: u64) {
        lock(&self.counts).zoom_remaining = Some(remaining);
    }

    /// Calls still allowed today at `now`: the budget less this client's
    /// calls, or less the ledger's count for the day.
    pub(crate) fn left_today(&self, now: DateTime<Utc>) -> u64 {
        let (used, budget) = self.budget();
        let used = match self.ledger.get() {
            Some(ledger) => match ledger.used(now.date_naive()) {
                Ok(counted) => counted.max(used),
                // A ledger that cannot answer grants nothing.
                Err(_) => budget,
            },
            None => used,
        };
        budget.saturating_sub(used)
    }

    /// Counts one call of `route` at `now`, or says why it may not be sent
    /// today (Zoom's quota is used up, or this adapter's share is).
    pub(crate) fn charge(
        &self,
        route: &Route,
        now: DateTime<Utc>,
        stats: &Stats,
    ) -> Result<(), Box<CallError>> {
        let refuse = |kind: ErrorKind, message: String| {
            let mut err = CallError::new(kind, *route, message);
            err.category = Some(route.category);
            err.reset_at = Some(next_utc_midnight(now));
            Box::new(err)
        };
        let mut q = lock(&self.counts);
        if q.zoom_remaining == Some(0) {
            return Err(refuse(
                ErrorKind::DailyLimit,
                "zoom reports that the account's daily heavy/resource-intensive quota is used up"
                    .to_owned(),
            ));
        }
        let refused = match self.ledger.get() {
            None => (q.used >= q.budget).then(|| {
                format!(
                    "this client used {} of its {} heavy/resource-intensive calls for today \
                     (max_daily_quota_share of the account's daily quota)",
                    q.used, q.budget
                )
            }),
            Some(ledger) => match ledger.take(now.date_naive(), q.budget) {
                Ok(take) => {
                    stats.update(|s| s.daily_quota_used_today = Some(take.used_today));
                    (!take.granted).then(|| {
                        format!(
                            "the cycles on this state store used {} of the {} heavy/resource-intensive \
                             calls allowed today (max_daily_quota_share of the account's daily quota)",
                            take.used_today, q.budget
                        )
                    })
                }
                Err(reason) => Some(format!(
                    "the daily quota ledger in the state store could not count this call ({reason}); \
                     no heavy call is sent uncounted"
                )),
            },
        };
        if let Some(message) = refused {
            return Err(refuse(ErrorKind::QuotaBudget, message));
        }
        q.used += 1;
        q.zoom_remaining = q.zoom_remaining.map(|r| r.saturating_sub(1));
        let used = q.used;
        drop(q);
        stats.update(|s| s.daily_quota_used = used);
        Ok(())
    }
}
