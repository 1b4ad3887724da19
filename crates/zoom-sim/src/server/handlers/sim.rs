//! The simulator's own endpoints under `/_sim` (not Zoom's; not counted, no
//! token needed): statistics and the chat messages sent so far.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::server::{Sim, lock};

/// GET /_sim/stats: the request counters.
pub(crate) async fn stats(State(sim): State<Arc<Sim>>) -> Response {
    let s = lock(&sim.stats);
    axum::Json(json!({
        "requests_total": s.requests_total,
        "by_endpoint": s.by_endpoint,
        "by_category": s.by_category,
        "rate_limited": s.rate_limited,
        "tokens_issued": s.tokens_issued,
    }))
    .into_response()
}

/// GET /_sim/messages: the chat messages sent so far.
pub(crate) async fn messages(State(sim): State<Arc<Sim>>) -> Response {
    let ov = lock(&sim.overlay);
    axum::Json(json!({"messages": ov.messages})).into_response()
}
