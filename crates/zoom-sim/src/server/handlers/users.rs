//! Users: the list, one user, a user's settings, creation and deletion.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;
use serde_json::json;

use super::{Q, Res, created, parse_body, resolve_user};
use crate::model::Status;
use crate::model::users::{feature_json, settings_json};
use crate::rng::{Stream, ident};
use crate::server::overlay::{AddedUser, UserRef};
use crate::server::pagination::{classic_page, page, scan};
use crate::server::response::ZoomError;
use crate::server::{Flags, Sim, lock};

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
