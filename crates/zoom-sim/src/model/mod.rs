//! The synthetic account: every object is derived on demand from
//! `(seed, index)`, so even the `large` account holds only a few index tables
//! in memory. Nothing here does IO or reads the clock: the anchor instant is
//! given.

pub(crate) mod activity;
pub(crate) mod deletions;
pub(crate) mod meetings;
pub(crate) mod org;
pub(crate) mod pool;
pub(crate) mod roles;
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
    /// Base users with an id (active or inactive) per group, ascending: the
    /// group's members before any write.
    pub(crate) users_by_group: Vec<Vec<u32>>,
    /// Base users with an id per role index ([`roles`]), ascending.
    pub(crate) users_by_role: Vec<Vec<u32>>,
    /// Meeting days, oldest first: `(days_back, first_index, count)`; days
    /// after the anchor's date have a negative `days_back`.
    pub(crate) meeting_days: Vec<(i32, u64, u64)>,
    /// Number of meetings before the anchor (the first index after it).
    pub(crate) past_meetings: u64,
    /// Total number of meetings, up to [`crate::FUTURE_DAYS`] after the anchor.
    pub(crate) meetings_total: u64,
    /// Users deleted as time passes: `(instant, base user index)`, earliest first.
    pub(crate) deletions: Vec<(DateTime<Utc>, u64)>,
    /// Number of physical devices participants join from.
    pub(crate) pool_devices: u64,
    /// Active Licensed (type 2) users.
    pub(crate) licensed_active: u64,
}

impl Account {
    /// Builds the index tables of an account.
    pub(crate) fn new(seed: u64, counts: Counts, anchor: DateTime<Utc>) -> Account {
        let mut users_by_status: [Vec<u32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut users_by_group: Vec<Vec<u32>> = vec![Vec::new(); counts.groups as usize];
        let mut users_by_role: Vec<Vec<u32>> = vec![Vec::new(); roles::role_count(counts) as usize];
        let mut licensed_active = 0;
        for i in 0..counts.users {
            let core = users::core(seed, counts, i);
            if core.status == Status::Active && core.user_type == 2 {
                licensed_active += 1;
            }
            users_by_status[core.status as usize].push(i as u32);
            // Pending users have no id: they are members of nothing.
            if core.status == Status::Pending {
                continue;
            }
            if let Some(v) = users_by_role.get_mut(usize::from(core.role)) {
                v.push(i as u32);
            }
            for g in core.groups.into_iter().flatten() {
                if let Some(v) = users_by_group.get_mut(g as usize) {
                    v.push(i as u32);
                }
            }
        }
        let (meeting_days, past_meetings, meetings_total) =
            meetings::day_table(counts.meetings_per_week);
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
            users_by_group,
            users_by_role,
            meeting_days,
            past_meetings,
            meetings_total,
            deletions: deletions::schedule(seed, counts.users, anchor),
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

/// The first index in `0..n` where `pred` turns false (`pred` is monotone).
pub(crate) fn partition(n: u64, pred: impl Fn(u64) -> bool) -> u64 {
    let (mut lo, mut hi) = (0u64, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) { lo = mid + 1 } else { hi = mid }
    }
    lo
}

/// Zoom's time format: RFC 3339 UTC, whole seconds, `Z`.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The account's e-mail domain.
pub(crate) const DOMAIN: &str = "acme-sim.test";

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use chrono::TimeZone;

    use super::*;
    use crate::config::Size;

    /// The small account anchored at 2026-11-23 10:00 UTC, for unit tests.
    pub(crate) fn small() -> Account {
        let anchor = Utc
            .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .single()
            .unwrap_or_default();
        Account::new(1, Size::Small.counts(), anchor)
    }

    #[test]
    fn the_small_account_holds_every_user_case() {
        let acc = small();
        assert!(
            acc.users_by_status.iter().all(|v| !v.is_empty()),
            "every status"
        );
        let users: Vec<serde_json::Value> = (0..acc.counts.users)
            .map(|i| users::user_json(&acc, i, false))
            .collect();
        let types: BTreeSet<u64> = users.iter().filter_map(|u| u["type"].as_u64()).collect();
        assert_eq!(types, BTreeSet::from([1, 2, 99]));
        let held: BTreeSet<&str> = users.iter().filter_map(|u| u["role_id"].as_str()).collect();
        let custom: Vec<String> = (0..roles::custom_roles(acc.counts))
            .map(|k| roles::role_id(&acc, roles::FIRST_CUSTOM + k as u8))
            .collect();
        let mut want = BTreeSet::from(["0", "1", "2"]);
        want.extend(custom.iter().map(String::as_str));
        assert_eq!(
            held, want,
            "the built-in roles and every custom one are held"
        );
        // Custom roles only go to users with an id, never to the owner.
        assert!(users.iter().enumerate().all(|(i, u)| {
            let custom_role = custom.iter().any(|c| u["role_id"] == c.as_str());
            !custom_role || (i != 0 && u.get("id").is_some())
        }));
        let holders = users
            .iter()
            .filter(|u| custom.iter().any(|c| u["role_id"] == c.as_str()))
            .count();
        assert!((4..=20).contains(&holders), "about 5 %: {holders}");
        assert!(
            users
                .iter()
                .any(|u| u["status"] == "active" && u.get("last_login_time").is_none())
        );
        assert!(
            users
                .iter()
                .filter(|u| u["status"] == "pending")
                .all(|u| u.get("id").is_none())
        );
        assert!(users.iter().any(|u| u["dept"] == ""));
        assert!(
            users
                .iter()
                .any(|u| !u["last_name"].as_str().unwrap_or("").is_ascii())
        );
        assert!(users.iter().any(|u| u.get("ai_companion").is_some()));
        assert!(
            users
                .iter()
                .any(|u| !u["group_ids"].as_array().is_none_or(Vec::is_empty))
        );
    }

    #[test]
    fn the_small_account_holds_every_room_and_device_case() {
        let acc = small();
        let cores: Vec<rooms::RoomCore> = (0..acc.counts.rooms)
            .map(|r| rooms::core(acc.seed, r))
            .collect();
        assert!(cores.iter().any(|c| c.calendar_only));
        assert!(cores.iter().any(|c| c.service_account));
        let types: BTreeSet<usize> = cores.iter().map(|c| c.room_type).collect();
        assert_eq!(types.len(), 3);
        let device_types: BTreeSet<String> = (0..acc.counts.rooms)
            .flat_map(|r| rooms::room_devices_json(&acc, r))
            .filter_map(|d| d["device_type"].as_str().map(String::from))
            .collect();
        assert_eq!(
            device_types.len(),
            rooms::DEVICE_TYPES.len(),
            "{device_types:?}"
        );
    }

    #[test]
    fn meetings_hold_every_participant_case() {
        let acc = small();
        let today = acc.anchor_date();
        let range = meetings::window(&acc, today - chrono::Duration::days(179), today);
        assert_eq!(range.end - range.start, acc.past_meetings);
        let uuids: Vec<String> = range.clone().map(|k| meetings::uuid(&acc, k)).collect();
        assert!(uuids.iter().any(|u| u.starts_with('/')));
        assert!(uuids.iter().any(|u| u.contains("//")));
        assert!(
            range
                .clone()
                .all(|k| meetings::find(&acc, &meetings::uuid(&acc, k)) == Some(k))
        );
        let (mut rejoin, mut external, mut upper_dash, mut lower_colon, mut no_pc, mut no_mac) =
            (0, 0, 0, 0, 0, 0);
        for k in range.take(60) {
            let mut prev: Option<meetings::Person> = None;
            for r in 0..meetings::participant_rows(&acc, k) {
                let p = meetings::person(&acc, k, r);
                if prev == Some(p) {
                    rejoin += 1;
                }
                prev = Some(p);
                let row = meetings::participant_json(&acc, k, r);
                let (pc, mac) = (
                    row["pc_name"].as_str().unwrap_or(""),
                    row["mac_addr"].as_str().unwrap_or(""),
                );
                match p {
                    meetings::Person::External(_) => {
                        external += 1;
                        assert!(pc.is_empty() && mac.is_empty());
                    }
                    meetings::Person::Device(_) => {
                        upper_dash += usize::from(
                            mac.contains('-') && mac.chars().any(|c| c.is_ascii_uppercase()),
                        );
                        lower_colon += usize::from(
                            mac.contains(':') && !mac.chars().any(|c| c.is_ascii_uppercase()),
                        );
                        no_pc += usize::from(pc.is_empty() && !mac.is_empty());
                        no_mac += usize::from(mac.is_empty() && !pc.is_empty());
                    }
                }
            }
        }
        for (name, n) in [
            ("rejoin", rejoin),
            ("external", external),
            ("AA-BB", upper_dash),
            ("aa:bb", lower_colon),
            ("no pc_name", no_pc),
            ("no mac", no_mac),
        ] {
            assert!(n > 0, "{name} rows exist");
        }
    }

    #[test]
    fn a_device_keeps_its_key_across_rows() {
        let acc = small();
        let mut keys: std::collections::HashMap<u64, Option<String>> =
            std::collections::HashMap::new();
        for k in 0..acc.meetings_total.min(200) {
            for r in 0..meetings::participant_rows(&acc, k) {
                if let meetings::Person::Device(d) = meetings::person(&acc, k, r) {
                    let row = meetings::participant_json(&acc, k, r);
                    let s = |f: &str| row[f].as_str().unwrap_or("").to_string();
                    let key = pool::device_key(&s("pc_name"), &s("domain"), &s("mac_addr"));
                    let seen = keys.entry(d).or_insert_with(|| key.clone());
                    assert_eq!(*seen, key, "device {d}");
                }
            }
        }
        // Distinct devices never share a key.
        let distinct: BTreeSet<&String> = keys.values().flatten().collect();
        assert_eq!(distinct.len(), keys.values().flatten().count());
    }
}
