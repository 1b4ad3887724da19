//! Groups: the list, a group's members and membership changes (add members,
//! remove one).

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;
use serde_json::{Value, json};

use super::{Q, Res, created, member_json, parse_body};
use crate::model::org::{find_group, group_json};
use crate::model::ts;
use crate::model::users::group_id;
use crate::server::overlay::UserRef;
use crate::server::pagination::{classic_page, page, scan};
use crate::server::response::ZoomError;
use crate::server::{Flags, Sim, lock};

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

/// GET /groups/{groupId}/members — scopes group:read:admin, group:write:admin —
/// Medium; paid plans. The users with an id whose `group_ids` hold the group:
/// the base members in index order, then those added through the overlay.
pub(crate) async fn list_members(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Path(group): Path<String>,
    Query(q): Q,
) -> Res {
    let g = group_or_404(&sim, &group)?;
    let acc = &sim.acc;
    // The token is bound to the group.
    let key = format!("GET /groups/{}/members", group_id(acc, g));
    let p = page(&sim, &key, &q, &flags)?;
    let ov = lock(&sim.overlay);
    let base = acc
        .users_by_group
        .get(g as usize)
        .map_or(&[][..], Vec::as_slice);
    let joined = ov.joined_group(acc, g);
    let total_pos = (base.len() + joined.len()) as u64;
    let (members, next) = scan(total_pos, p.pos, p.size, |pos| {
        let u = match base.get(pos as usize) {
            Some(&i) => UserRef::Base(u64::from(i)),
            None => *joined.get(pos as usize - base.len())?,
        };
        ov.in_group(acc, u, g)
            .then(|| member_json(&ov.user_json(acc, u, false), false))
    });
    classic_page(&sim, &p, ov.members(acc, g), next, "members", members)
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
