//! Enforcement actions against wiremock: the exact method, path, query and
//! body of each request, and every mapping of Zoom's refusals to results.

use std::sync::Arc;

use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_adapter::actions::{
    ActionError, ActionName, ActionOutcome, ActionReport, TargetStatus, run,
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

async fn done(client: &Client, name: ActionName, params: Value) -> ActionReport {
    match run(client, name, &params, false).await {
        Ok(ActionOutcome::Done(report)) => report,
        other => panic!("expected results, got {other:?}"),
    }
}

fn statuses(report: &ActionReport) -> Vec<TargetStatus> {
    report.results.iter().map(|r| r.status).collect()
}

#[tokio::test]
async fn create_user_sends_the_documented_body_then_adds_to_the_group() {
    let (server, client) = zoom().await;
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .and(body_json(json!({"action": "create", "user_info": {"email": "new@acme.example", "type": 2, "first_name": "Ada", "last_name": "Lovelace"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "u-new", "email": "new@acme.example", "type": 2})))
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
    assert_eq!(report.exit(false), zoom_adapter::Exit::Ok);
    // The dry run prints exactly these two requests.
    let Ok(ActionOutcome::DryRun(plan)) = run(&client, ActionName::CreateUser, &params, true).await
    else {
        panic!("dry run")
    };
    let plan = serde_json::to_value(&plan.requests).unwrap_or_default();
    assert_eq!(
        plan,
        json!([
            {"method": "POST", "path": "/users", "query": {}, "body": {"action": "create", "user_info": {"email": "new@acme.example", "type": 2, "first_name": "Ada", "last_name": "Lovelace"}}},
            {"method": "POST", "path": "/groups/g-eng/members", "query": {}, "body": {"members": [{"email": "new@acme.example"}]}}
        ])
    );
}

#[tokio::test]
async fn create_user_maps_existing_email_and_daily_cap() {
    let (server, client) = zoom().await;
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .and(body_json(
            json!({"action": "create", "user_info": {"email": "dup@acme.example", "type": 1}}),
        ))
        .respond_with(ResponseTemplate::new(409).set_body_json(
            json!({"code": 1005, "message": "Email \"dup@acme.example\" has already been used."}),
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
    let report = done(&client, ActionName::CreateUser, json!([{"email": "dup@acme.example"}, {"email": "capped@acme.example"}, {"email": "ghost@acme.example", "group": "Nope"}])).await;
    assert_eq!(
        statuses(&report),
        [
            TargetStatus::AlreadyExists,
            TargetStatus::RateLimited,
            TargetStatus::GroupNotFound
        ]
    );
    assert!(
        report.results[1]
            .message
            .as_deref()
            .is_some_and(|m| m.contains("2026-11-24")),
        "{:?}",
        report.results[1]
    );
    assert_eq!(report.exit(false), zoom_adapter::Exit::ZoomRefused);
}

#[tokio::test]
async fn delete_user_sends_the_mode_and_transfer_query_and_maps_missing_users() {
    let (server, client) = zoom().await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/leaver@acme.example"))
        .and(query_param("action", "delete"))
        .and(query_param("transfer_email", "boss@acme.example"))
        .and(query_param("transfer_meeting", "true"))
        .and(query_param("transfer_webinar", "true"))
        .and(query_param("transfer_recording", "true"))
        .and(query_param("transfer_whiteboard", "true"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/u-gone"))
        .and(query_param("action", "disassociate"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"code": 1001, "message": "User does not exist: u-gone."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let report = done(
        &client,
        ActionName::DeleteUser,
        json!([
            {"user": "leaver@acme.example", "mode": "delete", "transfer_to": "boss@acme.example"},
            {"user": "u-gone"}
        ]),
    )
    .await;
    assert_eq!(
        statuses(&report),
        [TargetStatus::Deleted, TargetStatus::NotFound]
    );
    assert_eq!(report.exit(false), zoom_adapter::Exit::ZoomRefused);
    assert_eq!(report.exit(true), zoom_adapter::Exit::Ok, "--missing-ok");
}

#[tokio::test]
async fn update_user_group_moves_in_batches_of_30_and_refuses_ambiguous_names() {
    let (server, client) = zoom().await;
    let users: Vec<String> = (0..31).map(|i| format!("user{i}@acme.example")).collect();
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
        .and(path("/v2/groups/g-ops1/members/user0@acme.example"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"code": 4130, "message": "Group does not exist: g-ops1."})),
        )
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
    assert_eq!(report.results[0].status, TargetStatus::GroupNotFound);
    assert!(
        report.results[1..]
            .iter()
            .all(|r| r.status == TargetStatus::Moved)
    );
    let Ok(ActionOutcome::DryRun(plan)) = run(
        &client,
        ActionName::UpdateUserGroup,
        &json!({"users": users, "add_to": "g-eng"}),
        true,
    )
    .await
    else {
        panic!("dry run")
    };
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
async fn send_message_posts_to_me_and_checks_params() {
    let (server, client) = zoom().await;
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
        json!({"message": "Your Zoom client is outdated", "to_contact": "user@acme.example"}),
    )
    .await;
    assert_eq!(statuses(&report), [TargetStatus::Sent]);
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
        match run(&client, ActionName::SendMessage, &params, false).await {
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
async fn dry_runs_print_the_exact_requests() {
    let (_server, client) = zoom().await;
    let printed = |outcome| match outcome {
        Ok(ActionOutcome::DryRun(plan)) => serde_json::to_string(&plan).unwrap_or_default(),
        other => panic!("expected a dry run, got {other:?}"),
    };
    let delete = json!({"user": "leaver@acme.example", "mode": "delete", "transfer_to": "boss@acme.example"});
    assert_eq!(
        printed(run(&client, ActionName::DeleteUser, &delete, true).await),
        r#"{"action":"delete-user","dry_run":true,"requests":[{"method":"DELETE","path":"/users/leaver@acme.example","query":{"action":"delete","transfer_email":"boss@acme.example","transfer_meeting":"true","transfer_recording":"true","transfer_webinar":"true","transfer_whiteboard":"true"}}]}"#
    );
    let mv = json!({"users": ["a@acme.example", "u/1"], "add_to": "g-ops1", "remove_from": "Engineering"});
    assert_eq!(
        printed(run(&client, ActionName::UpdateUserGroup, &mv, true).await),
        r#"{"action":"update-user-group","dry_run":true,"requests":[{"method":"POST","path":"/groups/g-ops1/members","query":{},"body":{"members":[{"email":"a@acme.example"},{"id":"u/1"}]}},{"method":"DELETE","path":"/groups/g-eng/members/a@acme.example","query":{}},{"method":"DELETE","path":"/groups/g-eng/members/u%2F1","query":{}}]}"#
    );
    let send = json!([{"message": "hi", "to_contact": "c@acme.example"}, {"message": "hi", "to_channel": "ch-1"}]);
    assert_eq!(
        printed(run(&client, ActionName::SendMessage, &send, true).await),
        r#"{"action":"send-message","dry_run":true,"requests":[{"method":"POST","path":"/chat/users/me/messages","query":{},"body":{"message":"hi","to_contact":"c@acme.example"}},{"method":"POST","path":"/chat/users/me/messages","query":{},"body":{"message":"hi","to_channel":"ch-1"}}]}"#
    );
}
