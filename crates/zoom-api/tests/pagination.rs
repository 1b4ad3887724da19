//! Pagination: the three endings, a repeated token, an expired token
//! (restart with de-duplication, or a clear failure), page_size.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_api::{ErrorKind, UserStatus};

async fn two_pages(server: &MockServer, last: Value) {
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("next_page_token", "t1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(last))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param_is_missing("next_page_token"))
        .and(query_param("page_size", "300"))
        .and(query_param("status", "active"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(users_page(&["u1", "u2"], Some(json!("t1")))),
        )
        .mount(server)
        .await;
}

async fn ids(client: &zoom_api::Client) -> Vec<String> {
    client
        .users()
        .list(UserStatus::Active)
        .map(|u| u.unwrap().id.unwrap())
        .collect()
        .await
}

#[tokio::test]
async fn ends_on_empty_token() {
    let (server, client, _) = setup().await;
    two_pages(&server, users_page(&["u3"], Some(json!("")))).await;
    assert_eq!(ids(&client).await, ["u1", "u2", "u3"]);
    assert_eq!(requests_to(&server, "/v2/users").await, 2);
}

#[tokio::test]
async fn ends_on_null_token() {
    let (server, client, _) = setup().await;
    two_pages(&server, users_page(&["u3"], Some(Value::Null))).await;
    assert_eq!(ids(&client).await, ["u1", "u2", "u3"]);
    assert_eq!(requests_to(&server, "/v2/users").await, 2);
}

#[tokio::test]
async fn ends_on_absent_token() {
    let (server, client, _) = setup().await;
    two_pages(&server, users_page(&["u3"], None)).await;
    assert_eq!(ids(&client).await, ["u1", "u2", "u3"]);
    assert_eq!(requests_to(&server, "/v2/users").await, 2);
}

#[tokio::test]
async fn configured_page_size_is_sent() {
    let server = MockServer::start().await;
    mount_token(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("page_size", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(users_page(&["u1"], None)))
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.page_size = 50;
    let (client, _) = client_with(config);
    assert_eq!(ids(&client).await, ["u1"]);
    server.verify().await;
}

#[tokio::test]
async fn a_repeated_token_is_an_error_not_a_loop() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(users_page(&["u1"], Some(json!("same")))),
        )
        .mount(&server)
        .await;
    let results: Vec<_> = client.users().list(UserStatus::Active).collect().await;
    // Page 1 (token "same"), page 2 (u1 again, skipped as a duplicate; token
    // "same" again) → error.
    assert_eq!(results.len(), 2);
    let err = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Pagination);
    assert!(err.to_string().contains("already returned"), "{err}");
    assert_eq!(requests_to(&server, "/v2/users").await, 2);
}

#[tokio::test]
async fn expired_token_restarts_once_without_duplicates() {
    let (server, client, _) = setup().await;
    // Second page: the token expired.
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("next_page_token", "t1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(zoom_error(
            300,
            "The next page token is either invalid or has expired.",
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("next_page_token", "t2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(users_page(&["u3", "u4"], Some(json!("")))),
        )
        .mount(&server)
        .await;
    // First page: before the restart with token t1, after it with token t2.
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param_is_missing("next_page_token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(users_page(&["u1", "u2"], Some(json!("t1")))),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param_is_missing("next_page_token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(users_page(&["u1", "u2", "u3"], Some(json!("t2")))),
        )
        .mount(&server)
        .await;
    assert_eq!(ids(&client).await, ["u1", "u2", "u3", "u4"]);
    assert_eq!(client.stats().page_restarts, 1);
}

#[tokio::test]
async fn expired_token_on_a_list_without_ids_fails_clearly() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/metrics/meetings/123/participants"))
        .and(query_param("next_page_token", "p1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(zoom_error(
            300,
            "The next page token is either invalid or has expired.",
        )))
        .mount(&server)
        .await;
    let mut first = fixture("participants");
    first["next_page_token"] = json!("p1");
    Mock::given(method("GET"))
        .and(path("/v2/metrics/meetings/123/participants"))
        .and(query_param("type", "past"))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .mount(&server)
        .await;
    let results: Vec<_> = client.dashboard().past_participants("123").collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Pagination);
    assert_eq!(err.zoom_code(), Some("300"));
    assert!(
        err.to_string()
            .contains("GET /metrics/meetings/{meetingId}/participants"),
        "{err}"
    );
    assert_eq!(client.stats().page_restarts, 0);
}

#[tokio::test]
async fn restarts_are_bounded() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/groups"))
        .and(query_param("next_page_token", "g1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(zoom_error(
            300,
            "The next page token is either invalid or has expired.",
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/groups"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "groups": [{"id": "a", "name": "A", "total_members": 1}],
            "next_page_token": "g1"
        })))
        .mount(&server)
        .await;
    let results: Vec<_> = client.groups().list().collect().await;
    assert_eq!(results.len(), 2, "group a once, then the error");
    assert_eq!(
        results[1].as_ref().unwrap_err().kind(),
        ErrorKind::Pagination
    );
    let stats = client.stats();
    assert_eq!(stats.page_restarts, 2);
    assert_eq!(stats.failures["GET /groups"], 1);
    // First page three times (start + 2 restarts), the expired page three times.
    assert_eq!(requests_to(&server, "/v2/groups").await, 6);
}
