//! Same seed and size → byte-identical responses; another seed → other data.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{anchor, start};
use zoom_sim::SimConfig;

const PATHS: &[&str] = &[
    "/users",
    "/users/me",
    "/groups",
    "/roles",
    "/roles/2/members",
    "/h323/devices",
    "/rooms",
    "/metrics/zoomrooms",
    "/devices",
    "/accounts/me/settings",
    "/accounts/me/plans/usage",
];

async fn snapshot(seed: u64) -> Vec<String> {
    let h = start(SimConfig {
        seed,
        anchor: Some(anchor()),
        qps_scale: 0.0,
        ..SimConfig::default()
    })
    .await;
    let mut out = Vec::new();
    for p in PATHS {
        out.push(h.raw(p, &[("page_size", "300")]).await);
    }
    // A second page (tokens are deterministic too).
    let first: serde_json::Value =
        serde_json::from_str(&h.raw("/users", &[("page_size", "50")]).await).unwrap();
    let t = first["next_page_token"].as_str().unwrap();
    out.push(
        h.raw("/users", &[("page_size", "50"), ("next_page_token", t)])
            .await,
    );
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Duration::days(14)).to_string();
    let meetings = h
        .raw(
            "/metrics/meetings",
            &[
                ("type", "past"),
                ("from", &from),
                ("to", &today.to_string()),
                ("page_size", "300"),
            ],
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(&meetings).unwrap();
    for m in v["meetings"].as_array().unwrap().iter().take(5) {
        let path = format!(
            "/metrics/meetings/{}/participants",
            common::double_encode(m["uuid"].as_str().unwrap())
        );
        out.push(
            h.raw(&path, &[("type", "past"), ("page_size", "300")])
                .await,
        );
    }
    out.push(meetings);
    let from = (today - chrono::Duration::days(2)).to_string();
    out.push(
        h.raw(
            "/report/operationlogs",
            &[("from", &from), ("to", &today.to_string())],
        )
        .await,
    );
    out.push(
        h.raw(
            "/report/activities",
            &[("from", &from), ("to", &today.to_string())],
        )
        .await,
    );
    // The ready line is deterministic too, apart from the port.
    let mut info = h.sim.info().clone();
    info.api_url.clear();
    info.oauth_url.clear();
    info.portal_url.clear();
    out.push(serde_json::to_string(&info).unwrap());
    out.push(serde_json::to_string(&h.sim.truth()).unwrap());
    out
}

#[tokio::test]
async fn same_seed_gives_byte_identical_responses() {
    let a = snapshot(7).await;
    let b = snapshot(7).await;
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert!(x.len() > 20, "a real body: {x}");
        assert_eq!(x, y);
    }
    let c = snapshot(8).await;
    let differing = a.iter().zip(&c).filter(|(x, y)| x != y).count();
    assert!(differing >= a.len() - 2, "another seed gives other data");
}
