//! Rate limits: per-second counts within ±10% of the plan's numbers over a
//! bounded burst (allowing for the refill during the burst), Zoom's 429 bodies
//! and headers, the shared daily quota.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use common::start;
use reqwest::StatusCode;
use zoom_sim::{DailyLimitOverrides, Plan, SimConfig};

/// Fires `n` concurrent requests at `path`; returns (served, refused, seconds taken).
async fn burst(h: &common::Harness, path: &str, n: usize) -> (u64, u64, f64) {
    let t = Instant::now();
    let futs = (0..n).map(|_| h.get(path, &[]));
    let replies = futures::future::join_all(futs).await;
    let secs = t.elapsed().as_secs_f64();
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count() as u64;
    let limited: Vec<_> = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    for r in &limited {
        assert_eq!(r.code(), 429);
        assert_eq!(r.headers["x-ratelimit-type"], "QPS");
        assert!(r.headers.contains_key("retry-after"));
        assert!(r.body["message"].as_str().unwrap().contains("per-second"));
    }
    assert_eq!(ok + limited.len() as u64, n as u64);
    (ok, limited.len() as u64, secs)
}

#[tokio::test]
async fn per_second_limits_match_the_plan_within_ten_percent() {
    // (plan, Light, Medium) per second, docs/operations.md ("Rate limits").
    for (plan, light, medium) in [
        (Plan::Free, 4.0, 2.0),
        (Plan::Pro, 30.0, 20.0),
        (Plan::Business, 80.0, 60.0),
    ] {
        let h = start(SimConfig {
            plan,
            ..SimConfig::default()
        })
        .await;
        for (path, limit) in [("/users/me", light), ("/users", medium)] {
            let (ok, refused, secs) = burst(&h, path, (limit as usize) * 3).await;
            // The bucket starts full (`limit` requests) and refills at `limit` per second while
            // the burst lasts, so at least `limit` and at most `limit × (1 + secs)` are served;
            // both bounds are checked with ±10%. (The exact numbers under a controlled clock
            // are unit tests of the limiter.)
            let low = limit * 0.9;
            let high = (limit + limit * secs) * 1.1;
            assert!(
                (low..=high).contains(&(ok as f64)),
                "{plan:?} {path}: {ok} served, expected {low:.1}..={high:.1} ({secs:.3}s)"
            );
            assert!(refused > 0);
        }
    }
}

#[tokio::test]
async fn resource_intensive_is_per_minute_and_headers_say_so() {
    let today = chrono::Utc::now().date_naive().to_string();
    let q = [
        ("type", "past"),
        ("from", today.as_str()),
        ("to", today.as_str()),
    ];
    let h = start(SimConfig::default()).await; // Business: 20 per minute
    let mut served = 0;
    let mut last = None;
    for _ in 0..30 {
        let r = h.get("/metrics/meetings", &q).await;
        if r.status == StatusCode::OK {
            served += 1;
            assert_eq!(r.headers["x-ratelimit-category"], "Resource-intensive");
        } else {
            last = Some(r);
        }
    }
    // A refill takes 3 s at 20 per minute: the burst is far shorter on any machine we run on,
    // and one refill at most still keeps the count within 10%.
    assert!(
        (20..=22).contains(&served),
        "Business: 20 Resource-intensive requests per minute, got {served}"
    );
    let r = last.unwrap();
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers["x-ratelimit-category"], "Resource-intensive");
    assert_eq!(r.headers["x-ratelimit-type"], "QPS");
    assert_eq!(r.headers["x-ratelimit-limit"], "20");
    assert_eq!(r.headers["x-ratelimit-remaining"], "0");
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3).contains(&wait), "retry after {wait}s");
    let stats = h.stats().await;
    assert_eq!(stats["rate_limited"], 30 - served);
    assert_eq!(stats["by_category"]["Resource-intensive"], 30);
    assert_eq!(stats["by_endpoint"]["GET /metrics/meetings"], 30);
}

#[tokio::test]
async fn heavy_and_resource_intensive_share_the_daily_quota() {
    let daily_limits = DailyLimitOverrides {
        heavy: Some(5),
        ..DailyLimitOverrides::default()
    };
    let h = start(SimConfig {
        plan: Plan::Business,
        daily_limits,
        qps_scale: 0.0,
        ..SimConfig::default()
    })
    .await;
    let mut served = 0;
    let mut refused = Vec::new();
    for i in 0..8 {
        let path = if i % 2 == 0 {
            "/devices"
        } else {
            "/metrics/zoomrooms"
        };
        let r = h.get(path, &[]).await;
        if r.status == StatusCode::OK {
            served += 1;
            assert_eq!(r.headers["x-ratelimit-limit"], "5");
            assert_eq!(
                r.headers["x-ratelimit-remaining"],
                (5 - served).to_string().as_str()
            );
        } else {
            refused.push(r);
        }
    }
    assert_eq!(served, 5);
    assert_eq!(refused.len(), 3);
    let tomorrow = chrono::Utc::now().date_naive().succ_opt().unwrap();
    for r in refused {
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers["x-ratelimit-type"], "Daily-limit");
        let at: chrono::DateTime<chrono::Utc> =
            r.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert_eq!(at, tomorrow.and_hms_opt(0, 0, 0).unwrap().and_utc());
        assert!(
            r.body["message"]
                .as_str()
                .unwrap()
                .contains("daily rate limit")
        );
    }
    // Light and Medium have no daily limit on Business.
    assert_eq!(h.get("/users/me", &[]).await.status, StatusCode::OK);
}
