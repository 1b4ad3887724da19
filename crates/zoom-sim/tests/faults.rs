//! Faults on demand: 5xx bursts, dropped connections, truncated, malformed and
//! slow bodies, latency.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::start;
use reqwest::StatusCode;
use zoom_sim::{FaultSpec, SimConfig};

fn with(faults: FaultSpec) -> SimConfig {
    SimConfig {
        faults,
        qps_scale: 0.0,
        ..SimConfig::default()
    }
}

#[tokio::test]
async fn bursts_of_503_land_where_the_spec_says() {
    let h = start(with("burst_5xx=2@5".parse().unwrap())).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(h.get("/users/me", &[]).await.status.as_u16());
    }
    assert_eq!(
        statuses,
        vec![200, 200, 200, 200, 503, 503, 200, 200, 200, 503, 503, 200]
    );
}

#[tokio::test]
async fn dropped_connections_close_before_the_response() {
    let h = start(with("drop=1".parse().unwrap())).await;
    for _ in 0..3 {
        let r = h
            .http
            .get(format!("{}/users", h.sim.api_v2()))
            .bearer_auth(&h.token)
            .send()
            .await;
        assert!(
            r.is_err(),
            "no response at all: {:?}",
            r.map(|r| r.status())
        );
    }
    // The token endpoint and /_sim are not faulted.
    assert_eq!(h.stats().await["requests_total"], 3);
}

#[tokio::test]
async fn broken_bodies_fail_the_client() {
    for spec in ["truncate=1"] {
        let h = start(with(spec.parse().unwrap())).await;
        let r = h
            .http
            .get(format!("{}/users", h.sim.api_v2()))
            .bearer_auth(&h.token)
            .send()
            .await;
        let body = match r {
            Ok(r) => r.text().await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        assert!(
            body.is_err(),
            "{spec}: the client sees a broken response, got {body:?}"
        );
    }
    let h = start(with("malformed=1".parse().unwrap())).await;
    let r = h
        .http
        .get(format!("{}/users", h.sim.api_v2()))
        .bearer_auth(&h.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "malformed: {text}"
    );
}

#[tokio::test]
async fn slow_bodies_and_latency_still_deliver_the_same_bytes() {
    // One anchor for both, or two starts a second apart shift every timestamp.
    let anchor = Some(chrono::Utc::now());
    let plain = start(SimConfig {
        anchor,
        ..with(FaultSpec::default())
    })
    .await;
    let slow = start(SimConfig {
        anchor,
        ..with("slow_body=1,latency=5,jitter=2".parse().unwrap())
    })
    .await;
    // Same seed: same data, delivered slowly.
    let a = plain.raw("/users/me", &[]).await;
    let b = slow.raw("/users/me", &[]).await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn server_errors_follow_the_probability() {
    let h = start(with("5xx=0.5".parse().unwrap())).await;
    let mut errors = 0;
    for _ in 0..60 {
        let r = h.get("/users/me", &[]).await;
        if r.status == StatusCode::INTERNAL_SERVER_ERROR {
            assert_eq!(r.code(), 500);
            errors += 1;
        }
    }
    assert!((15..=45).contains(&errors), "{errors} of 60");
}
