//! Dashboard (metrics): Zoom Rooms health, past meetings and their
//! participants.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use super::{Q, Res, window};
use crate::model::meetings::{self, meeting_json, participant_json, participant_rows};
use crate::model::rooms::dashboard_json;
use crate::server::pagination::{classic_page, envelope, offset, page, scan};
use crate::server::response::ZoomError;
use crate::server::{Flags, Sim};

/// GET /metrics/zoomrooms — scope dashboard_zr:read:admin — Resource-intensive; Business+.
pub(crate) async fn dashboard_rooms(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let p = page(&sim, "GET /metrics/zoomrooms", &q, &flags)?;
    let total = sim.acc.counts.rooms;
    let (items, next) = offset(total, p.pos, p.size, |r| dashboard_json(&sim.acc, r));
    classic_page(&sim, &p, total, next, "zoom_rooms", items)
}

/// GET /metrics/meetings — scope dashboard_meetings:read:admin — Resource-intensive; Business+.
/// `type=past` (or `pastOne`) lists meetings that started on dates `from..=to`
/// and are visible at the clock (those after the anchor once ended); `live` (the default) lists none.
pub(crate) async fn dashboard_meetings(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let kind = q.get("type").map_or("live", String::as_str);
    if !["past", "pastOne", "live"].contains(&kind) {
        return Err(ZoomError::invalid_field("type", "Invalid field."));
    }
    let now = sim.now();
    let (from, to) = window(&q, true, false, now.date_naive())?;
    let p = page(&sim, "GET /metrics/meetings", &q, &flags)?;
    let (range, total) = if kind == "live" {
        (0..0, 0)
    } else {
        meetings::visible_window(&sim.acc, from, to, now)
    };
    let (items, next) = scan(range.end - range.start, p.pos, p.size, |i| {
        let k = range.start + i;
        meetings::visible(&sim.acc, k, now).then(|| meeting_json(&sim.acc, k))
    });
    let mut body = envelope(&sim, &p, total, next, "meetings", items);
    body.insert("from".into(), json!(from.to_string()));
    body.insert("to".into(), json!(to.to_string()));
    Ok(axum::Json(Value::Object(body)).into_response())
}

/// The meeting behind a `{meetingId}` path segment axum decoded once: a UUID
/// that starts with `/` or holds `//` must have been double-encoded (so it still
/// holds `%2F` here), as Zoom requires.
fn meeting_from_path(sim: &Sim, once: &str) -> Option<u64> {
    let key = if once.contains('%') {
        percent_decode_str(once).decode_utf8_lossy().into_owned()
    } else {
        if once.starts_with('/') || once.contains("//") {
            return None;
        }
        once.to_string()
    };
    meetings::find(&sim.acc, &key)
}

/// GET /metrics/meetings/{meetingId}/participants — scope dashboard_meetings:read:admin — Heavy; Business+.
pub(crate) async fn participants(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Path(meeting_id): Path<String>,
    Query(q): Q,
) -> Res {
    let not_found = || {
        ZoomError::new(
            StatusCode::NOT_FOUND,
            3001,
            "Meeting ID is invalid or has not ended.",
        )
    };
    let k = meeting_from_path(&sim, &meeting_id)
        .filter(|&k| meetings::visible(&sim.acc, k, sim.now()))
        .ok_or_else(not_found)?;
    match q.get("type").map(String::as_str) {
        Some("past") | Some("pastOne") => {}
        // A past meeting is not live: Zoom answers 3001 to the default `type=live`.
        Some("live") | None => return Err(not_found()),
        Some(_) => return Err(ZoomError::invalid_field("type", "Invalid field.")),
    }
    let key = format!(
        "GET /metrics/meetings/{}/participants",
        meetings::uuid(&sim.acc, k)
    );
    let p = page(&sim, &key, &q, &flags)?;
    let total = participant_rows(&sim.acc, k);
    let (items, next) = offset(total, p.pos, p.size, |r| participant_json(&sim.acc, k, r));
    Ok(axum::Json(Value::Object(envelope(
        &sim,
        &p,
        total,
        next,
        "participants",
        items,
    )))
    .into_response())
}
