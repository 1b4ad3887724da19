//! Roles: the list, one role with its privileges, a role's members.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::{Q, Res, member_json};
use crate::model::roles::{MEMBER, all, find_role, role_detail_json, role_id, role_json};
use crate::server::overlay::UserRef;
use crate::server::pagination::{classic_page, page, scan};
use crate::server::response::ZoomError;
use crate::server::{Flags, Sim, lock};

/// The role behind a `{roleId}`, or Zoom's error for a missing one: code
/// 1034 "Provided `role_id` does not exist." (Zoom's methods spec lists it
/// under HTTP 400; the simulator answers 404).
fn role_or_404(sim: &Sim, id: &str) -> Result<u8, ZoomError> {
    find_role(&sim.acc, id).ok_or_else(|| {
        ZoomError::new(
            StatusCode::NOT_FOUND,
            1034,
            "Provided role_id does not exist.",
        )
    })
}

/// GET /roles — scopes role:read:admin, role:write:admin — Medium; paid
/// plans. Not paginated. `type=common` (the default) lists every role;
/// `type=iq` (Zoom IQ roles) none.
pub(crate) async fn list_roles(State(sim): State<Arc<Sim>>, Query(q): Q) -> Res {
    let roles: Vec<Value> = match q.get("type").map(|s| s.trim()) {
        None | Some("") | Some("common") => {
            let ov = lock(&sim.overlay);
            all(&sim.acc)
                .map(|r| role_json(&sim.acc, r, ov.role_members(&sim.acc, r)))
                .collect()
        }
        Some("iq") => Vec::new(),
        Some(_) => return Err(ZoomError::invalid_field("type", "Invalid field.")),
    };
    Ok(axum::Json(json!({"total_records": roles.len(), "roles": roles})).into_response())
}

/// GET /roles/{roleId} — scopes role:read:admin, role:write:admin — Light;
/// paid plans. The role with its `privileges`.
pub(crate) async fn get_role(State(sim): State<Arc<Sim>>, Path(id): Path<String>) -> Res {
    let r = role_or_404(&sim, &id)?;
    let members = lock(&sim.overlay).role_members(&sim.acc, r);
    Ok(axum::Json(role_detail_json(&sim.acc, r, members)).into_response())
}

/// GET /roles/{roleId}/members — scopes role:read:admin, role:write:admin —
/// Medium; paid plans. The users with an id whose `role_id` is the role: the
/// base users in index order, then (for Member) those created through the overlay.
pub(crate) async fn list_members(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Path(id): Path<String>,
    Query(q): Q,
) -> Res {
    let r = role_or_404(&sim, &id)?;
    let acc = &sim.acc;
    // The token is bound to the role.
    let key = format!("GET /roles/{}/members", role_id(acc, r));
    let p = page(&sim, &key, &q, &flags)?;
    let ov = lock(&sim.overlay);
    let base = acc
        .users_by_role
        .get(usize::from(r))
        .map_or(&[][..], Vec::as_slice);
    let added = if r == MEMBER { ov.added.len() } else { 0 };
    let total_pos = (base.len() + added) as u64;
    let (members, next) = scan(total_pos, p.pos, p.size, |pos| {
        let u = match base.get(pos as usize) {
            Some(&i) => UserRef::Base(u64::from(i)),
            None => UserRef::Added(pos as usize - base.len()),
        };
        ov.in_role(acc, u, r)
            .then(|| member_json(&ov.user_json(acc, u, false), true))
    });
    classic_page(&sim, &p, ov.role_members(acc, r), next, "members", members)
}
