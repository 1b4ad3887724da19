//! Error classification (scopes, plans, not found, conflict) and the promise
//! that no secret, token or URL query ever appears in an error or a log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_api::{Error, ErrorKind, Plan, UserStatus};

#[tokio::test]
async fn missing_scope_is_a_permission_error_naming_the_scope() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/rooms"))
        .respond_with(ResponseTemplate::new(400).set_body_json(zoom_error(
            4700,
            "Invalid access token, does not contain room:read:admin scope.",
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(ResponseTemplate::new(401).set_body_json(zoom_error(
            4711,
            "Invalid access token, does not contain scopes:[user:read:admin, user:read:list_users:admin].",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let rooms: Vec<_> = client.rooms().list().collect().await;
    let err = rooms[0].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Permission);
    assert_eq!(err.missing_scope(), Some("room:read:admin"));
    assert!(
        err.to_string().contains("add the scope room:read:admin"),
        "{err}"
    );
    assert!(err.to_string().contains("GET /rooms"), "{err}");

    let users: Vec<_> = client.users().list(UserStatus::Active).collect().await;
    let err = users[0].as_ref().unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Permission,
        "a scope 401 is not a token refresh"
    );
    // Zoom named both families; the app's token is classic: the classic one.
    assert_eq!(err.missing_scope(), Some("user:read:admin"));
    assert_eq!(client.stats().token_requests, 1);
    server.verify().await;
}

#[tokio::test]
async fn forbidden_without_scope_names_the_route_scopes() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/h323/devices"))
        .respond_with(ResponseTemplate::new(403).set_body_json(zoom_error(200, "No permission.")))
        .mount(&server)
        .await;
    let all: Vec<_> = client.devices().list_h323().collect().await;
    let err = all[0].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Permission);
    assert!(err.to_string().contains("h323:read:admin"), "{err}");
}

#[tokio::test]
async fn plan_gated_endpoint_says_which_plan() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/metrics/zoomrooms"))
        .respond_with(ResponseTemplate::new(400).set_body_json(zoom_error(
            200,
            "Dashboard feature is only available for Business, Education or API plans.",
        )))
        .mount(&server)
        .await;
    let all: Vec<_> = client.dashboard().zoom_rooms().collect().await;
    let err = all[0].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Plan);
    assert_eq!(err.call().unwrap().required_plan, Some(Plan::Business));
    assert!(err.to_string().contains("zoom Business plan"), "{err}");
}

#[tokio::test]
async fn not_found_conflict_and_invalid_request() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(zoom_error(1001, "User does not exist: gone.")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_json(zoom_error(1005, "Email \"a@b.c\" has already been used.")),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/u9"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 300, "message": "Validation Failed.",
            "errors": [{"field": "transfer_email", "message": "Invalid field."}]
        })))
        .mount(&server)
        .await;
    let err = client.users().get("gone").await.unwrap_err();
    assert_eq!(
        (err.kind(), err.status(), err.zoom_code()),
        (ErrorKind::NotFound, Some(404), Some("1001"))
    );
    let err = client
        .users()
        .create(&zoom_api::CreateUser {
            action: zoom_api::CreateAction::Create,
            user_info: zoom_api::NewUserInfo {
                email: "a@b.c".into(),
                user_type: 1,
                first_name: None,
                last_name: None,
            },
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let err = client
        .users()
        .delete("u9", &zoom_api::DeleteUserOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
}

/// A log sink for the secret check.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(text: &str) {
    for secret in [
        SECRET,
        TOKEN,
        "Y2xpZW50LWlkLTEyMzpzM2NyM3Q",
        "account_id=",
        "grant_type=",
        "next_page_token=",
        "Bearer",
    ] {
        assert!(!text.contains(secret), "{secret:?} leaked in: {text}");
    }
}

#[tokio::test]
async fn no_secret_in_any_error_or_log() {
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut errors: Vec<Error> = Vec::new();

    // Bad credentials, with a body that echoes nothing secret.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
        ))
        .mount(&server)
        .await;
    let (client, _) = client_with(config(&server));
    errors.push(client.users().me().await.unwrap_err());

    // A token, then every kind of failure.
    let (server, client, _) = setup().await;
    for (route, response) in [
        (
            "/v2/users/a",
            ResponseTemplate::new(401).set_body_json(zoom_error(124, "Invalid access token.")),
        ),
        ("/v2/users/b", ResponseTemplate::new(500)),
        (
            "/v2/users/c",
            ResponseTemplate::new(429).insert_header("Retry-After", "9999"),
        ),
        (
            "/v2/users/d",
            ResponseTemplate::new(200).set_body_raw("{\"id\":", "application/json"),
        ),
        (
            "/v2/users/e",
            ResponseTemplate::new(403).set_body_json(zoom_error(
                4700,
                "Invalid access token, does not contain user:read:admin scope.",
            )),
        ),
    ] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(ResponseTemplate::new(400).set_body_json(zoom_error(
            300,
            "The next page token is either invalid or has expired.",
        )))
        .mount(&server)
        .await;
    for id in ["a", "b", "c", "d", "e"] {
        errors.push(client.users().get(id).await.unwrap_err());
    }
    // A connection refused (nothing listens on the port any more).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut dead = config(&server);
    dead.api_base_url = format!("http://127.0.0.1:{port}/v2");
    dead.token_url = format!("http://127.0.0.1:{port}/oauth/token?x=1");
    let (dead_client, _) = client_with(dead);
    errors.push(dead_client.users().me().await.unwrap_err());

    let kinds: Vec<_> = errors.iter().map(Error::kind).collect();
    assert_eq!(
        kinds,
        [
            ErrorKind::Auth,
            ErrorKind::Auth,
            ErrorKind::Server,
            ErrorKind::Throttled,
            ErrorKind::Transient,
            ErrorKind::Permission,
            // A refused port: Zoom could not be reached (not the credentials).
            ErrorKind::Network,
        ]
    );
    for err in &errors {
        assert_clean(&err.to_string());
        assert_clean(&format!("{err:?}"));
        assert_clean(&err.what_to_do());
    }
    assert_clean(&format!("{client:?}"));
    assert_clean(&format!("{:?}", client.config()));
    let logs = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("retrying zoom call"),
        "logs were captured: {logs}"
    );
    assert_clean(&logs);
    drop(server);
}
