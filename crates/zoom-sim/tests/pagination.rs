//! Pagination endings, page-size limits, page-token errors and date windows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{anchor, start, unlimited};
use reqwest::StatusCode;
use zoom_sim::{FaultSpec, SimConfig};

fn config() -> SimConfig {
    SimConfig {
        anchor: Some(anchor()),
        ..unlimited()
    }
}

#[tokio::test]
async fn pages_end_with_an_empty_token_and_hold_every_item() {
    let h = start(config()).await;
    let first = h.get("/users", &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["page_size"], 30, "default page size");
    assert_eq!(first.body["users"].as_array().unwrap().len(), 30);
    let total = first.body["total_records"].as_u64().unwrap();
    for size in ["7", "30", "300"] {
        let all = h.all("/users", &[("page_size", size)], "users").await;
        assert_eq!(all.len() as u64, total, "page_size {size}");
        let mut ids: Vec<&str> = all.iter().map(|u| u["id"].as_str().unwrap()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len() as u64, total, "no duplicates across pages");
    }
    // A list that fits one page ends at once.
    let one = h.get("/h323/devices", &[("page_size", "300")]).await;
    assert_eq!(one.body["next_page_token"], "");
    // An exact multiple of the page size ends without an empty extra page.
    let n = h.get("/h323/devices", &[]).await.body["total_records"]
        .as_u64()
        .unwrap();
    let exact = h
        .get("/h323/devices", &[("page_size", &n.to_string())])
        .await;
    assert_eq!(exact.body["next_page_token"], "");
}

#[tokio::test]
async fn page_size_above_300_or_invalid_is_code_300() {
    let h = start(config()).await;
    for bad in ["301", "1000", "0", "-1", "abc"] {
        let r = h.get("/users", &[("page_size", bad)]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "page_size={bad}");
        assert_eq!(r.code(), 300);
    }
    assert_eq!(
        h.get("/users", &[("page_size", "300")]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn unknown_foreign_and_expired_page_tokens_are_code_300() {
    let h = start(config()).await;
    let r = h.get("/users", &[("next_page_token", "notatoken")]).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, 300));
    let first = h.get("/users", &[("page_size", "5")]).await;
    let t = first.body["next_page_token"].as_str().unwrap().to_string();
    // The token belongs to the active list, not to the inactive one.
    let r = h
        .get("/users", &[("status", "inactive"), ("next_page_token", &t)])
        .await;
    assert_eq!(r.code(), 300);
    // It works where it belongs.
    let ok = h
        .get("/users", &[("page_size", "5"), ("next_page_token", &t)])
        .await;
    assert_eq!(ok.status, StatusCode::OK);

    let cfg = SimConfig {
        page_token_ttl_secs: 0,
        ..config()
    };
    let h0 = start(cfg).await;
    let first = h0.get("/users", &[("page_size", "5")]).await;
    let t = first.body["next_page_token"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let r = h0
        .get("/users", &[("page_size", "5"), ("next_page_token", &t)])
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, 300),
        "expired"
    );

    let faults = FaultSpec {
        expire_page_tokens: 1.0,
        ..FaultSpec::default()
    };
    let hf = start(SimConfig { faults, ..config() }).await;
    let first = hf.get("/users", &[("page_size", "5")]).await;
    let t = first.body["next_page_token"].as_str().unwrap().to_string();
    let r = hf
        .get("/users", &[("page_size", "5"), ("next_page_token", &t)])
        .await;
    assert_eq!(r.code(), 300, "expire_page_tokens fault");
}

#[tokio::test]
async fn date_windows_are_at_most_one_month_and_six_months_back() {
    let h = start(config()).await;
    let today = chrono::Utc::now().date_naive();
    let d = |days: i64| (today - chrono::Duration::days(days)).to_string();
    let ok = h
        .get(
            "/metrics/meetings",
            &[("type", "past"), ("from", &d(30)), ("to", &d(0))],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    for (from, to) in [(d(40), d(0)), (d(200), d(190)), (d(0), d(3))] {
        for path in [
            "/metrics/meetings",
            "/report/operationlogs",
            "/report/activities",
        ] {
            let r = h
                .get(path, &[("type", "past"), ("from", &from), ("to", &to)])
                .await;
            assert_eq!(
                (r.status, r.code()),
                (StatusCode::BAD_REQUEST, 300),
                "{path} {from}..{to}"
            );
        }
    }
    let r = h
        .get(
            "/metrics/meetings",
            &[("type", "past"), ("from", "2026-13-01"), ("to", &d(0))],
        )
        .await;
    assert_eq!(r.code(), 300);
    let r = h.get("/report/operationlogs", &[("to", &d(0))]).await;
    assert_eq!(r.code(), 300, "from is required");
}

#[tokio::test]
async fn meeting_uuids_must_be_double_encoded() {
    let h = start(config()).await;
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Duration::days(30)).to_string();
    let meetings = h
        .all(
            "/metrics/meetings",
            &[
                ("type", "past"),
                ("from", &from),
                ("to", &today.to_string()),
                ("page_size", "300"),
            ],
            "meetings",
        )
        .await;
    let slashy: Vec<&str> = meetings
        .iter()
        .map(|m| m["uuid"].as_str().unwrap())
        .filter(|u| u.starts_with('/') || u.contains("//"))
        .collect();
    assert!(slashy.len() >= 2, "the account holds UUIDs with / and //");
    for uuid in slashy {
        let path = format!(
            "/metrics/meetings/{}/participants",
            common::double_encode(uuid)
        );
        let r = h.get(&path, &[("type", "past")]).await;
        assert_eq!(r.status, StatusCode::OK, "{uuid}: {}", r.body);
        let once = format!("/metrics/meetings/{}/participants", common::encode(uuid));
        let r = h.get(&once, &[("type", "past")]).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, 3001),
            "single-encoded {uuid}"
        );
    }
    let r = h
        .get("/metrics/meetings/nope/participants", &[("type", "past")])
        .await;
    assert_eq!(r.code(), 3001);
}
