//! 429 handling: Retry-After (seconds and date) honoured exactly, backoff
//! without it, daily limits that stop a category until the reset, the daily
//! quota budget, and actions retried only after a 429.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};
use zoom_api::{ChatTarget, ErrorKind, Plan, RateCategory};

fn per_second_429() -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(zoom_error(
        429,
        "You have reached the maximum per-second rate limit for this API. Try again later.",
    ))
}

#[tokio::test]
async fn retry_after_seconds_is_waited_exactly() {
    let (server, client, clock) = setup().await;
    me_then_user(
        &server,
        per_second_429().insert_header("Retry-After", "7"),
        1,
    )
    .await;
    client.users().me().await.unwrap();
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(7)],
        "waited Retry-After, nothing else"
    );
    let stats = client.stats();
    assert_eq!(stats.retries, 1);
    assert_eq!(stats.throttled_responses, 1);
    assert_eq!(stats.requests["GET /users/{userId}"], 2);
}

#[tokio::test]
async fn retry_after_date_is_waited_until() {
    let (server, client, clock) = setup().await;
    // The manual clock's wall time is 2026-11-23T10:00:00Z.
    me_then_user(
        &server,
        per_second_429().insert_header("Retry-After", "2026-11-23T10:00:03Z"),
        1,
    )
    .await;
    client.users().me().await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);
}

#[tokio::test]
async fn without_retry_after_a_short_jittered_backoff() {
    let (server, client, clock) = setup().await;
    me_then_user(&server, per_second_429(), 2).await;
    client.users().me().await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    // Full jitter over 1 s then 2 s steps: never the 20–80 s of naive clients.
    assert!(sleeps[0] <= Duration::from_secs(1), "{sleeps:?}");
    assert!(sleeps[1] <= Duration::from_secs(2), "{sleeps:?}");
}

#[tokio::test]
async fn too_long_retry_after_fails_as_throttled() {
    let (server, client, clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(per_second_429().insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert!(clock.sleeps().is_empty());
    assert!(err.to_string().contains("3600 s"), "{err}");
}

#[tokio::test]
async fn daily_limit_stops_the_category_until_the_reset() {
    let (server, client, clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/report/operationlogs"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Category", "Heavy")
                .insert_header("X-RateLimit-Type", "Daily-limit")
                .insert_header("X-RateLimit-Limit", "30000")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("Retry-After", "2026-11-24T00:00:00Z")
                .set_body_json(zoom_error(
                    429,
                    "You have reached the maximum daily rate limit for this API.",
                )),
        )
        .expect(1)
        .mount(&server)
        .await;
    let today = clock_today();
    let results: Vec<_> = client
        .reports()
        .operation_logs(zoom_api::DateRange::day(today), None)
        .collect()
        .await;
    let err = results[0].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DailyLimit);
    assert_eq!(
        err.reset_at().map(|r| r.to_rfc3339()).as_deref(),
        Some("2026-11-24T00:00:00+00:00")
    );
    assert!(err.to_string().contains("2026-11-24 00:00:00 UTC"), "{err}");
    assert!(clock.sleeps().is_empty(), "a daily limit is not waited out");
    // Heavy and Resource-intensive share the daily quota: both stop without a request.
    let err = client.accounts().plan_usage().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DailyLimit);
    let meetings: Vec<_> = client
        .dashboard()
        .past_meetings(zoom_api::DateRange::day(today))
        .collect()
        .await;
    assert_eq!(
        meetings[0].as_ref().unwrap_err().kind(),
        ErrorKind::DailyLimit
    );
    assert_eq!(
        meetings[0].as_ref().unwrap_err().call().unwrap().category,
        Some(RateCategory::ResourceIntensive)
    );
    server.verify().await;
    assert_eq!(requests_to(&server, "/v2/metrics/meetings").await, 0);
}

#[tokio::test]
async fn daily_limit_message_without_headers_is_recognised() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(429).set_body_json(zoom_error(
            429,
            "You have exceeded the daily rate limit (6000) of Light API requests permitted for this account. You may resume these requests at GMT 00:00:00.",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DailyLimit);
    assert_eq!(
        err.reset_at().map(|r| r.to_rfc3339()).as_deref(),
        Some("2026-11-24T00:00:00+00:00")
    );
    let err = client.users().get("x").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DailyLimit);
    server.verify().await;
}

#[tokio::test]
async fn quota_budget_stops_heavy_calls_cleanly() {
    let server = wiremock::MockServer::start().await;
    mount_token(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path("/v2/accounts/me/plans/usage"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("plan_usage")))
        .expect(3)
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.plan = Plan::Free; // 1,000 a day
    config.max_daily_quota_share = 0.003; // → 3 calls
    let (client, _clock) = client_with(config);
    for _ in 0..3 {
        client.accounts().plan_usage().await.unwrap();
    }
    let err = client.accounts().plan_usage().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaBudget);
    assert!(err.to_string().contains("max_daily_quota_share"), "{err}");
    let stats = client.stats();
    assert_eq!((stats.daily_quota_used, stats.daily_quota_budget), (3, 3));
    server.verify().await;
}

#[tokio::test]
async fn an_action_is_retried_after_a_429_only() {
    let (server, client, clock) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v2/chat/users/me/messages"))
        .respond_with(per_second_429().insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/chat/users/me/messages"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "msg-1"})))
        .mount(&server)
        .await;
    let sent = client
        .chat()
        .send_message(&ChatTarget::Contact("a@example.com".into()), "hi")
        .await
        .unwrap();
    assert_eq!(sent.id.as_deref(), Some("msg-1"));
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(1)]);
}

#[tokio::test]
async fn rate_limit_headers_tighten_the_limiter() {
    let (server, client, clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Category", "Light")
                .insert_header("X-RateLimit-Type", "QPS")
                .insert_header("X-RateLimit-Limit", "2")
                .insert_header("X-RateLimit-Remaining", "1")
                .set_body_json(fixture("user")),
        )
        .mount(&server)
        .await;
    for _ in 0..4 {
        client.users().me().await.unwrap();
    }
    // 2/s instead of the plan's 30/s: the later calls waited.
    assert!(
        clock.total_slept() >= Duration::from_millis(500),
        "{:?}",
        clock.sleeps()
    );
    assert!(client.stats().rate_limit_waits >= 1);
}

fn clock_today() -> chrono::NaiveDate {
    epoch().date_naive()
}

#[tokio::test]
async fn a_per_endpoint_daily_cap_stops_only_that_endpoint() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .respond_with(ResponseTemplate::new(429).set_body_json(zoom_error(
            429,
            "You have exceeded the daily rate limit (1500) of user invite requests permitted for this account. You may resume these requests at GMT 00:00:00.",
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .expect(1)
        .mount(&server)
        .await;
    let new_user = zoom_api::CreateUser {
        action: zoom_api::CreateAction::Create,
        user_info: zoom_api::NewUserInfo {
            email: "n@example.com".into(),
            user_type: 1,
            first_name: None,
            last_name: None,
        },
    };
    for _ in 0..2 {
        let err = client.users().create(&new_user).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DailyLimit);
    }
    // Another Light endpoint goes on.
    client.users().get("u1").await.unwrap();
    server.verify().await;
}
