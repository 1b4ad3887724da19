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
    let (code, sent) = action(
        &sim,
        "send-message",
        json!([{"message": "Please update Zoom", "to_contact": "someone@acme-sim.test"}, {"message": "Heads up", "to_channel": "chan-1"}]),
        &[],
    );
    assert_eq!(code, 0, "{sent}");
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
