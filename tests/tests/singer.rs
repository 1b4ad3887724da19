//! `zoom-adapter singer` against zoom-sim: the catalog, a SCHEMA before each
//! stream's records, every record valid against its schema with a draft-4
//! validator (what Singer targets use), the STATE bookmark, and a second
//! run from that state that repeats no activity.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::Sim;
use zoom_adapter_e2e::{Run, run_adapter, write_file};

fn messages(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn singer(dir: &tempfile::TempDir, sim: &Sim, extra: &[(&str, Option<&Value>)]) -> Run {
    let info = sim.sim().info();
    let config = json!({
        "domain": info.api_url, "oauth_url": info.oauth_url, "account_id": info.account_id,
        "client_id": info.client_id, "client_secret": info.client_secret,
        "settings": {"zoom_plan": "business", "activity_logs": true}
    });
    let mut args = vec![
        "singer".to_owned(),
        "--config".to_owned(),
        write_file(dir, "config.json", &config.to_string()),
    ];
    for (flag, value) in extra {
        args.push(format!("--{flag}"));
        if let Some(value) = value {
            args.push(write_file(dir, &format!("{flag}.json"), &value.to_string()));
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_adapter(&args, "", &[]);
    for secret in [&info.client_secret, &info.password, &info.totp_secret] {
        assert!(!run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()));
    }
    run
}

#[test]
fn the_tap_discovers_then_syncs_valid_records_and_resumes_from_its_state() {
    let sim = Sim::small();
    let dir = tempfile::tempdir().unwrap();
    let discover = singer(&dir, &sim, &[("discover", None)]);
    assert_eq!(discover.code, 0, "{}", discover.stderr);
    let catalog: Value = serde_json::from_str(&discover.stdout).unwrap();
    let streams = catalog["streams"].as_array().unwrap();
    assert!(streams.iter().any(|s| s["tap_stream_id"] == "users"));
    assert!(
        !discover.stdout.contains("\"const\""),
        "draft 4 has no const"
    );
    for stream in streams {
        assert_eq!(stream["key_properties"], json!(["id"]));
        assert_eq!(stream["metadata"][0]["breadcrumb"], json!([]));
    }

    let sync = singer(&dir, &sim, &[("catalog", Some(&catalog))]);
    assert_eq!(sync.code, 0, "{}", sync.stderr);
    let all = messages(&sync);
    let mut schemas: BTreeMap<String, jsonschema::Validator> = BTreeMap::new();
    let mut activities = BTreeSet::new();
    let mut records = 0;
    for message in &all {
        match message["type"].as_str().unwrap() {
            "SCHEMA" => {
                let validator = jsonschema::draft4::new(&message["schema"]).unwrap();
                schemas.insert(message["stream"].as_str().unwrap().to_owned(), validator);
            }
            "RECORD" => {
                let stream = message["stream"].as_str().unwrap();
                let validator = schemas
                    .get(stream)
                    .unwrap_or_else(|| panic!("RECORD of {stream} before its SCHEMA"));
                let errors: Vec<String> = validator
                    .iter_errors(&message["record"])
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{stream}: {errors:?}");
                if stream == "operation_logs" || stream == "sign_in_activities" {
                    activities.insert(message["record"]["id"].as_str().unwrap().to_owned());
                }
                records += 1;
            }
            "STATE" => {}
            other => panic!("unexpected message type {other}"),
        }
    }
    assert!(records > 0 && !activities.is_empty());
    let state = all.last().unwrap();
    assert_eq!(state["type"], "STATE", "the last message is the state");
    assert!(
        state["value"]["bookmarks"]["operation_logs"]["cursor"].is_string(),
        "{state}"
    );

    let again = singer(
        &dir,
        &sim,
        &[
            ("catalog", Some(&catalog)),
            ("state", Some(&state["value"])),
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let repeated = messages(&again)
        .iter()
        .filter(|m| m["type"] == "RECORD")
        .filter(|m| activities.contains(m["record"]["id"].as_str().unwrap()))
        .count();
    assert_eq!(repeated, 0, "activities delivered again");
}

#[test]
fn an_unknown_stream_is_bad_input() {
    let sim = Sim::small();
    let dir = tempfile::tempdir().unwrap();
    let catalog = json!({"streams": [{"tap_stream_id": "no_such_stream", "metadata": []}]});
    let run = singer(&dir, &sim, &[("catalog", Some(&catalog))]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no stream \"no_such_stream\""),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}
