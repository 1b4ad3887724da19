//! `check` and `demo` end to end.

use serde_json::{Value, json};
use zoom_adapter_e2e::run_adapter;
use zoom_adapter_e2e::sim::Sim;
use zoom_sim::{SimConfig, Size};

fn check(sim: &Sim, patch: Value, settings: &str) -> (i32, Value) {
    let connection = sim.connection(patch);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings_path = zoom_adapter_e2e::write_file(&dir, "s.json", settings);
    let run = run_adapter(
        &[
            "check",
            "--connection",
            &connection,
            "--settings",
            &settings_path,
            "--json",
        ],
        "",
        &[],
    );
    let report = run.json();
    (run.code, report)
}

fn kind<'a>(report: &'a Value, kind: &str) -> &'a Value {
    report["kinds"]
        .as_array()
        .and_then(|k| k.iter().find(|k| k["kind"] == kind))
        .unwrap_or_else(|| panic!("{kind}: {report}"))
}

#[test]
fn check_passes_with_every_scope_on_business() {
    let sim = Sim::small();
    let (code, report) = check(&sim, json!({}), r#"{"zoom_plan":"business"}"#);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["authenticated"], true);
    let kinds = report["kinds"].as_array().cloned().unwrap_or_default();
    assert_eq!(kinds.len(), 16);
    // What the default settings plan is reachable; the rest is off, unprobed.
    for kind in &kinds {
        let expected = kind["status"] != "off";
        assert_eq!(kind["reachable"], expected, "{kind}");
    }
    assert_eq!(
        kinds.iter().filter(|k| k["status"] == "off").count(),
        8,
        "activities (3), settings/licenses (3), groups and roles (2) are off by default: {report}"
    );
}

#[test]
fn check_probes_groups_and_roles_when_they_are_on() {
    let sim = Sim::small();
    let (code, report) = check(
        &sim,
        json!({}),
        r#"{"zoom_plan":"business","directory_sources":["groups","roles"]}"#,
    );
    assert_eq!(code, 0, "{report}");
    for name in ["group", "role"] {
        assert_eq!(kind(&report, name)["reachable"], true, "{report}");
    }
}

#[test]
fn check_names_the_missing_scope_and_the_plan() {
    let granted = [
        "user:read:admin",
        "group:read:admin",
        "h323:read:admin",
        "room:read:admin",
        "account:read:admin",
        "report:read:admin",
    ]
    .map(str::to_owned)
    .to_vec();
    let sim = Sim::start(SimConfig {
        scopes: Some(granted),
        plan: zoom_sim::Plan::Pro,
        ..SimConfig::sized(Size::Small)
    });
    let (code, report) = check(&sim, json!({}), r#"{"zoom_plan":"pro"}"#);
    assert_eq!(code, 4, "{report}");
    let managed = kind(&report, "managed_device");
    assert_eq!(managed["reachable"], false);
    assert_eq!(
        managed["failures"][0]["error"]["missing_scope"], "device:read:admin",
        "{managed}"
    );
    // The dashboard only enriches rooms: reachable, with the failure listed.
    let rooms = kind(&report, "zoom_room");
    assert_eq!(rooms["reachable"], true);
    assert_eq!(rooms["failures"][0]["enrichment"], true, "{rooms}");
    assert_eq!(kind(&report, "user")["reachable"], true);
    assert_eq!(kind(&report, "meeting_device")["reachable"], false);
}

#[test]
fn check_exits_3_on_bad_credentials() {
    let sim = Sim::small();
    let (code, report) = check(&sim, json!({"client_secret": "not-the-secret"}), "{}");
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["authenticated"], false);
    assert_eq!(report["auth_error"]["kind"], "auth");
}

#[test]
fn demo_runs_two_cycles_a_day_apart_and_writes_the_records() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = dir
        .path()
        .join("records.jsonl")
        .to_string_lossy()
        .into_owned();
    let run = run_adapter(&["demo", "--output", &output], "", &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let lines = std::fs::read_to_string(&output).unwrap_or_default();
    let records: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    // Two cycles: each table's "total N" line; the records of both (and
    // any tombstones, which no table counts) are in the output.
    let totals: Vec<usize> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("total"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|words| words.len() == 2)
        .filter_map(|words| words[1].parse().ok())
        .collect();
    assert_eq!(totals.len(), 2, "{}", run.stdout);
    let records_written = records
        .iter()
        .filter(|r| r.get("deleted").is_none())
        .count();
    assert_eq!(
        totals.iter().sum::<usize>(),
        records_written,
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("second cycle, a simulated day later"));
    // The second cycle reads only the meetings of the new day.
    let participants: Vec<u64> = run
        .stdout
        .lines()
        .find(|l| l.starts_with("GET /metrics/meetings/{meetingId}/participants "))
        .map(|l| {
            l.split_whitespace()
                .skip(2)
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        matches!(participants[..], [first, second] if second * 3 < first),
        "{participants:?}\n{}",
        run.stdout
    );
    for kind in [
        "h323_device",
        "zoom_room",
        "meeting_device",
        "user",
        "license",
        "account_setting",
        "user_setting",
        "operation_log",
        "sign_in_activity",
        "recording_download",
        "saas_application",
        "account",
    ] {
        assert!(
            records.iter().any(|r| r["kind"] == kind),
            "demo shows no {kind}"
        );
        assert!(run.stdout.contains(kind), "the table lists {kind}");
    }
}
