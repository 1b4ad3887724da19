//! Shared test set-up: a wiremock Zoom, a client on a manual clock, fixtures.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_api::{Client, ClientConfig, ManualClock, S2sCredentials};

pub const SECRET: &str = "s3cr3t-client-secret-value";
pub const TOKEN: &str = "eyJ-access-token-value";
pub const CLIENT_ID: &str = "client-id-123";
pub const ACCOUNT_ID: &str = "acct-456";

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/resources/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn config(server: &MockServer) -> ClientConfig {
    let mut config = ClientConfig::new(S2sCredentials::new(
        ACCOUNT_ID,
        CLIENT_ID,
        SecretString::from(SECRET),
    ));
    config.api_base_url = format!("{}/v2", server.uri());
    config.token_url = format!("{}/oauth/token", server.uri());
    config.request_timeout = Duration::from_secs(5);
    config.connect_timeout = Duration::from_secs(2);
    config
}

pub fn epoch() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn client_with(mut config: ClientConfig) -> (Client, ManualClock) {
    // A fixed jitter seed: the same waits on every run, so counts of sleeps
    // (backoff plus any limiter spacing they cause) never vary.
    config.retry.jitter_seed.get_or_insert(11);
    let clock = ManualClock::new(epoch());
    let client = Client::with_clock(config, Arc::new(clock.clone())).unwrap();
    (client, clock)
}

pub async fn setup() -> (MockServer, Client, ManualClock) {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN).await;
    let (client, clock) = client_with(config(&server));
    (server, client, clock)
}

pub fn token_body(token: &str) -> Value {
    json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": 3600,
        "scope": "user:read:admin report:read:admin"
    })
}

pub async fn mount_token(server: &MockServer, token: &str) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(token)))
        .mount(server)
        .await;
}

pub async fn requests_to(server: &MockServer, p: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == p)
        .count()
}

/// A GET /users page; `next` `None` leaves `next_page_token` out.
pub fn users_page(ids: &[&str], next: Option<Value>) -> Value {
    let template = fixture("users_page")["users"][0].clone();
    let users: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut u = template.clone();
            u["id"] = json!(id);
            u["email"] = json!(format!("{id}@example.com"));
            u
        })
        .collect();
    let mut page = json!({ "page_size": 300, "total_records": ids.len(), "users": users });
    if let Some(next) = next {
        page["next_page_token"] = next;
    }
    page
}

pub fn zoom_error(code: i64, message: &str) -> Value {
    json!({ "code": code, "message": message })
}

/// GET /v2/users/me answers `first` for the first `times` calls, then the
/// example user: the shape of every retry test.
pub async fn me_then_user(server: &MockServer, first: ResponseTemplate, times: u64) {
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(first)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .mount(server)
        .await;
}
