//! Sessions on the wire: the `zm_session` cookie, the CSRF check and the
//! answer to a request without a signed-in session.

use std::collections::HashMap;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::state::{Inner, Session, Stage};
use super::{answer, refuse};
use crate::server::{Sim, lock};

/// The session cookie's name.
const COOKIE: &str = "zm_session";

/// The session id the request's cookie names, if any.
fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// 403 with code 1006: a missing or wrong CSRF token.
pub(super) fn bad_csrf() -> Response {
    answer(
        StatusCode::FORBIDDEN,
        json!({"status": false, "errorCode": 1006, "errorMessage": "Invalid CSRF token. Reload the page and try again."}),
    )
}

/// Sets the session cookie on a response.
pub(super) fn with_cookie(mut resp: Response, sid: &str) -> Response {
    let v = format!("{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&v) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// The session of the request, or a new anonymous one: (id, csrf, created).
pub(super) fn session_or_new(sim: &Sim, headers: &HeaderMap) -> (String, String, bool) {
    let mut p = lock(&sim.portal.0);
    if let Some(sid) = session_id(headers)
        && let Some(s) = p.sessions.get(&sid)
    {
        return (sid, s.csrf.clone(), false);
    }
    let sid = p.fresh_token(sim.acc.seed, 1);
    let csrf = p.fresh_token(sim.acc.seed, 2);
    p.sessions.insert(
        sid.clone(),
        Session {
            csrf: csrf.clone(),
            stage: Stage::Anonymous,
        },
    );
    (sid, csrf, true)
}

/// Checks the session cookie and the CSRF token (form field or header).
pub(super) fn checked_session(
    p: &Inner,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Option<String> {
    let sid = session_id(headers)?;
    let s = p.sessions.get(&sid)?;
    let sent = form.get("csrf_token").map(String::as_str).or_else(|| {
        ["zoom-csrftoken", "x-csrf-token"]
            .iter()
            .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
    })?;
    (sent == s.csrf).then_some(sid)
}

/// The signed-in session of the request, if any.
pub(super) fn signed_in(sim: &Sim, headers: &HeaderMap) -> bool {
    let p = lock(&sim.portal.0);
    session_id(headers)
        .and_then(|sid| p.sessions.get(&sid).map(|s| s.stage == Stage::SignedIn))
        .unwrap_or(false)
}

/// Without a session: JSON code 201 "User not login." to a JSON client, a
/// redirect to the sign-in page otherwise.
pub(super) fn to_signin(headers: &HeaderMap) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return refuse(201, "User not login.");
    }
    (
        StatusCode::FOUND,
        [(header::LOCATION, "/portal/signin")],
        "",
    )
        .into_response()
}
