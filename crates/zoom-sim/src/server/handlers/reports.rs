//! Reports: operation logs (admin actions) and sign-in/sign-out activities.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use chrono::{NaiveDate, NaiveTime, Utc};
use serde_json::json;

use super::{Q, Res, window};
use crate::model::activity::{Log, operation_category, operation_json, sign_in_json};
use crate::server::pagination::{offset, page, scan};
use crate::server::{Flags, Sim};

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
