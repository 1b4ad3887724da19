//! One handler per endpoint. Each doc names the route, the scope and the
//! rate-limit category (checked before the handler runs, by the gate).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Months, NaiveDate, NaiveTime, Utc};
use serde_json::{Value, json};

use super::overlay::{AddedUser, UserRef};
use super::pagination::PageRequest;
use super::response::ZoomError;
use super::{Flags, Sim, lock};
use crate::model::activity::{Log, operation_category, operation_json, sign_in_json};
use crate::model::meetings::{self, meeting_json, participant_json, participant_rows};
use crate::model::org::{
    account_settings_json, find_group, group_json, h323_json, plan_usage_json,
};
use crate::model::rooms::{
    self, dashboard_json, find_room, room_devices_json, room_json, zdm_json,
};
use crate::model::users::{feature_json, settings_json};
use crate::model::{Status, ts};
use crate::rng::{Stream, ident};

type Q = Query<BTreeMap<String, String>>;
type Res = Result<Response, ZoomError>;

fn page(
    sim: &Sim,
    key: &str,
    q: &BTreeMap<String, String>,
    flags: &Flags,
) -> Result<PageRequest, ZoomError> {
    PageRequest::parse(
        sim.acc.seed,
        key,
        q,
        &sim.page_tokens,
        sim.page_ttl(),
        flags.expire_page_token,
    )
}

/// Walks positions `pos..total`, keeping those `make` turns into items, until a page is full.
/// Returns the items and the next position holding an item, if any.
fn scan(
    total: u64,
    pos: u64,
    size: u64,
    mut make: impl FnMut(u64) -> Option<Value>,
) -> (Vec<Value>, Option<u64>) {
    let mut items = Vec::new();
    let mut p = pos;
    while p < total {
        if items.len() as u64 == size {
            // Look ahead for one more item so the last page ends with "".
            let mut q = p;
            while q < total {
                if make(q).is_some() {
                    return (items, Some(q));
                }
                q += 1;
            }
            return (items, None);
        }
        if let Some(v) = make(p) {
            items.push(v);
        }
        p += 1;
    }
    (items, None)
}

/// Offset paging over `pos..total`, every position an item.
fn offset(
    total: u64,
    pos: u64,
    size: u64,
    make: impl Fn(u64) -> Value,
) -> (Vec<Value>, Option<u64>) {
    let end = (pos + size).min(total);
    let items = (pos.min(end)..end).map(make).collect();
    (items, (end < total).then_some(end))
}

fn page_count(total: u64, size: u64) -> u64 {
    total.div_ceil(size.max(1))
}

/// The envelope of a paginated list: `page_count`, `page_size`,
/// `total_records`, `next_page_token` and the items under `key`. Callers add
/// what their endpoint adds (`page_number`, `from`/`to`).
fn envelope(
    sim: &Sim,
    p: &PageRequest,
    total: u64,
    next: Option<u64>,
    key: &str,
    items: Vec<Value>,
) -> serde_json::Map<String, Value> {
    let mut body = serde_json::Map::new();
    body.insert("page_count".into(), json!(page_count(total, p.size)));
    body.insert("page_size".into(), json!(p.size));
    body.insert("total_records".into(), json!(total));
    body.insert(
        "next_page_token".into(),
        json!(p.token(next, &sim.page_tokens, sim.page_ttl())),
    );
    body.insert(key.into(), Value::Array(items));
    body
}

/// A classic page: the envelope with `page_number` 1 (tokens, not numbers, page).
fn classic_page(
    sim: &Sim,
    p: &PageRequest,
    total: u64,
    next: Option<u64>,
    key: &str,
    items: Vec<Value>,
) -> Res {
    let mut body = envelope(sim, p, total, next, key, items);
    body.insert("page_number".into(), json!(1));
    Ok(axum::Json(Value::Object(body)).into_response())
}

fn parse_date(q: &BTreeMap<String, String>, name: &str) -> Result<Option<NaiveDate>, ZoomError> {
    match q.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ZoomError::invalid_field(name, "Invalid field.")),
    }
}

/// `from`/`to`: at most one month apart, `from` within the last six months.
fn window(
    q: &BTreeMap<String, String>,
    required: bool,
    report: bool,
) -> Result<(NaiveDate, NaiveDate), ZoomError> {
    let today = Utc::now().date_naive();
    let from = parse_date(q, "from")?;
    let to = parse_date(q, "to")?;
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        _ if required => {
            let missing = if from.is_none() { "from" } else { "to" };
            return Err(ZoomError::invalid_field(missing, "This field is required."));
        }
        (Some(f), None) => (f, today),
        (None, Some(t)) => (t - chrono::Duration::days(1), t),
        (None, None) => (today - chrono::Duration::days(1), today),
    };
    let bad = |m: &str| ZoomError::new(StatusCode::BAD_REQUEST, 300, m);
    if to < from {
        return Err(bad(
            "The 'to' date must not be earlier than the 'from' date.",
        ));
    }
    if from
        .checked_add_months(Months::new(1))
        .is_some_and(|limit| to > limit)
    {
        return Err(bad("The date range should only be one month."));
    }
    if today
        .checked_sub_months(Months::new(6))
        .is_some_and(|limit| from < limit)
    {
        return Err(bad(if report {
            "Only provide report in recent 6 months."
        } else {
            "The month should fall within the last six months."
        }));
    }
    Ok((from, to))
}

fn created(v: Value) -> Response {
    (StatusCode::CREATED, axum::Json(v)).into_response()
}

fn parse_body(body: &[u8]) -> Result<Value, ZoomError> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| {
            ZoomError::new(
                StatusCode::BAD_REQUEST,
                300,
                "Request Body should be a valid JSON object.",
            )
        })
}

/// Decodes `%XX` escapes (invalid escapes are kept as they are).
pub(crate) fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 3 <= b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn resolve_user(sim: &Sim, key: &str) -> Result<UserRef, ZoomError> {
    let ov = lock(&sim.overlay);
    if key == "me" {
        return Ok(UserRef::Base(0));
    }
    ov.find(&sim.acc, key)
        .ok_or_else(|| ZoomError::user_not_found(key))
}

/// GET /users — scope user:read:admin — Medium.
pub(crate) async fn list_users(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let status = match q.get("status").map(String::as_str) {
        None | Some("") => Status::Active,
        Some(s) => {
            Status::parse(s).ok_or_else(|| ZoomError::invalid_field("status", "Invalid field."))?
        }
    };
    let p = page(&sim, "GET /users", &q, &flags)?;
    let acc = &sim.acc;
    let ov = lock(&sim.overlay);
    let base = &acc.users_by_status[status as usize];
    let total_pos = (base.len() + ov.added.len()) as u64;
    let (users, next) = scan(total_pos, p.pos, p.size, |pos| {
        if let Some(&i) = base.get(pos as usize) {
            let i = u64::from(i);
            (!ov.is_deleted(i)).then(|| ov.user_json(acc, UserRef::Base(i), false))
        } else {
            let a = pos as usize - base.len();
            ov.added
                .get(a)
                .filter(|u| !u.deleted && u.status == status)
                .map(|_| ov.user_json(acc, UserRef::Added(a), false))
        }
    });
    let total = ov.count(acc, status);
    classic_page(&sim, &p, total, next, "users", users)
}

/// GET /users/{userId} (also `me`) — scopes user:read:admin, user:read, user_info:read — Light.
pub(crate) async fn get_user(State(sim): State<Arc<Sim>>, Path(user_id): Path<String>) -> Res {
    let u = resolve_user(&sim, &user_id)?;
    let v = lock(&sim.overlay).user_json(&sim.acc, u, true);
    Ok(axum::Json(v).into_response())
}

/// GET /users/{userId}/settings — scopes user:read:admin, user:read — Medium.
pub(crate) async fn user_settings(State(sim): State<Arc<Sim>>, Path(user_id): Path<String>) -> Res {
    let v = match resolve_user(&sim, &user_id)? {
        UserRef::Base(i) => settings_json(&sim.acc, i),
        UserRef::Added(_) => {
            // Users created here are Basic: the settings of a fresh Basic user.
            let mut v = settings_json(&sim.acc, 0);
            let mut f = feature_json(&sim.acc, 0);
            for k in [
                "large_meeting",
                "webinar",
                "zoom_events",
                "zoom_phone",
                "zoom_whiteboard",
            ] {
                f[k] = json!(false);
            }
            f["meeting_capacity"] = json!(100);
            v["feature"] = f;
            v
        }
    };
    Ok(axum::Json(v).into_response())
}

/// POST /users — scope user:write:admin — Light (plus Zoom's daily create caps).
pub(crate) async fn create_user(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Res {
    let b = parse_body(&body)?;
    let action = b["action"].as_str().unwrap_or("");
    if !["create", "autoCreate", "custCreate", "ssoCreate"].contains(&action) {
        return Err(ZoomError::invalid_field("action", "Invalid field."));
    }
    let info = &b["user_info"];
    let email = info["email"]
        .as_str()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let valid_email = email
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'));
    if !valid_email {
        return Err(ZoomError::invalid_field(
            "user_info.email",
            "Invalid field.",
        ));
    }
    let user_type = info["type"].as_u64().unwrap_or(1);
    if ![1, 2, 3, 99].contains(&user_type) {
        return Err(ZoomError::invalid_field("user_info.type", "Invalid field."));
    }
    if user_type == 99 && action != "ssoCreate" {
        // Zoom: type 99 (None) can only be set with ssoCreate.
        return Err(ZoomError::invalid_field(
            "user_info.type",
            "Type 99 is only allowed with ssoCreate.",
        ));
    }
    let mut ov = lock(&sim.overlay);
    if ov.email_taken(&sim.acc, &email) {
        return Err(ZoomError::new(
            StatusCode::CONFLICT,
            1005,
            format!("Email \"{email}\" has already been used."),
        ));
    }
    if action == "create" {
        let today = Utc::now().date_naive();
        if ov.creates.0 != Some(today) {
            ov.creates = (Some(today), 0);
        }
        let cap = match sim.cfg.plan {
            crate::Plan::Free => 50,
            crate::Plan::Pro => 1500,
            crate::Plan::Business => 10_000,
        };
        if ov.creates.1 >= cap {
            return Err(ZoomError::new(
                StatusCode::TOO_MANY_REQUESTS,
                429,
                format!(
                    "You have exceeded the daily rate limit ({cap}) of user invite requests permitted for this account. You may resume these requests at GMT 00:00:00."
                ),
            ));
        }
        ov.creates.1 += 1;
    }
    let n = ov.added.len() as u64;
    let id = ident(sim.acc.seed, Stream::Account, 0x100_0000 + n);
    let first = info["first_name"].as_str().unwrap_or("").to_string();
    let last = info["last_name"].as_str().unwrap_or("").to_string();
    ov.added.push(AddedUser {
        id: id.clone(),
        email: email.clone(),
        first_name: first.clone(),
        last_name: last.clone(),
        user_type,
        status: if action == "create" {
            Status::Pending
        } else {
            Status::Active
        },
        created_at: Utc::now(),
        deleted: false,
    });
    Ok(created(
        json!({"id": id, "first_name": first, "last_name": last, "email": email, "type": user_type}),
    ))
}

/// DELETE /users/{userId} — scopes user:write:admin, user:write — Light.
pub(crate) async fn delete_user(
    State(sim): State<Arc<Sim>>,
    Path(user_id): Path<String>,
    Query(q): Q,
) -> Res {
    let action = q.get("action").map_or("disassociate", String::as_str);
    if action != "disassociate" && action != "delete" {
        return Err(ZoomError::invalid_field("action", "Invalid field."));
    }
    let mut ov = lock(&sim.overlay);
    let u = ov
        .find(&sim.acc, &user_id)
        .ok_or_else(|| ZoomError::user_not_found(&user_id))?;
    if u == UserRef::Base(0) {
        return Err(ZoomError::new(
            StatusCode::BAD_REQUEST,
            200,
            "The account owner cannot be deleted.",
        ));
    }
    if action == "delete" && ov.status(&sim.acc, u) == Status::Pending {
        return Err(ZoomError::new(
            StatusCode::BAD_REQUEST,
            300,
            "Pending users can only be disassociated.",
        ));
    }
    ov.delete(&sim.acc, u);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// GET /groups — scope group:read:admin — Medium (not paginated).
pub(crate) async fn list_groups(State(sim): State<Arc<Sim>>) -> Res {
    let ov = lock(&sim.overlay);
    let groups: Vec<Value> = (0..sim.acc.counts.groups)
        .map(|g| group_json(&sim.acc, g, ov.members(&sim.acc, g)))
        .collect();
    Ok(
        axum::Json(json!({"groups": groups, "total_records": sim.acc.counts.groups}))
            .into_response(),
    )
}

fn group_or_404(sim: &Sim, id: &str) -> Result<u64, ZoomError> {
    find_group(&sim.acc, id).ok_or_else(|| {
        ZoomError::new(
            StatusCode::NOT_FOUND,
            4130,
            format!("Group does not exist: {id}."),
        )
    })
}

/// POST /groups/{groupId}/members — scope group:write:admin — Medium. At most 30 members.
pub(crate) async fn add_members(
    State(sim): State<Arc<Sim>>,
    Path(group_id): Path<String>,
    body: axum::body::Bytes,
) -> Res {
    let g = group_or_404(&sim, &group_id)?;
    let b = parse_body(&body)?;
    let members = b["members"].as_array().cloned().unwrap_or_default();
    if members.is_empty() || members.len() > 30 {
        return Err(ZoomError::invalid_field(
            "members",
            "Between 1 and 30 members per request.",
        ));
    }
    let mut ov = lock(&sim.overlay);
    let mut refs = Vec::new();
    for m in &members {
        let key = m["id"]
            .as_str()
            .or_else(|| m["email"].as_str())
            .unwrap_or("");
        let u = ov
            .find(&sim.acc, key)
            .ok_or_else(|| ZoomError::user_not_found(key))?;
        refs.push(u);
    }
    let mut ids = Vec::new();
    for u in refs {
        ov.join(&sim.acc, u, g);
        let v = ov.user_json(&sim.acc, u, false);
        ids.push(v["id"].as_str().unwrap_or("").to_string());
    }
    Ok(created(
        json!({"ids": ids.join(","), "added_at": ts(Utc::now())}),
    ))
}

/// DELETE /groups/{groupId}/members/{memberId} — scope group:write:admin — Light.
pub(crate) async fn remove_member(
    State(sim): State<Arc<Sim>>,
    Path((group_id, member_id)): Path<(String, String)>,
) -> Res {
    let g = group_or_404(&sim, &group_id)?;
    let mut ov = lock(&sim.overlay);
    let u = ov
        .find(&sim.acc, &member_id)
        .ok_or_else(|| ZoomError::user_not_found(&member_id))?;
    if !ov.leave(&sim.acc, u, g) {
        // Guessed: Zoom's answer for a user outside the group is not documented.
        return Err(ZoomError::new(
            StatusCode::BAD_REQUEST,
            300,
            "The user is not a member of this group.",
        ));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// GET /h323/devices — scope h323:read:admin — Medium.
pub(crate) async fn h323_devices(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let p = page(&sim, "GET /h323/devices", &q, &flags)?;
    let total = sim.acc.counts.h323_devices;
    let (devices, next) = offset(total, p.pos, p.size, |d| h323_json(&sim.acc, d));
    classic_page(&sim, &p, total, next, "devices", devices)
}

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
/// `type=past` (or `pastOne`) lists meetings that started on dates `from..=to`; `live` (the default) lists none.
pub(crate) async fn dashboard_meetings(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let kind = q.get("type").map_or("live", String::as_str);
    if !["past", "pastOne", "live"].contains(&kind) {
        return Err(ZoomError::invalid_field("type", "Invalid field."));
    }
    let (from, to) = window(&q, true, false)?;
    let p = page(&sim, "GET /metrics/meetings", &q, &flags)?;
    let range = if kind == "live" {
        0..0
    } else {
        meetings::window(&sim.acc, from, to)
    };
    let total = range.end - range.start;
    let (items, next) = offset(total, p.pos, p.size, |i| {
        meeting_json(&sim.acc, range.start + i)
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
        percent_decode(once)
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
    let k = meeting_from_path(&sim, &meeting_id).ok_or_else(not_found)?;
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

/// GET /devices (Zoom Device Management) — scope device:read:admin — Heavy.
pub(crate) async fn zdm_devices(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let p = page(&sim, "GET /devices", &q, &flags)?;
    let total = sim.acc.counts.managed_devices;
    let (items, next) = offset(total, p.pos, p.size, |d| zdm_json(&sim.acc, d));
    Ok(axum::Json(json!({"next_page_token": p.token(next, &sim.page_tokens, sim.page_ttl()), "page_size": p.size, "devices": items})).into_response())
}

fn day_bounds(from: NaiveDate, to: NaiveDate) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    let start = from.and_time(NaiveTime::MIN).and_utc();
    let end = to.and_time(NaiveTime::MIN).and_utc() + chrono::Duration::seconds(86_399);
    (start, end)
}

/// GET /report/operationlogs — scope report:read:admin — Heavy; Pro+. Newest first.
pub(crate) async fn operation_logs(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let (from, to) = window(&q, true, true)?;
    let category = q
        .get("category_type")
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| "all".into());
    let p = page(&sim, "GET /report/operationlogs", &q, &flags)?;
    let (start, end) = day_bounds(from, to);
    let range = Log::Operation.window(&sim.acc, start, end);
    let total = range.end - range.start;
    let (items, next) = scan(total, p.pos, p.size, |i| {
        let g = range.start + i;
        (category == "all" || operation_category(&sim.acc, g) == category)
            .then(|| operation_json(&sim.acc, g))
    });
    Ok(axum::Json(json!({"next_page_token": p.token(next, &sim.page_tokens, sim.page_ttl()), "page_size": p.size, "operation_logs": items})).into_response())
}

/// GET /report/activities — scope report:read:admin — Heavy; Pro+. Newest first.
pub(crate) async fn sign_in_logs(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let (from, to) = window(&q, false, true)?;
    let p = page(&sim, "GET /report/activities", &q, &flags)?;
    let (start, end) = day_bounds(from, to);
    let range = Log::SignIn.window(&sim.acc, start, end);
    let total = range.end - range.start;
    let (items, next) = offset(total, p.pos, p.size, |i| {
        sign_in_json(&sim.acc, range.start + i)
    });
    Ok(axum::Json(json!({
        "from": from.to_string(),
        "to": to.to_string(),
        "page_size": p.size,
        "next_page_token": p.token(next, &sim.page_tokens, sim.page_ttl()),
        "activity_logs": items,
    }))
    .into_response())
}

fn check_account(sim: &Sim, id: &str) -> Result<(), ZoomError> {
    if id == "me" || id == sim.acc.account_id {
        Ok(())
    } else {
        Err(ZoomError::new(
            StatusCode::NOT_FOUND,
            2001,
            format!("Account does not exist: {id}."),
        ))
    }
}

/// GET /accounts/{accountId}/settings — scope account:read:admin — Medium; paid plans.
/// The `option` views are not simulated: the full settings are returned.
pub(crate) async fn account_settings(
    State(sim): State<Arc<Sim>>,
    Path(account_id): Path<String>,
) -> Res {
    check_account(&sim, &account_id)?;
    Ok(axum::Json(account_settings_json(&sim.acc)).into_response())
}

/// GET /accounts/{accountId}/plans/usage — scope account:read:admin — Heavy.
pub(crate) async fn plan_usage(State(sim): State<Arc<Sim>>, Path(account_id): Path<String>) -> Res {
    check_account(&sim, &account_id)?;
    let rooms_in_use = (0..sim.acc.counts.rooms)
        .filter(|&r| !rooms::core(sim.acc.seed, r).calendar_only)
        .count() as u64;
    Ok(axum::Json(plan_usage_json(
        &sim.acc,
        sim.acc.licensed_active,
        rooms_in_use,
    ))
    .into_response())
}

/// POST /chat/users/{userId}/messages — scopes chat_message:write, chat_message:write:admin — Medium.
pub(crate) async fn send_message(
    State(sim): State<Arc<Sim>>,
    Path(user_id): Path<String>,
    body: axum::body::Bytes,
) -> Res {
    let sender = resolve_user(&sim, &user_id)?;
    let b = parse_body(&body)?;
    let message = b["message"].as_str().unwrap_or("");
    if message.trim().is_empty() || message.chars().count() > 4096 {
        return Err(ZoomError::invalid_field("message", "Invalid field."));
    }
    let contact = b["to_contact"].as_str().filter(|s| !s.is_empty());
    let channel = b["to_channel"].as_str().filter(|s| !s.is_empty());
    if contact.is_some() == channel.is_some() {
        return Err(ZoomError::invalid_field(
            "to_contact",
            "Exactly one of to_contact or to_channel is required.",
        ));
    }
    let mut ov = lock(&sim.overlay);
    let from = ov.user_json(&sim.acc, sender, false)["email"].clone();
    let id = format!(
        "{:08x}-sim-{:04}",
        sim.acc.mask(7) as u32,
        ov.messages.len()
    );
    ov.messages.push(json!({
        "id": id,
        "from": from,
        "message": message,
        "to_contact": contact,
        "to_channel": channel,
        "sent_at": ts(Utc::now()),
    }));
    Ok(created(json!({"id": id})))
}

/// GET /_sim/messages: the chat messages sent so far (simulator only).
pub(crate) async fn sim_messages(State(sim): State<Arc<Sim>>) -> Response {
    let ov = lock(&sim.overlay);
    axum::Json(json!({"messages": ov.messages})).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("ab%2Fcd%2F%2F=="), "ab/cd//==");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn scan_ends_with_none_when_the_rest_is_filtered() {
        let (items, next) = scan(10, 0, 3, |p| (p < 3).then(|| json!(p)));
        assert_eq!(items.len(), 3);
        assert_eq!(next, None);
        let (items, next) = scan(10, 0, 3, |p| (p % 2 == 0).then(|| json!(p)));
        assert_eq!(items.len(), 3);
        assert_eq!(next, Some(6));
    }
}
