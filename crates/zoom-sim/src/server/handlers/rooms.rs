//! Zoom Rooms: the room list and each room's devices.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

use super::{Q, Res};
use crate::model::rooms::{find_room, room_devices_json, room_json};
use crate::server::pagination::{page, scan};
use crate::server::response::ZoomError;
use crate::server::{Flags, Sim};

/// GET /rooms — scope room:read:admin — Medium. Filters `type` and `status` apply.
pub(crate) async fn list_rooms(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let p = page(&sim, "GET /rooms", &q, &flags)?;
    let want_type = q.get("type").filter(|s| !s.is_empty()).cloned();
    let want_status = q.get("status").filter(|s| !s.is_empty()).cloned();
    let (rooms, next) = scan(sim.acc.counts.rooms, p.pos, p.size, |r| {
        let v = room_json(&sim.acc, r);
        let ok = want_type.as_deref().is_none_or(|t| v["type"] == t)
            && want_status.as_deref().is_none_or(|s| v["status"] == s);
        ok.then_some(v)
    });
    Ok(axum::Json(
        json!({"next_page_token": p.token(next, &sim.page_tokens, sim.page_ttl()), "page_size": p.size, "rooms": rooms}),
    )
    .into_response())
}

/// GET /rooms/{roomId}/devices — scope room:read:admin — Medium (not paginated).
pub(crate) async fn room_devices(State(sim): State<Arc<Sim>>, Path(room_id): Path<String>) -> Res {
    let r = find_room(&sim.acc, &room_id).ok_or_else(|| {
        ZoomError::new(
            StatusCode::NOT_FOUND,
            1012,
            format!("Room not found:{room_id}"),
        )
    })?;
    Ok(axum::Json(json!({"devices": room_devices_json(&sim.acc, r)})).into_response())
}
