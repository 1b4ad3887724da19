//! The sources of a cycle, one async function each. A source reads its Zoom
//! endpoints, maps every object as it arrives and emits the records; its
//! failures are recorded against its kinds and never stop the other sources.

use std::collections::HashMap;

use asset_schema::Kind;
use chrono::{DateTime, Utc};
use futures::stream::FuturesUnordered;
use futures::{StreamExt, TryStreamExt, stream};
use serde_json::Value;
use tokio::sync::oneshot;
use zoom_api::{ErrorKind, Room, UserStatus};
use zoom_normalize::{
    GroupNames, ParticipantRow, RoomDashboard, UserCensus, Warning, h323_device, is_calendar_only,
    is_recording_download, is_service_account, managed_device, meeting_device, operation_log,
    parse_time, sign_in_activity, user, user_feature_licenses,
    user_settings as user_setting_records, zoom_room, zoom_room_device,
};

use super::held_devices::HeldDevices;
use super::shared::{Shared, SinkClosed};

/// Latest meeting join per participant email, for last-logon enrichment.
///
/// Keyed by a 64-bit hash of the trimmed, lower-cased email, not the email
/// itself: 16 bytes per participant instead of about 80. Two emails would
/// have to share a hash to mix up their joins; among a million emails the
/// chance of any such pair is about 3 in 100 million.
#[derive(Debug, Default)]
pub(crate) struct LastJoins(HashMap<u64, DateTime<Utc>>);

impl LastJoins {
    /// Notes a join of `email` at `joined`.
    fn record(&mut self, email: &str, joined: DateTime<Utc>) {
        let slot = self.0.entry(email_key(email)).or_insert(joined);
        *slot = (*slot).max(joined);
    }

    /// The latest join of `email`, if it joined any meeting read.
    fn latest(&self, email: &str) -> Option<DateTime<Utc>> {
        self.0.get(&email_key(email)).copied()
    }
}

/// The hash of an email as [`LastJoins`] keys it (SipHash with fixed keys:
/// the same in every run).
fn email_key(email: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for c in email.trim().chars().flat_map(char::to_lowercase) {
        c.hash(&mut hasher);
    }
    hasher.finish()
}

/// Errors after which no later call of the same kind can succeed this cycle.
fn is_fatal(err: &zoom_api::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::Auth
            | ErrorKind::Network
            | ErrorKind::Tls
            | ErrorKind::Permission
            | ErrorKind::Plan
            | ErrorKind::DailyLimit
            | ErrorKind::QuotaBudget
            | ErrorKind::Config
    )
}

/// Users: active, inactive (with the setting) and pending (counted only);
/// group names; last logon enriched from meeting joins; and, with
/// `fetch_settings_and_licenses`, each user's settings and feature licenses.
pub(crate) async fn users(shared: &Shared, joins: oneshot::Receiver<LastJoins>) -> UserCensus {
    let plan = &shared.plan;
    let mut census = UserCensus {
        inactive_listed: plan.inactive_users,
        pending_listed: true,
        ..UserCensus::default()
    };
    let groups: Result<Vec<_>, _> = shared.client.groups().list().try_collect().await;
    let names = match groups {
        Ok(groups) => GroupNames::from_groups(&groups),
        Err(err) => {
            shared.note(
                Kind::User,
                format!("group names unavailable, groups are shown by id: {err}"),
            );
            GroupNames::default()
        }
    };
    let joins = if plan.enrich_last_logon {
        joins.await.unwrap_or_default()
    } else {
        LastJoins::default()
    };
    let per_user = plan.wants(Kind::UserSetting) || plan.wants(Kind::License);
    let mut settings_targets: Vec<(String, Option<String>)> = Vec::new();
    let mut statuses = vec![UserStatus::Active];
    if plan.inactive_users {
        statuses.push(UserStatus::Inactive);
    }
    statuses.push(UserStatus::Pending);
    for status in statuses {
        let listing = shared.client.users().list(status);
        tokio::pin!(listing);
        while let Some(item) = listing.next().await {
            let zoom_user = match item {
                Ok(zoom_user) => zoom_user,
                Err(err) if status == UserStatus::Pending => {
                    // Pending users only feed the SaaS counts.
                    census.pending_listed = false;
                    shared.note(
                        Kind::SaasApplication,
                        format!("pending users could not be counted: {err}"),
                    );
                    break;
                }
                Err(err) => {
                    shared.fail(Kind::User, &err);
                    return census;
                }
            };
            census.add_zoom_user(&zoom_user);
            if status == UserStatus::Pending {
                continue;
            }
            let last_join = zoom_user
                .email
                .as_deref()
                .and_then(|email| joins.latest(email));
            let mut warnings = Vec::new();
            let record = user(&shared.cx, &zoom_user, &names, last_join, &mut warnings);
            shared.warn(warnings);
            if let Some(record) = record {
                if per_user && let Some(id) = zoom_user.id.clone() {
                    settings_targets.push((id, zoom_user.email.clone()));
                }
                if shared.emit(record, zoom_user.raw.as_ref()).await.is_err() {
                    return census;
                }
            }
        }
    }
    shared.done(Kind::User);
    if per_user {
        per_user_settings(shared, settings_targets).await;
    }
    census
}

/// GET /users/{userId}/settings for each user, `concurrency` at a time:
/// `user_setting` records per leaf and `license` records per feature held.
async fn per_user_settings(shared: &Shared, targets: Vec<(String, Option<String>)>) {
    let kinds = [Kind::UserSetting, Kind::License];
    let client = shared.client.clone();
    let mut results = stream::iter(targets)
        .map(|(id, email)| {
            let client = client.clone();
            async move {
                let result = client.users().settings(&id).await;
                (id, email, result)
            }
        })
        .buffer_unordered(shared.concurrency);
    while let Some((id, email, result)) = results.next().await {
        let settings = match result {
            Ok(settings) => settings,
            Err(err) if is_fatal(&err) => {
                for kind in kinds {
                    shared.fail(kind, &err);
                }
                return;
            }
            Err(err) => {
                for kind in kinds {
                    shared.partial(kind, &err);
                }
                continue;
            }
        };
        if shared.plan.wants(Kind::UserSetting) {
            let value = serde_json::to_value(&settings).unwrap_or(Value::Null);
            for record in user_setting_records(&shared.cx, &id, email.as_deref(), &value) {
                if shared.emit(record, None::<&Value>).await.is_err() {
                    return;
                }
            }
        }
        if shared.plan.wants(Kind::License)
            && let Some(feature) = &settings.feature
        {
            for record in user_feature_licenses(&shared.cx, &id, email.as_deref(), feature) {
                if shared.emit(record, Some(feature)).await.is_err() {
                    return;
                }
            }
        }
    }
    for kind in kinds {
        shared.done(kind);
    }
}

/// Past meetings and their participants: `meeting_device` records, and each
/// participant's latest join for last-logon enrichment (sent on `joins_tx`).
pub(crate) async fn meetings(shared: &Shared, joins_tx: oneshot::Sender<LastJoins>) {
    let Some(range) = shared.plan.meetings else {
        let _ = joins_tx.send(LastJoins::default());
        return;
    };
    let wants_devices = shared.plan.wants(Kind::MeetingDevice);
    let mut joins = LastJoins::default();
    let client = shared.client.clone();
    let uuids = shared
        .client
        .dashboard()
        .past_meeting_refs(range.from, range.to)
        .map_ok(|meeting| meeting.uuid.unwrap_or_default())
        .try_filter(|uuid| std::future::ready(!uuid.is_empty()));
    let participants = uuids
        .map_ok(|uuid| {
            let client = client.clone();
            async move {
                let rows: Result<Vec<_>, _> = client
                    .dashboard()
                    .past_participants(&uuid)
                    .try_collect()
                    .await;
                Ok::<_, zoom_api::Error>((uuid, rows))
            }
        })
        .try_buffer_unordered(shared.concurrency);
    tokio::pin!(participants);
    let mut held = HeldDevices::new(shared.plan.meeting_devices_in_memory);
    let mut failed = false;
    while let Some(item) = participants.next().await {
        match item {
            Ok((uuid, Ok(rows))) => {
                for row in &rows {
                    // Joins are kept only for last-logon enrichment: one entry per participant email.
                    if shared.plan.enrich_last_logon
                        && let (Some(email), Some(joined)) =
                            (row.email.as_deref(), parse_time(row.join_time.as_deref()))
                    {
                        joins.record(email, joined);
                    }
                    if wants_devices {
                        held.add(&ParticipantRow::from_participant(&uuid, row));
                    }
                }
                // Between meetings: past the budget, the states go to disk.
                if let Err(message) = held.spill_if_full() {
                    shared.note(Kind::MeetingDevice, message);
                }
            }
            Ok((_, Err(err))) if is_fatal(&err) => {
                shared.fail(Kind::MeetingDevice, &err);
                failed = true;
                break;
            }
            Ok((_, Err(err))) => shared.partial(Kind::MeetingDevice, &err),
            Err(err) => {
                shared.fail(Kind::MeetingDevice, &err);
                failed = true;
                break;
            }
        }
    }
    let _ = joins_tx.send(joins);
    if !wants_devices {
        return;
    }
    if failed {
        // Devices seen so far would be wrong (missing meetings): deliver none.
        return;
    }
    let require = shared.plan.require_hostname_and_mac;
    for item in held.into_sorted() {
        let (key, state) = match item {
            Ok(entry) => entry,
            Err(err) => {
                shared.fail_locally(
                    Kind::MeetingDevice,
                    "local_storage",
                    format!("reading back the meeting devices kept in a temporary file failed: {err}"),
                    "check that the temporary directory ($TMPDIR) has room and is not cleaned while the adapter runs, then fetch again",
                );
                return;
            }
        };
        let Some(fields) = state.into_fields(require) else {
            continue;
        };
        if shared
            .emit(meeting_device(&shared.cx, &key, fields), None::<&Value>)
            .await
            .is_err()
        {
            return;
        }
    }
    shared.done(Kind::MeetingDevice);
}

/// GET /h323/devices.
pub(crate) async fn h323_devices(shared: &Shared) {
    if !shared.plan.wants(Kind::H323Device) {
        return;
    }
    let listing = shared.client.devices().list_h323();
    tokio::pin!(listing);
    while let Some(item) = listing.next().await {
        match item {
            Ok(device) => {
                let mut warnings = Vec::new();
                let record = h323_device(&shared.cx, &device, &mut warnings);
                shared.warn(warnings);
                if let Some(record) = record
                    && shared.emit(record, device.raw.as_ref()).await.is_err()
                {
                    return;
                }
            }
            Err(err) => return shared.fail(Kind::H323Device, &err),
        }
    }
    shared.done(Kind::H323Device);
}

/// GET /devices (Zoom Device Management).
pub(crate) async fn managed_devices(shared: &Shared) {
    if !shared.plan.wants(Kind::ManagedDevice) {
        return;
    }
    let listing = shared.client.devices().list_managed();
    tokio::pin!(listing);
    while let Some(item) = listing.next().await {
        match item {
            Ok(device) => {
                let mut warnings = Vec::new();
                let record = managed_device(&shared.cx, &device, &mut warnings);
                shared.warn(warnings);
                if let Some(record) = record
                    && shared.emit(record, device.raw.as_ref()).await.is_err()
                {
                    return;
                }
            }
            Err(err) => return shared.fail(Kind::ManagedDevice, &err),
        }
    }
    shared.done(Kind::ManagedDevice);
}

/// Zoom Rooms (merged with the dashboard) and their devices, with the
/// calendar-entry and service-account filters.
pub(crate) async fn rooms(shared: &Shared) {
    let plan = &shared.plan;
    let (wants_rooms, wants_devices) =
        (plan.wants(Kind::ZoomRoom), plan.wants(Kind::ZoomRoomDevice));
    if !wants_rooms && !wants_devices {
        return;
    }
    let needs_dashboard = wants_rooms || plan.skip_service_accounts || plan.exclude_calendar_rooms;
    // Dashboard rows are kept until every room is read (Zoom lists them in
    // another order): only what the room record uses.
    let mut dashboard: HashMap<Box<str>, Box<RoomDashboard>> = HashMap::new();
    if needs_dashboard {
        let rows = shared.client.dashboard().zoom_rooms();
        tokio::pin!(rows);
        while let Some(row) = rows.next().await {
            match row {
                Ok(row) => {
                    if let Some(id) = row.id.clone() {
                        dashboard.insert(id.into_boxed_str(), Box::new(RoomDashboard::of(row)));
                    }
                }
                Err(err) => {
                    shared.note(
                        Kind::ZoomRoom,
                        format!("dashboard unavailable, rooms lack IP, health, calendar and account type, and the room filters see only GET /rooms: {err}"),
                    );
                    dashboard.clear();
                    break;
                }
            }
        }
    }
    // Rooms stream out as they are listed, and each kept room's devices are
    // read while the listing goes on (at most `concurrency` rooms in flight),
    // so no room is held once its devices are written.
    let listing = shared.client.rooms().list();
    tokio::pin!(listing);
    let mut in_flight = FuturesUnordered::new();
    let (mut listed, mut devices_failed) = (false, false);
    loop {
        tokio::select! {
            biased;
            Some((room, result)) = in_flight.next(), if !in_flight.is_empty() => {
                match emit_room_devices(shared, &room, result).await {
                    Ok(true) => {}
                    Ok(false) => {
                        devices_failed = true;
                        in_flight = FuturesUnordered::new();
                    }
                    Err(SinkClosed) => return,
                }
            }
            item = listing.next(), if !listed && in_flight.len() < shared.concurrency => {
                let mut room = match item {
                    None => {
                        listed = true;
                        continue;
                    }
                    Some(Ok(room)) => room,
                    Some(Err(err)) => {
                        shared.fail(Kind::ZoomRoom, &err);
                        shared.fail(Kind::ZoomRoomDevice, &err);
                        return;
                    }
                };
                let row = room
                    .room_id
                    .as_deref()
                    .and_then(|id| dashboard.get(id))
                    .map(Box::as_ref);
                let calendar = plan.exclude_calendar_rooms && is_calendar_only(&room, row);
                let service = plan.skip_service_accounts
                    && is_service_account(row.and_then(RoomDashboard::account_type));
                if calendar || service {
                    continue;
                }
                if wants_rooms {
                    let mut warnings = Vec::new();
                    let record = zoom_room(&shared.cx, &room, row, &mut warnings);
                    shared.warn(warnings);
                    if let Some(record) = record
                        && shared.emit(record, room.raw.as_ref()).await.is_err()
                    {
                        return;
                    }
                }
                if wants_devices && !devices_failed {
                    room.raw = None;
                    room.extra = serde_json::Map::new();
                    in_flight.push(read_room_devices(shared.client.clone(), room));
                }
            }
            else => break,
        }
    }
    if wants_rooms {
        shared.done(Kind::ZoomRoom);
    }
    if wants_devices && !devices_failed {
        shared.done(Kind::ZoomRoomDevice);
    }
}

/// GET /rooms/{roomId}/devices for one room.
async fn read_room_devices(
    client: zoom_api::Client,
    room: Room,
) -> (Room, Result<Vec<zoom_api::RoomDevice>, zoom_api::Error>) {
    let id = room
        .id
        .clone()
        .or_else(|| room.room_id.clone())
        .unwrap_or_default();
    let result = client.rooms().devices(&id).await;
    (room, result)
}

/// Writes one room's devices. `Ok(false)`: a failure no later room can
/// escape (the kind is marked failed); a lesser failure marks it partial.
async fn emit_room_devices(
    shared: &Shared,
    room: &Room,
    result: Result<Vec<zoom_api::RoomDevice>, zoom_api::Error>,
) -> Result<bool, SinkClosed> {
    match result {
        Ok(devices) => {
            for device in &devices {
                let mut warnings: Vec<Warning> = Vec::new();
                let record = zoom_room_device(&shared.cx, room, device, &mut warnings);
                shared.warn(warnings);
                if let Some(record) = record {
                    shared.emit(record, Some(device)).await?;
                }
            }
            Ok(true)
        }
        Err(err) if is_fatal(&err) => {
            shared.fail(Kind::ZoomRoomDevice, &err);
            Ok(false)
        }
        Err(err) => {
            shared.partial(Kind::ZoomRoomDevice, &err);
            Ok(true)
        }
    }
}

/// Operation logs (`operation_log`, `recording_download`) and sign-in logs
/// (`sign_in_activity`) in the plan's activity range.
pub(crate) async fn activities(shared: &Shared) {
    let Some(range) = shared.plan.activities else {
        return;
    };
    let days = range.days();
    let in_range =
        |time: Option<&str>| parse_time(time).is_none_or(|t| t >= range.from && t <= range.to);
    let (wants_logs, wants_downloads) = (
        shared.plan.wants(Kind::OperationLog),
        shared.plan.wants(Kind::RecordingDownload),
    );
    let logs = async {
        if !wants_logs && !wants_downloads {
            return Ok(());
        }
        let listing = shared
            .client
            .reports()
            .operation_logs(days.from, days.to, None);
        tokio::pin!(listing);
        while let Some(item) = listing.next().await {
            let log = match item {
                Ok(log) => log,
                Err(err) => {
                    for kind in [Kind::OperationLog, Kind::RecordingDownload] {
                        shared.fail(kind, &err);
                    }
                    return Ok(());
                }
            };
            if !in_range(log.time.as_deref()) {
                continue;
            }
            // A download is a recording_download when those are fetched, else an operation_log.
            let kind = match (is_recording_download(&log), wants_downloads, wants_logs) {
                (true, true, _) => Kind::RecordingDownload,
                (_, _, true) => Kind::OperationLog,
                _ => continue,
            };
            shared
                .emit(operation_log(&shared.cx, &log, kind), log.raw.as_ref())
                .await?;
        }
        shared.done(Kind::OperationLog);
        shared.done(Kind::RecordingDownload);
        Ok::<(), SinkClosed>(())
    };
    let sign_ins = async {
        if !shared.plan.wants(Kind::SignInActivity) {
            return Ok(());
        }
        let listing = shared
            .client
            .reports()
            .sign_in_activities(days.from, days.to);
        tokio::pin!(listing);
        while let Some(item) = listing.next().await {
            match item {
                Ok(activity) if in_range(activity.time.as_deref()) => {
                    shared
                        .emit(
                            sign_in_activity(&shared.cx, &activity),
                            activity.raw.as_ref(),
                        )
                        .await?;
                }
                Ok(_) => {}
                Err(err) => {
                    shared.fail(Kind::SignInActivity, &err);
                    return Ok(());
                }
            }
        }
        shared.done(Kind::SignInActivity);
        Ok::<(), SinkClosed>(())
    };
    let _ = tokio::join!(logs, sign_ins);
}
