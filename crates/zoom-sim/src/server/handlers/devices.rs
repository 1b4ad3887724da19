//! Devices: H.323/SIP room systems and Zoom Device Management devices.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use serde_json::json;

use super::{Q, Res};
use crate::model::org::h323_json;
use crate::model::rooms::zdm_json;
use crate::server::pagination::{classic_page, offset, page};
use crate::server::{Flags, Sim};

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
