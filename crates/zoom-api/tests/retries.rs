//! Retries: 5xx then success, exhausted retries, timeouts, truncated JSON,
//! the overall deadline, and actions never repeated after a 5xx.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_api::{DeleteUserOptions, ErrorKind, RetryConfig};

#[tokio::test]
async fn server_error_then_success() {
    let (server, client, clock) = setup().await;
    me_then_user(
        &server,
        ResponseTemplate::new(503).set_body_string("upstream unavailable"),
        2,
    )
    .await;
    let user = client.users().me().await.unwrap();
    assert_eq!(user.email.as_deref(), Some("jchill@example.com"));
    assert_eq!(clock.sleeps().len(), 2);
    assert_eq!(client.stats().retries, 2);
}

#[tokio::test]
async fn exhausted_retries_are_a_server_error() {
    let (server, client, clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(500).set_body_json(zoom_error(500, "Internal error")))
        .expect(4)
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.call().unwrap().attempts, 4);
    assert!(err.to_string().contains("after 4 attempts"), "{err}");
    // Full jitter within 1, 2 and 4 s steps.
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 3);
    assert!(
        sleeps
            .iter()
            .zip([1, 2, 4])
            .all(|(s, cap)| *s <= Duration::from_secs(cap))
    );
    assert_eq!(client.stats().failures["GET /users/{userId}"], 1);
    server.verify().await;
}

#[tokio::test]
async fn timeouts_are_retried_then_reported() {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture("user"))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.request_timeout = Duration::from_millis(100);
    config.retry = RetryConfig {
        max_attempts: 2,
        ..RetryConfig::default()
    };
    let (client, _clock) = client_with(config);
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(requests_to(&server, "/v2/users/me").await, 2);
}

#[tokio::test]
async fn truncated_json_is_retried() {
    let (server, client, _clock) = setup().await;
    let full = fixture("user").to_string();
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(full[..full.len() / 2].to_owned(), "application/json"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(full, "application/json"))
        .mount(&server)
        .await;
    assert!(client.users().me().await.is_ok());
    assert_eq!(client.stats().retries, 1);
}

#[tokio::test]
async fn always_truncated_json_is_transient() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"id":"abc","email":"#, "application/json"),
        )
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert!(err.to_string().contains("truncated"), "{err}");
}

#[tokio::test]
async fn wrong_shape_is_a_bug_not_retried() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([1, 2, 3])))
        .expect(1)
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Bug);
    server.verify().await;
}

#[tokio::test]
async fn actions_are_not_repeated_after_a_server_error() {
    let (server, client, clock) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/u1"))
        .respond_with(ResponseTemplate::new(502))
        .expect(1)
        .mount(&server)
        .await;
    let err = client
        .users()
        .delete("u1", &DeleteUserOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert!(
        err.to_string().contains("not repeated automatically"),
        "{err}"
    );
    assert!(clock.sleeps().is_empty());
    server.verify().await;
}

#[tokio::test]
async fn the_overall_deadline_bounds_retries() {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "50"))
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.retry = RetryConfig {
        max_attempts: 10,
        overall_deadline: Duration::from_secs(120),
        ..RetryConfig::default()
    };
    let (client, clock) = client_with(config);
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(50), Duration::from_secs(50)]
    );
    assert!(err.to_string().contains("deadline"), "{err}");
}

#[tokio::test]
async fn the_retry_budget_stops_hammering() {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.retry = RetryConfig {
        budget_capacity: 10,
        ..RetryConfig::default()
    };
    let (client, _clock) = client_with(config);
    let _ = client.users().me().await.unwrap_err(); // 2 retries use the 10 tokens
    let err = client.users().me().await.unwrap_err();
    assert!(err.to_string().contains("retry budget"), "{err}");
    assert_eq!(requests_to(&server, "/v2/users/me").await, 3 + 1);
}

#[tokio::test]
async fn an_action_waits_for_a_token_that_failed_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_token(&server, TOKEN).await;
    Mock::given(method("DELETE"))
        .and(path("/v2/groups/g1/members/m1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let (client, clock) = client_with(config(&server));
    client.groups().remove_member("g1", "m1").await.unwrap();
    assert_eq!(clock.sleeps().len(), 1);
    assert_eq!(client.stats().token_requests, 2);
    server.verify().await;
}
