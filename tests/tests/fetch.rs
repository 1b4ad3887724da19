//! `zoom-adapter fetch` end to end: the real binary against zoom-sim, record
//! counts compared with the simulator's ground truth for the default settings
//! and for each product setting switched; ids unique and stable; raw objects;
//! failures reported per source with the exit codes of docs/contracts.md.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::{Fetch, Sim};
use zoom_sim::{SimConfig, Size};

/// Fetches with `setting` switched and compares every kind with the truth.
fn check_variant(setting: &str) {
    let sim = Sim::small();
    let truth = sim.sim().truth();
    let (settings, want) = match setting.split_once('=') {
        None => (json!({}), truth.default.clone()),
        Some((key, value)) => {
            let value: Value =
                serde_json::from_str(value).unwrap_or_else(|e| panic!("{setting}: {e}"));
            let want = truth
                .variants
                .get(setting)
                .cloned()
                .unwrap_or_else(|| panic!("no truth for {setting}"));
            (json!({ key: value }), want)
        }
    };
    let fetch = sim.fetch(settings, &[]);
    assert_eq!(
        fetch.code, 0,
        "{setting}: exit {}\n{}",
        fetch.code, fetch.stderr
    );
    assert_eq!(
        fetch.counts(),
        want,
        "{setting}: records per kind differ from the truth"
    );
    // The summary counts what was written.
    let total = fetch.summary["records_total"].as_u64().unwrap_or_default();
    assert_eq!(total, fetch.records.len() as u64);
    // Ids are unique.
    let ids: BTreeSet<&str> = fetch
        .records
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids.len(), fetch.records.len(), "{setting}: duplicate ids");
}

#[test]
fn default_settings_match_the_truth() {
    check_variant("default");
}

#[test]
fn meeting_days_widens_the_meeting_window() {
    check_variant("meeting_days=30");
}

#[test]
fn devices_without_hostname_or_mac_are_kept_when_allowed() {
    check_variant("devices_require_hostname_and_mac=false");
}

#[test]
fn fetch_devices_off_fetches_no_device() {
    check_variant("fetch_devices=false");
}

#[test]
fn inactive_users_are_added() {
    check_variant("fetch_inactive_users=true");
}

#[test]
fn service_account_rooms_are_skipped() {
    check_variant("skip_service_accounts=true");
}

#[test]
fn device_sources_limit_the_device_kinds() {
    check_variant(r#"device_sources=["h323_devices","zoom_rooms"]"#);
}

#[test]
fn activity_logs_bring_operation_and_sign_in_logs() {
    check_variant("activity_logs=true");
}

#[test]
fn enrichment_changes_no_count() {
    check_variant("enrich_last_logon_from_meetings=true");
}

#[test]
fn recording_downloads_are_activities() {
    check_variant("recording_download_activities=true");
}

#[test]
fn settings_and_licenses_are_fetched() {
    check_variant("fetch_settings_and_licenses=true");
}

#[test]
fn calendar_rooms_are_excluded() {
    check_variant("exclude_calendar_rooms=true");
}

#[test]
fn enrichment_sets_last_logon_from_recent_joins() {
    let sim = Sim::small();
    let plain = sim.fetch(json!({}), &[]);
    let enriched = sim.fetch(json!({"enrich_last_logon_from_meetings": true}), &[]);
    let logons = |fetch: &Fetch| -> BTreeMap<String, String> {
        fetch
            .records
            .iter()
            .filter(|r| r["kind"] == "user")
            .filter_map(|r| {
                Some((
                    r["id"].as_str()?.to_owned(),
                    r["fields"]["last_logon"].as_str()?.to_owned(),
                ))
            })
            .collect()
    };
    let (before, after) = (logons(&plain), logons(&enriched));
    let later = after
        .iter()
        .filter(|(id, time)| before.get(*id).is_none_or(|b| *time > b))
        .count();
    assert!(later > 0, "no user's last logon moved to a meeting join");
    assert!(
        after
            .iter()
            .all(|(id, time)| before.get(id).is_none_or(|b| time >= b)),
        "enrichment never moves a logon back"
    );
}

#[test]
fn ids_are_stable_across_cycles_and_raw_is_attached_only_on_request() {
    let sim = Sim::small();
    let first = sim.fetch(json!({}), &[]);
    let second = sim.fetch(json!({}), &["--include-raw"]);
    let ids = |fetch: &Fetch| -> BTreeSet<String> {
        fetch
            .records
            .iter()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        ids(&first),
        ids(&second),
        "the same tenant gives the same ids"
    );
    assert!(first.records.iter().all(|r| r.get("raw").is_none()));
    for record in second.records.iter().filter(|r| {
        ["user", "h323_device", "zoom_room", "managed_device"]
            .contains(&r["kind"].as_str().unwrap_or_default())
    }) {
        let raw = &record["raw"];
        assert!(raw.is_object(), "{record}");
        let key = record["id"]
            .as_str()
            .unwrap_or_default()
            .rsplit(':')
            .next()
            .unwrap_or_default();
        let raw_ids = ["id", "room_id", "device_id"].map(|k| raw[k].as_str().unwrap_or_default());
        assert!(
            raw_ids.contains(&key),
            "raw of {key} is another object: {raw}"
        );
    }
    // Untouched: Zoom's empty strings are still there (a decoded and
    // re-encoded object would have dropped them).
    let kept_empty = second
        .records
        .iter()
        .filter(|r| r["kind"] == "user")
        .any(|r| {
            r["raw"]
                .as_object()
                .is_some_and(|o| o.values().any(|v| v == ""))
        });
    assert!(kept_empty, "no raw user kept an empty string");
}

#[test]
fn bad_credentials_exit_3_and_name_the_reason() {
    let sim = Sim::small();
    let connection = sim.connection(json!({"client_secret": "WRONG-secret-5d1e"}));
    let fetch = sim.fetch_with(&connection, json!({}), &[]);
    assert_eq!(fetch.code, 3, "{}", fetch.stderr);
    assert_eq!(fetch.summary["status"], "auth_failed");
    assert!(
        fetch.stderr.contains("invalid_client") || fetch.stderr.contains("Invalid client"),
        "{}",
        fetch.stderr
    );
    assert!(
        !fetch.stderr.contains("WRONG-secret-5d1e") && !fetch.stdout.contains("WRONG-secret-5d1e")
    );
}

#[test]
fn a_missing_scope_fails_its_source_only() {
    let granted: Vec<String> = [
        "user:read:admin",
        "group:read:admin",
        "h323:read:admin",
        "room:read:admin",
        "dashboard_zr:read:admin",
        "device:read:admin",
        "account:read:admin",
        "report:read:admin",
    ]
    .map(str::to_owned)
    .to_vec();
    let sim = Sim::start(SimConfig {
        scopes: Some(granted),
        ..SimConfig::sized(Size::Small)
    });
    let truth = sim.sim().truth().default;
    let fetch = sim.fetch(json!({}), &[]);
    assert_eq!(fetch.code, 4, "{}", fetch.stderr);
    assert_eq!(fetch.summary["status"], "partial");
    let meeting = fetch.source("meeting_device");
    assert_eq!(meeting["status"], "failed");
    assert_eq!(
        meeting["error"]["missing_scope"], "dashboard_meetings:read:admin",
        "{meeting}"
    );
    let counts = fetch.counts();
    for (kind, want) in truth {
        if kind != "meeting_device" {
            assert_eq!(counts.get(&kind), Some(&want), "{kind} should be complete");
        }
    }
    assert_eq!(counts.get("meeting_device"), Some(&0));
}

#[test]
fn secrets_never_appear_in_fetch_output() {
    let sim = Sim::small();
    let info = sim.sim().info().clone();
    let fetch = sim.fetch(
        json!({"fetch_settings_and_licenses": true, "activity_logs": true}),
        &["--include-raw", "--log-format", "json"],
    );
    for secret in [&info.client_secret, &info.password, &info.totp_secret] {
        assert!(!fetch.stdout.contains(secret.as_str()), "secret on stdout");
        assert!(!fetch.stderr.contains(secret.as_str()), "secret on stderr");
    }
    assert!(
        !fetch.stderr.to_lowercase().contains("bearer "),
        "an Authorization header leaked"
    );
}

/// SIGTERM during `fetch` is handled like Ctrl-C: the cycle stops, the
/// summary (status `cancelled`) is still stderr's last line, exit 4.
#[test]
fn sigterm_mid_fetch_writes_the_summary_and_exits_4() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    let sim = Sim::start(SimConfig {
        latency_ms: 50,
        ..SimConfig::sized(Size::Small)
    });
    let connection = sim.connection(json!({}));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = zoom_adapter_e2e::write_file(
        &dir,
        "settings.json",
        &json!({"zoom_plan": "business", "meeting_days": 60}).to_string(),
    );
    let mut child = zoom_adapter_e2e::adapter_command()
        .args([
            "fetch",
            "--connection",
            &connection,
            "--settings",
            &settings,
        ])
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    // Wait for the first record: the cycle is under way.
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok);
    assert!(first.is_some(), "no record before SIGTERM");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap_or_else(|e| panic!("kill: {e}"));
    assert!(status.success());
    // Drain stdout so the adapter never blocks on a full pipe.
    let drain = std::thread::spawn(move || lines.count());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap_or_else(|| panic!("stderr"))
        .read_to_string(&mut stderr)
        .unwrap_or_else(|e| panic!("{e}"));
    let exit = child.wait().unwrap_or_else(|e| panic!("{e}"));
    let _ = drain.join();
    let last = stderr.lines().last().unwrap_or_default();
    let summary: Value =
        serde_json::from_str(last).unwrap_or_else(|e| panic!("last line {last:?}: {e}"));
    assert_eq!(summary["status"], "cancelled", "{summary}");
    assert_eq!(exit.code(), Some(4), "{stderr}");
}

#[test]
fn defaults_on_a_pro_account_exit_0_with_meeting_devices_unavailable() {
    let sim = zoom_adapter_e2e::sim::Sim::start(zoom_sim::SimConfig {
        plan: zoom_sim::Plan::Pro,
        ..zoom_sim::SimConfig::sized(zoom_sim::Size::Small)
    });
    let fetch = sim.fetch(serde_json::json!({"zoom_plan": "auto"}), &[]);
    assert_eq!(fetch.code, 0, "{}", fetch.summary);
    let meeting = fetch.source("meeting_device");
    assert_eq!(meeting["status"], "unavailable", "{meeting}");
    assert_eq!(meeting["error"]["required_plan"], "Business", "{meeting}");
    assert_eq!(fetch.summary["status"], "ok");
    // Pro proved by an endpoint only paid plans serve; never Business.
    assert_eq!(fetch.summary["plan"]["source"], "auto");
    assert_eq!(
        fetch.summary["plan"]["assumed"], "pro",
        "{}",
        fetch.summary["plan"]
    );
}

#[test]
fn defaults_on_a_business_account_run_at_business_limits() {
    let sim = zoom_adapter_e2e::sim::Sim::small();
    let fetch = sim.fetch(serde_json::json!({"zoom_plan": "auto"}), &[]);
    assert_eq!(fetch.code, 0, "{}", fetch.summary);
    let plan = &fetch.summary["plan"];
    assert_eq!(plan["assumed"], "business", "{plan}");
    let evidence = plan["evidence"].as_str().unwrap_or_default();
    assert!(evidence.contains("answered"), "{plan}");
    assert_eq!(
        fetch.summary["daily_quota"]["budget"], 30_000,
        "Business's 60,000 × 0.5"
    );
}

#[test]
fn meeting_devices_read_only_what_todays_quota_share_can_finish() {
    let sim = zoom_adapter_e2e::sim::Sim::small();
    // Free's 1,000 Heavy calls a day × 0.01: room for 10, the listing included.
    let fetch = sim.fetch(
        serde_json::json!({"zoom_plan": "free", "max_daily_quota_share": 0.01, "device_sources": ["meeting_devices"]}),
        &[],
    );
    let meeting = fetch.source("meeting_device");
    assert_eq!(meeting["status"], "partial", "{meeting}");
    let message = meeting["error"]["message"].as_str().unwrap_or_default();
    // With the state store (the default) the first meetings that fit are
    // read and kept; the next cycles read the rest.
    assert!(
        message.contains("unread") && message.contains("the next cycles read the rest"),
        "{message}"
    );
    // Without one, the newest that fit.
    let once = sim.fetch(
        serde_json::json!({"zoom_plan": "free", "max_daily_quota_share": 0.01, "device_sources": ["meeting_devices"]}),
        &["--no-state"],
    );
    let newest = once.source("meeting_device");
    let once_message = newest["error"]["message"].as_str().unwrap_or_default();
    assert!(once_message.contains("left room for"), "{once_message}");
    assert!(
        meeting["error"]["what_to_do"]
            .as_str()
            .unwrap_or_default()
            .contains("00:00 UTC")
    );
    assert!(
        meeting["records"].as_u64().unwrap_or_default() > 0,
        "the newest meetings' devices"
    );
    let participants = fetch.summary["requests"]["GET /metrics/meetings/{meetingId}/participants"]
        .as_u64()
        .unwrap_or_default();
    assert!(
        (1..=10).contains(&participants),
        "{participants} participant calls"
    );
    assert!(
        fetch.summary["daily_quota"]["used"]
            .as_u64()
            .unwrap_or_default()
            <= 10
    );
}
