//! Zoom Rooms (merged with the dashboard) and their devices, with the
//! calendar-entry and service-account filters.

use std::collections::HashMap;

use asset_schema::Kind;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use zoom_api::Room;
use zoom_normalize::{
    RoomDashboard, Warning, is_calendar_only, is_service_account, zoom_room, zoom_room_device,
};

use super::is_fatal;
use crate::cycle::shared::{Shared, SinkClosed};

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
