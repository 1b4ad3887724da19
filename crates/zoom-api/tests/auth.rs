//! Token cache: single flight, refresh before expiry, refresh once on 401 /
//! code 124 (also mid-pagination), bad credentials.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_api::{ErrorKind, UserStatus};

#[tokio::test]
async fn fifty_concurrent_first_calls_request_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(query_param("grant_type", "account_credentials"))
        .and(query_param("account_id", ACCOUNT_ID))
        .and(header(
            "authorization",
            "Basic Y2xpZW50LWlkLTEyMzpzM2NyM3QtY2xpZW50LXNlY3JldC12YWx1ZQ==",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body(TOKEN))
                .set_delay(Duration::from_millis(50)),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .expect(50)
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.max_concurrency = 64;
    let (client, _clock) = client_with(config);
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.users().me().await })
    });
    for result in futures::future::join_all(calls).await {
        assert!(result.unwrap().is_ok());
    }
    assert_eq!(client.stats().token_requests, 1);
    server.verify().await;
}

#[tokio::test]
async fn token_is_refreshed_before_it_expires() {
    let (server, client, clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .mount(&server)
        .await;
    client.users().me().await.unwrap();
    clock.advance(Duration::from_secs(3000));
    client.users().me().await.unwrap();
    assert_eq!(client.stats().token_requests, 1, "still fresh after 50 min");
    // 3600 s lifetime, 300 s margin: refreshed from 3300 s on.
    clock.advance(Duration::from_secs(301));
    client.users().me().await.unwrap();
    assert_eq!(client.stats().token_requests, 2);
}

#[tokio::test]
async fn refresh_once_on_401_mid_pagination_and_replay() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-a")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-b")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("next_page_token", "t1"))
        .and(header("authorization", "Bearer tok-a"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(zoom_error(124, "Invalid access token.")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("next_page_token", "t1"))
        .and(header("authorization", "Bearer tok-b"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(users_page(&["u3"], Some(json!("")))),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(users_page(&["u1", "u2"], Some(json!("t1")))),
        )
        .mount(&server)
        .await;
    let (client, _clock) = client_with(config(&server));
    let users: Vec<_> = client.users().list(UserStatus::Active).collect().await;
    let ids: Vec<_> = users.into_iter().map(|u| u.unwrap().id.unwrap()).collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
    let stats = client.stats();
    assert_eq!(stats.token_requests, 2);
    assert_eq!(stats.token_rejections, 1);
    assert_eq!(stats.retries, 0);
}

#[tokio::test]
async fn a_second_401_is_an_auth_error() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(zoom_error(124, "Invalid access token.")),
        )
        .expect(2)
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.zoom_code(), Some("124"));
    assert_eq!(client.stats().token_requests, 2);
    server.verify().await;
}

#[tokio::test]
async fn bad_credentials_are_an_auth_error_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .expect(0)
        .mount(&server)
        .await;
    let (client, clock) = client_with(config(&server));
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.zoom_code(), Some("invalid_client"));
    let text = err.to_string();
    assert!(
        text.contains("Invalid client_id or client_secret"),
        "{text}"
    );
    assert!(text.contains("POST /oauth/token"), "{text}");
    assert!(text.contains("client secret"), "says what to do: {text}");
    assert!(clock.sleeps().is_empty(), "no backoff for bad credentials");
    assert_eq!(client.stats().retries, 0);
    server.verify().await;
}

#[tokio::test]
async fn bad_credentials_cost_one_token_request_for_all_callers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}))
                .set_delay(Duration::from_millis(30)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (client, _clock) = client_with(config(&server));
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.users().me().await })
    });
    for result in futures::future::join_all(calls).await {
        assert_eq!(result.unwrap().unwrap_err().kind(), ErrorKind::Auth);
    }
    // Later calls get the same answer without asking Zoom again.
    assert_eq!(
        client.users().me().await.unwrap_err().kind(),
        ErrorKind::Auth
    );
    assert_eq!(client.stats().token_requests, 1);
    server.verify().await;
}
