//! Calls every read endpoint (and the write calls when `ZOOM_SMOKE_WRITES=1`)
//! against a Zoom or a zoom-sim, and prints what decoded.
//!
//! `ZOOM_READY` holds zoom-sim's ready line (`{"api_url":…,"oauth_url":…,
//! "account_id":…,"client_id":…,"client_secret":…}`):
//!
//! ```text
//! ZOOM_READY="$(zoom-sim serve | head -1)" cargo run -p zoom-api --example smoke
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use futures::{Stream, StreamExt};
use secrecy::SecretString;
use serde_json::Value;
use zoom_api::{
    Client, ClientConfig, Error, GroupMember, S2sCredentials, SettingsOption, UserStatus,
};

async fn count<T>(
    name: &str,
    stream: impl Stream<Item = Result<T, Error>>,
    failures: &mut u32,
) -> Vec<T> {
    futures::pin_mut!(stream);
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(e) => {
                println!("{name:<28} FAILED after {} items: {e}", items.len());
                *failures += 1;
                return items;
            }
        }
    }
    println!("{name:<28} {} items", items.len());
    items
}

fn report<T>(name: &str, result: Result<T, Error>, failures: &mut u32) -> Option<T> {
    match result {
        Ok(v) => {
            println!("{name:<28} ok");
            Some(v)
        }
        Err(e) => {
            println!("{name:<28} FAILED: {e}");
            *failures += 1;
            None
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(ready) = std::env::var("ZOOM_READY") else {
        eprintln!("set ZOOM_READY to zoom-sim's ready line");
        return ExitCode::FAILURE;
    };
    let Ok(ready) = serde_json::from_str::<Value>(&ready) else {
        eprintln!("ZOOM_READY is not json");
        return ExitCode::FAILURE;
    };
    let text = |k: &str| ready[k].as_str().unwrap_or_default().to_owned();
    let mut config = ClientConfig::new(S2sCredentials::new(
        text("account_id"),
        text("client_id"),
        SecretString::from(text("client_secret")),
    ))
    .with_domain(&text("api_url"));
    config.token_url = text("oauth_url");
    if let Ok(plan) = std::env::var("ZOOM_PLAN") {
        config.plan = match plan.as_str() {
            "free" => zoom_api::Plan::Free,
            "business" => zoom_api::Plan::Business,
            _ => zoom_api::Plan::Pro,
        };
    }
    let client = match Client::new(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let started = std::time::Instant::now();
    let mut failures = 0;
    let today = chrono::Utc::now().date_naive();
    let week_ago = today - chrono::Days::new(7);

    let users = count(
        "users active",
        client.users().list(UserStatus::Active),
        &mut failures,
    )
    .await;
    count(
        "users inactive",
        client.users().list(UserStatus::Inactive),
        &mut failures,
    )
    .await;
    count(
        "users pending",
        client.users().list(UserStatus::Pending),
        &mut failures,
    )
    .await;
    report("users/me", client.users().me().await, &mut failures);
    if let Some(id) = users.first().and_then(|u| u.id.clone()) {
        report("users/{id}", client.users().get(&id).await, &mut failures);
        report(
            "users/{id}/settings",
            client.users().settings(&id).await,
            &mut failures,
        );
    }
    let groups = count("groups", client.groups().list(), &mut failures).await;
    count("h323 devices", client.devices().list_h323(), &mut failures).await;
    count(
        "zdm devices",
        client.devices().list_managed(),
        &mut failures,
    )
    .await;
    let rooms = count("rooms", client.rooms().list(), &mut failures).await;
    let mut room_devices = 0;
    for room in &rooms {
        if let Some(id) = &room.id
            && let Some(devices) = report(
                "rooms/{id}/devices",
                client.rooms().devices(id).await,
                &mut failures,
            )
        {
            room_devices += devices.len();
        }
    }
    println!("{:<28} {room_devices} items", "room devices (all rooms)");
    count(
        "dashboard zoom rooms",
        client.dashboard().zoom_rooms(),
        &mut failures,
    )
    .await;
    let meetings = count(
        "dashboard meetings (7 days)",
        client
            .dashboard()
            .past_meetings(zoom_api::DateRange::new(week_ago, today)),
        &mut failures,
    )
    .await;
    let mut participants = 0;
    for meeting in meetings.iter().take(20) {
        if let Some(uuid) = &meeting.uuid {
            participants += count(
                "  participants",
                client.dashboard().past_participants(uuid),
                &mut failures,
            )
            .await
            .len();
        }
    }
    println!(
        "{:<28} {participants} items (first 20 meetings)",
        "participants"
    );
    count(
        "operation logs (7 days)",
        client
            .reports()
            .operation_logs(zoom_api::DateRange::new(week_ago, today), None),
        &mut failures,
    )
    .await;
    count(
        "sign-in/out (7 days)",
        client
            .reports()
            .sign_in_activities(zoom_api::DateRange::new(week_ago, today)),
        &mut failures,
    )
    .await;
    report(
        "account settings",
        client.accounts().settings(SettingsOption::All).await,
        &mut failures,
    );
    report(
        "plan usage",
        client.accounts().plan_usage().await,
        &mut failures,
    );

    if std::env::var("ZOOM_SMOKE_WRITES").as_deref() == Ok("1") {
        let created = report(
            "POST /users",
            client
                .users()
                .create(&zoom_api::CreateUser {
                    action: zoom_api::CreateAction::Create,
                    user_info: zoom_api::NewUserInfo {
                        email: "smoke-test@example.com".into(),
                        user_type: 1,
                        first_name: Some("Smoke".into()),
                        last_name: None,
                    },
                })
                .await,
            &mut failures,
        );
        if let Some(group) = groups.first().and_then(|g| g.id.clone())
            && let Some(email) = users.first().and_then(|u| u.email.clone())
        {
            report(
                "POST /groups/{id}/members",
                client
                    .groups()
                    .add_members(&group, &[GroupMember::Email(email.clone())])
                    .await,
                &mut failures,
            );
            report(
                "DELETE /groups/{id}/members/{m}",
                client.groups().remove_member(&group, &email).await,
                &mut failures,
            );
        }
        if let Some(id) = created.and_then(|c| c.id) {
            report(
                "DELETE /users/{id}",
                client
                    .users()
                    .delete(&id, &zoom_api::DeleteUserOptions::default())
                    .await,
                &mut failures,
            );
        }
        report(
            "POST /chat/users/me/messages",
            client
                .chat()
                .send_message(
                    &zoom_api::ChatTarget::Contact("admin@example.com".into()),
                    "smoke test",
                )
                .await,
            &mut failures,
        );
    }
    println!("elapsed: {:.2?}", started.elapsed());
    println!("{:#?}", client.stats());
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
