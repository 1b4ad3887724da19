//! The simulated clock over HTTP: `GET`/`POST /_sim/clock`, what appears and
//! disappears as it moves, `GET /_sim/truth` and `/_sim/truth/activities`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use common::{Harness, anchor, start, unlimited};
use reqwest::StatusCode;
use serde_json::{Value, json};
use zoom_sim::{LATE_SECS, SimConfig, device_key};

fn config() -> SimConfig {
    SimConfig {
        anchor: Some(anchor()),
        ..unlimited()
    }
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn sim_get(h: &Harness, path: &str, query: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = h
        .http
        .get(format!("{}/_sim/{path}", h.sim.info().api_url))
        .query(query)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

async fn post_clock(h: &Harness, body: Value) -> (StatusCode, Value) {
    let r = h
        .http
        .post(format!("{}/_sim/clock", h.sim.info().api_url))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

async fn set(h: &Harness, t: DateTime<Utc>) {
    let (status, body) = post_clock(h, json!({"now": rfc(t)})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["now"], rfc(t));
}

/// Past meetings listed with start dates from 28 days before the anchor's date to the clock's date.
async fn listed_meetings(h: &Harness) -> Vec<Value> {
    let today = h.sim.clock().date_naive();
    let from = h.sim.anchor().date_naive() - Duration::days(28);
    let (from, to) = (from.to_string(), today.to_string());
    h.all(
        "/metrics/meetings",
        &[
            ("type", "past"),
            ("from", &from),
            ("to", &to),
            ("page_size", "300"),
        ],
        "meetings",
    )
    .await
}

/// Distinct devices with a PC name and a MAC in the meetings of the last 7 days.
async fn meeting_devices(h: &Harness) -> u64 {
    let today = h.sim.clock().date_naive();
    let (from, to) = ((today - Duration::days(7)).to_string(), today.to_string());
    let q = [
        ("type", "past"),
        ("from", from.as_str()),
        ("to", to.as_str()),
        ("page_size", "300"),
    ];
    let mut keys = HashSet::new();
    for m in h.all("/metrics/meetings", &q, "meetings").await {
        let path = format!(
            "/metrics/meetings/{}/participants",
            common::double_encode(m["uuid"].as_str().unwrap())
        );
        let rows = h
            .all(
                &path,
                &[("type", "past"), ("page_size", "300")],
                "participants",
            )
            .await;
        for p in rows {
            let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
            let (pc, domain, mac) = (s("pc_name"), s("domain"), s("mac_addr"));
            if pc.trim().is_empty() || mac.trim().is_empty() {
                continue;
            }
            keys.extend(device_key(&pc, &domain, &mac));
        }
    }
    keys.len() as u64
}

/// True when GET /report/activities lists a sign-in at `t`.
async fn sign_in_listed(h: &Harness, t: DateTime<Utc>) -> bool {
    let day = t.date_naive().to_string();
    h.all(
        "/report/activities",
        &[("from", &day), ("to", &day), ("page_size", "300")],
        "activity_logs",
    )
    .await
    .iter()
    .any(|e| e["time"] == rfc(t))
}

/// Sign-ins at `t` the truth counts at the clock.
async fn sign_ins_counted(h: &Harness, t: DateTime<Utc>) -> u64 {
    let (_, v) = sim_get(h, "truth/activities", &[("from", &rfc(t)), ("to", &rfc(t))]).await;
    v["sign_in_activity"].as_u64().unwrap()
}

/// True when GET /users?status=… lists `email`.
async fn user_listed(h: &Harness, status: &str, email: &str) -> bool {
    h.all(
        "/users",
        &[("status", status), ("page_size", "300")],
        "users",
    )
    .await
    .iter()
    .any(|u| u["email"] == email)
}

#[tokio::test]
async fn the_clock_starts_at_the_anchor_and_only_moves_forward() {
    let h = start(config()).await;
    let a = h.sim.anchor();
    assert_eq!(h.sim.clock(), a);
    let (status, body) = sim_get(&h, "clock", &[]).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"now": rfc(a)})));
    // At the anchor the truth is the one computed at start.
    let (status, truth) = sim_get(&h, "truth", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(truth, serde_json::to_value(h.sim.truth()).unwrap());

    let (status, body) = post_clock(&h, json!({"advance_secs": 3600})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["now"], rfc(a + Duration::hours(1)));
    let (status, body) = post_clock(&h, json!({"now": rfc(a)})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"].as_str().unwrap().contains("backwards"),
        "{body}"
    );
    let (status, _) = post_clock(&h, json!({"advance_secs": -1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = post_clock(&h, json!({"now": rfc(a + Duration::days(61))})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"].as_str().unwrap().contains("60 days"),
        "{body}"
    );
    let (status, _) = post_clock(&h, json!({"later": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(h.sim.clock(), a + Duration::hours(1));
    assert!(h.sim.set_clock(a).is_err());

    // None of the /_sim calls is counted.
    assert_eq!(h.stats().await["requests_total"], 0);

    // A clock outside anchor ..= anchor + 60 days is a config error.
    let bad = zoom_sim::SimServer::start(SimConfig {
        clock: Some(a - Duration::seconds(1)),
        ..config()
    })
    .await;
    assert!(matches!(bad, Err(zoom_sim::Error::Config(_))));
}

#[tokio::test]
async fn a_day_later_about_a_seventh_of_the_weekly_meetings_have_ended() {
    let h = start(config()).await;
    let a = h.sim.anchor();
    let per_day = h.sim.truth(); // computed at the anchor
    assert_eq!(
        per_day.default["meeting_device"],
        meeting_devices(&h).await,
        "at the anchor"
    );
    set(&h, a + Duration::days(1)).await;
    let day1 = listed_meetings(&h).await.len();
    set(&h, a + Duration::days(2)).await;
    let day2 = listed_meetings(&h).await;
    let weekly = SimConfig::default().counts.meetings_per_week as usize;
    let more = day2.len() - day1;
    assert!(more.abs_diff(weekly / 7) <= 2, "{day1} → {}", day2.len());
    let now = rfc(h.sim.clock());
    assert!(
        day2.iter()
            .all(|m| m["end_time"].as_str().unwrap() <= now.as_str()),
        "only ended meetings"
    );
    // The truth's meeting window is the last 7 days before the clock's date.
    let (_, truth) = sim_get(&h, "truth", &[]).await;
    assert_eq!(
        truth["default"]["meeting_device"],
        json!(meeting_devices(&h).await)
    );
    assert_eq!(truth, serde_json::to_value(h.sim.truth()).unwrap());
}

#[tokio::test]
async fn a_late_sign_in_is_listed_late_secs_after_its_time() {
    let h = start(config()).await;
    let a = h.sim.anchor();
    // Sign-ins after the anchor are 86400 / 60 s apart; the 20th is late.
    let per_day = SimConfig::default().counts.sign_ins_per_day as i64;
    let t = a + Duration::seconds(20 * 86_400 / per_day);
    set(&h, t + Duration::seconds(LATE_SECS - 1)).await;
    assert!(!sign_in_listed(&h, t).await);
    assert_eq!(sign_ins_counted(&h, t).await, 0);
    // The 19th, on time, is listed.
    let (_, v) = sim_get(
        &h,
        "truth/activities",
        &[("from", &rfc(a)), ("to", &rfc(h.sim.clock()))],
    )
    .await;
    assert_eq!(v["sign_in_activity"], 19);
    set(&h, t + Duration::seconds(LATE_SECS)).await;
    assert!(sign_in_listed(&h, t).await);
    assert_eq!(sign_ins_counted(&h, t).await, 1);
    let keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        ["operation_log", "sign_in_activity", "recording_download"]
    );
}

#[tokio::test]
async fn a_deleted_user_is_listed_before_its_deletion_and_404_after() {
    let h = start(config()).await;
    let deletions = h.sim.deletions();
    assert!(!deletions.is_empty());
    let (d, email) = deletions[0].clone();
    assert!(d > h.sim.anchor());
    let before = h.get(&format!("/users/{email}"), &[]).await;
    assert_eq!(before.status, StatusCode::OK);
    let status = before.body["status"].as_str().unwrap().to_string();
    let users_before = h.sim.truth().default["user"];
    set(&h, d - Duration::seconds(1)).await;
    assert!(user_listed(&h, &status, &email).await);
    assert_eq!(
        h.get(&format!("/users/{email}"), &[]).await.status,
        StatusCode::OK
    );
    set(&h, d).await;
    assert!(!user_listed(&h, &status, &email).await);
    let after = h.get(&format!("/users/{email}"), &[]).await;
    assert_eq!(after.status, StatusCode::NOT_FOUND);
    assert_eq!(after.code(), 1001);
    let gone = u64::from(status == "active");
    assert_eq!(h.sim.truth().default["user"], users_before - gone);
}
