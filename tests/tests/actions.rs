//! Enforcement actions end to end against zoom-sim: what an action changes
//! is what the next fetch sees.

use serde_json::{Value, json};
use zoom_adapter_e2e::sim::{Fetch, Sim};
use zoom_adapter_e2e::{run_adapter, write_file};

fn action(sim: &Sim, name: &str, params: Value, extra: &[&str]) -> (i32, Value) {
    let connection = sim.connection(json!({}));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let params = write_file(&dir, "params.json", &params.to_string());
    let mut args = vec![
        "action",
        name,
        "--connection",
        &connection,
        "--params",
        &params,
    ];
    args.extend_from_slice(extra);
    let run = run_adapter(&args, "", &[]);
    (run.code, run.json())
}

fn user<'a>(fetch: &'a Fetch, email: &str) -> Option<&'a Value> {
    fetch
        .records
        .iter()
        .find(|r| r["kind"] == "user" && r["fields"]["email"] == email)
}

#[test]
fn created_users_appear_and_deleted_users_disappear() {
    let sim = Sim::small();
    let before = sim.fetch(json!({"fetch_devices": false}), &[]);
    let some_user = before
        .records
        .iter()
        .find(|r| r["kind"] == "user" && r["fields"]["role"] == "Member")
        .unwrap_or_else(|| panic!("a member"));
    let leaver = some_user["fields"]["email"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // autoCreate users are active at once (create would leave them pending an email confirmation).
    let (code, created) = action(
        &sim,
        "create-user",
        json!({"email": "new.hire@acme-sim.test", "first_name": "New", "user_type": "licensed", "creation_type": "autoCreate"}),
        &[],
    );
    assert_eq!(code, 0, "{created}");
    assert_eq!(created["results"][0]["status"], "created");
    let (code, dry) = action(&sim, "delete-user", json!({"user": leaver}), &["--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(dry["requests"][0]["method"], "DELETE");
    let (code, deleted) = action(&sim, "delete-user", json!({"user": leaver}), &[]);
    assert_eq!(code, 0, "{deleted}");
    assert_eq!(deleted["results"][0]["status"], "deleted");

    let after = sim.fetch(json!({"fetch_devices": false}), &[]);
    let new_hire = user(&after, "new.hire@acme-sim.test")
        .unwrap_or_else(|| panic!("the created user is fetched"));
    assert_eq!(new_hire["fields"]["license_type"], "licensed");
    assert!(
        user(&before, &leaver).is_some() && user(&after, &leaver).is_none(),
        "the deleted user is gone"
    );

    let (code, again) = action(&sim, "delete-user", json!({"user": leaver}), &[]);
    assert_eq!(
        (code, &again["results"][0]["status"]),
        (5, &json!("not_found"))
    );
    let (code, _) = action(
        &sim,
        "delete-user",
        json!({"user": leaver}),
        &["--missing-ok"],
    );
    assert_eq!(code, 0);
}

#[test]
fn group_membership_changes_are_fetched() {
    let sim = Sim::small();
    let before = sim.fetch(json!({"fetch_devices": false}), &[]);
    let member = before
        .records
        .iter()
        .find(|r| {
            r["kind"] == "user"
                && r["fields"]["groups"]
                    .as_array()
                    .is_some_and(|g| g.len() == 1)
        })
        .unwrap_or_else(|| panic!("a user in one group"));
    let email = member["fields"]["email"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let from = member["fields"]["groups"][0]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let to = before
        .records
        .iter()
        .filter_map(|r| r["fields"]["groups"].as_array())
        .flatten()
        .filter_map(Value::as_str)
        .find(|g| *g != from)
        .unwrap_or_else(|| panic!("a second group"))
        .to_owned();
    let (code, moved) = action(
        &sim,
        "update-user-group",
        json!({"users": [email], "add_to": to, "remove_from": from}),
        &[],
    );
    assert_eq!(code, 0, "{moved}");
    assert_eq!(moved["results"][0]["status"], "moved");
    let after = sim.fetch(json!({"fetch_devices": false}), &[]);
    let groups = user(&after, &email)
        .map(|u| u["fields"]["groups"].clone())
        .unwrap_or_default();
    assert_eq!(groups, json!([to]), "{email} moved from {from} to {to}");
    let (code, missing) = action(
        &sim,
        "update-user-group",
        json!({"users": [email], "add_to": "No Such Group"}),
        &[],
    );
    assert_eq!(
        (code, &missing["results"][0]["status"]),
        (5, &json!("group_not_found"))
    );
}

#[test]
fn sent_messages_are_recorded_and_bad_params_exit_2() {
    let sim = Sim::small();
    let someone = email(&users(&sim)[1]);
    let (code, sent) = action(
        &sim,
        "send-message",
        json!([{"message": "Please update Zoom", "to_contact": someone}, {"message": "Heads up", "to_channel": "chan-1"}]),
        &[],
    );
    assert_eq!(code, 0, "{sent}");
    let (code, stranger) = action(
        &sim,
        "send-message",
        json!({"message": "Hello", "to_contact": "stranger@elsewhere.example"}),
        &["--dry-run"],
    );
    assert_eq!(
        (code, &stranger["results"][0]["status"]),
        (5, &json!("not_found")),
        "{stranger}"
    );
    assert_eq!(sent["results"].as_array().map(Vec::len), Some(2));
    let messages =
        zoom_adapter_e2e::http_get(&format!("{}/_sim/messages", sim.sim().info().api_url));
    assert!(
        messages.contains("Please update Zoom") && messages.contains("chan-1"),
        "{messages}"
    );
    let (code, invalid) = action(
        &sim,
        "send-message",
        json!({"message": "x", "to_contact": "a@b.example", "to_channel": "c"}),
        &[],
    );
    assert_eq!(code, 2);
    assert_eq!(invalid["errors"][0]["pointer"], "/to_channel");
}

/// Every user record of a fetch without devices.
fn users(sim: &Sim) -> Vec<Value> {
    sim.fetch(json!({"fetch_devices": false}), &[])
        .records
        .into_iter()
        .filter(|r| r["kind"] == "user")
        .collect()
}

fn email(user: &Value) -> String {
    user["fields"]["email"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn statuses(report: &Value) -> Vec<String> {
    report["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| r["status"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_departed_user_never_blocks_the_other_29_and_a_rerun_is_unchanged() {
    let sim = Sim::small();
    let everyone = users(&sim);
    let group = everyone
        .iter()
        .filter_map(|u| u["fields"]["groups"].as_array())
        .flatten()
        .filter_map(Value::as_str)
        .next()
        .unwrap_or_else(|| panic!("a group"))
        .to_owned();
    let mut batch: Vec<String> = everyone
        .iter()
        .filter(|u| u["fields"]["status"] == "active")
        .filter(|u| {
            !u["fields"]["groups"]
                .as_array()
                .is_some_and(|g| g.contains(&json!(group)))
        })
        .take(29)
        .map(email)
        .collect();
    assert_eq!(batch.len(), 29);
    batch.insert(10, "departed.person@acme-sim.test".to_owned());
    let params = json!({"users": batch, "add_to": group});
    let (code, first) = action(&sim, "update-user-group", params.clone(), &[]);
    assert_eq!(code, 5, "one target is not_found: {first}");
    let first = statuses(&first);
    assert_eq!(
        first.iter().filter(|s| *s == "added").count(),
        29,
        "{first:?}"
    );
    assert_eq!(first[10], "not_found");
    let after = users(&sim);
    let joined = after
        .iter()
        .filter(|u| batch.contains(&email(u)))
        .filter(|u| {
            u["fields"]["groups"]
                .as_array()
                .is_some_and(|g| g.contains(&json!(group)))
        })
        .count();
    assert_eq!(joined, 29, "the fetch sees 29 users in {group}");
    let (code, again) = action(&sim, "update-user-group", params, &["--missing-ok"]);
    assert_eq!(code, 0, "{again}");
    let again = statuses(&again);
    assert_eq!(
        again.iter().filter(|s| *s == "unchanged").count(),
        29,
        "{again:?}"
    );
}

#[test]
fn every_action_run_twice_ends_unchanged_or_already_done_and_exits_0() {
    let sim = Sim::small();
    let everyone = users(&sim);
    let member = everyone
        .iter()
        .find(|u| {
            u["fields"]["status"] == "active"
                && u["fields"]["groups"]
                    .as_array()
                    .is_some_and(|g| g.len() == 1)
        })
        .unwrap_or_else(|| panic!("a user in one group"));
    let from = member["fields"]["groups"][0]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let to = everyone
        .iter()
        .filter_map(|u| u["fields"]["groups"].as_array())
        .flatten()
        .filter_map(Value::as_str)
        .find(|g| *g != from)
        .unwrap_or_else(|| panic!("a second group"))
        .to_owned();
    let cases = [
        (
            "create-user",
            json!({"email": "twice@acme-sim.test", "creation_type": "autoCreate"}),
            "created",
            "already_exists",
        ),
        (
            "update-user-group",
            json!({"users": [email(member)], "add_to": to, "remove_from": from}),
            "moved",
            "unchanged",
        ),
        (
            "update-user-group",
            json!({"users": [email(member)], "remove_from": to}),
            "removed",
            "unchanged",
        ),
        (
            "delete-user",
            json!({"user": "twice@acme-sim.test"}),
            "deleted",
            "not_found",
        ),
    ];
    for (name, params, first, second) in cases {
        let (code, once) = action(&sim, name, params.clone(), &["--missing-ok"]);
        assert_eq!(
            (code, statuses(&once)),
            (0, vec![first.to_owned()]),
            "{name} {params}: {once}"
        );
        let (code, twice) = action(&sim, name, params.clone(), &["--missing-ok"]);
        assert_eq!(
            (code, statuses(&twice)),
            (0, vec![second.to_owned()]),
            "{name} {params}: {twice}"
        );
    }
}

#[test]
fn a_dry_run_with_a_misspelled_group_exits_5_and_writes_nothing() {
    let sim = Sim::small();
    let group = users(&sim)
        .iter()
        .filter_map(|u| u["fields"]["groups"][0].as_str().map(str::to_owned))
        .next()
        .unwrap_or_else(|| panic!("a group"));
    let misspelled = &group[..group.len() - 1];
    for (name, params) in [
        (
            "create-user",
            json!({"email": "dry@acme-sim.test", "group": misspelled}),
        ),
        (
            "update-user-group",
            json!({"users": ["dry@acme-sim.test"], "add_to": misspelled}),
        ),
    ] {
        let (code, plan) = action(&sim, name, params, &["--dry-run"]);
        assert_eq!(code, 5, "{plan}");
        assert_eq!(plan["results"][0]["status"], "group_not_found", "{plan}");
        assert_eq!(plan["requests"], json!([]));
        let message = plan["results"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("did you mean \"{group}\"")),
            "{message}"
        );
    }
    let stats = zoom_adapter_e2e::http_get(&format!("{}/_sim/stats", sim.sim().info().api_url));
    for write in ["POST /users", "POST /groups/{groupId}/members", "DELETE"] {
        assert!(!stats.contains(write), "{write} was sent: {stats}");
    }
}

#[test]
fn deleting_the_owner_reports_zooms_reason() {
    let sim = Sim::small();
    let owner = users(&sim)
        .into_iter()
        .find(|u| u["fields"]["role"] == "Owner")
        .map(|u| email(&u))
        .unwrap_or_else(|| panic!("the owner"));
    let (code, report) = action(&sim, "delete-user", json!({"user": owner}), &[]);
    assert_eq!(code, 5);
    let message = report["results"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("The account owner cannot be deleted."),
        "{message}"
    );
    assert!(!message.contains("scope"), "{message}");
    assert_eq!(
        message.matches("transfer the account's ownership").count(),
        1,
        "{message}"
    );
}

#[test]
fn a_batch_killed_mid_way_has_an_audit_line_for_every_change() {
    use std::io::{BufRead, BufReader};
    let sim = Sim::start(zoom_sim::SimConfig {
        latency_ms: 150,
        ..zoom_sim::SimConfig::sized(zoom_sim::Size::Small)
    });
    let victims: Vec<String> = users(&sim)
        .iter()
        .filter(|u| u["fields"]["role"] == "Member")
        .take(12)
        .map(email)
        .collect();
    let params: Vec<Value> = victims.iter().map(|v| json!({"user": v})).collect();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let params = write_file(&dir, "params.json", &Value::from(params).to_string());
    let connection = sim.connection(json!({}));
    let mut child = zoom_adapter_e2e::adapter_command()
        .args([
            "action",
            "delete-user",
            "--connection",
            &connection,
            "--params",
            &params,
        ])
        .env_remove("ZOOM_CLIENT_SECRET")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("stderr"));
    let mut lines = BufReader::new(stderr).lines();
    let mut audit = Vec::new();
    while audit.len() < 3 {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("stderr ended early"))
            .unwrap_or_default();
        if let Some(value) = audit_line(&line) {
            audit.push(value);
        }
    }
    child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
    for line in lines.map_while(Result::ok) {
        if let Some(value) = audit_line(&line) {
            audit.push(value);
        }
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(output.stdout.is_empty(), "killed before the report");
    assert!(
        audit.len() >= 3 && audit.len() < victims.len(),
        "{}",
        audit.len()
    );
    for line in &audit {
        assert_eq!(line["status"], "deleted", "{line}");
        assert!(
            line["zoom_id"].is_string() && line["tracking_id"].is_string(),
            "{line}"
        );
        assert!(
            line["time"]
                .as_str()
                .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok())
        );
    }
    // Every user Zoom deleted has its line, and no line claims more.
    let remaining: Vec<String> = users(&sim).iter().map(email).collect();
    let deleted: Vec<&String> = victims.iter().filter(|v| !remaining.contains(v)).collect();
    let audited: Vec<&str> = audit.iter().filter_map(|l| l["target"].as_str()).collect();
    assert_eq!(
        deleted.len(),
        audited.len(),
        "deleted {deleted:?}, audited {audited:?}"
    );
    assert!(deleted.iter().all(|d| audited.contains(&d.as_str())));
}

/// `line` as an audit line, when it is one.
fn audit_line(line: &str) -> Option<Value> {
    serde_json::from_str::<Value>(line)
        .ok()
        .filter(|value| value["audit"] == "action")
}
