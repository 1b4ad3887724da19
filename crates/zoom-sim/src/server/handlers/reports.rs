//! Reports: operation logs (admin actions) and sign-in/sign-out activities.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use chrono::{NaiveDate, NaiveTime, Utc};
use serde_json::json;

use super::{Q, Res, window};
use crate::model::activity::{Log, operation_category, operation_json, sign_in_json};
use crate::server::pagination::{page, scan};
use crate::server::{Flags, Sim};

fn day_bounds(from: NaiveDate, to: NaiveDate) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    let start = from.and_time(NaiveTime::MIN).and_utc();
    let end = to.and_time(NaiveTime::MIN).and_utc() + chrono::Duration::seconds(86_399);
    (start, end)
}

/// GET /report/operationlogs — scope report:read:admin — Heavy; Pro+. Newest
/// first; only entries visible at the clock (late ones [`crate::LATE_SECS`] after their time).
pub(crate) async fn operation_logs(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let now = sim.now();
    let (from, to) = window(&q, true, true, now.date_naive())?;
    let category = q
        .get("category_type")
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| "all".into());
    let p = page(&sim, "GET /report/operationlogs", &q, &flags)?;
    let (start, end) = day_bounds(from, to);
    let list = Log::Operation.listing(&sim.acc, start, end, now);
    let (items, next) = scan(list.len(), p.pos, p.size, |i| {
        let g = list.id(i);
        (Log::Operation.visible(&sim.acc, g, now)
            && (category == "all" || operation_category(&sim.acc, g) == category))
            .then(|| operation_json(&sim.acc, g))
    });
    Ok(axum::Json(json!({"next_page_token": p.token(next, &sim.page_tokens, sim.page_ttl()), "page_size": p.size, "operation_logs": items})).into_response())
}

/// GET /report/activities — scope report:read:admin — Heavy; Pro+. Newest
/// first; only entries visible at the clock.
pub(crate) async fn sign_in_logs(
    State(sim): State<Arc<Sim>>,
    Extension(flags): Extension<Flags>,
    Query(q): Q,
) -> Res {
    let now = sim.now();
    let (from, to) = window(&q, false, true, now.date_naive())?;
    let p = page(&sim, "GET /report/activities", &q, &flags)?;
    let (start, end) = day_bounds(from, to);
    let list = Log::SignIn.listing(&sim.acc, start, end, now);
    let (items, next) = scan(list.len(), p.pos, p.size, |i| {
        let g = list.id(i);
        Log::SignIn
            .visible(&sim.acc, g, now)
            .then(|| sign_in_json(&sim.acc, g))
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
