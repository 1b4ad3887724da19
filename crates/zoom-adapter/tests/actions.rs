//! Enforcement actions against wiremock: the exact method, path, query and
//! body of each request, and every mapping of Zoom's refusals to results.

use std::sync::Arc;

use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_adapter::actions::{
    ActionError, ActionName, ActionOutcome, ActionReport, ResultSink, TargetResult, TargetStatus,
    run,
};
use zoom_api::{Client, ClientConfig, ManualClock, S2sCredentials};

/// The "now" of every test here: 2026-11-23T10:00:00Z.
fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn zoom() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok", "token_type": "bearer", "expires_in": 3600, "scope": "user:write:admin"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/groups"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"groups": [
            {"id": "g-eng", "name": "Engineering", "total_members": 3},
            {"id": "g-ops1", "name": "Ops", "total_members": 1},
            {"id": "g-ops2", "name": "Ops", "total_members": 1}
        ], "total_records": 3, "next_page_token": ""})))
        .mount(&server)
        .await;
    // Any user not mounted by a test does not exist.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"code": 1001, "message": "User does not exist."})),
        )
        .with_priority(10)
        .mount(&server)
        .await;
    let credentials = S2sCredentials::new("acct", "cid", SecretString::from("secret".to_owned()));
    let mut config = ClientConfig::new(credentials).with_domain(&server.uri());
    config.token_url = format!("{}/oauth/token", server.uri());
    config.retry.max_attempts = 1;
    // A fixed "now" (the day before the daily-cap reset below): the tests
    // do not depend on the wall clock.
    let clock = Arc::new(ManualClock::new(fixed_now()));
    let client = Client::with_clock(config, clock).unwrap_or_else(|e| panic!("{e}"));
    (server, client)
}

/// Every result the action handed over, in the order it did.
#[derive(Default)]
struct Collected(Vec<(bool, TargetResult)>);

impl ResultSink for Collected {
    fn completed(&mut self, _: ActionName, dry_run: bool, result: &TargetResult) {
        self.0.push((dry_run, result.clone()));
    }
}

async fn outcome(
    client: &Client,
    name: ActionName,
    params: &Value,
    dry_run: bool,
) -> Result<ActionOutcome, ActionError> {
    run(client, name, params, dry_run, &mut Collected::default()).await
}

async fn done(client: &Client, name: ActionName, params: Value) -> ActionReport {
    match outcome(client, name, &params, false).await {
        Ok(ActionOutcome::Done(report)) => report,
        other => panic!("expected results, got {other:?}"),
    }
}

async fn dry(
    client: &Client,
    name: ActionName,
    params: Value,
) -> zoom_adapter::actions::DryRunReport {
    match outcome(client, name, &params, true).await {
        Ok(ActionOutcome::DryRun(plan)) => plan,
        other => panic!("expected a dry run, got {other:?}"),
    }
}

fn statuses(report: &ActionReport) -> Vec<TargetStatus> {
    report.results.iter().map(|r| r.status).collect()
}

/// GET /users/{spec} answers `user` (with Zoom's tracking id).
async fn user_is(server: &MockServer, spec: &str, user: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/v2/users/{spec}")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-zm-trackingid", "v=2.0;rid=LOOKUP")
                .set_body_json(user),
        )
        .mount(server)
        .await;
}

fn member(i: usize) -> String {
    format!("user{i}@acme.example")
}

#[tokio::test]
async fn create_user_sends_the_documented_body_then_adds_to_the_group() {
    let (server, client) = zoom().await;
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .and(body_json(json!({"action": "create", "user_info": {"email": "new@acme.example", "type": 2, "first_name": "Ada", "last_name": "Lovelace"}})))
        .respond_with(ResponseTemplate::new(201).insert_header("x-zm-trackingid", "v=2.0;rid=CREATE1").set_body_json(json!({"id": "u-new", "email": "new@acme.example", "type": 2})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/groups/g-eng/members"))
        .and(body_json(
            json!({"members": [{"email": "new@acme.example"}]}),
        ))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"ids": "u-new", "added_at": "2026-11-23T10:00:00Z"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let params = json!({"email": "new@acme.example", "first_name": "Ada", "last_name": "Lovelace", "user_type": "licensed", "group": "Engineering"});
    let report = done(&client, ActionName::CreateUser, params.clone()).await;
    assert_eq!(statuses(&report), [TargetStatus::Created]);
    assert_eq!(report.results[0].zoom_id.as_deref(), Some("u-new"));
    assert_eq!(
        report.results[0].tracking_id.as_deref(),
        Some("v=2.0;rid=CREATE1")
    );
    assert_eq!(report.exit(false), zoom_adapter::Exit::Ok);
    // The dry run prints exactly these two requests, and what would happen.
    let plan = dry(&client, ActionName::CreateUser, params).await;
    assert_eq!(
        serde_json::to_value(&plan).unwrap_or_default(),
        json!({"action": "create-user", "dry_run": true, "requests": [
            {"method": "POST", "path": "/users", "query": {}, "body": {"action": "create", "user_info": {"email": "new@acme.example", "type": 2, "first_name": "Ada", "last_name": "Lovelace"}}},
            {"method": "POST", "path": "/groups/g-eng/members", "query": {}, "body": {"members": [{"email": "new@acme.example"}]}}
        ], "results": [
            {"target": "new@acme.example", "status": "created", "message": "would be created and added to group Engineering"}
        ]})
    );
}

#[tokio::test]
async fn create_user_maps_existing_email_and_daily_cap() {
    let (server, client) = zoom().await;
    user_is(&server, "dup@acme.example", json!({"id": "u-dup", "email": "dup@acme.example", "status": "active", "group_ids": ["g-eng"]})).await;
    // Created by someone else between the look-up and the call.
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .and(body_json(
            json!({"action": "create", "user_info": {"email": "race@acme.example", "type": 1}}),
        ))
        .respond_with(ResponseTemplate::new(409).set_body_json(
            json!({"code": 1005, "message": "Email \"race@acme.example\" has already been used."}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .and(body_json(json!({"action": "create", "user_info": {"email": "capped@acme.example", "type": 1}})))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Type", "Daily-limit")
                .insert_header("Retry-After", "2026-11-24T00:00:00Z")
                .set_body_json(json!({"code": 429, "message": "You have exceeded the daily rate limit (1500) of user invite requests permitted for this account. You may resume these requests at GMT 00:00:00."})),
        )
        .mount(&server)
        .await;
    let report = done(
        &client,
        ActionName::CreateUser,
        json!([
            {"email": "dup@acme.example", "group": "Engineering"},
            {"email": "race@acme.example"},
            {"email": "capped@acme.example"},
            {"email": "ghost@acme.example", "group": "Nope"}
        ]),
    )
    .await;
    assert_eq!(
        statuses(&report),
        [
            TargetStatus::AlreadyExists,
            TargetStatus::AlreadyExists,
            TargetStatus::RateLimited,
            TargetStatus::GroupNotFound
        ]
    );
    assert_eq!(
        report.results[0].zoom_id.as_deref(),
        Some("u-dup"),
        "an existing user's id"
    );
    let capped = report.results[2].message.as_deref().unwrap_or_default();
    assert!(capped.contains("2026-11-24"), "{capped}");
    assert_eq!(report.exit(false), zoom_adapter::Exit::ZoomRefused);
    // No POST for the existing user (it would be a second 1005 mock hit).
    let posts = server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path() == "/v2/users")
        .count();
    assert_eq!(posts, 2, "race and capped only");
}

#[tokio::test]
async fn delete_user_looks_up_first_and_audits_the_zoom_id_and_tracking_id() {
    let (server, client) = zoom().await;
    user_is(
        &server,
        "leaver@acme.example",
        json!({"id": "u-leaver", "email": "leaver@acme.example", "status": "active"}),
    )
    .await;
    user_is(
        &server,
        "boss@acme.example",
        json!({"id": "u-boss", "email": "boss@acme.example", "status": "active"}),
    )
    .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/leaver@acme.example"))
        .and(query_param("action", "delete"))
        .and(query_param("transfer_email", "boss@acme.example"))
        .and(query_param("transfer_meeting", "true"))
        .and(query_param("transfer_webinar", "true"))
        .and(query_param("transfer_recording", "true"))
        .and(query_param("transfer_whiteboard", "true"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-zm-trackingid", "v=2.0;rid=DEL1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/u-gone"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let mut sink = Collected::default();
    let params = json!([
        {"user": "leaver@acme.example", "mode": "delete", "transfer_to": "boss@acme.example"},
        {"user": "u-gone"}
    ]);
    let Ok(ActionOutcome::Done(report)) =
        run(&client, ActionName::DeleteUser, &params, false, &mut sink).await
    else {
        panic!("results")
    };
    assert_eq!(
        statuses(&report),
        [TargetStatus::Deleted, TargetStatus::NotFound]
    );
    assert_eq!(report.exit(false), zoom_adapter::Exit::ZoomRefused);
    assert_eq!(report.exit(true), zoom_adapter::Exit::Ok, "--missing-ok");
    // Each result reached the sink as it completed; the audit line has what auditors need.
    assert_eq!(sink.0.len(), 2);
    let line = zoom_adapter::actions::audit::line(ActionName::DeleteUser, &sink.0[0].1);
    assert_eq!(line["zoom_id"], "u-leaver");
    assert_eq!(line["tracking_id"], "v=2.0;rid=DEL1");
    assert_eq!(line["status"], "deleted");
    let time = line["time"].as_str().unwrap_or_default();
    assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{time}");
}

#[tokio::test]
async fn deleting_the_owner_gets_zooms_reason_not_scope_advice() {
    let (server, client) = zoom().await;
    user_is(&server, "owner@acme.example", json!({"id": "u-owner", "email": "owner@acme.example", "status": "active", "role_name": "Owner"})).await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/owner@acme.example"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"code": 200, "message": "The account owner cannot be deleted."}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let params = json!({"user": "owner@acme.example"});
    let report = done(&client, ActionName::DeleteUser, params.clone()).await;
    assert_eq!(statuses(&report), [TargetStatus::Failed]);
    let message = report.results[0].message.as_deref().unwrap_or_default();
    assert!(
        message.contains("The account owner cannot be deleted."),
        "{message}"
    );
    assert!(
        message.contains("transfer the account's ownership"),
        "{message}"
    );
    assert!(!message.contains("scope"), "{message}");
    assert_eq!(report.results[0].zoom_id.as_deref(), Some("u-owner"));
    // The dry run predicts it, and exits as the real run would.
    let plan = dry(&client, ActionName::DeleteUser, params).await;
    assert_eq!(plan.results[0].status, TargetStatus::Failed);
    assert_eq!(plan.exit(false), zoom_adapter::Exit::ZoomRefused);
}

#[tokio::test]
async fn one_unknown_user_never_sinks_the_batch() {
    let (server, client) = zoom().await;
    let users: Vec<String> = (0..30).map(member).collect();
    for (i, user) in users.iter().enumerate() {
        if i != 7 {
            user_is(
                &server,
                user,
                json!({"id": format!("u{i}"), "email": user, "status": "active", "group_ids": []}),
            )
            .await;
        }
    }
    let expected: Vec<Value> = (0..30)
        .filter(|&i| i != 7)
        .map(|i| json!({"id": format!("u{i}")}))
        .collect();
    Mock::given(method("POST"))
        .and(path("/v2/groups/g-eng/members"))
        .and(body_json(json!({"members": expected})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"ids": "x", "added_at": "2026-11-23T10:00:00Z"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let report = done(
        &client,
        ActionName::UpdateUserGroup,
        json!({"users": users, "add_to": "Engineering"}),
    )
    .await;
    let added = statuses(&report)
        .iter()
        .filter(|s| **s == TargetStatus::Added)
        .count();
    assert_eq!(added, 29);
    assert_eq!(report.results[7].status, TargetStatus::NotFound);
    assert_eq!(report.results[7].target, member(7));
    assert!(
        report.results[8]
            .message
            .as_deref()
            .is_some_and(|m| !m.contains("user7"))
    );
    // The dry run says the same, target by target, and exits 5 like the run.
    let plan = dry(
        &client,
        ActionName::UpdateUserGroup,
        json!({"users": users, "add_to": "Engineering"}),
    )
    .await;
    assert_eq!(plan.results.len(), 30);
    assert_eq!(plan.results[7].status, TargetStatus::NotFound);
    assert_eq!(plan.requests.len(), 1);
    assert_eq!(plan.exit(false), zoom_adapter::Exit::ZoomRefused);
}

#[tokio::test]
async fn a_batch_refused_for_a_member_deleted_since_the_lookup_is_retried_one_by_one() {
    let (server, client) = zoom().await;
    for i in 0..3 {
        user_is(
            &server,
            &member(i),
            json!({"id": format!("u{i}"), "email": member(i), "group_ids": []}),
        )
        .await;
    }
    Mock::given(method("POST"))
        .and(path("/v2/groups/g-eng/members"))
        .and(body_json(json!({"members": [{"id": "u1"}]})))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"code": 1001, "message": "User does not exist: u1."})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/groups/g-eng/members"))
        .and(body_json(
            json!({"members": [{"id": "u0"}, {"id": "u1"}, {"id": "u2"}]}),
        ))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"code": 1001, "message": "User does not exist: u1."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/groups/g-eng/members"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"ids": "x", "added_at": "2026-11-23T10:00:00Z"})),
        )
        .with_priority(6)
        .mount(&server)
        .await;
    let users: Vec<String> = (0..3).map(member).collect();
    let report = done(
        &client,
        ActionName::UpdateUserGroup,
        json!({"users": users, "add_to": "g-eng"}),
    )
    .await;
    assert_eq!(
        statuses(&report),
        [
            TargetStatus::Added,
            TargetStatus::NotFound,
            TargetStatus::Added
        ]
    );
}

#[tokio::test]
async fn moves_in_batches_of_30_and_refuses_ambiguous_names() {
    let (server, client) = zoom().await;
    let users: Vec<String> = (0..31).map(member).collect();
    for (i, user) in users.iter().enumerate() {
        user_is(
            &server,
            user,
            json!({"id": format!("u{i}"), "email": user, "group_ids": ["g-ops1"]}),
        )
        .await;
    }
    Mock::given(method("POST"))
        .and(path("/v2/groups/g-eng/members"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"ids": "x", "added_at": "2026-11-23T10:00:00Z"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/groups/g-ops1/members/u0"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"code": 1010, "message": "Group does not belong to your account."}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let report = done(
        &client,
        ActionName::UpdateUserGroup,
        json!({"users": users, "add_to": "Engineering", "remove_from": "g-ops1"}),
    )
    .await;
    assert_eq!(report.results.len(), 31);
    assert_eq!(report.results[0].status, TargetStatus::Failed);
    let message = report.results[0].message.as_deref().unwrap_or_default();
    assert!(
        message.starts_with("added to Engineering but not removed from Ops"),
        "{message}"
    );
    assert!(
        report.results[1..]
            .iter()
            .all(|r| r.status == TargetStatus::Moved)
    );
    let plan = dry(
        &client,
        ActionName::UpdateUserGroup,
        json!({"users": users, "add_to": "g-eng"}),
    )
    .await;
    let sizes: Vec<usize> = plan
        .requests
        .iter()
        .map(|r| {
            r.body
                .as_ref()
                .and_then(|b| b["members"].as_array())
                .map_or(0, Vec::len)
        })
        .collect();
    assert_eq!(sizes, [30, 1]);
    let ambiguous = done(
        &client,
        ActionName::UpdateUserGroup,
        json!({"users": ["a@acme.example"], "add_to": "Ops"}),
    )
    .await;
    assert_eq!(statuses(&ambiguous), [TargetStatus::GroupNotFound]);
    assert!(
        ambiguous.results[0]
            .message
            .as_deref()
            .is_some_and(|m| m.contains("g-ops1") && m.contains("g-ops2"))
    );
}

#[tokio::test]
async fn a_desired_state_that_already_holds_is_unchanged_and_nothing_is_sent() {
    let (server, client) = zoom().await;
    user_is(
        &server,
        "ada@acme.example",
        json!({"id": "u-ada", "email": "ada@acme.example", "group_ids": ["g-eng"]}),
    )
    .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    for params in [
        json!({"users": ["ada@acme.example"], "add_to": "Engineering"}),
        json!({"users": ["ada@acme.example"], "remove_from": "g-ops1"}),
        json!({"users": ["ada@acme.example"], "add_to": "g-eng", "remove_from": "g-ops2"}),
    ] {
        let report = done(&client, ActionName::UpdateUserGroup, params.clone()).await;
        assert_eq!(statuses(&report), [TargetStatus::Unchanged], "{params}");
        assert_eq!(report.exit(false), zoom_adapter::Exit::Ok);
        let plan = dry(&client, ActionName::UpdateUserGroup, params).await;
        assert!(plan.requests.is_empty());
        assert_eq!(plan.results[0].status, TargetStatus::Unchanged);
    }
}

#[tokio::test]
async fn a_misspelled_group_fails_the_dry_run_with_a_suggestion() {
    let (_server, client) = zoom().await;
    let plan = dry(
        &client,
        ActionName::CreateUser,
        json!({"email": "new@acme.example", "group": "Engineerin"}),
    )
    .await;
    assert!(plan.requests.is_empty());
    assert_eq!(plan.results[0].status, TargetStatus::GroupNotFound);
    let message = plan.results[0].message.as_deref().unwrap_or_default();
    assert!(
        message.contains("did you mean \"Engineering\""),
        "{message}"
    );
    assert_eq!(plan.exit(false), zoom_adapter::Exit::ZoomRefused);
}

#[tokio::test]
async fn send_message_posts_to_me_only_for_users_of_the_account() {
    let (server, client) = zoom().await;
    user_is(
        &server,
        "user@acme.example",
        json!({"id": "u-1", "email": "user@acme.example"}),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/v2/chat/users/me/messages"))
        .and(body_json(
            json!({"message": "Your Zoom client is outdated", "to_contact": "user@acme.example"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "msg-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let report = done(
        &client,
        ActionName::SendMessage,
        json!([
            {"message": "Your Zoom client is outdated", "to_contact": "user@acme.example"},
            {"message": "Your Zoom client is outdated", "to_contact": "stranger@elsewhere.example"}
        ]),
    )
    .await;
    assert_eq!(
        statuses(&report),
        [TargetStatus::Sent, TargetStatus::NotFound]
    );
    assert_eq!(report.results[0].zoom_id.as_deref(), Some("msg-1"));
    let too_long = "x".repeat(1025);
    for (params, pointer) in [
        (json!({"message": too_long, "to_channel": "c1"}), "/message"),
        (json!({"message": "hi"}), "/to_contact"),
        (
            json!({"message": "hi", "to_contact": "a@b.example", "to_channel": "c1"}),
            "/to_channel",
        ),
        (
            json!([{"message": "hi", "to_contact": "not-an-email"}]),
            "/0/to_contact",
        ),
        (
            json!({"message": "hi", "to_contact": "a@b.example", "cc": "x"}),
            "/cc",
        ),
    ] {
        match outcome(&client, ActionName::SendMessage, &params, false).await {
            Err(ActionError::InvalidParams(problems)) => {
                assert_eq!(problems[0].pointer, pointer, "{params}")
            }
            other => panic!("{params}: expected invalid params, got {other:?}"),
        }
    }
}

/// The dry run's JSON, byte for byte, for every action request a dry run
/// plans (the create-user pair is pinned above).
#[tokio::test]
async fn dry_runs_print_the_exact_requests_and_results() {
    let (server, client) = zoom().await;
    user_is(
        &server,
        "leaver@acme.example",
        json!({"id": "u-leaver", "status": "active"}),
    )
    .await;
    user_is(
        &server,
        "boss@acme.example",
        json!({"id": "u-boss", "status": "active"}),
    )
    .await;
    user_is(
        &server,
        "a@acme.example",
        json!({"email": "a@acme.example", "status": "pending", "group_ids": ["g-eng"]}),
    )
    .await;
    user_is(
        &server,
        "u%2F1",
        json!({"id": "u/1", "group_ids": ["g-eng"]}),
    )
    .await;
    user_is(&server, "c@acme.example", json!({"id": "u-c"})).await;
    let printed = |plan: zoom_adapter::actions::DryRunReport| {
        serde_json::to_string(&plan).unwrap_or_default()
    };
    let delete = json!({"user": "leaver@acme.example", "mode": "delete", "transfer_to": "boss@acme.example"});
    assert_eq!(
        printed(dry(&client, ActionName::DeleteUser, delete).await),
        r#"{"action":"delete-user","dry_run":true,"requests":[{"method":"DELETE","path":"/users/leaver@acme.example","query":{"action":"delete","transfer_email":"boss@acme.example","transfer_meeting":"true","transfer_recording":"true","transfer_webinar":"true","transfer_whiteboard":"true"}}],"results":[{"target":"leaver@acme.example","status":"deleted","message":"would be deleted permanently; meetings, webinars, recordings and whiteboards moved to boss@acme.example"}]}"#
    );
    let mv = json!({"users": ["a@acme.example", "u/1"], "add_to": "g-ops1", "remove_from": "Engineering"});
    assert_eq!(
        printed(dry(&client, ActionName::UpdateUserGroup, mv).await),
        r#"{"action":"update-user-group","dry_run":true,"requests":[{"method":"POST","path":"/groups/g-ops1/members","query":{},"body":{"members":[{"email":"a@acme.example"},{"id":"u/1"}]}},{"method":"DELETE","path":"/groups/g-eng/members/a@acme.example","query":{}},{"method":"DELETE","path":"/groups/g-eng/members/u%2F1","query":{}}],"results":[{"target":"a@acme.example","status":"moved","message":"would be moved from Engineering to Ops"},{"target":"u/1","status":"moved","message":"would be moved from Engineering to Ops"}]}"#
    );
    let send = json!([{"message": "hi", "to_contact": "c@acme.example"}, {"message": "hi", "to_channel": "ch-1"}]);
    assert_eq!(
        printed(dry(&client, ActionName::SendMessage, send).await),
        r#"{"action":"send-message","dry_run":true,"requests":[{"method":"POST","path":"/chat/users/me/messages","query":{},"body":{"message":"hi","to_contact":"c@acme.example"}},{"method":"POST","path":"/chat/users/me/messages","query":{},"body":{"message":"hi","to_channel":"ch-1"}}],"results":[{"target":"c@acme.example","status":"sent","message":"would be sent"},{"target":"ch-1","status":"sent","message":"would be sent"}]}"#
    );
}

#[tokio::test]
async fn groups_that_cannot_be_listed_fail_the_targets_never_as_group_not_found() {
    let (server, client) = zoom().await;
    Mock::given(method("GET"))
        .and(path("/v2/groups"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"code": 500, "message": "Internal Server Error."})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    user_is(
        &server,
        "ada@acme.example",
        json!({"id": "u-ada", "group_ids": []}),
    )
    .await;
    for (name, params) in [
        (
            ActionName::CreateUser,
            json!({"email": "new@acme.example", "group": "Engineering"}),
        ),
        (
            ActionName::UpdateUserGroup,
            json!({"users": ["ada@acme.example"], "add_to": "Engineering"}),
        ),
    ] {
        let report = done(&client, name, params).await;
        assert_eq!(
            statuses(&report),
            [TargetStatus::Failed],
            "{:?}",
            report.results
        );
        let message = report.results[0].message.as_deref().unwrap_or_default();
        assert!(message.contains("GET /groups"), "{message}");
    }
}
