//! The synthetic account: every object is derived on demand from
//! `(seed, index)`, so even the `large` account holds only a few index tables
//! in memory. Nothing here does IO or reads the clock: the anchor instant is
//! given.

pub(crate) mod activity;
pub(crate) mod meetings;
pub(crate) mod org;
pub(crate) mod rooms;
pub(crate) mod users;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::config::Counts;
use crate::rng::{Gen, Stream, mix};

/// A user's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Status {
    /// Active.
    Active = 0,
    /// Deactivated.
    Inactive = 1,
    /// Invited, not yet accepted: Zoom lists them without an `id`.
    Pending = 2,
}

impl Status {
    /// Zoom's string.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
            Status::Pending => "pending",
        }
    }

    /// Parses Zoom's string.
    pub(crate) fn parse(s: &str) -> Option<Status> {
        match s {
            "active" => Some(Status::Active),
            "inactive" => Some(Status::Inactive),
            "pending" => Some(Status::Pending),
            _ => None,
        }
    }
}

/// The generated account: parameters plus small index tables.
#[derive(Debug)]
pub(crate) struct Account {
    /// Seed of everything.
    pub(crate) seed: u64,
    /// Object counts.
    pub(crate) counts: Counts,
    /// The instant the data is relative to.
    pub(crate) anchor: DateTime<Utc>,
    /// The S2S account id.
    pub(crate) account_id: String,
    /// Base user indices per status (active, inactive, pending), ascending.
    pub(crate) users_by_status: [Vec<u32>; 3],
    /// Members per group (base data).
    pub(crate) group_members: Vec<u64>,
    /// Meeting days, oldest first: `(days_back, first_index, count)`.
    pub(crate) meeting_days: Vec<(u32, u64, u64)>,
    /// Total number of meetings.
    pub(crate) meetings_total: u64,
    /// Number of physical devices participants join from.
    pub(crate) pool_devices: u64,
    /// Active Licensed (type 2) users.
    pub(crate) licensed_active: u64,
}

impl Account {
    /// Builds the index tables of an account.
    pub(crate) fn new(seed: u64, counts: Counts, anchor: DateTime<Utc>) -> Account {
        let mut users_by_status: [Vec<u32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut group_members = vec![0u64; counts.groups as usize];
        let mut licensed_active = 0;
        for i in 0..counts.users {
            let core = users::core(seed, counts, i);
            if core.status == Status::Active && core.user_type == 2 {
                licensed_active += 1;
            }
            users_by_status[core.status as usize].push(i as u32);
            for g in core.groups.into_iter().flatten() {
                if let Some(c) = group_members.get_mut(g as usize) {
                    *c += 1;
                }
            }
        }
        let (meeting_days, meetings_total) = meetings::day_table(counts.meetings_per_week);
        let mut g = Gen::new(seed, Stream::Account, 0);
        let account_id = g
            .chars(crate::rng::ID_ALPHABET, 22)
            .replace(['-', '_'], "x");
        Account {
            seed,
            counts,
            anchor,
            account_id,
            users_by_status,
            group_members,
            meeting_days,
            meetings_total,
            pool_devices: (counts.users * 3 / 2).max(60),
            licensed_active,
        }
    }

    /// The anchor's calendar date (UTC).
    pub(crate) fn anchor_date(&self) -> NaiveDate {
        self.anchor.date_naive()
    }

    /// A mask derived from the seed, for reversible numeric ids.
    pub(crate) fn mask(&self, salt: u64) -> u64 {
        mix(self.seed ^ salt)
    }
}

/// Zoom's time format: RFC 3339 UTC, whole seconds, `Z`.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The account's e-mail domain.
pub(crate) const DOMAIN: &str = "acme-sim.test";
