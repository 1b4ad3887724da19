//! Operation logs (including recording downloads) and sign-in/sign-out logs.
//!
//! Entry `g` of a log lies `offset(g)` seconds before the anchor, evenly spaced
//! at `86400 / per_day` seconds, newest first. Offsets between 23 h and 25 h
//! are skipped, so "the last 24 hours" holds the same entries for any client
//! that starts within an hour of the anchor (the simulator's start).
//!
//! After the anchor the logs go on at the same rate: entry `f` after the anchor
//! (id [`AFTER`] + `f`) lies `(f + 1) × 86400 / per_day` seconds after it, up to
//! [`FUTURE_DAYS`] days. Those entries are listed once the clock has reached
//! their time; every 20th of them is late, listed only [`LATE_SECS`] after its
//! time. The entries before the anchor are always listed.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use super::users::identity;
use super::{Account, Status, partition, ts};
use crate::rng::{Gen, Stream};
use crate::time::{FUTURE_DAYS, LATE_SECS};

/// Days of history each log holds.
pub(crate) const HISTORY_DAYS: u64 = 179;
const GAP_START: u64 = 23 * 3600;
const GAP: u64 = 2 * 3600;
/// The id of the first entry after the anchor.
pub(crate) const AFTER: u64 = 1 << 40;
/// Every `LATE_EVERY`-th entry after the anchor is late.
const LATE_EVERY: u64 = 20;

/// Which log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Log {
    /// GET /report/operationlogs.
    Operation,
    /// GET /report/activities.
    SignIn,
}

/// The entries of a log with time in a span, newest first: those after the
/// anchor (as `f` indices, listed from `after.end - 1` down), then those before
/// it (as `g` indices, ascending). Late ones may still be hidden: filter with
/// [`Log::visible`].
#[derive(Debug, Clone)]
pub(crate) struct Listing {
    after: std::ops::Range<u64>,
    past: std::ops::Range<u64>,
}

impl Listing {
    /// Number of positions.
    pub(crate) fn len(&self) -> u64 {
        (self.after.end - self.after.start) + (self.past.end - self.past.start)
    }

    /// The entry id at position `pos` (newest first).
    pub(crate) fn id(&self, pos: u64) -> u64 {
        let n = self.after.end - self.after.start;
        if pos < n {
            AFTER + self.after.end - 1 - pos
        } else {
            self.past.start + (pos - n)
        }
    }

    /// Every entry id, newest first.
    pub(crate) fn ids(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).map(|p| self.id(p))
    }
}

/// Visible entries with time in a span, as `GET /_sim/truth/activities` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ActivityTruth {
    /// Operation-log entries, downloads included: with the default
    /// `recording_download_activities=false` a download is an `operation_log`
    /// record (with `true`, it is a `recording_download` only, so subtract
    /// `recording_download`).
    pub operation_log: u64,
    /// Sign-in/sign-out entries.
    pub sign_in_activity: u64,
    /// Cloud-recording downloads among the operation-log entries.
    pub recording_download: u64,
}

impl Log {
    fn per_day(self, acc: &Account) -> u64 {
        match self {
            Log::Operation => acc.counts.operation_logs_per_day,
            Log::SignIn => acc.counts.sign_ins_per_day,
        }
    }

    /// Number of entries before the anchor.
    pub(crate) fn total(self, acc: &Account) -> u64 {
        self.per_day(acc) * HISTORY_DAYS
    }

    /// Seconds before the anchor of entry `g` (before the anchor).
    pub(crate) fn offset(self, acc: &Account, g: u64) -> u64 {
        let per_day = self.per_day(acc).max(1);
        let off = (g + 1) * 86_400 / per_day;
        if off > GAP_START { off + GAP } else { off }
    }

    /// Seconds after the anchor of entry `f` after the anchor.
    fn after_offset(self, acc: &Account, f: u64) -> u64 {
        (f + 1) * 86_400 / self.per_day(acc).max(1)
    }

    /// Time of entry `id` (before the anchor: `g`; after it: [`AFTER`] + `f`).
    pub(crate) fn time(self, acc: &Account, id: u64) -> DateTime<Utc> {
        match id.checked_sub(AFTER) {
            Some(f) => acc.anchor + Duration::seconds(self.after_offset(acc, f) as i64),
            None => acc.anchor - Duration::seconds(self.offset(acc, id) as i64),
        }
    }

    /// True when entry `id` is late: every 20th entry after the anchor.
    pub(crate) fn is_late(id: u64) -> bool {
        id.checked_sub(AFTER)
            .is_some_and(|f| (f + 1) % LATE_EVERY == 0)
    }

    /// True when entry `id` is listed at `now`: once its time has come, a late
    /// entry [`LATE_SECS`] later.
    pub(crate) fn visible(self, acc: &Account, id: u64, now: DateTime<Utc>) -> bool {
        let delay = if Log::is_late(id) { LATE_SECS } else { 0 };
        self.time(acc, id) + Duration::seconds(delay) <= now
    }

    /// Entries before the anchor with time in `[from, to]`, as a `g` range.
    fn past_window(
        self,
        acc: &Account,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> std::ops::Range<u64> {
        let total = self.total(acc);
        let min_off = (acc.anchor - to).num_seconds().max(0) as u64;
        let max_off = (acc.anchor - from).num_seconds();
        if max_off < 0 {
            return 0..0;
        }
        let max_off = max_off as u64;
        let lo = partition(total, |g| self.offset(acc, g) < min_off);
        let hi = partition(total, |g| self.offset(acc, g) <= max_off);
        lo..hi.max(lo)
    }

    /// Entries after the anchor with time in `[from, to]`, as an `f` range.
    fn after_window(
        self,
        acc: &Account,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> std::ops::Range<u64> {
        let total = self.per_day(acc) * u64::from(FUTURE_DAYS);
        let secs = |t: DateTime<Utc>| (t - acc.anchor).num_seconds();
        let (lo_s, hi_s) = (secs(from), secs(to));
        if hi_s <= 0 {
            return 0..0;
        }
        let lo = partition(total, |f| (self.after_offset(acc, f) as i64) < lo_s);
        let hi = partition(total, |f| self.after_offset(acc, f) as i64 <= hi_s);
        lo..hi.max(lo)
    }

    /// Entries with time in `[from, to]` that have happened by `now` (late ones
    /// still to filter with [`Log::visible`]), newest first.
    pub(crate) fn listing(
        self,
        acc: &Account,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Listing {
        Listing {
            after: self.after_window(acc, from, to.min(now)),
            past: self.past_window(acc, from, to),
        }
    }

    /// Number of entries with time in `[from, to]` listed at `now`.
    pub(crate) fn count(
        self,
        acc: &Account,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> u64 {
        // Only entries of the last LATE_SECS can be hidden.
        let recent = from.max(now - Duration::seconds(LATE_SECS));
        let hidden = self
            .listing(acc, recent, to, now)
            .ids()
            .filter(|&id| !self.visible(acc, id, now))
            .count() as u64;
        self.listing(acc, from, to, now).len() - hidden
    }
}

/// The visible entries with time in `[from, to]` at `now`, counted.
pub(crate) fn truth(
    acc: &Account,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ActivityTruth {
    let ops = Log::Operation.listing(acc, from, to, now);
    let (mut operation_log, mut recording_download) = (0, 0);
    for id in ops.ids().filter(|&id| Log::Operation.visible(acc, id, now)) {
        operation_log += 1;
        recording_download += u64::from(is_recording_download(acc, id));
    }
    ActivityTruth {
        operation_log,
        sign_in_activity: Log::SignIn.count(acc, from, to, now),
        recording_download,
    }
}

/// True when operation log entry `g` is a cloud-recording download.
pub(crate) fn is_recording_download(acc: &Account, g: u64) -> bool {
    Gen::new(acc.seed ^ 0x444c, Stream::OperationLog, g).chance(0.12)
}

/// The `category_type` of operation log entry `g`.
pub(crate) fn operation_category(acc: &Account, g: u64) -> &'static str {
    if is_recording_download(acc, g) {
        return "recording";
    }
    Gen::new(acc.seed ^ 0x4341, Stream::OperationLog, g).pick_str(&[
        "user",
        "user",
        "user_settings",
        "account",
        "recording",
        "zoom_rooms",
        "role",
        "im",
    ])
}

fn admin_email(acc: &Account, g: &mut Gen) -> String {
    let active = &acc.users_by_status[Status::Active as usize];
    let i = active
        .get(g.below(active.len().min(20) as u64) as usize)
        .copied()
        .unwrap_or(0);
    identity(acc.seed, u64::from(i)).email
}

/// Operation log entry `g`.
pub(crate) fn operation_json(acc: &Account, g: u64) -> Value {
    let mut r = Gen::new(acc.seed, Stream::OperationLog, g);
    let category = operation_category(acc, g);
    let operator = admin_email(acc, &mut r);
    let subject = identity(acc.seed, r.below(acc.counts.users.max(1))).email;
    let (action, detail) = if is_recording_download(acc, g) {
        (
            "Download",
            format!(
                "Download cloud recording: Weekly sync {} - {}",
                g % 97,
                80_000_000_000u64 + g % 1_000_000
            ),
        )
    } else {
        match category {
            "user" => (
                *r.pick(&["Add", "Update", "Delete"]),
                format!("User {subject}"),
            ),
            "user_settings" => ("Update", format!("Update user settings: {subject}")),
            "account" => (
                "Update",
                "Account settings: In Meeting (Basic) - Chat: on".to_string(),
            ),
            "recording" => ("Delete", format!("Delete cloud recording of {subject}")),
            "zoom_rooms" => (
                "Update",
                format!("Zoom Room settings of Room {}", g % 50 + 1),
            ),
            "role" => ("Update", "Role Admin: add member".to_string()),
            _ => ("Update", "IM group settings".to_string()),
        }
    };
    json!({
        "time": ts(Log::Operation.time(acc, g)),
        "operator": operator,
        "category_type": category,
        "action": action,
        "operation_detail": detail,
    })
}

/// Sign-in/sign-out entry `g`.
pub(crate) fn sign_in_json(acc: &Account, g: u64) -> Value {
    let mut r = Gen::new(acc.seed, Stream::SignIn, g);
    let active = &acc.users_by_status[Status::Active as usize];
    let i = active
        .get(r.below(active.len() as u64) as usize)
        .copied()
        .unwrap_or(0);
    let client = *r.pick(&["Browser", "Windows", "Mac", "iOS", "Android"]);
    json!({
        "email": identity(acc.seed, u64::from(i)).email,
        "time": ts(Log::SignIn.time(acc, g)),
        "type": if r.chance(0.6) { "Sign in" } else { "Sign out" },
        "ip_address": format!("198.51.100.{}", r.below(250) + 1),
        "client_type": client,
        "version": if client == "Browser" { "-".to_string() } else { "5.17.11.34827".to_string() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::small;

    #[test]
    fn at_the_anchor_only_the_entries_before_it_are_listed() {
        let acc = small();
        let a = acc.anchor;
        for log in [Log::Operation, Log::SignIn] {
            let l = log.listing(&acc, a - Duration::days(2), a + Duration::days(2), a);
            assert_eq!(l.after.clone().count(), 0);
            assert!(l.ids().all(|id| id < AFTER && log.time(&acc, id) <= a));
            assert_eq!(l.len(), log.count(&acc, a - Duration::days(2), a, a));
        }
    }

    #[test]
    fn entries_after_the_anchor_continue_at_the_daily_rate_newest_first() {
        let acc = small();
        let a = acc.anchor;
        let now = a + Duration::days(1);
        let l = Log::SignIn.listing(&acc, a, now, now);
        assert_eq!(l.after.end - l.after.start, acc.counts.sign_ins_per_day);
        let times: Vec<_> = l.ids().map(|id| Log::SignIn.time(&acc, id)).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
        assert!(times.iter().all(|&t| t > a && t <= now));
        assert_eq!(
            l.ids().filter(|&id| Log::is_late(id)).count() as u64,
            acc.counts.sign_ins_per_day / 20
        );
    }

    #[test]
    fn a_late_entry_appears_late_secs_after_its_time() {
        let acc = small();
        let id = AFTER + 19;
        assert!(Log::is_late(id) && !Log::is_late(AFTER + 18) && !Log::is_late(19));
        let t = Log::Operation.time(&acc, id);
        let span = |now| truth(&acc, t - Duration::seconds(1), t, now).operation_log;
        assert!(!Log::Operation.visible(&acc, id, t + Duration::seconds(LATE_SECS - 1)));
        assert!(Log::Operation.visible(&acc, id, t + Duration::seconds(LATE_SECS)));
        assert_eq!(span(t + Duration::seconds(299)), 0);
        assert_eq!(span(t + Duration::seconds(300)), 1);
        // An on-time entry is listed at its time.
        let u = Log::Operation.time(&acc, AFTER + 18);
        assert!(Log::Operation.visible(&acc, AFTER + 18, u));
        assert_eq!(
            Log::SignIn.count(&acc, a_day_before(&acc), u, u),
            truth(&acc, a_day_before(&acc), u, u).sign_in_activity
        );
    }

    fn a_day_before(acc: &Account) -> DateTime<Utc> {
        acc.anchor - Duration::days(1)
    }
}
