//! The web-portal emulation, served under `/portal` (the ready line's
//! `portal_url`): the protocol the adapter's `zoom_api::WebPortal` assumes
//! (docs/operations.md, "Portal login").
//!
//! - `GET /signin`: the sign-in form; sets the session cookie `zm_session`
//!   and carries the CSRF token in a hidden `csrf_token` input and a
//!   `<meta name="csrf-token">` (unless switched off). `POST /csrf_js`
//!   answers `ZOOM-CSRFTOKEN:<token>`.
//! - `POST /signin` (`email`, `password`, `csrf_token`): JSON
//!   `{"status":true,"next":"two_factor"}` or `{"status":false,"errorCode":N,"errorMessage":…}`
//!   with 1001 wrong email or password, 1002 locked, 1003 captcha demanded,
//!   1004 SSO-only; 403 with code 1006 for a missing or wrong CSRF token
//!   (field `csrf_token`, or header `ZOOM-CSRFTOKEN` / `X-CSRF-Token`).
//! - `POST /signin/two_factor` (`code`, `csrf_token`): RFC 6238 (HMAC-SHA1,
//!   6 digits, 30 s) against the ready line's `totp_secret`, the current and
//!   the previous window accepted; 1010 for a wrong code.
//! - `GET /account/billing`, `GET /account/settings`: JSON behind the
//!   session (without one: `{"status":false,"errorCode":201,"errorMessage":"User not login."}`
//!   to `Accept: application/json`, else 302 to `/portal/signin`), consistent with
//!   `GET /accounts/{id}/plans/usage` and `GET /accounts/{id}/settings`.
//! - `POST /signout`: ends the session.
//!
//! Every failed password or code counts towards the lockout (5 by default);
//! a locked account refuses even good credentials until unlocked. Captcha and
//! SSO-only modes, the lockout threshold and the portal's clock offset are
//! switched on the running simulator ([`RunningSim::set_portal_captcha`](crate::RunningSim::set_portal_captcha) …).
//! Requests are counted in `/_sim/stats` under `by_endpoint` only (`requests_total`
//! stays the API's). The simulator's SHA-1 and TOTP are its own (no
//! dependency shared with the client), checked against the RFC vectors.
//!
//! Here: the router and the JSON answers; [`state`] holds the modes, failures,
//! lock and sessions (and the switches on `RunningSim`), [`session`] the
//! cookie and CSRF checks, [`signin`] the sign-in flow, [`account`] the pages
//! behind the session, [`totp`] the codes.

mod account;
mod session;
mod signin;
mod state;
mod totp;

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::{Sim, lock};
pub(crate) use state::PortalState;

/// The portal router.
pub(crate) fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/signin", get(signin::signin_page).post(signin::signin))
        .route("/csrf_js", post(signin::csrf_js))
        .route("/signin/two_factor", post(signin::two_factor))
        .route("/account/billing", get(account::billing))
        .route("/account/settings", get(account::settings))
        .route("/signout", post(signin::signout))
}

/// Counts a portal request in `/_sim/stats` (under `by_endpoint` only).
fn count(sim: &Sim, endpoint: &str) {
    *lock(&sim.stats)
        .by_endpoint
        .entry(endpoint.to_string())
        .or_default() += 1;
}

/// A JSON answer.
fn answer(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// A refusal: 200 with `status: false`, the portal's code and message.
fn refuse(code: u32, message: &str) -> Response {
    answer(
        StatusCode::OK,
        json!({"status": false, "errorCode": code, "errorMessage": message}),
    )
}
