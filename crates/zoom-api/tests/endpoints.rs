//! Every typed endpoint against fixtures built from Zoom's OpenAPI examples:
//! the route, the query, the encoding of ids, and a clean decode with
//! unknown fields kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_api::{
    ChatTarget, CreateAction, CreateUser, DeleteAction, DeleteUserOptions, GroupMember,
    NewUserInfo, SettingsOption, UserStatus,
};

async fn serve(server: &MockServer, http_method: &str, route: &str, body: serde_json::Value) {
    Mock::given(method(http_method))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn users_list_get_settings() {
    let (server, client, _) = setup().await;
    let mut page = fixture("users_page");
    page["next_page_token"] = json!("");
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("status", "inactive"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(1)
        .mount(&server)
        .await;
    serve(
        &server,
        "GET",
        "/v2/users/jane%2Bx@example.com",
        fixture("user"),
    )
    .await;
    serve(
        &server,
        "GET",
        "/v2/users/u1/settings",
        fixture("user_settings"),
    )
    .await;
    let users: Vec<_> = client.users().list(UserStatus::Inactive).collect().await;
    let user = users[0].as_ref().unwrap();
    assert_eq!(user.email.as_deref(), Some("jchill@example.com"));
    assert_eq!(user.user_type, Some(1));
    assert!(
        user.extra.contains_key("custom_attributes"),
        "unknown fields kept"
    );
    let one = client.users().get("jane+x@example.com").await.unwrap();
    assert!(one.account_id.is_some());
    let settings = client.users().settings("u1").await.unwrap();
    assert!(settings.feature.is_some());
    assert!(settings.extra.contains_key("in_meeting"));
    server.verify().await;
}

#[tokio::test]
async fn pending_users_without_id_decode() {
    let (server, client, _) = setup().await;
    let page = json!({
        "next_page_token": "",
        "users": [
            {"email": "new@example.com", "type": 1, "status": "pending", "pmi": "", "verified": null,
             "created_at": "", "group_ids": null, "first_name": ""}
        ]
    });
    serve(&server, "GET", "/v2/users", page).await;
    let users: Vec<_> = client.users().list(UserStatus::Pending).collect().await;
    let user = users[0].as_ref().unwrap();
    assert_eq!(user.id, None);
    assert_eq!(user.pmi, None);
    assert_eq!(user.first_name, None);
    assert!(user.group_ids.is_empty());
}

#[tokio::test]
async fn groups_devices_rooms() {
    let (server, client, _) = setup().await;
    serve(&server, "GET", "/v2/groups", fixture("groups")).await;
    let mut h323 = fixture("h323_devices");
    h323["next_page_token"] = json!(null);
    serve(&server, "GET", "/v2/h323/devices", h323).await;
    serve(&server, "GET", "/v2/devices", fixture("managed_devices")).await;
    let mut rooms = fixture("rooms");
    rooms["next_page_token"] = json!("");
    serve(&server, "GET", "/v2/rooms", rooms).await;
    serve(
        &server,
        "GET",
        "/v2/rooms/room%201/devices",
        fixture("room_devices"),
    )
    .await;

    let groups: Vec<_> = client.groups().list().collect().await;
    assert!(groups[0].as_ref().unwrap().name.is_some());
    let h323: Vec<_> = client.devices().list_h323().collect().await;
    assert_eq!(h323[0].as_ref().unwrap().protocol.as_deref(), Some("H.323"));
    let zdm: Vec<_> = client.devices().list_managed().collect().await;
    let device = zdm[0].as_ref().unwrap();
    assert_eq!(device.sdk_version.as_deref(), Some("1.2.3"));
    assert_eq!(device.room_id, None);
    assert!(device.extra.contains_key("future_field"));
    let rooms: Vec<_> = client.rooms().list().collect().await;
    assert!(rooms[0].as_ref().unwrap().room_id.is_some());
    let devices = client.rooms().devices("room 1").await.unwrap();
    assert!(devices[0].device_type.is_some());
    server.verify().await;
}

#[tokio::test]
async fn dashboard_meetings_in_month_windows_and_participants() {
    let (server, client, _) = setup().await;
    let mut meetings = fixture("dashboard_meetings");
    meetings["next_page_token"] = json!("");
    for (from, to) in [
        ("2026-09-20", "2026-10-19"),
        ("2026-10-20", "2026-11-19"),
        ("2026-11-20", "2026-11-23"),
    ] {
        Mock::given(method("GET"))
            .and(path("/v2/metrics/meetings"))
            .and(query_param("type", "past"))
            .and(query_param("from", from))
            .and(query_param("to", to))
            .respond_with(ResponseTemplate::new(200).set_body_json(meetings.clone()))
            .expect(1)
            .mount(&server)
            .await;
    }
    let from = chrono::NaiveDate::from_ymd_opt(2026, 9, 20).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    // The client's clock says 2026-11-23: the range ends there.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let all: Vec<_> = client
        .dashboard()
        .past_meetings(zoom_api::DateRange::new(from, to).retained(today))
        .collect()
        .await;
    // One meeting per window; its uuid is the same in the fixture, so the
    // de-duplication is per window only.
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|m| m.as_ref().unwrap().uuid.is_some()));

    let mut participants = fixture("participants");
    participants["next_page_token"] = json!("");
    serve(
        &server,
        "GET",
        "/v2/metrics/meetings/%252Fabc%252F%252Fdef%253D%253D/participants",
        participants.clone(),
    )
    .await;
    serve(
        &server,
        "GET",
        "/v2/metrics/meetings/abc%2Bdef%3D%3D/participants",
        participants,
    )
    .await;
    let double: Vec<_> = client
        .dashboard()
        .past_participants("/abc//def==")
        .collect()
        .await;
    let p = double[0].as_ref().unwrap();
    assert!(p.pc_name.is_some() && p.mac_addr.is_some());
    let single: Vec<_> = client
        .dashboard()
        .past_participants("abc+def==")
        .collect()
        .await;
    assert!(single[0].is_ok());

    let mut zr = fixture("dashboard_zoom_rooms");
    zr["next_page_token"] = json!("");
    serve(&server, "GET", "/v2/metrics/zoomrooms", zr).await;
    let rooms: Vec<_> = client.dashboard().zoom_rooms().collect().await;
    assert!(rooms[0].as_ref().unwrap().calendar_name.is_some());
    server.verify().await;
}

#[tokio::test]
async fn reports_and_account() {
    let (server, client, _) = setup().await;
    let mut logs = fixture("operation_logs");
    logs["next_page_token"] = json!("");
    Mock::given(method("GET"))
        .and(path("/v2/report/operationlogs"))
        .and(query_param("category_type", "user"))
        .and(query_param("from", "2026-11-01"))
        .respond_with(ResponseTemplate::new(200).set_body_json(logs))
        .expect(1)
        .mount(&server)
        .await;
    let mut activities = fixture("sign_in_activities");
    activities["next_page_token"] = json!("");
    serve(&server, "GET", "/v2/report/activities", activities).await;
    serve(
        &server,
        "GET",
        "/v2/accounts/me/settings",
        fixture("account_settings"),
    )
    .await;
    serve(
        &server,
        "GET",
        "/v2/accounts/me/plans/usage",
        fixture("plan_usage"),
    )
    .await;

    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let logs: Vec<_> = client
        .reports()
        .operation_logs(zoom_api::DateRange::day(day), Some("user"))
        .collect()
        .await;
    assert!(logs[0].as_ref().unwrap().action.is_some());
    let activities: Vec<_> = client
        .reports()
        .sign_in_activities(zoom_api::DateRange::day(day))
        .collect()
        .await;
    assert!(activities[0].as_ref().unwrap().activity_type.is_some());
    let settings = client
        .accounts()
        .settings(SettingsOption::All)
        .await
        .unwrap();
    assert!(settings.security.is_some());
    let usage = client.accounts().plan_usage().await.unwrap();
    assert_eq!(usage.plan_base[0].hosts, Some(100));
    assert_eq!(usage.plan_webinar[0].usage, None, "\"\" tolerated");
    assert!(usage.extra.contains_key("plan_phone"));
    server.verify().await;
}

#[tokio::test]
async fn write_calls() {
    let (server, client, _) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v2/users"))
        .and(body_json(
            json!({"action": "create", "user_info": {"email": "n@example.com", "type": 1}}),
        ))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "new1", "email": "n@example.com", "type": 1})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/u1"))
        .and(query_param("action", "delete"))
        .and(query_param("transfer_email", "boss@example.com"))
        .and(query_param("transfer_recording", "true"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/groups/g1/members"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"ids": "a,b", "added_at": "2026-11-23T10:00:00Z"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/groups/g1/members/m@example.com"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/chat/users/me/messages"))
        .and(body_json(json!({"message": "hello", "to_channel": "ch1"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "m1"})))
        .expect(1)
        .mount(&server)
        .await;

    let created = client
        .users()
        .create(&CreateUser {
            action: CreateAction::Create,
            user_info: NewUserInfo {
                email: "n@example.com".into(),
                user_type: 1,
                first_name: None,
                last_name: None,
            },
        })
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("new1"));
    let options = DeleteUserOptions {
        action: DeleteAction::Delete,
        transfer_email: Some("boss@example.com".into()),
        transfer_recording: true,
        ..DeleteUserOptions::default()
    };
    client.users().delete("u1", &options).await.unwrap();
    let members: Vec<_> = (0..31).map(|i| GroupMember::Id(format!("id{i}"))).collect();
    let answers = client.groups().add_members("g1", &members).await.unwrap();
    assert_eq!(answers.len(), 2, "31 members → calls of 30 and 1");
    client
        .groups()
        .remove_member("g1", "m@example.com")
        .await
        .unwrap();
    client
        .chat()
        .send_message(&ChatTarget::Channel("ch1".into()), "hello")
        .await
        .unwrap();
    server.verify().await;
    let requests = server.received_requests().await.unwrap();
    let batch: serde_json::Value = requests
        .iter()
        .find(|r| r.url.path() == "/v2/groups/g1/members")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .unwrap();
    assert_eq!(batch["members"].as_array().unwrap().len(), 30);
}

#[tokio::test]
async fn user_agent_and_accept_headers() {
    let (server, client, _) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .and(wiremock::matchers::header(
            "user-agent",
            zoom_api::USER_AGENT,
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .expect(1)
        .mount(&server)
        .await;
    client.users().me().await.unwrap();
    assert!(zoom_api::USER_AGENT.starts_with("zoom-adapter/"));
    server.verify().await;
}
