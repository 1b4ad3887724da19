//! `fetch --format ocsf` against zoom-sim: one OCSF event per device, user,
//! sign-in and operation log, in the classes docs/ocsf.md names, with what
//! each class requires. (`.ci/ocsf` validates the same output against the
//! OCSF 1.8.0 schemas themselves.)

use std::collections::BTreeMap;

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::Sim;

#[test]
fn every_device_user_sign_in_and_operation_log_becomes_an_event_of_its_class() {
    let sim = Sim::small();
    let settings = json!({"zoom_plan": "business", "activity_logs": true});
    let records = sim.fetch(settings.clone(), &["--no-state"]);
    let events = sim.fetch(settings, &["--no-state", "--format", "ocsf"]);
    assert_eq!(events.code, 0, "{}", events.stderr);
    let mut by_class: BTreeMap<u64, Vec<&Value>> = BTreeMap::new();
    for event in &events.records {
        by_class
            .entry(event["class_uid"].as_u64().unwrap())
            .or_default()
            .push(event);
        assert_eq!(event["metadata"]["version"], "1.8.0");
        assert_eq!(event["metadata"]["product"]["name"], "Zoom");
        assert!(
            event["time"].is_i64() && event["severity_id"].is_u64() && event["type_uid"].is_u64()
        );
    }
    let count = |kinds: &[&str]| {
        records
            .records
            .iter()
            .filter(|r| kinds.contains(&r["kind"].as_str().unwrap()))
            .count()
    };
    let devices = [
        "h323_device",
        "zoom_room",
        "zoom_room_device",
        "meeting_device",
        "managed_device",
    ];
    assert_eq!(by_class[&5001].len(), count(&devices));
    assert_eq!(by_class[&5003].len(), count(&["user"]));
    assert_eq!(by_class[&3002].len(), count(&["sign_in_activity"]));
    // Operation logs: an account change naming its user is Account Change,
    // every other one API Activity.
    let account_changes = records
        .records
        .iter()
        .filter(|r| {
            r["kind"] == "operation_log"
                && r["fields"]["category"] == "user"
                && r["fields"]["target"].is_string()
        })
        .count();
    assert!(account_changes > 0);
    assert_eq!(by_class[&3001].len(), account_changes);
    assert_eq!(
        by_class[&6003].len(),
        count(&["operation_log"]) - account_changes
    );
    for change in &by_class[&3001] {
        assert!(change["user"]["email_addr"].as_str().unwrap().contains('@'));
        assert!(matches!(
            change["activity_id"].as_u64(),
            Some(1 | 2 | 3 | 5 | 6 | 7 | 8 | 99)
        ));
    }
    for device in &by_class[&5001] {
        let device = &device["device"];
        assert!(device["type_id"].is_u64());
        assert!(
            ["ip", "uid", "name", "hostname"]
                .iter()
                .any(|k| device.get(*k).is_some())
        );
    }
    for auth in &by_class[&3002] {
        assert!(auth.get("service").is_some() || auth.get("dst_endpoint").is_some());
        assert!(matches!(auth["activity_id"].as_u64(), Some(1 | 2)));
    }
    // No deletions in OCSF: the combination is bad input.
    let dir = tempfile::tempdir().unwrap();
    let connection = sim.connection(json!({}));
    let run = zoom_adapter_e2e::run_adapter(
        &[
            "fetch",
            "--connection",
            &connection,
            "--format",
            "ocsf",
            "--emit-deletions",
            "--state",
            dir.path().join("s.sqlite3").to_str().unwrap(),
        ],
        "",
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
}
