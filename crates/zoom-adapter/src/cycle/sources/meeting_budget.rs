//! [`Budget`]: how many past meetings today's quota share lets the
//! meetings source read (one Heavy participants call each), and the report
//! of the meetings it left out.

use std::sync::atomic::{AtomicU64, Ordering};

use asset_schema::Kind;

use crate::cycle::shared::Shared;
use crate::summary::FailureKind;

/// What today's quota share lets the meetings source read: one Heavy
/// participants call per meeting. Decided when the first meeting to read
/// arrives (Zoom has announced how many there are by then), keeping room
/// for the rest of the listing (one call per 300 meetings). Without a
/// state store the newest meetings that fit are read; with one, the first
/// that fit (the others are read by the next cycles, and stay stored).
#[derive(Debug)]
pub(crate) struct Budget {
    /// Participant calls allowed; `u64::MAX` until decided.
    left: AtomicU64,
    /// Meetings admitted so far: never more than `left`, also when a later
    /// month window announces more meetings.
    admitted: AtomicU64,
    /// Meetings to read that the budget left out.
    skipped: AtomicU64,
    /// Admit the newest that fit (no store), not the first.
    newest_first: bool,
}

impl Budget {
    /// A budget not yet decided.
    pub(crate) fn new(newest_first: bool) -> Self {
        Budget {
            left: AtomicU64::new(u64::MAX),
            admitted: AtomicU64::new(0),
            skipped: AtomicU64::new(0),
            newest_first,
        }
    }

    /// Whether the meeting listed at `index` (oldest first) is read, when
    /// Zoom announced `announced` meetings.
    pub(crate) fn admits(&self, client: &zoom_api::Client, index: u64, announced: u64) -> bool {
        if self.left.load(Ordering::Relaxed) == u64::MAX {
            let listing = announced / 300 + 1;
            let left = client.daily_quota_left().saturating_sub(listing);
            self.left.store(left, Ordering::Relaxed);
        }
        let left = self.left();
        let skip = if self.newest_first {
            announced.saturating_sub(left)
        } else {
            0
        };
        if index < skip || self.admitted.load(Ordering::Relaxed) >= left {
            self.skipped.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        self.admitted.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// The participant calls allowed (all, when no meeting was to be read).
    pub(crate) fn left(&self) -> u64 {
        self.left.load(Ordering::Relaxed)
    }

    /// Meetings the budget left out.
    pub(crate) fn skipped(&self) -> u64 {
        self.skipped.load(Ordering::Relaxed)
    }
}

/// Reports the meetings the quota share left out: the kind is partial, or
/// failed when no meeting at all could be used (`usable`: read or stored).
/// Returns whether it failed.
pub(crate) fn report_quota(
    shared: &Shared,
    kind: Kind,
    budget: &Budget,
    listed: u64,
    usable: u64,
) -> bool {
    let skipped = budget.skipped();
    if skipped == 0 {
        return false;
    }
    let reset = zoom_api::rate_limit::next_utc_midnight(shared.plan.started_at);
    let fix = format!(
        "raise max_daily_quota_share, lower meeting_days, or fetch again after {reset} (the budget resets at 00:00 UTC)"
    );
    let class = FailureKind::Zoom(zoom_api::ErrorKind::QuotaBudget);
    if usable == 0 {
        let message =
            format!("today's quota share is spent: none of the {listed} meetings could be read");
        shared.fail_locally(kind, class, message, &fix);
        return true;
    }
    let message = if budget.newest_first {
        format!(
            "today's quota share left room for {usable} of {listed} meetings: devices come from the {usable} most recent"
        )
    } else {
        format!(
            "today's quota share left {skipped} of {listed} meetings unread: devices come from the other {usable} \
             (the state store keeps them; the next cycles read the rest)"
        )
    };
    shared.partial_locally(kind, class, message, &fix);
    false
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;

    fn decided(left: u64, newest_first: bool) -> Budget {
        let budget = Budget::new(newest_first);
        budget.left.store(left, Ordering::Relaxed);
        budget
    }

    fn client() -> zoom_api::Client {
        zoom_api::Client::new(zoom_api::ClientConfig::new(zoom_api::S2sCredentials::new(
            "a",
            "c",
            secrecy::SecretString::from("s"),
        )))
        .unwrap()
    }

    #[test]
    fn the_newest_meetings_that_fit_are_admitted() {
        let (budget, client) = (decided(3, true), client());
        let admitted: Vec<u64> = (0..5).filter(|&i| budget.admits(&client, i, 5)).collect();
        assert_eq!(admitted, [2, 3, 4]);
        assert_eq!(budget.skipped(), 2);
    }

    #[test]
    fn with_a_store_the_first_that_fit_are_admitted() {
        let (budget, client) = (decided(3, false), client());
        let admitted: Vec<u64> = (0..5).filter(|&i| budget.admits(&client, i, 5)).collect();
        assert_eq!(admitted, [0, 1, 2]);
    }

    #[test]
    fn a_later_window_never_raises_the_count_past_the_budget() {
        let (budget, client) = (decided(3, true), client());
        // The first window announced 2 meetings, the second 10 more.
        let mut admitted: Vec<u64> = (0..2).filter(|&i| budget.admits(&client, i, 2)).collect();
        admitted.extend((2..12).filter(|&i| budget.admits(&client, i, 12)));
        assert_eq!(admitted.len(), 3, "{admitted:?}");
    }
}
