//! `GET /_sim/stats`: the shape in docs/operations.md ("Simulator"), counting every API request but itself.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::start;
use zoom_sim::SimConfig;

#[tokio::test]
async fn stats_have_the_contract_shape_and_do_not_count_themselves() {
    let h = start(SimConfig {
        qps_scale: 0.0,
        ..SimConfig::default()
    })
    .await;
    h.get("/users", &[]).await;
    h.get("/users", &[("status", "inactive")]).await;
    h.get("/users/me", &[]).await;
    h.get("/h323/devices", &[("page_size", "999")]).await; // an error still counts
    let s = h.stats().await;
    let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "requests_total",
            "by_endpoint",
            "by_category",
            "rate_limited",
            "tokens_issued"
        ]
    );
    assert_eq!(s["requests_total"], 4);
    assert_eq!(s["by_endpoint"]["GET /users"], 2);
    assert_eq!(s["by_endpoint"]["GET /users/{userId}"], 1);
    assert_eq!(s["by_endpoint"]["GET /h323/devices"], 1);
    assert_eq!(s["by_category"]["Medium"], 3);
    assert_eq!(s["by_category"]["Light"], 1);
    assert_eq!(s["rate_limited"], 0);
    assert_eq!(s["tokens_issued"], 1);
    assert_eq!(h.stats().await, s, "reading the stats does not change them");
}
