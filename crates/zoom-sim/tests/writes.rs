//! Writes for the enforcement actions change what later reads return.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::start;
use common::unlimited;
use reqwest::StatusCode;
use serde_json::json;
use zoom_sim::SimConfig;

fn config() -> SimConfig {
    unlimited()
}

#[tokio::test]
async fn create_and_delete_users() {
    let h = start(config()).await;
    let url = format!("{}/users", h.sim.api_v2());
    let pending_before = h.get("/users", &[("status", "pending")]).await.body["total_records"]
        .as_u64()
        .unwrap();
    let active_before = h.get("/users", &[]).await.body["total_records"]
        .as_u64()
        .unwrap();

    let body = json!({"action": "create", "user_info": {"email": "New.Person@Example.com", "type": 1, "first_name": "New", "last_name": "Person"}});
    let r = h.send(h.http.post(&url).json(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["email"], "new.person@example.com");
    // `create` invites: the user is pending (listed without id) until accepted.
    let pending = h
        .all(
            "/users",
            &[("status", "pending"), ("page_size", "300")],
            "users",
        )
        .await;
    assert_eq!(pending.len() as u64, pending_before + 1);
    assert!(
        pending
            .iter()
            .any(|u| u["email"] == "new.person@example.com" && u.get("id").is_none())
    );
    // The same e-mail again: 409 code 1005.
    let r = h.send(h.http.post(&url).json(&body)).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, 1005));
    // An existing generated user's e-mail too.
    let existing = h.get("/users", &[("page_size", "1")]).await.body["users"][0].clone();
    let dup = json!({"action": "ssoCreate", "user_info": {"email": existing["email"], "type": 1}});
    assert_eq!(h.send(h.http.post(&url).json(&dup)).await.code(), 1005);
    // ssoCreate users are active at once.
    let sso = json!({"action": "ssoCreate", "user_info": {"email": "sso@example.com", "type": 2}});
    let r = h.send(h.http.post(&url).json(&sso)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let sso_id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        h.get("/users", &[]).await.body["total_records"]
            .as_u64()
            .unwrap(),
        active_before + 1
    );
    assert_eq!(
        h.get(&format!("/users/{sso_id}"), &[]).await.body["email"],
        "sso@example.com"
    );
    let bad = json!({"action": "create", "user_info": {"email": "not-an-email"}});
    assert_eq!(h.send(h.http.post(&url).json(&bad)).await.code(), 300);

    // Delete a generated user by id, then by e-mail a created one.
    let victim = h.get("/users", &[("page_size", "2")]).await.body["users"][1].clone();
    let vid = victim["id"].as_str().unwrap();
    let r = h.send(h.http.delete(format!("{url}/{vid}"))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = h.get(&format!("/users/{vid}"), &[]).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, 1001));
    let r = h.send(h.http.delete(format!("{url}/{vid}"))).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, 1001));
    let all = h.all("/users", &[("page_size", "300")], "users").await;
    assert_eq!(all.len() as u64, active_before);
    assert!(all.iter().all(|u| u["id"] != vid));
    let r = h
        .send(h.http.delete(format!("{url}/new.person@example.com")))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        h.get("/users", &[("status", "pending")]).await.body["total_records"]
            .as_u64()
            .unwrap(),
        pending_before
    );
    let _ = id;
}

#[tokio::test]
async fn group_membership_changes_show_in_groups_and_users() {
    let h = start(config()).await;
    let groups = h.get("/groups", &[]).await.body;
    let g = groups["groups"][0].clone();
    let gid = g["id"].as_str().unwrap().to_string();
    let before = g["total_members"].as_u64().unwrap();
    let users = h.get("/users", &[("page_size", "40")]).await.body["users"]
        .as_array()
        .unwrap()
        .clone();
    let outsiders: Vec<_> = users
        .iter()
        .filter(|u| !u["group_ids"].as_array().unwrap().iter().any(|x| x == &gid))
        .take(3)
        .cloned()
        .collect();
    let members: Vec<_> = outsiders.iter().map(|u| json!({"id": u["id"]})).collect();
    let url = format!("{}/groups/{gid}/members", h.sim.api_v2());
    let r = h
        .send(h.http.post(&url).json(&json!({"members": members})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let after = h.get("/groups", &[]).await.body["groups"][0]["total_members"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 3);
    let uid = outsiders[0]["id"].as_str().unwrap();
    let u = h.get(&format!("/users/{uid}"), &[]).await.body;
    assert!(u["group_ids"].as_array().unwrap().iter().any(|x| x == &gid));

    let r = h.send(h.http.delete(format!("{url}/{uid}"))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let u = h.get(&format!("/users/{uid}"), &[]).await.body;
    assert!(!u["group_ids"].as_array().unwrap().iter().any(|x| x == &gid));
    assert_eq!(
        h.get("/groups", &[]).await.body["groups"][0]["total_members"]
            .as_u64()
            .unwrap(),
        before + 2
    );
    // Removing again: not a member.
    assert_eq!(
        h.send(h.http.delete(format!("{url}/{uid}"))).await.status,
        StatusCode::BAD_REQUEST
    );

    let too_many: Vec<_> = (0..31)
        .map(|i| json!({"email": format!("x{i}@example.com")}))
        .collect();
    let r = h
        .send(h.http.post(&url).json(&json!({"members": too_many})))
        .await;
    assert_eq!(r.code(), 300);
    let r = h
        .send(
            h.http
                .post(format!("{}/groups/nope/members", h.sim.api_v2()))
                .json(&json!({"members": [{"id": uid}]})),
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, 4130));
}

#[tokio::test]
async fn chat_messages_are_recorded() {
    let h = start(config()).await;
    let url = format!("{}/chat/users/me/messages", h.sim.api_v2());
    let r = h
        .send(
            h.http
                .post(&url)
                .json(&json!({"message": "hello", "to_contact": "a@example.com"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = h
        .send(
            h.http.post(&url).json(
                &json!({"message": "both", "to_contact": "a@example.com", "to_channel": "c1"}),
            ),
        )
        .await;
    assert_eq!(r.code(), 300);
    let r = h
        .send(h.http.post(&url).json(&json!({"to_channel": "c1"})))
        .await;
    assert_eq!(r.code(), 300);
    let msgs: serde_json::Value = h
        .http
        .get(format!("{}/_sim/messages", h.sim.info().api_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(msgs["messages"].as_array().unwrap().len(), 1);
    assert_eq!(msgs["messages"][0]["message"], "hello");
    assert_eq!(msgs["messages"][0]["to_contact"], "a@example.com");
    let stats = h.stats().await;
    assert_eq!(
        stats["by_endpoint"]["POST /chat/users/{userId}/messages"],
        3
    );
}
