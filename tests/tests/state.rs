//! The state store over several cycles against zoom-sim with its clock
//! moving (the adapter runs under faketime at the simulator's time): every
//! cycle gives what a full re-read gives, activities arrive exactly once
//! (late ones too), deletions are reported exactly, a killed cycle leaves
//! the store as it was, and two cycles at once share one daily quota.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{Value, json};
use zoom_adapter_e2e::sim::{Fetch, Sim};
use zoom_sim::{SimConfig, Size};

/// A fixed anchor: the test never depends on the wall clock.
fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
}

fn sim_at(anchor: DateTime<Utc>, counts: impl FnOnce(&mut zoom_sim::Counts)) -> Sim {
    let mut config = SimConfig::sized(Size::Small);
    config.anchor = Some(anchor);
    counts(&mut config.counts);
    Sim::start(config)
}

fn settings() -> Value {
    json!({"zoom_plan": "business", "activity_logs": true, "meeting_days": 7})
}

const ACTIVITY_KINDS: [&str; 3] = ["operation_log", "sign_in_activity", "recording_download"];

/// Records that are not activities, without `fetched_at`, by id.
fn inventory(fetch: &Fetch) -> BTreeMap<String, Value> {
    fetch
        .records
        .iter()
        .filter(|r| r.get("deleted").is_none())
        .filter(|r| !ACTIVITY_KINDS.contains(&r["kind"].as_str().unwrap_or_default()))
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut()
                .unwrap_or_else(|| panic!("a record is an object"))
                .remove("fetched_at");
            (
                r["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a record has an id"))
                    .to_owned(),
                r,
            )
        })
        .collect()
}

fn activity_ids(fetch: &Fetch) -> Vec<String> {
    fetch
        .records
        .iter()
        .filter(|r| ACTIVITY_KINDS.contains(&r["kind"].as_str().unwrap_or_default()))
        .map(|r| {
            r["id"]
                .as_str()
                .unwrap_or_else(|| panic!("a record has an id"))
                .to_owned()
        })
        .collect()
}

fn tombstones(fetch: &Fetch) -> BTreeSet<String> {
    fetch
        .records
        .iter()
        .filter(|r| r["deleted"] == true)
        .map(|r| {
            r["id"]
                .as_str()
                .unwrap_or_else(|| panic!("a record has an id"))
                .to_owned()
        })
        .collect()
}

fn assert_ok(fetch: &Fetch) {
    assert_eq!(fetch.code, 0, "{}\n{}", fetch.summary, fetch.stderr);
}

#[test]
fn cycles_with_the_clock_moving_equal_full_reads_deliver_activities_once_and_report_deletions() {
    let a = anchor();
    let sim = sim_at(a, |_| {});
    // Cycles: a day before a user is deleted, an hour after, then one and
    // three days later (each within meeting_days of the one before).
    let deletion = sim
        .sim()
        .deletions()
        .into_iter()
        .map(|(at, _)| at)
        .find(|at| *at > a + Duration::days(2))
        .expect("a user is deleted more than two days after the anchor");
    let times = [
        deletion - Duration::days(1),
        deletion + Duration::hours(1),
        deletion + Duration::days(1),
        deletion + Duration::days(3),
    ];
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("state.sqlite3");
    let store_arg = store.to_str().unwrap();
    let mut delivered: Vec<String> = Vec::new();
    let mut previous_full: Option<BTreeMap<String, Value>> = None;
    let mut first_from: Option<String> = None;
    for (cycle, at) in times.into_iter().enumerate() {
        sim.sim().set_clock(at).unwrap();
        let incremental = sim.fetch_at(at, settings(), &["--state", store_arg, "--emit-deletions"]);
        let full = sim.fetch_at(at, settings(), &["--no-state"]);
        assert_ok(&incremental);
        assert_ok(&full);
        let state = &incremental.summary["state"];
        assert_eq!(state["saved"], true, "{state}");
        // Meeting devices, users and every other inventory record: exactly
        // what a full re-read gives.
        let (inc, fresh) = (inventory(&incremental), inventory(&full));
        assert_eq!(
            inc.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>(),
            "cycle {cycle}: ids differ from a full read"
        );
        assert_eq!(inc, fresh, "cycle {cycle}: records differ from a full read");
        assert!(
            inc.values().any(|r| r["kind"] == "meeting_device"),
            "cycle {cycle}: no meeting devices at all"
        );
        // … and what the simulator says a cycle at this time must return.
        let truth = sim.sim().truth().default;
        for (kind, want) in &truth {
            if ACTIVITY_KINDS.contains(&kind.as_str()) {
                continue;
            }
            let got = inc.values().filter(|r| r["kind"] == kind.as_str()).count() as u64;
            assert_eq!(got, *want, "cycle {cycle}: {kind} against the truth");
        }
        // Deletions: exactly the ids the previous full read had and this one lacks.
        let gone: BTreeSet<String> = match &previous_full {
            Some(before) => before
                .keys()
                .filter(|id| !fresh.contains_key(*id))
                .cloned()
                .collect(),
            None => BTreeSet::new(),
        };
        assert_eq!(tombstones(&incremental), gone, "cycle {cycle}: tombstones");
        let deleted_users = gone.iter().filter(|id| id.contains(":user:")).count() as u64;
        assert_eq!(
            state["deleted"]["user"].as_u64().unwrap_or(0),
            deleted_users,
            "{state}"
        );
        if cycle == 1 {
            assert!(deleted_users >= 1, "the deleted user is reported: {gone:?}");
        }
        // Past meetings: after the first cycle, only the new ones are read.
        let (reused, read) = (
            state["meetings_reused"].as_u64().unwrap(),
            state["meetings_read"].as_u64().unwrap(),
        );
        let participant_calls =
            incremental.summary["requests"]["GET /metrics/meetings/{meetingId}/participants"]
                .as_u64()
                .unwrap_or(0);
        assert_eq!(participant_calls, read, "{}", incremental.summary);
        if cycle > 0 {
            assert!(reused > 0 && read < reused, "cycle {cycle}: {state}");
        }
        first_from.get_or_insert_with(|| {
            // The first cycle read activity_lookback_hours back from its start.
            (at - Duration::hours(24)).to_rfc3339()
        });
        delivered.extend(activity_ids(&incremental));
        previous_full = Some(fresh);
    }
    // Every activity exactly once, late ones included: the union equals a
    // full read of the whole span at the end, and what the simulator says.
    let unique: BTreeSet<&String> = delivered.iter().collect();
    assert_eq!(
        unique.len(),
        delivered.len(),
        "an activity was delivered twice"
    );
    let last = times[times.len() - 1];
    let everything = sim.fetch_at(
        last,
        settings(),
        &[
            "--no-state",
            "--activity-cursor",
            first_from.as_deref().unwrap(),
        ],
    );
    let all: BTreeSet<String> = activity_ids(&everything).into_iter().collect();
    let delivered: BTreeSet<String> = delivered.into_iter().collect();
    assert_eq!(
        delivered.len(),
        all.len(),
        "missing: {:?}",
        all.difference(&delivered).take(5).collect::<Vec<_>>()
    );
    assert_eq!(delivered, all);
    let truth = sim
        .sim()
        .activity_truth(times[0] - Duration::hours(24), last);
    assert_eq!(
        delivered.len() as u64,
        truth.operation_log + truth.sign_in_activity,
        "{truth:?}"
    );
}

/// What the store holds, without what a run's timing changes (when a
/// meeting was read, the exact cursor second, the quota ledger).
fn store_contents(path: &Path) -> Value {
    let conn = rusqlite::Connection::open(path).unwrap_or_else(|e| panic!("{e}"));
    let rows = |sql: &str| -> Vec<String> {
        let mut statement = conn.prepare(sql).unwrap_or_else(|e| panic!("{e}"));
        statement
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|row| row.unwrap_or_else(|e| panic!("{e}")))
            .collect()
    };
    json!({
        "meetings": rows("SELECT uuid || ' ' || started_at || ' ' || ended_at || ' ' || hex(devices) || ' ' || hex(joins) FROM meeting ORDER BY uuid"),
        "seen": rows("SELECT kind || ' ' || id FROM seen ORDER BY kind, id"),
        "cursor_minutes": rows("SELECT source || ' ' || (delivered_to / 600) FROM activity_cursor ORDER BY source"),
        "delivered": rows("SELECT source || ' ' || id FROM activity_delivered ORDER BY source, id"),
    })
}

fn copy_store(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_cycle_killed_mid_way_leaves_the_store_as_it_was_and_the_rerun_matches_an_uninterrupted_one() {
    let a = anchor();
    // Slow enough to be killed in the middle of its meetings.
    let mut config = SimConfig::sized(Size::Small);
    config.anchor = Some(a);
    config.latency_ms = 40;
    let sim = Sim::start(config);
    let dir = tempfile::tempdir().unwrap();
    let (one, killed) = (
        dir.path().join("one.sqlite3"),
        dir.path().join("killed.sqlite3"),
    );
    let first = a + Duration::days(1);
    sim.sim().set_clock(first).unwrap();
    assert_ok(&sim.fetch_at(first, settings(), &["--state", one.to_str().unwrap()]));
    copy_store(&one, &killed);
    let before = store_contents(&killed);

    let second = first + Duration::days(1);
    sim.sim().set_clock(second).unwrap();
    let uninterrupted = sim.fetch_at(second, settings(), &["--state", one.to_str().unwrap()]);
    assert_ok(&uninterrupted);

    // The same cycle on the copy, killed once its participant calls are under way.
    let connection = sim.connection(json!({}));
    let settings_dir = tempfile::tempdir().unwrap();
    let settings_file =
        zoom_adapter_e2e::write_file(&settings_dir, "s.json", &settings().to_string());
    let stats = |sim: &Sim| -> u64 {
        let body = zoom_adapter_e2e::http_get(&format!("{}/_sim/stats", sim.sim().info().api_url));
        let stats: Value = serde_json::from_str(&body).unwrap();
        stats["by_endpoint"]["GET /metrics/meetings/{meetingId}/participants"]
            .as_u64()
            .unwrap_or(0)
    };
    let calls_before = stats(&sim);
    let mut child = zoom_adapter_e2e::adapter_command_at(second)
        .args([
            "fetch",
            "--connection",
            &connection,
            "--settings",
            &settings_file,
            "--state",
            killed.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while stats(&sim) < calls_before + 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "the cycle never read a meeting"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        store_contents(&killed),
        before,
        "the killed cycle changed the store"
    );

    let rerun = sim.fetch_at(second, settings(), &["--state", killed.to_str().unwrap()]);
    assert_ok(&rerun);
    assert_eq!(inventory(&rerun), inventory(&uninterrupted));
    let (mut a_ids, mut b_ids) = (activity_ids(&rerun), activity_ids(&uninterrupted));
    a_ids.sort();
    b_ids.sort();
    assert_eq!(a_ids, b_ids);
    assert_eq!(store_contents(&killed), store_contents(&one));
}

#[test]
fn two_cycles_at_once_on_one_store_stay_within_the_daily_share_together() {
    let a = anchor();
    // 1,400 meetings in the week, one participant each: more than the share.
    let sim = sim_at(a, |counts| {
        counts.meetings_per_week = 1_400;
        counts.participants_per_meeting = 1;
    });
    let at = a + Duration::days(1);
    sim.sim().set_clock(at).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("shared.sqlite3");
    // Business: 60,000 a day; 1 % of it is 600 Heavy calls for the day.
    let settings = json!({"zoom_plan": "business", "max_daily_quota_share": 0.01,
        "device_sources": ["meeting_devices"]});
    let heavy = |sim: &Sim| -> u64 {
        let body = zoom_adapter_e2e::http_get(&format!("{}/_sim/stats", sim.sim().info().api_url));
        let stats: Value = serde_json::from_str(&body).unwrap();
        stats["by_category"]["Heavy"].as_u64().unwrap_or(0)
            + stats["by_category"]["Resource-intensive"]
                .as_u64()
                .unwrap_or(0)
    };
    let before = heavy(&sim);
    let (first, second) = std::thread::scope(|scope| {
        let one = scope
            .spawn(|| sim.fetch_at(at, settings.clone(), &["--state", store.to_str().unwrap()]));
        let two = scope
            .spawn(|| sim.fetch_at(at, settings.clone(), &["--state", store.to_str().unwrap()]));
        (one.join().unwrap(), two.join().unwrap())
    });
    let spent = heavy(&sim) - before;
    assert!(spent <= 600, "two cycles together made {spent} heavy calls");
    let used: u64 = [&first, &second]
        .iter()
        .map(|f| f.summary["daily_quota"]["used"].as_u64().unwrap())
        .sum();
    // Every call that reached the simulator was counted (throttled
    // attempts are counted too, so the ledger never under-counts).
    assert!(
        spent <= used && used <= 600,
        "spent {spent}, counted {used}"
    );
    // Each says the share is spent (partial), and neither read more than its part.
    for fetch in [&first, &second] {
        assert_eq!(fetch.code, 4, "{}", fetch.summary);
        assert_eq!(fetch.summary["daily_quota"]["budget"], 600);
        assert!(fetch.summary["daily_quota"]["used_today"].as_u64().unwrap() <= 600);
    }
    // Without the shared store, each cycle would have spent the share alone.
    assert!(spent > 600 / 2, "the share was used: {spent}");
}

#[test]
fn a_damaged_or_foreign_store_is_refused_with_exit_2_and_left_alone_and_no_secret_is_stored() {
    let a = anchor();
    let sim = sim_at(a, |_| {});
    let at = a + Duration::days(1);
    sim.sim().set_clock(at).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database, just bytes".repeat(400)).unwrap();
    let connection = sim.connection(json!({}));
    let settings_file = dir.path().join("settings.json");
    std::fs::write(&settings_file, settings().to_string()).unwrap();
    let fetch_args = |extra: &[&str]| -> zoom_adapter_e2e::Run {
        let mut args = vec![
            "fetch",
            "--connection",
            &connection,
            "--settings",
            settings_file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        zoom_adapter_e2e::run_adapter_at(Some(at), &args, "", &[])
    };
    let refused = fetch_args(&["--state", garbage.to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stdout.is_empty());
    assert!(
        refused.stderr.contains("--reset-state"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        std::fs::read(&garbage).unwrap(),
        b"not a database, just bytes".repeat(400)
    );
    let reset = sim.fetch_at(
        at,
        settings(),
        &["--state", garbage.to_str().unwrap(), "--reset-state"],
    );
    assert_ok(&reset);
    // The store holds no secret of the connection, in any of its files.
    let info = sim.sim().info();
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    // The meetings' contributions are deflated: scan them inflated too.
    let conn = rusqlite::Connection::open(&garbage).unwrap();
    let mut statement = conn.prepare("SELECT devices, joins FROM meeting").unwrap();
    let blobs: Vec<(Vec<u8>, Vec<u8>)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!blobs.is_empty(), "the store holds meetings");
    for (devices, joins) in blobs {
        for blob in [devices, joins] {
            std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&blob[..]), &mut bytes)
                .unwrap();
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    for secret in [&info.client_secret, &info.password, &info.totp_secret] {
        assert!(!text.contains(secret.as_str()), "a secret is in the store");
    }
    assert!(!text.contains("access_token") && !text.contains("Bearer"));
    // --emit-deletions without a store is bad input.
    let no_store = fetch_args(&["--no-state", "--emit-deletions"]);
    assert_eq!(no_store.code, 2, "{}", no_store.stderr);
    assert!(
        no_store
            .stderr
            .contains("--emit-deletions needs a state store")
    );
}
