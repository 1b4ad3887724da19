//! The token endpoint, bearer tokens (expiry, revocation), scopes and plans.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{get_token, start, unlimited};
use reqwest::StatusCode;
use serde_json::{Value, json};
use zoom_sim::{FaultSpec, Plan, SimConfig};

fn config() -> SimConfig {
    unlimited()
}

#[tokio::test]
async fn bad_credentials_get_zooms_400_body() {
    let h = start(config()).await;
    let i = h.sim.info().clone();
    let q = [
        ("grant_type", "account_credentials"),
        ("account_id", i.account_id.as_str()),
    ];
    for (id, secret) in [
        (i.client_id.as_str(), "wrong"),
        ("wrong", i.client_secret.as_str()),
    ] {
        let r = h
            .http
            .post(&i.oauth_url)
            .basic_auth(id, Some(secret))
            .query(&q)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let v: Value = r.json().await.unwrap();
        assert_eq!(
            v,
            json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
        );
    }
    let r = h.http.post(&i.oauth_url).query(&q).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "no Basic auth");
    // The parameters may come as a form body too.
    let r = h
        .http
        .post(&i.oauth_url)
        .basic_auth(&i.client_id, Some(&i.client_secret))
        .form(&q)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 3600);
    assert!(v["scope"].as_str().unwrap().contains("user:read:admin"));
    assert_eq!(h.stats().await["tokens_issued"], 2);
}

#[tokio::test]
async fn unknown_expired_and_revoked_tokens_get_401_code_124() {
    let h = start(config()).await;
    let r = h
        .http
        .get(format!("{}/users", h.sim.api_v2()))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["code"], 124);
    let r = h
        .http
        .get(format!("{}/users", h.sim.api_v2()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "no token");

    let expired = start(SimConfig {
        token_ttl_secs: 0,
        ..config()
    })
    .await;
    let r = expired.get("/users/me", &[]).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, 124));

    let faults = FaultSpec {
        revoke_token_after: Some(3),
        ..FaultSpec::default()
    };
    let mut revoked = start(SimConfig { faults, ..config() }).await;
    for _ in 0..3 {
        assert_eq!(revoked.get("/users/me", &[]).await.status, StatusCode::OK);
    }
    let r = revoked.get("/users/me", &[]).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, 124),
        "revoked after 3 requests"
    );
    // A new token works again.
    revoked.token = get_token(&revoked.http, &revoked.sim).await;
    assert_eq!(revoked.get("/users/me", &[]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_missing_scope_is_named_in_zooms_4700_error() {
    let scopes = Some(vec!["user:read:admin".to_string()]);
    let h = start(SimConfig { scopes, ..config() }).await;
    assert_eq!(h.get("/users", &[]).await.status, StatusCode::OK);
    let r = h.get("/h323/devices", &[]).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, 4700));
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("h323:read:admin"),
        "{}",
        r.body
    );
    let r = h
        .get(
            "/report/operationlogs",
            &[("from", "2026-01-01"), ("to", "2026-01-02")],
        )
        .await;
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("report:read:admin")
    );
}

#[tokio::test]
async fn reports_need_pro_and_dashboards_need_business() {
    let today = chrono::Utc::now().date_naive().to_string();
    let window = [
        ("from", today.as_str()),
        ("to", today.as_str()),
        ("type", "past"),
    ];
    for (plan, reports_ok, dashboards_ok) in [
        (Plan::Free, false, false),
        (Plan::Pro, true, false),
        (Plan::Business, true, true),
    ] {
        let h = start(SimConfig { plan, ..config() }).await;
        let r = h.get("/report/operationlogs", &window).await;
        assert_eq!(
            r.status == StatusCode::OK,
            reports_ok,
            "{plan:?} reports: {}",
            r.body
        );
        if !reports_ok {
            assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, 200));
            assert!(r.body["message"].as_str().unwrap().contains("paid account"));
        }
        for path in ["/metrics/meetings", "/metrics/zoomrooms"] {
            let r = h.get(path, &window).await;
            assert_eq!(
                r.status == StatusCode::OK,
                dashboards_ok,
                "{plan:?} {path}: {}",
                r.body
            );
            if !dashboards_ok {
                assert_eq!(r.code(), 200);
                assert!(r.body["message"].as_str().unwrap().contains("dashboard"));
            }
        }
        // Users are available on every plan.
        assert_eq!(h.get("/users", &[]).await.status, StatusCode::OK);
    }
}
