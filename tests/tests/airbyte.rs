//! `zoom-adapter airbyte` against zoom-sim: the messages Airbyte's engines
//! read (SPEC, CONNECTION_STATUS, CATALOG, RECORD, STATE, TRACE, LOG), every
//! record valid against its stream's schema, a second read with the saved
//! state that repeats no activity, catalog errors as TRACE config_error, and
//! no secret in any message.

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

fn of_type<'a>(messages: &'a [Value], kind: &str) -> Vec<&'a Value> {
    messages.iter().filter(|m| m["type"] == kind).collect()
}

fn config(sim: &Sim, patch: Value) -> Value {
    let info = sim.sim().info();
    let mut config = json!({
        "domain": info.api_url, "oauth_url": info.oauth_url, "account_id": info.account_id,
        "client_id": info.client_id, "client_secret": info.client_secret,
        "settings": {"zoom_plan": "business", "activity_logs": true}
    });
    if let (Some(target), Value::Object(patch)) = (config.as_object_mut(), patch) {
        target.extend(patch);
    }
    config
}

fn airbyte(dir: &tempfile::TempDir, args: &[&str], files: &[(&str, &Value)]) -> Run {
    let mut owned: Vec<String> = vec!["airbyte".to_owned()];
    owned.extend(args.iter().map(|a| (*a).to_owned()));
    for (flag, value) in files {
        owned.push(format!("--{flag}"));
        owned.push(write_file(dir, &format!("{flag}.json"), &value.to_string()));
    }
    let args: Vec<&str> = owned.iter().map(String::as_str).collect();
    run_adapter(&args, "", &[])
}

fn assert_no_secret(sim: &Sim, run: &Run) {
    let info = sim.sim().info();
    for secret in [&info.client_secret, &info.password, &info.totp_secret] {
        assert!(!run.stdout.contains(secret.as_str()), "a secret on stdout");
        assert!(!run.stderr.contains(secret.as_str()), "a secret on stderr");
    }
}

#[test]
fn spec_check_and_discover_speak_airbyte() {
    let sim = Sim::small();
    let dir = tempfile::tempdir().unwrap();
    let spec = airbyte(&dir, &["spec"], &[]);
    assert_eq!(spec.code, 0, "{}", spec.stderr);
    let spec = &messages(&spec)[0];
    assert_eq!(spec["type"], "SPEC");
    assert!(spec["spec"]["protocol_version"].is_string());
    let properties = &spec["spec"]["connectionSpecification"]["properties"];
    assert_eq!(properties["client_secret"]["airbyte_secret"], true);
    assert!(properties["settings"].is_object());

    let good = airbyte(&dir, &["check"], &[("config", &config(&sim, json!({})))]);
    assert_eq!(good.code, 0);
    assert_eq!(
        messages(&good)[0]["connectionStatus"]["status"],
        "SUCCEEDED",
        "{}",
        good.stdout
    );
    let bad = airbyte(
        &dir,
        &["check"],
        &[(
            "config",
            &config(&sim, json!({"client_secret": "wrong-secret-value"})),
        )],
    );
    assert_eq!(bad.code, 0);
    assert_eq!(
        messages(&bad)[0]["connectionStatus"]["status"],
        "FAILED",
        "{}",
        bad.stdout
    );
    assert!(!bad.stdout.contains("wrong-secret-value"));
    let invalid = airbyte(&dir, &["check"], &[("config", &json!({"account_id": 5}))]);
    assert_eq!(
        messages(&invalid)[0]["connectionStatus"]["status"],
        "FAILED"
    );

    let discover = airbyte(&dir, &["discover"], &[("config", &config(&sim, json!({})))]);
    assert_eq!(discover.code, 0, "{}", discover.stderr);
    let catalog = &messages(&discover)[0];
    assert_eq!(catalog["type"], "CATALOG");
    let streams = catalog["catalog"]["streams"].as_array().unwrap();
    let names: BTreeSet<&str> = streams
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for name in [
        "users",
        "meeting_devices",
        "zoom_rooms",
        "operation_logs",
        "sign_in_activities",
    ] {
        assert!(names.contains(name), "{names:?}");
    }
    for stream in streams {
        assert_eq!(stream["source_defined_primary_key"], json!([["id"]]));
        assert!(
            !stream["json_schema"]
                .to_string()
                .contains("\"additionalProperties\":false")
        );
    }
    for run in [&good, &bad, &discover] {
        assert_no_secret(&sim, run);
    }
}

#[test]
fn read_gives_valid_records_per_stream_and_a_second_read_with_the_state_repeats_no_activity() {
    let sim = Sim::small();
    let dir = tempfile::tempdir().unwrap();
    let config = config(&sim, json!({}));
    let discover = airbyte(&dir, &["discover"], &[("config", &config)]);
    let catalog = messages(&discover)[0]["catalog"].clone();
    // As PyAirbyte does: every stream configured incremental.
    let configured = json!({"streams": catalog["streams"].as_array().unwrap().iter().map(|stream| json!({
        "stream": stream, "sync_mode": "incremental", "destination_sync_mode": "append"})).collect::<Vec<_>>()});
    let read = airbyte(
        &dir,
        &["read"],
        &[("config", &config), ("catalog", &configured)],
    );
    assert_eq!(
        read.code,
        0,
        "{}\n{}",
        read.stdout.lines().last().unwrap_or_default(),
        read.stderr
    );
    assert_no_secret(&sim, &read);
    let all = messages(&read);
    let schemas: BTreeMap<String, Value> = catalog["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["json_schema"].clone(),
            )
        })
        .collect();
    let validators: BTreeMap<&String, jsonschema::Validator> = schemas
        .iter()
        .map(|(name, schema)| (name, jsonschema::validator_for(schema).unwrap()))
        .collect();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut activities: BTreeSet<String> = BTreeSet::new();
    for record in of_type(&all, "RECORD") {
        let stream = record["record"]["stream"].as_str().unwrap().to_owned();
        let data = &record["record"]["data"];
        let errors: Vec<String> = validators[&stream]
            .iter_errors(data)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{stream}: {errors:?}");
        assert!(record["record"]["emitted_at"].is_i64());
        if stream == "operation_logs" || stream == "sign_in_activities" {
            activities.insert(data["id"].as_str().unwrap().to_owned());
        }
        *counts.entry(stream).or_default() += 1;
    }
    // Per stream what the simulator says (activity logs on).
    let truth = sim.sim().truth();
    let truth = &truth.variants["activity_logs=true"];
    for (kind, want) in truth {
        let stream = if kind == "sign_in_activity" {
            "sign_in_activities".to_owned()
        } else {
            format!("{kind}s")
        };
        if schemas.contains_key(&stream) {
            assert_eq!(counts.get(&stream).copied().unwrap_or(0), *want, "{stream}");
        }
    }
    assert!(!activities.is_empty());
    // Every stream: STARTED, then a STATE and COMPLETE.
    let statuses: Vec<(String, String)> = of_type(&all, "TRACE")
        .iter()
        .filter(|m| m["trace"]["type"] == "STREAM_STATUS")
        .map(|m| {
            let status = &m["trace"]["stream_status"];
            (
                status["stream_descriptor"]["name"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                status["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let states = of_type(&all, "STATE");
    for name in schemas.keys() {
        assert!(
            statuses.contains(&(name.clone(), "STARTED".to_owned())),
            "{name}"
        );
        assert!(
            statuses.contains(&(name.clone(), "COMPLETE".to_owned())),
            "{name}"
        );
        assert!(
            states
                .iter()
                .any(|s| s["state"]["stream"]["stream_descriptor"]["name"] == name.as_str())
        );
    }
    assert_eq!(of_type(&all, "LOG").len(), 1);

    // The saved state: the next read delivers no activity already delivered.
    let state = Value::Array(states.into_iter().map(|s| s["state"].clone()).collect());
    let again = airbyte(
        &dir,
        &["read"],
        &[
            ("config", &config),
            ("catalog", &configured),
            ("state", &state),
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let repeated: Vec<String> = of_type(&messages(&again), "RECORD")
        .iter()
        .filter(|r| {
            r["record"]["stream"] == "operation_logs"
                || r["record"]["stream"] == "sign_in_activities"
        })
        .map(|r| r["record"]["data"]["id"].as_str().unwrap().to_owned())
        .filter(|id| activities.contains(id))
        .collect();
    assert!(
        repeated.is_empty(),
        "{} activities read again",
        repeated.len()
    );
}

#[test]
fn a_bad_catalog_is_a_config_error_trace_and_a_failure() {
    let sim = Sim::small();
    let dir = tempfile::tempdir().unwrap();
    let config = config(&sim, json!({}));
    for (catalog, words) in [
        (
            json!({"streams": [{"stream": {"name": "no_such_stream"}, "sync_mode": "full_refresh"}]}),
            "no stream",
        ),
        (
            json!({"streams": [{"stream": {"name": "users"}, "sync_mode": "sometimes"}]}),
            "sync_mode",
        ),
        (
            json!({"streams": [{"stream": {"name": "licenses"}, "sync_mode": "full_refresh"}]}),
            "fetch_settings_and_licenses",
        ),
    ] {
        let run = airbyte(
            &dir,
            &["read"],
            &[("config", &config), ("catalog", &catalog)],
        );
        assert_ne!(run.code, 0, "{catalog}");
        let all = messages(&run);
        let errors: Vec<&Value> = of_type(&all, "TRACE")
            .into_iter()
            .filter(|m| m["trace"]["type"] == "ERROR")
            .collect();
        assert_eq!(errors.len(), 1, "{}", run.stdout);
        assert_eq!(errors[0]["trace"]["error"]["failure_type"], "config_error");
        let message = errors[0]["trace"]["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
        assert!(of_type(&all, "RECORD").is_empty());
    }
}

/// A read at `at` (the adapter under faketime) with the state home `home`.
fn airbyte_at(
    at: chrono::DateTime<chrono::Utc>,
    home: &std::path::Path,
    dir: &tempfile::TempDir,
    files: &[(&str, &Value)],
) -> Run {
    let mut owned: Vec<String> = vec!["airbyte".to_owned(), "read".to_owned()];
    for (flag, value) in files {
        owned.push(format!("--{flag}"));
        owned.push(write_file(dir, &format!("{flag}.json"), &value.to_string()));
    }
    let args: Vec<&str> = owned.iter().map(String::as_str).collect();
    let home = home
        .to_str()
        .unwrap_or_else(|| panic!("a state home that is not UTF-8"));
    zoom_adapter_e2e::run_adapter_at(Some(at), &args, "", &[("XDG_STATE_HOME", home)])
}

fn activity_ids_of(run: &Run) -> Vec<String> {
    of_type(&messages(run), "RECORD")
        .iter()
        .map(|r| {
            r["record"]["data"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("a record without an id: {r}"))
                .to_owned()
        })
        .collect()
}

#[test]
fn a_read_with_its_state_a_day_later_delivers_late_activities_once() {
    use chrono::{Duration, TimeZone, Utc};
    let anchor = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap();
    let mut sim_config = zoom_sim::SimConfig::sized(zoom_sim::Size::Small);
    sim_config.anchor = Some(anchor);
    let sim = Sim::start(sim_config);
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let config = config(&sim, json!({}));
    let streams: Vec<Value> = ["operation_logs", "sign_in_activities"]
        .iter()
        .map(|name| {
            json!({
                "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["incremental"]},
                "sync_mode": "incremental", "destination_sync_mode": "append"})
        })
        .collect();
    let configured = json!({ "streams": streams });
    let (t0, t1) = (anchor + Duration::days(1), anchor + Duration::days(2));
    sim.sim().set_clock(t0).unwrap();
    let first = airbyte_at(
        t0,
        home.path(),
        &dir,
        &[("config", &config), ("catalog", &configured)],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let state = Value::Array(
        of_type(&messages(&first), "STATE")
            .into_iter()
            .map(|s| s["state"].clone())
            .collect(),
    );
    sim.sim().set_clock(t1).unwrap();
    let files = [
        ("config", &config),
        ("catalog", &configured),
        ("state", &state),
    ];
    let second = airbyte_at(t1, home.path(), &dir, &files);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_no_secret(&sim, &second);
    // Only the selected streams, and no call for the others' data.
    for run in [&first, &second] {
        for record in of_type(&messages(run), "RECORD") {
            let stream = record["record"]["stream"].as_str().unwrap();
            assert!(
                stream == "operation_logs" || stream == "sign_in_activities",
                "{stream} was not selected"
            );
        }
        let log = of_type(&messages(run), "LOG")[0]["log"]["message"].to_string();
        assert!(!log.contains("/metrics/meetings"), "{log}");
    }
    let mut delivered = activity_ids_of(&first);
    delivered.extend(activity_ids_of(&second));
    let unique: BTreeSet<&String> = delivered.iter().collect();
    assert_eq!(unique.len(), delivered.len(), "an activity delivered twice");
    // Everything the simulator has from the first read's start to t1, the
    // entries that reached it late included.
    let truth = sim.sim().activity_truth(t0 - Duration::hours(24), t1);
    assert_eq!(
        delivered.len() as u64,
        truth.operation_log + truth.sign_in_activity,
        "{truth:?}"
    );
    // The control: the same state without the store misses the entries
    // that were late at t0 (the simulator has some).
    let elsewhere = tempfile::tempdir().unwrap();
    let without = airbyte_at(t1, elsewhere.path(), &dir, &files);
    assert_eq!(without.code, 0, "{}", without.stderr);
    let mut alone = activity_ids_of(&first);
    alone.extend(activity_ids_of(&without));
    let alone: BTreeSet<String> = alone.into_iter().collect();
    assert!(
        (alone.len() as u64) < truth.operation_log + truth.sign_in_activity,
        "no late entry near t0, so the test proves nothing"
    );
}
