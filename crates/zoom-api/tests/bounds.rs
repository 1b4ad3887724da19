//! Whatever a server sends, the client stays bounded and truthful: numbers
//! that become times are clamped, lists end, bodies are capped, a list
//! without its key is an error, a failed token fetch is shared, and what a
//! server echoes back is masked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use zoom_api::{ErrorKind, UserStatus};

fn user(i: usize) -> serde_json::Value {
    json!({"id": format!("u{i}"), "email": format!("u{i}@acme.example"), "type": 1})
}

#[tokio::test]
async fn an_absurd_retry_after_fails_the_call_instead_of_panicking() {
    let (server, client, clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1e20"))
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert_eq!(clock.total_slept(), Duration::ZERO, "never waited 1e20 s");
}

#[tokio::test]
async fn a_daily_reset_past_the_calendar_is_the_next_midnight() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Type", "Daily-limit")
                .insert_header("Retry-After", "99999999999999")
                .set_body_json(json!({"code": 429, "message": "You have reached the maximum daily rate limit for this API."})),
        )
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DailyLimit);
    // The fixed "now" is 2026-11-23T10:00:00Z.
    assert_eq!(
        err.reset_at().map(|r| r.to_rfc3339()).as_deref(),
        Some("2026-11-24T00:00:00+00:00")
    );
}

#[tokio::test]
async fn a_token_lifetime_of_u64_max_is_capped_at_a_day() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"eyJ-access-token-value","token_type":"bearer","expires_in":18446744073709551615}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .mount(&server)
        .await;
    let (client, clock) = client_with(config(&server));
    client.users().me().await.unwrap();
    clock.advance(Duration::from_secs(25 * 3600));
    client.users().me().await.unwrap();
    assert_eq!(client.stats().token_requests, 2, "refreshed within a day");
}

/// Every page has a fresh token: an endless list.
#[derive(Default)]
struct Endless(AtomicUsize);

impl Respond for Endless {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        ResponseTemplate::new(200).set_body_json(json!({
            "users": [user(n)],
            "total_records": 5,
            "next_page_token": format!("tok-{n}"),
        }))
    }
}

#[tokio::test]
async fn endless_page_tokens_end_in_a_pagination_error_within_the_page_cap() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(Endless::default())
        .mount(&server)
        .await;
    let items: Vec<_> = client.users().list(UserStatus::Active).collect().await;
    let err = items
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("an error ends the list");
    assert_eq!(err.kind(), ErrorKind::Pagination);
    // total_records 5 at one item a page: 5 pages, twice that plus 10.
    assert_eq!(requests_to(&server, "/v2/users").await, 20);
}

#[tokio::test]
async fn a_list_without_its_key_is_malformed_never_empty() {
    for body in [
        json!({}),
        json!({"users": null}),
        json!({"total_records": 3}),
    ] {
        let (server, client, _clock) = setup().await;
        Mock::given(method("GET"))
            .and(path("/v2/users"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
            .mount(&server)
            .await;
        let result: Result<Vec<_>, _> = client.users().list(UserStatus::Active).try_collect().await;
        assert_eq!(
            result.map(|v| v.len()).map_err(|e| e.kind()),
            Err(ErrorKind::Malformed),
            "{body}"
        );
    }
    // An empty list is `[]`.
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"users": [], "total_records": 0})),
        )
        .mount(&server)
        .await;
    let users: Vec<_> = client
        .users()
        .list(UserStatus::Active)
        .try_collect()
        .await
        .unwrap();
    assert!(users.is_empty());
}

#[tokio::test]
async fn an_answer_over_the_size_cap_is_malformed_and_not_retried() {
    let (server, client, _clock) = setup().await;
    let huge = format!(
        r#"{{"users": [], "pad": "{}"}}"#,
        "x".repeat(zoom_api::transport::PAGE_BODY_CAP)
    );
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "application/json"))
        .mount(&server)
        .await;
    let result: Result<Vec<_>, _> = client.users().list(UserStatus::Active).try_collect().await;
    assert_eq!(
        result.map_err(|e| e.kind()).err(),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(requests_to(&server, "/v2/users").await, 1);
}

#[tokio::test]
async fn callers_waiting_for_a_failed_token_fetch_share_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.retry.max_attempts = 1;
    config.max_concurrency = 16;
    let (client, _clock) = client_with(config);
    let calls = (0..10).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.users().me().await })
    });
    for result in futures::future::join_all(calls).await {
        assert!(result.unwrap().is_err());
    }
    assert_eq!(
        client.stats().token_requests,
        1,
        "one fetch for all ten waiting callers"
    );
}

#[tokio::test]
async fn an_echo_of_the_credentials_is_masked() {
    let server = MockServer::start().await;
    // base64("client-id-123:s3cr3t-client-secret-value")
    let basic = "Y2xpZW50LWlkLTEyMzpzM2NyM3QtY2xpZW50LXNlY3JldC12YWx1ZQ==";
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_client",
            "reason": format!("bad header Authorization: Basic {basic} (secret {SECRET})"),
        })))
        .mount(&server)
        .await;
    let (client, _clock) = client_with(config(&server));
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(basic), "{text}");
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}

#[tokio::test]
async fn an_echo_of_the_access_token_is_masked() {
    let (server, client, _clock) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"code": 300, "message": format!("bad request with Bearer {TOKEN}")}),
        ))
        .mount(&server)
        .await;
    let err = client.users().me().await.unwrap_err();
    assert!(!err.to_string().contains(TOKEN), "{err}");
}

/// A proxy that accepts connections and never says a word.
fn silent_proxy() -> (u16, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        listener.set_nonblocking(true).unwrap();
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Ok((stream, _)) = listener.accept() {
                held.push(stream);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    (port, handle)
}

/// A SOCKS proxy that never answers its handshake costs the connect
/// timeout per attempt (the retries included, on the real clock); an HTTP
/// proxy that takes a plain-HTTP request and never answers costs the
/// request timeout.
#[tokio::test]
async fn a_proxy_that_never_answers_is_bounded_by_the_timeouts() {
    for (scheme, connect, request) in [("socks5", 1, 60), ("http", 1, 2)] {
        let (port, _proxy) = silent_proxy();
        let server = MockServer::start().await;
        mount_token(&server, TOKEN).await;
        let mut config = config(&server);
        config.proxy = Some(format!("{scheme}://127.0.0.1:{port}"));
        config.connect_timeout = Duration::from_secs(connect);
        config.request_timeout = Duration::from_secs(request);
        config.retry.max_attempts = 2;
        let (client, _clock) = client_with(config);
        let started = std::time::Instant::now();
        let result = tokio::time::timeout(Duration::from_secs(20), client.users().me()).await;
        let err = result.expect("bounded").unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{scheme}: took {:?}",
            started.elapsed()
        );
        let expected = if scheme == "socks5" {
            ErrorKind::Network
        } else {
            ErrorKind::Transient
        };
        assert_eq!(err.kind(), expected, "{scheme}: {err}");
    }
}
