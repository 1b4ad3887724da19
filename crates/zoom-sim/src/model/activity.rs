//! Operation logs (including recording downloads) and sign-in/sign-out logs.
//!
//! Entry `g` of a log lies `offset(g)` seconds before the anchor, evenly spaced
//! at `86400 / per_day` seconds, newest first. Offsets between 23 h and 25 h
//! are skipped, so "the last 24 hours" holds the same entries for any client
//! that starts within an hour of the anchor (the simulator's start).

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::users::identity;
use super::{Account, Status, ts};
use crate::rng::{Gen, Stream};

/// Days of history each log holds.
pub(crate) const HISTORY_DAYS: u64 = 179;
const GAP_START: u64 = 23 * 3600;
const GAP: u64 = 2 * 3600;

/// Which log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Log {
    /// GET /report/operationlogs.
    Operation,
    /// GET /report/activities.
    SignIn,
}

impl Log {
    fn per_day(self, acc: &Account) -> u64 {
        match self {
            Log::Operation => acc.counts.operation_logs_per_day,
            Log::SignIn => acc.counts.sign_ins_per_day,
        }
    }

    /// Number of entries in the whole history.
    pub(crate) fn total(self, acc: &Account) -> u64 {
        self.per_day(acc) * HISTORY_DAYS
    }

    /// Seconds before the anchor of entry `g`.
    pub(crate) fn offset(self, acc: &Account, g: u64) -> u64 {
        let per_day = self.per_day(acc).max(1);
        let off = (g + 1) * 86_400 / per_day;
        if off > GAP_START { off + GAP } else { off }
    }

    /// Time of entry `g`.
    pub(crate) fn time(self, acc: &Account, g: u64) -> DateTime<Utc> {
        acc.anchor - Duration::seconds(self.offset(acc, g) as i64)
    }

    /// Entries with time in `[from, to]`, as an index range (newest first).
    pub(crate) fn window(
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
}

/// The first index in `0..n` where `pred` turns false (`pred` is monotone).
fn partition(n: u64, pred: impl Fn(u64) -> bool) -> u64 {
    let (mut lo, mut hi) = (0u64, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) { lo = mid + 1 } else { hi = mid }
    }
    lo
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
