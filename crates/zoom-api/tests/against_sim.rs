//! Every endpoint of the client against zoom-sim (the real HTTP server of
//! the simulator, not wiremock): each read decodes cleanly and matches what
//! the simulator says it holds; each write changes what later reads return.

use futures::TryStreamExt;
use secrecy::SecretString;
use zoom_api::{
    ChatTarget, Client, ClientConfig, CreateAction, CreateUser, DeleteUserOptions, ErrorKind,
    GroupMember, NewUserInfo, Plan, S2sCredentials, SettingsOption, UserStatus,
};
use zoom_sim::{SimConfig, SimServer, Size};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_decodes_and_writes_take_effect() -> Result<(), Box<dyn std::error::Error>> {
    let sim = SimServer::start(SimConfig {
        qps_scale: 0.0,
        ..SimConfig::sized(Size::Small)
    })
    .await?;
    let info = sim.info().clone();
    let mut config = ClientConfig::new(S2sCredentials::new(
        info.account_id.clone(),
        info.client_id.clone(),
        SecretString::from(info.client_secret.clone()),
    ))
    .with_domain(&info.api_url);
    config.token_url = info.oauth_url.clone();
    config.plan = Plan::Business;
    let client = Client::new(config)?;
    let today = chrono::Utc::now().date_naive();
    let week_ago = today - chrono::Days::new(7);

    let active: Vec<_> = client
        .users()
        .list(UserStatus::Active)
        .try_collect()
        .await?;
    let inactive: Vec<_> = client
        .users()
        .list(UserStatus::Inactive)
        .try_collect()
        .await?;
    let pending: Vec<_> = client
        .users()
        .list(UserStatus::Pending)
        .try_collect()
        .await?;
    assert!(!active.is_empty() && !inactive.is_empty() && !pending.is_empty());
    assert!(
        pending.iter().all(|u| u.id.is_none()),
        "pending users have no id"
    );
    assert_eq!(
        sim.truth().variants["fetch_inactive_users=true"]["user"],
        (active.len() + inactive.len()) as u64
    );
    let me = client.users().me().await?;
    assert!(me.account_number.is_some());
    let first = active
        .first()
        .and_then(|u| u.id.clone())
        .ok_or("no user id")?;
    assert_eq!(
        client.users().get(&first).await?.id.as_deref(),
        Some(first.as_str())
    );
    assert!(client.users().settings(&first).await?.feature.is_some());
    let groups: Vec<_> = client.groups().list().try_collect().await?;
    let h323: Vec<_> = client.devices().list_h323().try_collect().await?;
    let managed: Vec<_> = client.devices().list_managed().try_collect().await?;
    assert_eq!(h323.len() as u64, sim.truth().default["h323_device"]);
    assert_eq!(managed.len() as u64, sim.truth().default["managed_device"]);
    let rooms: Vec<_> = client.rooms().list().try_collect().await?;
    let mut room_devices = 0;
    for room in &rooms {
        room_devices += client
            .rooms()
            .devices(room.id.as_deref().ok_or("room id")?)
            .await?
            .len() as u64;
    }
    assert_eq!(room_devices, sim.truth().default["zoom_room_device"]);
    let dashboard: Vec<_> = client.dashboard().zoom_rooms().try_collect().await?;
    assert_eq!(dashboard.len(), rooms.len());
    let meetings: Vec<_> = client
        .dashboard()
        .past_meetings(zoom_api::DateRange::new(week_ago, today))
        .try_collect()
        .await?;
    let mut rows = 0;
    for meeting in &meetings {
        // UUIDs with `/` and `//` must arrive double-encoded, or the simulator answers 404.
        let uuid = meeting.uuid.as_deref().ok_or("meeting uuid")?;
        rows += client
            .dashboard()
            .past_participants(uuid)
            .try_collect::<Vec<_>>()
            .await?
            .len();
    }
    assert!(meetings.iter().any(|m| {
        m.uuid
            .as_deref()
            .is_some_and(|u| u.starts_with('/') || u.contains("//"))
    }));
    assert!(rows > meetings.len());
    let logs: Vec<_> = client
        .reports()
        .operation_logs(zoom_api::DateRange::new(week_ago, today), None)
        .try_collect()
        .await?;
    let sign_ins: Vec<_> = client
        .reports()
        .sign_in_activities(zoom_api::DateRange::new(week_ago, today))
        .try_collect()
        .await?;
    assert!(!logs.is_empty() && !sign_ins.is_empty());
    let settings = client.accounts().settings(SettingsOption::All).await?;
    assert!(settings.security.is_some());
    assert!(!client.accounts().plan_usage().await?.plan_base.is_empty());

    // Writes.
    let new_user = CreateUser {
        action: CreateAction::Create,
        user_info: NewUserInfo {
            email: "new.hire@acme-sim.test".into(),
            user_type: 1,
            first_name: Some("New".into()),
            last_name: None,
        },
    };
    let created = client.users().create(&new_user).await?;
    let again = client
        .users()
        .create(&new_user)
        .await
        .err()
        .map(|e| e.kind());
    assert_eq!(
        again,
        Some(ErrorKind::Conflict),
        "an existing email is a conflict (code 1005)"
    );
    let created_id = created.id.ok_or("created id")?;
    let group = groups.first().and_then(|g| g.id.clone()).ok_or("group")?;
    client
        .groups()
        .add_members(&group, &[GroupMember::Id(created_id.clone())])
        .await?;
    client.groups().remove_member(&group, &created_id).await?;
    client
        .users()
        .delete(&created_id, &DeleteUserOptions::default())
        .await?;
    let gone = client
        .users()
        .get(&created_id)
        .await
        .err()
        .map(|e| e.kind());
    assert_eq!(
        gone,
        Some(ErrorKind::NotFound),
        "a deleted user is gone (code 1001)"
    );
    client
        .chat()
        .send_message(
            &ChatTarget::Contact("someone@acme-sim.test".into()),
            "hello from the test",
        )
        .await?;
    sim.shutdown().await?;
    Ok(())
}
