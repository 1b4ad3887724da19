//! [`QuotaLedger`]: where the Heavy + Resource-intensive calls of a UTC day
//! are counted when more than one cycle (or process) spends the same
//! account's daily share. Without a ledger a client counts only its own
//! calls; with one, every call is granted by the ledger first, so the
//! cycles of a day together stay within `max_daily_quota_share`.

use std::fmt;

use chrono::NaiveDate;

/// A shared count of the calls of each UTC day (the host's state store).
pub trait QuotaLedger: Send + Sync + fmt::Debug {
    /// Counts one call on `day` when fewer than `budget` were counted that
    /// day, atomically with every other user of the ledger. `Err` says why
    /// the ledger could not answer (no call is made then).
    fn take(&self, day: NaiveDate, budget: u64) -> Result<LedgerTake, String>;

    /// The calls counted on `day` so far, by every user of the ledger.
    fn used(&self, day: NaiveDate) -> Result<u64, String>;
}

/// The answer of [`QuotaLedger::take`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerTake {
    /// The call was counted and may be sent.
    pub granted: bool,
    /// The day's count after this answer (every cycle on the ledger).
    pub used_today: u64,
}
