//! Simulated time: the clock every handler reads, and the horizon it may move to.
//!
//! The account is generated relative to the anchor; the clock starts at
//! `SimConfig::clock` (default: the anchor) and only moves forward, at most
//! [`FUTURE_DAYS`] days past the anchor. What is visible depends on the clock:
//! meetings after the anchor once they have ended, log entries after the anchor
//! once they have happened (late ones [`LATE_SECS`] later), and users are
//! deleted at their scheduled instants (within [`DELETION_DAYS`] of the anchor).

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

use crate::error::Error;

/// How far past the anchor the account extends: meetings are generated on the
/// days 1..=`FUTURE_DAYS` after the anchor's date, log entries up to
/// anchor + `FUTURE_DAYS` days, and the clock may not pass anchor + `FUTURE_DAYS` days.
pub const FUTURE_DAYS: u32 = 60;

/// Seconds after its `time` at which a late log entry becomes visible: every
/// 20th operation-log and sign-in entry after the anchor is late.
pub const LATE_SECS: i64 = 300;

/// Scheduled deletions fall within (anchor, anchor + `DELETION_DAYS` days]:
/// `ceil(users / 100)` distinct users (never the owner), drawn from the seed.
pub const DELETION_DAYS: u32 = 30;

/// The simulator's current time, shared by every handler (microseconds since the epoch).
#[derive(Debug)]
pub(crate) struct Clock {
    anchor: DateTime<Utc>,
    micros: AtomicI64,
}

impl Clock {
    /// A clock at `start` (default: the anchor); a config error outside anchor ..= horizon.
    pub(crate) fn new(anchor: DateTime<Utc>, start: Option<DateTime<Utc>>) -> Result<Clock, Error> {
        let clock = Clock {
            anchor,
            micros: AtomicI64::new(anchor.timestamp_micros()),
        };
        let start = start.unwrap_or(anchor);
        if start < anchor || start > clock.horizon() {
            return Err(Error::Config(format!(
                "clock {} is outside anchor {} ..= anchor + {FUTURE_DAYS} days ({})",
                start.to_rfc3339(),
                anchor.to_rfc3339(),
                clock.horizon().to_rfc3339()
            )));
        }
        clock.store(start);
        Ok(clock)
    }

    /// The latest instant the clock may reach: anchor + [`FUTURE_DAYS`] days.
    pub(crate) fn horizon(&self) -> DateTime<Utc> {
        self.anchor + Duration::days(i64::from(FUTURE_DAYS))
    }

    /// The current simulated time.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(self.micros.load(Ordering::SeqCst)).unwrap_or(self.anchor)
    }

    /// Checks a move from `from` to `to`: never backwards, never past the horizon.
    pub(crate) fn check(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<(), Error> {
        if to < from {
            return Err(Error::Clock(format!(
                "the clock cannot move backwards: it is {}, asked for {}",
                from.to_rfc3339(),
                to.to_rfc3339()
            )));
        }
        if to > self.horizon() {
            return Err(Error::Clock(format!(
                "the clock cannot pass anchor + {FUTURE_DAYS} days ({}): asked for {}",
                self.horizon().to_rfc3339(),
                to.to_rfc3339()
            )));
        }
        Ok(())
    }

    /// Sets the time (the caller has checked it and serialises moves).
    pub(crate) fn store(&self, to: DateTime<Utc>) {
        self.micros.store(to.timestamp_micros(), Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn anchor() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn the_clock_starts_at_the_anchor_and_stays_within_the_horizon() {
        let a = anchor();
        let c = Clock::new(a, None).unwrap();
        assert_eq!(c.now(), a);
        assert!(Clock::new(a, Some(a - Duration::seconds(1))).is_err());
        assert!(Clock::new(a, Some(a + Duration::days(61))).is_err());
        assert!(Clock::new(a, Some(a + Duration::days(60))).is_ok());
        assert!(c.check(a, a - Duration::seconds(1)).is_err());
        assert!(
            c.check(a, a + Duration::days(60) + Duration::seconds(1))
                .is_err()
        );
        assert!(c.check(a, a).is_ok());
        c.store(a + Duration::hours(3));
        assert_eq!(c.now(), a + Duration::hours(3));
    }
}
