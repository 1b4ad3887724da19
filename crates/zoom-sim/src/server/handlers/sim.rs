//! The simulator's own endpoints under `/_sim` (not Zoom's; not counted, no
//! token needed): statistics, the chat messages sent so far, the simulated
//! clock and the ground truth at the clock's time.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

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

/// A 400 with `{"error": message}`.
fn bad_request(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": message.into()})),
    )
        .into_response()
}

fn now_json(now: DateTime<Utc>) -> Response {
    axum::Json(json!({"now": now.to_rfc3339_opts(SecondsFormat::AutoSi, true)})).into_response()
}

fn parse_time(s: &str, name: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{name} {s:?} is not an RFC 3339 time: {e}"))
}

/// GET /_sim/clock: `{"now": RFC3339}`.
pub(crate) async fn clock(State(sim): State<Arc<Sim>>) -> Response {
    now_json(sim.now())
}

/// POST /_sim/clock with `{"now": RFC3339}` or `{"advance_secs": N}`: moves the
/// clock and answers `{"now": …}`; 400 when the body is invalid, the move goes
/// backwards or past anchor + `FUTURE_DAYS` days.
pub(crate) async fn set_clock(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    let Ok(Value::Object(b)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request(r#"the body must be {"now":"RFC3339"} or {"advance_secs":N}"#);
    };
    let to = match (b.get("now"), b.get("advance_secs")) {
        (Some(Value::String(s)), None) => match parse_time(s, "now") {
            Ok(t) => t,
            Err(m) => return bad_request(m),
        },
        (None, Some(n)) => match n.as_i64().and_then(Duration::try_seconds) {
            Some(d) => sim.now() + d,
            None => return bad_request("advance_secs must be an integer number of seconds"),
        },
        _ => return bad_request(r#"give exactly one of {"now":"RFC3339"} or {"advance_secs":N}"#),
    };
    match sim.set_clock(to) {
        Ok(()) => now_json(sim.now()),
        Err(e) => bad_request(e.to_string()),
    }
}

/// GET /_sim/truth: the truth at the clock's time (the `--truth` file's shape).
pub(crate) async fn truth(State(sim): State<Arc<Sim>>) -> Response {
    let sim2 = sim.clone();
    match tokio::task::spawn_blocking(move || sim2.truth()).await {
        Ok(t) => axum::Json(t).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}

/// GET /_sim/truth/activities?from=RFC3339&to=RFC3339: the log entries with
/// time in `[from, to]` visible at the clock, as
/// `{"operation_log":N,"sign_in_activity":N,"recording_download":N}`.
/// `operation_log` includes the downloads (the default
/// `recording_download_activities=false` makes them operation logs);
/// `recording_download` counts the downloads among them.
pub(crate) async fn truth_activities(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    let get = |name: &str| match q.get(name) {
        Some(s) => parse_time(s, name),
        None => Err(format!("{name} (RFC 3339) is required")),
    };
    let (from, to) = match (get("from"), get("to")) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(m), _) | (_, Err(m)) => return bad_request(m),
    };
    let counts = crate::model::activity::truth(&sim.acc, from, to, sim.now());
    axum::Json(counts).into_response()
}
