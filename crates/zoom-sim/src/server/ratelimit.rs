//! Zoom's account-level rate limits (docs/operations.md, "Simulator", rate limits): a per-second (or, for
//! Resource-intensive, per-minute) token bucket per category and daily quotas
//! per plan, with Heavy and Resource-intensive sharing one daily quota on Pro
//! and Business. Time is passed in, so tests control it.

use std::time::Instant;

use chrono::{NaiveDate, NaiveTime};

use super::endpoints::Category;
use crate::config::{DailyLimitOverrides, Plan};

/// A refused request: what the 429 says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Limited {
    /// `QPS` or `Daily-limit`.
    pub(crate) kind: &'static str,
    /// The limit that was hit.
    pub(crate) limit: u64,
    /// `Retry-After`: seconds (QPS) or an RFC 3339 instant (daily).
    pub(crate) retry_after: String,
}

/// What a served request may report in headers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Served {
    /// The daily limit and what remains of it, when the category has one.
    pub(crate) daily: Option<(u64, u64)>,
}

#[derive(Debug)]
struct Bucket {
    capacity: f64,
    per_sec: f64,
    tokens: f64,
    last: Option<Instant>,
}

impl Bucket {
    fn new(capacity: f64, per_sec: f64) -> Self {
        Bucket {
            capacity,
            per_sec,
            tokens: capacity,
            last: None,
        }
    }

    fn refill(&mut self, now: Instant) {
        if let Some(last) = self.last {
            let dt = now.saturating_duration_since(last).as_secs_f64();
            self.tokens = (self.tokens + dt * self.per_sec).min(self.capacity);
        }
        self.last = Some(now);
    }
}

#[derive(Debug)]
struct Daily {
    limit: u64,
    day: Option<NaiveDate>,
    used: u64,
}

/// The limiter of one simulated account.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    buckets: [Bucket; 4],
    /// Daily pools and which pool each category draws from.
    pools: Vec<Daily>,
    pool_of: [Option<usize>; 4],
    per_second: [u64; 4],
}

impl RateLimiter {
    /// The limits of `plan`, with daily overrides.
    pub(crate) fn new(plan: Plan, o: DailyLimitOverrides, qps_scale: f64) -> Self {
        // (per-second limit, or per-minute for Resource-intensive)
        let (light, medium, heavy, ri_per_min) = match plan {
            Plan::Free => (4, 2, 1, 10),
            Plan::Pro => (30, 20, 10, 10),
            Plan::Business => (80, 60, 40, 20),
        };
        let scale = if qps_scale.is_finite() && qps_scale > 0.0 {
            qps_scale
        } else {
            0.0
        };
        let (light, medium, heavy, ri_per_min) = if scale == 0.0 {
            (0, 0, 0, 0)
        } else {
            let s = |n: u64| ((n as f64 * scale).round() as u64).max(1);
            (s(light), s(medium), s(heavy), s(ri_per_min))
        };
        let buckets = [
            Bucket::new(light as f64, light as f64),
            Bucket::new(medium as f64, medium as f64),
            Bucket::new(heavy as f64, heavy as f64),
            Bucket::new(ri_per_min as f64, ri_per_min as f64 / 60.0),
        ];
        let mut pools = Vec::new();
        let mut pool_of = [None; 4];
        let mut add = |limit: Option<u64>, cats: &[usize], pools: &mut Vec<Daily>| {
            if let Some(limit) = limit {
                pools.push(Daily {
                    limit,
                    day: None,
                    used: 0,
                });
                for &c in cats {
                    pool_of[c] = Some(pools.len() - 1);
                }
            }
        };
        match plan {
            Plan::Free => {
                add(Some(o.light.unwrap_or(6000)), &[0], &mut pools);
                add(Some(o.medium.unwrap_or(2000)), &[1], &mut pools);
                add(Some(o.heavy.unwrap_or(1000)), &[2], &mut pools);
                add(
                    Some(o.resource_intensive.unwrap_or(30_000)),
                    &[3],
                    &mut pools,
                );
            }
            Plan::Pro | Plan::Business => {
                add(o.light, &[0], &mut pools);
                add(o.medium, &[1], &mut pools);
                let shared = if plan == Plan::Pro { 30_000 } else { 60_000 };
                add(Some(o.heavy.unwrap_or(shared)), &[2, 3], &mut pools);
            }
        }
        RateLimiter {
            buckets,
            pools,
            pool_of,
            per_second: [light, medium, heavy, ri_per_min],
        }
    }

    /// Admits or refuses one request of category `c` at `now` on `today` (UTC).
    pub(crate) fn check(
        &mut self,
        c: Category,
        now: Instant,
        today: NaiveDate,
    ) -> Result<Served, Limited> {
        let i = c as usize;
        if let Some(p) = self.pool_of[i] {
            let pool = &mut self.pools[p];
            if pool.day != Some(today) {
                pool.day = Some(today);
                pool.used = 0;
            }
            if pool.used >= pool.limit {
                let next = today
                    .succ_opt()
                    .unwrap_or(today)
                    .and_time(NaiveTime::MIN)
                    .and_utc();
                return Err(Limited {
                    kind: "Daily-limit",
                    limit: pool.limit,
                    retry_after: crate::model::ts(next),
                });
            }
        }
        let b = &mut self.buckets[i];
        b.refill(now);
        if self.per_second[i] > 0 && b.tokens < 1.0 {
            let wait = ((1.0 - b.tokens) / b.per_sec).ceil().max(1.0) as u64;
            return Err(Limited {
                kind: "QPS",
                limit: self.per_second[i],
                retry_after: wait.to_string(),
            });
        }
        b.tokens -= 1.0;
        let daily = self.pool_of[i].map(|p| {
            let pool = &mut self.pools[p];
            pool.used += 1;
            (pool.limit, pool.limit - pool.used)
        });
        Ok(Served { daily })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    #[test]
    fn a_burst_gets_exactly_the_per_second_limit() {
        for (plan, light) in [(Plan::Free, 4), (Plan::Pro, 30), (Plan::Business, 80)] {
            let mut rl = RateLimiter::new(plan, DailyLimitOverrides::default(), 1.0);
            let t = Instant::now();
            let ok = (0..200)
                .filter(|_| rl.check(Category::Light, t, day()).is_ok())
                .count();
            assert_eq!(ok, light);
            // One second later the bucket is full again.
            let t2 = t + Duration::from_secs(1);
            let ok = (0..200)
                .filter(|_| rl.check(Category::Light, t2, day()).is_ok())
                .count();
            assert_eq!(ok, light);
        }
    }

    #[test]
    fn scale_zero_turns_per_second_limits_off() {
        let mut rl = RateLimiter::new(Plan::Free, DailyLimitOverrides::default(), 0.0);
        let t = Instant::now();
        assert_eq!(
            (0..500)
                .filter(|_| rl.check(Category::Light, t, day()).is_ok())
                .count(),
            500
        );
        let mut rl = RateLimiter::new(Plan::Free, DailyLimitOverrides::default(), 10.0);
        assert_eq!(
            (0..500)
                .filter(|_| rl.check(Category::Light, t, day()).is_ok())
                .count(),
            40
        );
    }

    #[test]
    fn resource_intensive_is_per_minute() {
        let mut rl = RateLimiter::new(Plan::Pro, DailyLimitOverrides::default(), 1.0);
        let t = Instant::now();
        let ok = (0..50)
            .filter(|_| rl.check(Category::ResourceIntensive, t, day()).is_ok())
            .count();
        assert_eq!(ok, 10);
        let refused = rl.check(Category::ResourceIntensive, t, day());
        assert_eq!(refused.map_err(|l| l.retry_after), Err("6".to_string()));
    }

    #[test]
    fn heavy_and_resource_intensive_share_the_daily_quota_on_pro() {
        let o = DailyLimitOverrides {
            heavy: Some(5),
            ..DailyLimitOverrides::default()
        };
        let mut rl = RateLimiter::new(Plan::Pro, o, 1.0);
        let mut t = Instant::now();
        let mut served = 0;
        for i in 0..20 {
            t += Duration::from_secs(10);
            let c = if i % 2 == 0 {
                Category::Heavy
            } else {
                Category::ResourceIntensive
            };
            match rl.check(c, t, day()) {
                Ok(_) => served += 1,
                Err(l) => {
                    assert_eq!(l.kind, "Daily-limit");
                    assert_eq!(l.retry_after, "2026-11-24T00:00:00Z");
                }
            }
        }
        assert_eq!(served, 5);
        // A new day resets the quota.
        let next = day().succ_opt().unwrap_or_default();
        assert!(
            rl.check(Category::Heavy, t + Duration::from_secs(10), next)
                .is_ok()
        );
    }
}
