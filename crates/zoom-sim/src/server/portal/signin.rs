//! The sign-in flow: the form, the CSRF token endpoint, password, TOTP code
//! and sign-out.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::session::{bad_csrf, checked_session, session_or_new, with_cookie};
use super::state::Stage;
use super::{answer, count, refuse, totp};
use crate::server::{Sim, lock};

/// GET /portal/signin — the sign-in form.
pub(super) async fn signin_page(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    count(&sim, "GET /portal/signin");
    let (sid, csrf, _) = session_or_new(&sim, &headers);
    let (captcha, in_page) = {
        let p = lock(&sim.portal.0);
        (p.captcha, p.csrf_in_page)
    };
    let captcha = if captcha {
        r#"<div class="g-recaptcha" data-sitekey="sim-site-key"></div>"#
    } else {
        ""
    };
    let (meta, input) = if in_page {
        (
            format!(r#"<meta name="csrf-token" content="{csrf}">"#),
            format!(r#"<input type="hidden" name="csrf_token" value="{csrf}">"#),
        )
    } else {
        (String::new(), String::new())
    };
    let html = format!(
        r#"<!DOCTYPE html>
<html><head><meta charset="utf-8">{meta}<title>Sign In - Zoom</title></head>
<body><form id="login-form" method="post" action="/portal/signin">
{input}
<input type="email" name="email" autocomplete="username">
<input type="password" name="password" autocomplete="current-password">
{captcha}<button type="submit">Sign In</button></form></body></html>
"#
    );
    let resp = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    with_cookie(resp, &sid)
}

/// POST /portal/csrf_js — `ZOOM-CSRFTOKEN:<token>`.
pub(super) async fn csrf_js(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    count(&sim, "POST /portal/csrf_js");
    let (sid, csrf, _) = session_or_new(&sim, &headers);
    with_cookie(format!("ZOOM-CSRFTOKEN:{csrf}").into_response(), &sid)
}

/// POST /portal/signin — email and password.
pub(super) async fn signin(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    count(&sim, "POST /portal/signin");
    let mut p = lock(&sim.portal.0);
    let Some(sid) = checked_session(&p, &headers, &form) else {
        return bad_csrf();
    };
    if p.locked {
        return refuse(
            1002,
            "Your account has been locked because of too many failed sign-in attempts. Contact your account admin.",
        );
    }
    if p.sso_only {
        return refuse(
            1004,
            "Your account uses single sign-on (SSO). Sign in with SSO instead.",
        );
    }
    if p.captcha
        && form
            .get("g-recaptcha-response")
            .is_none_or(|v| v.trim().is_empty())
    {
        return refuse(1003, "Please complete the CAPTCHA to continue.");
    }
    let email_ok = form
        .get("email")
        .is_some_and(|e| e.trim().eq_ignore_ascii_case(&sim.info.username));
    let password_ok = form
        .get("password")
        .is_some_and(|pw| *pw == sim.info.password);
    if !(email_ok && password_ok) {
        p.fail();
        return refuse(1001, "Incorrect email or password.");
    }
    if let Some(s) = p.sessions.get_mut(&sid) {
        s.stage = Stage::PasswordOk;
    }
    answer(
        StatusCode::OK,
        json!({"status": true, "next": "two_factor"}),
    )
}

/// POST /portal/signin/two_factor — the TOTP code.
pub(super) async fn two_factor(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    count(&sim, "POST /portal/signin/two_factor");
    let mut p = lock(&sim.portal.0);
    let Some(sid) = checked_session(&p, &headers, &form) else {
        return bad_csrf();
    };
    if p.sessions.get(&sid).map(|s| s.stage) != Some(Stage::PasswordOk) {
        return refuse(1005, "Sign in with your email and password first.");
    }
    if p.locked {
        return refuse(
            1002,
            "Your account has been locked because of too many failed sign-in attempts. Contact your account admin.",
        );
    }
    let now = Utc::now().timestamp() + p.clock_offset_secs;
    let code = form.get("code").map(|c| c.trim()).unwrap_or("");
    let ok = totp::decode_base32(&sim.info.totp_secret).is_some_and(|key| {
        let window = now.max(0) as u64 / 30;
        [window, window.saturating_sub(1)]
            .iter()
            .any(|&w| totp::code(&key, w, 6) == code)
    });
    if !ok {
        p.fail();
        return refuse(1010, "Invalid verification code. Please try again.");
    }
    p.failures = 0;
    if let Some(s) = p.sessions.get_mut(&sid) {
        s.stage = Stage::SignedIn;
    }
    answer(StatusCode::OK, json!({"status": true}))
}

/// POST /portal/signout — ends the session.
pub(super) async fn signout(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    count(&sim, "POST /portal/signout");
    let mut p = lock(&sim.portal.0);
    let Some(sid) = checked_session(&p, &headers, &form) else {
        return bad_csrf();
    };
    p.sessions.remove(&sid);
    let mut resp = answer(StatusCode::OK, json!({"status": true}));
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("zm_session=; Path=/; Max-Age=0"),
    );
    resp
}
