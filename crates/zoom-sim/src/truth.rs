//! The ground truth: how many records of each kind (docs/contracts.md, "Records") an adapter
//! should produce from this account, for default settings and for each
//! product setting switched from its default. docs/operations.md spells out
//! every rule; the rules are also written next to each count below.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::leaves::{leaf_paths, leaves};
use crate::model::activity;
use crate::model::deletions;
use crate::model::meetings::{Person, participant_rows, person, visible, visible_window};
use crate::model::org::{LICENSE_ENTRIES, account_settings_json};
use crate::model::pool::pool_device;
use crate::model::rooms;
use crate::model::users::{feature_json, settings_json};
use crate::model::{Account, Status};

/// Every record kind (docs/contracts.md, "Records"), in the order the truth file lists them.
pub const KINDS: [&str; 14] = [
    "h323_device",
    "zoom_room",
    "zoom_room_device",
    "meeting_device",
    "managed_device",
    "user",
    "license",
    "account_setting",
    "user_setting",
    "operation_log",
    "sign_in_activity",
    "recording_download",
    "saas_application",
    "account",
];

/// Counts per kind.
pub type KindCounts = BTreeMap<String, u64>;

/// The variant for the adapter's `directory_sources` setting (default off)
/// switched to read groups and roles: every count of `default` plus
/// [`DIRECTORY_COUNTS`]. The default counts hold none of these, as an adapter
/// with default settings reads no groups or roles.
pub const DIRECTORY_VARIANT: &str = r#"directory_sources=["groups","roles"]"#;

/// The counts [`DIRECTORY_VARIANT`] adds, which a cycle that reads groups and
/// roles must return: `group` (groups, as GET /groups lists them), `role`
/// (roles, built-in and custom, as GET /roles lists them), `group_membership`
/// (the members of every group summed, as GET /groups/{groupId}/members lists
/// them) and `role_membership` (the members of every role summed, as
/// GET /roles/{roleId}/members lists them). Members are users with an id
/// (active or inactive; pending users are members of nothing). Unlike the
/// other counts they follow writes: membership changes, created and deleted
/// users, as well as the users deleted by the clock.
pub const DIRECTORY_COUNTS: [&str; 4] = ["group", "role", "group_membership", "role_membership"];

/// Groups and roles as the endpoints list them at the truth's time (the
/// values of [`DIRECTORY_COUNTS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Directory {
    /// Groups.
    pub(crate) groups: u64,
    /// Roles, built-in and custom.
    pub(crate) roles: u64,
    /// Members summed over groups.
    pub(crate) group_membership: u64,
    /// Members summed over roles.
    pub(crate) role_membership: u64,
}

/// The truth file: `{"default": {KIND: COUNT}, "variants": {"SETTING=VALUE": {KIND: COUNT}}}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Truth {
    /// Counts with every setting at its default.
    pub default: KindCounts,
    /// Counts with one setting changed, keyed `SETTING=VALUE` (VALUE in JSON).
    pub variants: BTreeMap<String, KindCounts>,
}

/// The settings that change counts (docs/settings.md).
#[derive(Debug, Clone, Copy)]
struct Settings {
    meeting_days: u32,
    require_both: bool,
    fetch_devices: bool,
    inactive: bool,
    skip_service: bool,
    exclude_calendar: bool,
    /// h323, meeting, zoom_rooms, zoom_room_devices, managed.
    sources: [bool; 5],
    activity_logs: bool,
    recording: bool,
    settings_licenses: bool,
    /// `directory_sources` reads groups and roles.
    directory: bool,
}

const DEFAULTS: Settings = Settings {
    meeting_days: 7,
    require_both: true,
    fetch_devices: true,
    inactive: false,
    skip_service: false,
    exclude_calendar: false,
    sources: [true; 5],
    activity_logs: false,
    recording: false,
    settings_licenses: false,
    directory: false,
};

/// The look-back of activities when the host gives no cursor (docs/settings.md).
const LOOKBACK_SECS: u64 = 24 * 3600;

/// The feature licenses a user can hold (one license record each when true).
pub(crate) const FEATURE_LICENSES: [&str; 4] =
    ["large_meeting", "webinar", "zoom_events", "zoom_phone"];

/// Per-user facts for settings and licenses: (the `user_setting` records
/// of the default `user_settings: differing` — the leaves that differ from
/// the account's, or the one record counting them when none does —, feature
/// licenses held).
fn user_settings_facts(acc: &Account, i: u64) -> (u64, u64) {
    let mut account = Vec::new();
    leaf_paths(&account_settings_json(acc), "", &mut account);
    let mut user = Vec::new();
    leaf_paths(&settings_json(acc, i), "", &mut user);
    let differing = user.iter().filter(|leaf| !account.contains(leaf)).count() as u64;
    // A user none of whose leaves differs has the one record counting them.
    let settings = differing.max(1);
    let f = feature_json(acc, i);
    let held = FEATURE_LICENSES
        .iter()
        .filter(|k| f[**k] == serde_json::Value::Bool(true))
        .count() as u64;
    (settings, held)
}

/// Caches facts the variants share.
struct Facts<'a> {
    acc: &'a Account,
    /// The clock's time the truth is for.
    now: DateTime<Utc>,
    /// Users deleted by `now`.
    deleted: HashSet<u64>,
    /// Pool device → (has a key, has both a PC name and a MAC).
    devices: HashMap<u64, (bool, bool)>,
    meeting_sets: HashMap<(u32, bool), u64>,
    /// Groups and roles as listed at `now`.
    directory: Directory,
}

impl Facts<'_> {
    /// Distinct device keys in the visible meetings that started within the
    /// last `days` days before the clock's date (its date included).
    fn meeting_devices(&mut self, days: u32, require_both: bool) -> u64 {
        if let Some(&n) = self.meeting_sets.get(&(days, require_both)) {
            return n;
        }
        let acc = self.acc;
        let today = self.now.date_naive();
        let (range, _) = visible_window(
            acc,
            today - Duration::days(i64::from(days)),
            today,
            self.now,
        );
        let mut seen = HashSet::new();
        for k in range.filter(|&k| visible(acc, k, self.now)) {
            for r in 0..participant_rows(acc, k) {
                if let Person::Device(d) = person(acc, k, r) {
                    let (has_key, both) = *self.devices.entry(d).or_insert_with(|| {
                        let p = pool_device(acc, d);
                        (
                            p.mac.is_some() || !p.pc_name.is_empty(),
                            p.mac.is_some() && !p.pc_name.is_empty(),
                        )
                    });
                    if (require_both && both) || (!require_both && has_key) {
                        seen.insert(d);
                    }
                }
            }
        }
        let n = seen.len() as u64;
        self.meeting_sets.insert((days, require_both), n);
        n
    }

    fn counts(&mut self, s: Settings) -> KindCounts {
        let acc = self.acc;
        let mut c: KindCounts = KINDS.iter().map(|k| ((*k).to_string(), 0)).collect();
        let mut set = |k: &str, v: u64| {
            c.insert(k.to_string(), v);
        };
        let on = |i: usize| s.fetch_devices && s.sources[i];
        if on(0) {
            set("h323_device", acc.counts.h323_devices);
        }
        if on(1) {
            set(
                "meeting_device",
                self.meeting_devices(s.meeting_days, s.require_both),
            );
        }
        // Rooms: calendar-only rooms go with exclude_calendar_rooms, service-account
        // rooms with skip_service_accounts; a room's devices go with its room.
        let kept: Vec<rooms::RoomCore> = (0..acc.counts.rooms)
            .map(|r| rooms::core(acc.seed, r))
            .filter(|r| {
                !((s.exclude_calendar && r.calendar_only) || (s.skip_service && r.service_account))
            })
            .collect();
        if on(2) {
            set("zoom_room", kept.len() as u64);
        }
        if on(3) {
            set("zoom_room_device", kept.iter().map(|r| r.devices).sum());
        }
        if on(4) {
            set("managed_device", acc.counts.managed_devices);
        }
        // Users: active ones, plus inactive ones with the setting. Pending users have
        // no id, so they are never user records. Users deleted by the clock's time are gone.
        let mut user_set: Vec<u32> = acc.users_by_status[Status::Active as usize].clone();
        if s.inactive {
            user_set.extend(&acc.users_by_status[Status::Inactive as usize]);
        }
        user_set.retain(|&i| !self.deleted.contains(&u64::from(i)));
        set("user", user_set.len() as u64);
        if s.settings_licenses {
            // Licenses: one per plan line of the plan usage, plus one per feature
            // license each fetched user holds. Settings: one per leaf.
            let (mut setting_leaves, mut held) = (0, 0);
            for &i in &user_set {
                let (l, h) = user_settings_facts(acc, u64::from(i));
                setting_leaves += l;
                held += h;
            }
            set("license", LICENSE_ENTRIES + held);
            set("account_setting", leaves(&account_settings_json(acc)));
            set("user_setting", setting_leaves);
        }
        // Activities: the entries of the last 24 hours before the clock listed at it.
        let day = activity::truth(
            acc,
            self.now - Duration::seconds(LOOKBACK_SECS as i64),
            self.now,
            self.now,
        );
        if s.activity_logs {
            // A download is an operation_log unless recording downloads are
            // fetched, when it is a recording_download only (never both).
            let ops = if s.recording {
                day.operation_log - day.recording_download
            } else {
                day.operation_log
            };
            set("operation_log", ops);
            set("sign_in_activity", day.sign_in_activity);
        }
        if s.recording {
            set("recording_download", day.recording_download);
        }
        set("saas_application", 1);
        set("account", 1);
        if s.directory {
            let d = self.directory;
            let values = [d.groups, d.roles, d.group_membership, d.role_membership];
            for (k, v) in DIRECTORY_COUNTS.iter().zip(values) {
                c.insert((*k).to_string(), v);
            }
        }
        c
    }
}

/// Computes the truth of an account at the clock's time `now`, with the
/// groups and roles as listed then (`directory`, from the overlay).
pub(crate) fn compute(acc: &Account, now: DateTime<Utc>, directory: Directory) -> Truth {
    let mut f = Facts {
        acc,
        now,
        deleted: deletions::between(&acc.deletions, acc.anchor, now).collect(),
        devices: HashMap::new(),
        meeting_sets: HashMap::new(),
        directory,
    };
    let d = DEFAULTS;
    let variants: Vec<(&str, Settings)> = vec![
        (
            "fetch_inactive_users=true",
            Settings {
                inactive: true,
                ..d
            },
        ),
        (
            "devices_require_hostname_and_mac=false",
            Settings {
                require_both: false,
                ..d
            },
        ),
        (
            "skip_service_accounts=true",
            Settings {
                skip_service: true,
                ..d
            },
        ),
        (
            "exclude_calendar_rooms=true",
            Settings {
                exclude_calendar: true,
                ..d
            },
        ),
        (
            "fetch_devices=false",
            Settings {
                fetch_devices: false,
                ..d
            },
        ),
        (
            "meeting_days=30",
            Settings {
                meeting_days: 30,
                ..d
            },
        ),
        (
            "activity_logs=true",
            Settings {
                activity_logs: true,
                ..d
            },
        ),
        (
            "recording_download_activities=true",
            Settings {
                recording: true,
                ..d
            },
        ),
        (
            "fetch_settings_and_licenses=true",
            Settings {
                settings_licenses: true,
                ..d
            },
        ),
        ("enrich_last_logon_from_meetings=true", d),
        (
            "device_sources=[\"h323_devices\",\"zoom_rooms\"]",
            Settings {
                sources: [true, false, true, false, false],
                ..d
            },
        ),
        (
            DIRECTORY_VARIANT,
            Settings {
                directory: true,
                ..d
            },
        ),
    ];
    Truth {
        default: f.counts(d),
        variants: variants
            .into_iter()
            .map(|(k, s)| (k.to_string(), f.counts(s)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::meetings::window;
    use crate::model::tests::small;
    use crate::model::users::core;
    use crate::server::overlay::{Overlay, UserRef};

    /// The directory of the generated account at `now` before any write,
    /// counted from the base tables and the users deleted by `now`.
    fn base_directory(acc: &Account, now: DateTime<Utc>) -> Directory {
        let (mut group_membership, mut role_membership) = (
            acc.users_by_group
                .iter()
                .map(|v| v.len() as u64)
                .sum::<u64>(),
            acc.users_by_role
                .iter()
                .map(|v| v.len() as u64)
                .sum::<u64>(),
        );
        for i in deletions::between(&acc.deletions, acc.anchor, now) {
            let c = core(acc.seed, acc.counts, i);
            if c.status != Status::Pending {
                role_membership -= 1;
                group_membership -= c.groups.iter().flatten().count() as u64;
            }
        }
        Directory {
            groups: acc.counts.groups,
            roles: crate::model::roles::role_count(acc.counts),
            group_membership,
            role_membership,
        }
    }

    #[test]
    fn the_directory_counts_follow_the_clock_and_the_overlay() {
        let acc = small();
        let later = acc.anchor + Duration::days(40);
        let mut ov = Overlay::default();
        assert_eq!(ov.directory(&acc), base_directory(&acc, acc.anchor));
        for i in deletions::between(&acc.deletions, acc.anchor, later) {
            ov.delete(&acc, UserRef::Base(i));
        }
        let d = ov.directory(&acc);
        assert_eq!(d, base_directory(&acc, later));
        assert!(d.role_membership < base_directory(&acc, acc.anchor).role_membership);
        // Every user with an id holds exactly one role.
        let with_id = (0..acc.counts.users)
            .filter(|&i| core(acc.seed, acc.counts, i).status != Status::Pending)
            .count() as u64;
        assert_eq!(base_directory(&acc, acc.anchor).role_membership, with_id);
        let t = compute(&acc, later, d);
        let v = &t.variants[DIRECTORY_VARIANT];
        assert_eq!(v["group"], 8);
        assert_eq!(v["role"], 5);
        assert_eq!(v["role_membership"], d.role_membership);
        for k in DIRECTORY_COUNTS {
            assert!(!t.default.contains_key(k), "{k} is not in default");
        }
        let mut rest = v.clone();
        rest.retain(|k, _| !DIRECTORY_COUNTS.contains(&k.as_str()));
        assert_eq!(rest, t.default);
    }

    #[test]
    fn at_the_anchor_nothing_after_it_counts() {
        let acc = small();
        let a = acc.anchor;
        let today = acc.anchor_date();
        for days in [7, 30, 179] {
            let (r, n) = visible_window(&acc, today - Duration::days(days), today, a);
            assert_eq!(r, window(&acc, today - Duration::days(days), today));
            assert_eq!(n, r.end - r.start);
        }
        assert!(deletions::between(&acc.deletions, a, a).next().is_none());
        let t = compute(&acc, a, base_directory(&acc, a));
        let active = acc.users_by_status[Status::Active as usize].len() as u64;
        assert_eq!(t.default["user"], active);
    }

    #[test]
    fn the_truth_follows_the_clock() {
        let acc = small();
        let a = acc.anchor;
        let later = a + Duration::days(40);
        let (t0, t1) = (
            compute(&acc, a, base_directory(&acc, a)),
            compute(&acc, later, base_directory(&acc, later)),
        );
        let gone = acc
            .deletions
            .iter()
            .filter(|&&(_, i)| {
                crate::model::users::core(acc.seed, acc.counts, i).status == Status::Active
            })
            .count() as u64;
        assert_eq!(t0.default["user"] - t1.default["user"], gone);
        assert_ne!(t0.default["meeting_device"], t1.default["meeting_device"]);
        let acts = |t: &Truth| t.variants["activity_logs=true"]["sign_in_activity"];
        assert!(
            acts(&t1).abs_diff(acc.counts.sign_ins_per_day) <= acc.counts.sign_ins_per_day / 20 + 1
        );
        assert!(acts(&t0) > 0);
    }
}
