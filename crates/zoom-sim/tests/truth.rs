//! The ground truth checked against what the server actually serves: every
//! count is recomputed here by paging through the endpoints, following the
//! rules written in docs/operations.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::{Harness, start};
use serde_json::Value;
use zoom_sim::{Counts, KindCounts, SimConfig, device_key};

/// Splits `from..=to` into windows Zoom accepts (at most 28 days each).
fn windows(from: NaiveDate, to: NaiveDate) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let end = (start + Duration::days(27)).min(to);
        out.push((start.to_string(), end.to_string()));
        start = end + Duration::days(1);
    }
    out
}

struct Served {
    active: u64,
    inactive: u64,
    h323: u64,
    /// (calendar_only, service_account, devices) per room.
    rooms: Vec<(bool, bool, u64)>,
    managed: u64,
    /// (days, require_both) → distinct device keys.
    meeting_devices: BTreeMap<(i64, bool), u64>,
    operation_logs: u64,
    recording_downloads: u64,
    sign_ins: u64,
    /// Plan lines of the plan usage.
    plan_lines: u64,
    /// Leaves of the account settings.
    account_settings: u64,
    /// Leaves of the active users' settings.
    user_setting_leaves: u64,
    /// Feature licenses the active users hold.
    user_licenses: u64,
    /// Groups, roles, and members summed over groups and over roles.
    directory: [u64; 4],
}

/// Leaves as zoom-normalize flattens settings: objects walked; arrays, strings,
/// numbers, booleans are leaves; null and blank strings skipped.
fn leaves(v: &Value) -> u64 {
    match v {
        Value::Object(m) => m.values().map(leaves).sum(),
        Value::Null => 0,
        Value::String(s) if s.trim().is_empty() => 0,
        _ => 1,
    }
}

/// The leaves of a settings object with their dotted paths.
fn leaf_paths(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaf_paths(child, &p, out);
            }
        }
        Value::Null => {}
        Value::String(s) if s.trim().is_empty() => {}
        leaf => out.push((path.to_owned(), leaf.clone())),
    }
}

async fn meeting_devices(h: &Harness, days: i64, require_both: bool) -> u64 {
    // The anchor's date: a test that runs across midnight UTC still reads the same days.
    let today = h.sim.anchor().date_naive();
    let mut keys = HashSet::new();
    for (from, to) in windows(today - Duration::days(days), today) {
        let meetings = h
            .all(
                "/metrics/meetings",
                &[
                    ("type", "past"),
                    ("from", &from),
                    ("to", &to),
                    ("page_size", "300"),
                ],
                "meetings",
            )
            .await;
        for m in meetings {
            let uuid = m["uuid"].as_str().unwrap();
            let path = format!(
                "/metrics/meetings/{}/participants",
                common::double_encode(uuid)
            );
            for p in h
                .all(
                    &path,
                    &[("type", "past"), ("page_size", "300")],
                    "participants",
                )
                .await
            {
                let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
                let (pc, domain, mac) = (s("pc_name"), s("domain"), s("mac_addr"));
                if require_both && (pc.trim().is_empty() || mac.trim().is_empty()) {
                    continue;
                }
                if let Some(k) = device_key(&pc, &domain, &mac) {
                    keys.insert(k);
                }
            }
        }
    }
    keys.len() as u64
}

async fn served(h: &Harness) -> Served {
    let count = |v: Vec<Value>| v.len() as u64;
    let active_users = h.all("/users", &[("page_size", "300")], "users").await;
    let active = active_users.len() as u64;
    // The default `user_settings: differing`: a user's leaves that differ
    // from the account's, or one record counting them when none does.
    let mut account_leaves = Vec::new();
    leaf_paths(
        &h.get("/accounts/me/settings", &[]).await.body,
        "",
        &mut account_leaves,
    );
    let (mut user_setting_leaves, mut user_licenses) = (0, 0);
    for u in &active_users {
        let settings = h
            .get(
                &format!("/users/{}/settings", u["id"].as_str().unwrap()),
                &[],
            )
            .await
            .body;
        let mut user_leaves = Vec::new();
        leaf_paths(&settings, "", &mut user_leaves);
        user_setting_leaves += (user_leaves
            .iter()
            .filter(|leaf| !account_leaves.contains(leaf))
            .count() as u64)
            .max(1);
        for f in ["large_meeting", "webinar", "zoom_events", "zoom_phone"] {
            user_licenses += u64::from(settings["feature"][f] == Value::Bool(true));
        }
    }
    let inactive = count(
        h.all(
            "/users",
            &[("status", "inactive"), ("page_size", "300")],
            "users",
        )
        .await,
    );
    let pending = h
        .all(
            "/users",
            &[("status", "pending"), ("page_size", "300")],
            "users",
        )
        .await;
    assert!(
        pending.iter().all(|u| u.get("id").is_none()),
        "pending users have no id"
    );
    let h323 = count(
        h.all("/h323/devices", &[("page_size", "300")], "devices")
            .await,
    );
    let dash = h
        .all("/metrics/zoomrooms", &[("page_size", "300")], "zoom_rooms")
        .await;
    let account_type: BTreeMap<String, String> = dash
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["account_type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut rooms = Vec::new();
    for r in h.all("/rooms", &[("page_size", "300")], "rooms").await {
        let calendar_only = r["activation_code"] == "";
        let at = &account_type[r["room_id"].as_str().unwrap()];
        let service = at.to_lowercase().ends_with("service account");
        let devices = h
            .get(
                &format!("/rooms/{}/devices", r["id"].as_str().unwrap()),
                &[],
            )
            .await;
        let n = devices.body["devices"].as_array().unwrap().len() as u64;
        rooms.push((calendar_only, service, n));
    }
    let managed = count(h.all("/devices", &[("page_size", "300")], "devices").await);
    let mut meeting = BTreeMap::new();
    for days in [7, 30] {
        for both in [true, false] {
            if days == 30 && !both {
                continue;
            }
            meeting.insert((days, both), meeting_devices(h, days, both).await);
        }
    }
    // Activities of the last 24 hours (the default look-back), relative to now.
    let now = Utc::now();
    let since = now - Duration::hours(24);
    let (from, to) = (since.date_naive().to_string(), now.date_naive().to_string());
    let recent = |v: &Value| {
        let t: DateTime<Utc> = v["time"].as_str().unwrap().parse().unwrap();
        t > since && t <= now
    };
    let ops = h
        .all(
            "/report/operationlogs",
            &[("from", &from), ("to", &to), ("page_size", "300")],
            "operation_logs",
        )
        .await;
    let is_download = |v: &Value| v["category_type"] == "recording" && v["action"] == "Download";
    let operation_logs = ops.iter().filter(|v| recent(v) && !is_download(v)).count() as u64;
    let recording_downloads = ops.iter().filter(|v| recent(v) && is_download(v)).count() as u64;
    let only_rec = h
        .all(
            "/report/operationlogs",
            &[
                ("from", &from),
                ("to", &to),
                ("category_type", "recording"),
                ("page_size", "300"),
            ],
            "operation_logs",
        )
        .await;
    assert!(only_rec.iter().all(|v| v["category_type"] == "recording"));
    let sign_ins = h
        .all(
            "/report/activities",
            &[("from", &from), ("to", &to), ("page_size", "300")],
            "activity_logs",
        )
        .await
        .iter()
        .filter(|v| recent(v))
        .count() as u64;
    let usage = h.get("/accounts/me/plans/usage", &[]).await.body;
    let plan_lines = [
        "plan_base",
        "plan_zoom_rooms",
        "plan_webinar",
        "plan_large_meeting",
    ]
    .iter()
    .map(|k| usage[k].as_array().map_or(0, Vec::len) as u64)
    .sum();
    let account_settings = leaves(&h.get("/accounts/me/settings", &[]).await.body);
    let directory = directory(h).await;
    Served {
        active,
        inactive,
        h323,
        rooms,
        managed,
        meeting_devices: meeting,
        operation_logs,
        recording_downloads,
        sign_ins,
        plan_lines,
        account_settings,
        user_setting_leaves,
        user_licenses,
        directory,
    }
}

/// Groups, roles and their members as the endpoints list them.
async fn directory(h: &Harness) -> [u64; 4] {
    let mut out = [0; 4];
    for (i, (list, key, members)) in [
        ("/groups", "groups", "/groups/{}/members"),
        ("/roles", "roles", "/roles/{}/members"),
    ]
    .into_iter()
    .enumerate()
    {
        let all = h.get(list, &[]).await.body[key].as_array().unwrap().clone();
        out[i] = all.len() as u64;
        for x in &all {
            let path = members.replace("{}", x["id"].as_str().unwrap());
            out[2 + i] += h.all(&path, &[("page_size", "300")], "members").await.len() as u64;
        }
    }
    out
}

#[derive(Clone, Copy)]
struct S {
    days: i64,
    both: bool,
    devices: bool,
    inactive: bool,
    skip_service: bool,
    exclude_calendar: bool,
    sources: [bool; 5],
    activity: bool,
    recording: bool,
    settings: bool,
    directory: bool,
}

const D: S = S {
    days: 7,
    both: true,
    devices: true,
    inactive: false,
    skip_service: false,
    exclude_calendar: false,
    sources: [true; 5],
    activity: false,
    recording: false,
    settings: false,
    directory: false,
};

fn expected(s: &Served, x: S) -> KindCounts {
    let mut c: KindCounts = zoom_sim::KINDS.iter().map(|k| (k.to_string(), 0)).collect();
    let on = |i: usize| x.devices && x.sources[i];
    let kept: Vec<_> = s
        .rooms
        .iter()
        .filter(|(cal, svc, _)| !((x.exclude_calendar && *cal) || (x.skip_service && *svc)))
        .collect();
    let users = s.active + if x.inactive { s.inactive } else { 0 };
    let mut put = |k: &str, v: u64| {
        c.insert(k.to_string(), v);
    };
    if on(0) {
        put("h323_device", s.h323);
    }
    if on(1) {
        put("meeting_device", s.meeting_devices[&(x.days, x.both)]);
    }
    if on(2) {
        put("zoom_room", kept.len() as u64);
    }
    if on(3) {
        put("zoom_room_device", kept.iter().map(|r| r.2).sum());
    }
    if on(4) {
        put("managed_device", s.managed);
    }
    put("user", users);
    if x.settings {
        assert!(!x.inactive, "the settings variant reads active users only");
        put("license", s.plan_lines + s.user_licenses);
        put("account_setting", s.account_settings);
        put("user_setting", s.user_setting_leaves);
    }
    if x.activity {
        // Downloads are operation logs unless recording downloads are fetched too.
        let downloads = if x.recording {
            0
        } else {
            s.recording_downloads
        };
        put("operation_log", s.operation_logs + downloads);
        put("sign_in_activity", s.sign_ins);
    }
    if x.recording {
        put("recording_download", s.recording_downloads);
    }
    put("saas_application", 1);
    put("account", 1);
    if x.directory {
        for (k, v) in zoom_sim::DIRECTORY_COUNTS.iter().zip(s.directory) {
            put(k, v);
        }
    }
    c
}

async fn check(config: SimConfig) {
    let h = start(config).await;
    let truth = h.sim.truth();
    let s = served(&h).await;
    assert_eq!(truth.default, expected(&s, D), "default");
    let variants = [
        (
            "fetch_inactive_users=true",
            S {
                inactive: true,
                ..D
            },
        ),
        (
            "devices_require_hostname_and_mac=false",
            S { both: false, ..D },
        ),
        (
            "skip_service_accounts=true",
            S {
                skip_service: true,
                ..D
            },
        ),
        (
            "exclude_calendar_rooms=true",
            S {
                exclude_calendar: true,
                ..D
            },
        ),
        (
            "fetch_devices=false",
            S {
                devices: false,
                ..D
            },
        ),
        ("meeting_days=30", S { days: 30, ..D }),
        (
            "activity_logs=true",
            S {
                activity: true,
                ..D
            },
        ),
        (
            "recording_download_activities=true",
            S {
                recording: true,
                ..D
            },
        ),
        (
            "fetch_settings_and_licenses=true",
            S {
                settings: true,
                ..D
            },
        ),
        ("enrich_last_logon_from_meetings=true", D),
        (
            "device_sources=[\"h323_devices\",\"zoom_rooms\"]",
            S {
                sources: [true, false, true, false, false],
                ..D
            },
        ),
        (
            zoom_sim::DIRECTORY_VARIANT,
            S {
                directory: true,
                ..D
            },
        ),
    ];
    assert_eq!(truth.variants.len(), variants.len());
    for (name, x) in variants {
        assert_eq!(
            truth.variants.get(name),
            Some(&expected(&s, x)),
            "variant {name}"
        );
    }
    // Every filter setting changes something in this account.
    for name in [
        "fetch_inactive_users=true",
        "devices_require_hostname_and_mac=false",
        "skip_service_accounts=true",
        "exclude_calendar_rooms=true",
        "meeting_days=30",
        "activity_logs=true",
        "recording_download_activities=true",
    ] {
        assert_ne!(
            truth.variants[name], truth.default,
            "{name} changes the counts"
        );
    }
}

#[tokio::test]
async fn truth_matches_what_the_small_account_serves() {
    check(SimConfig {
        qps_scale: 0.0,
        ..SimConfig::default()
    })
    .await;
}

#[tokio::test]
async fn truth_matches_a_custom_account() {
    let counts = Counts {
        users: 150,
        groups: 5,
        h323_devices: 7,
        rooms: 23,
        managed_devices: 9,
        meetings_per_week: 20,
        participants_per_meeting: 12,
        operation_logs_per_day: 90,
        sign_ins_per_day: 400,
    };
    check(SimConfig {
        seed: 42,
        counts,
        qps_scale: 0.0,
        ..SimConfig::default()
    })
    .await;
}
