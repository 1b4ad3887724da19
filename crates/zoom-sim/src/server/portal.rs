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
//! switched on the running simulator ([`RunningSim::set_portal_captcha`] …).
//! Requests are counted in `/_sim/stats` under `by_endpoint` only (`requests_total`
//! stays the API's). The simulator's SHA-1 and TOTP are its own (no
//! dependency shared with the client), checked against the RFC vectors.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Datelike, Utc};
use serde_json::{Map, Value, json};

use super::{RunningSim, Sim, lock};
use crate::config::Plan;
use crate::model::org::{account_settings_json, plan_usage_json};
use crate::model::rooms;
use crate::rng::mix;

/// The session cookie's name.
const COOKIE: &str = "zm_session";
/// Failures (passwords and codes) before the account locks, by default.
const DEFAULT_LOCKOUT_AFTER: u32 = 5;

/// Where one session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Anonymous,
    PasswordOk,
    SignedIn,
}

#[derive(Debug)]
struct Session {
    csrf: String,
    stage: Stage,
}

#[derive(Debug)]
struct Inner {
    captcha: bool,
    sso_only: bool,
    csrf_in_page: bool,
    lockout_after: u32,
    clock_offset_secs: i64,
    failures: u32,
    locked: bool,
    sessions: HashMap<String, Session>,
    counter: u64,
}

/// The portal's state: modes, failures, lock and sessions.
#[derive(Debug)]
pub(crate) struct PortalState(Mutex<Inner>);

impl Default for PortalState {
    fn default() -> Self {
        PortalState(Mutex::new(Inner {
            captcha: false,
            sso_only: false,
            csrf_in_page: true,
            lockout_after: DEFAULT_LOCKOUT_AFTER,
            clock_offset_secs: 0,
            failures: 0,
            locked: false,
            sessions: HashMap::new(),
            counter: 0,
        }))
    }
}

impl Inner {
    fn fresh_token(&mut self, seed: u64, salt: u64) -> String {
        self.counter += 1;
        let a = mix(seed ^ mix(self.counter.wrapping_mul(0x100) ^ salt));
        let b = mix(a ^ Utc::now().timestamp_nanos_opt().unwrap_or(0) as u64);
        format!("{a:016x}{b:016x}")
    }

    fn fail(&mut self) {
        self.failures += 1;
        if self.failures >= self.lockout_after {
            self.locked = true;
        }
    }
}

/// Switches of the portal emulation, for tests and demos.
impl RunningSim {
    /// Demands a captcha at sign-in (the adapter cannot solve one).
    pub fn set_portal_captcha(&self, on: bool) {
        lock(&self.sim.portal.0).captcha = on;
    }

    /// Makes the portal user an SSO-only user (no password sign-in).
    pub fn set_portal_sso_only(&self, on: bool) {
        lock(&self.sim.portal.0).sso_only = on;
    }

    /// Whether the sign-in page carries the CSRF token (default true); when
    /// not, clients must ask `POST /portal/csrf_js`.
    pub fn set_portal_csrf_in_page(&self, on: bool) {
        lock(&self.sim.portal.0).csrf_in_page = on;
    }

    /// Failed passwords and codes before the account locks (default 5).
    pub fn set_portal_lockout_after(&self, failures: u32) {
        lock(&self.sim.portal.0).lockout_after = failures.max(1);
    }

    /// Shifts the portal's TOTP clock by `secs` (tests of window boundaries).
    pub fn set_portal_clock_offset(&self, secs: i64) {
        lock(&self.sim.portal.0).clock_offset_secs = secs;
    }

    /// Whether the portal user is locked.
    pub fn portal_locked(&self) -> bool {
        lock(&self.sim.portal.0).locked
    }

    /// Unlocks the portal user and forgets its failures.
    pub fn unlock_portal(&self) {
        let mut p = lock(&self.sim.portal.0);
        p.locked = false;
        p.failures = 0;
    }

    /// The 6-digit code the portal computes for `unix_secs` (its own RFC 6238,
    /// without the clock offset): tests check clients against it.
    pub fn portal_totp_code(&self, unix_secs: i64) -> String {
        let key = totp::decode_base32(&self.sim.info.totp_secret).unwrap_or_default();
        totp::code(&key, unix_secs.max(0) as u64 / 30, 6)
    }

    /// Ends every portal session on the server side (an expired session).
    pub fn expire_portal_sessions(&self) {
        lock(&self.sim.portal.0).sessions.clear();
    }

    /// Sessions that are signed in (password and 2FA done, not signed out).
    pub fn portal_signed_in_sessions(&self) -> usize {
        lock(&self.sim.portal.0)
            .sessions
            .values()
            .filter(|s| s.stage == Stage::SignedIn)
            .count()
    }
}

/// The portal router.
pub(crate) fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/signin", get(signin_page).post(signin))
        .route("/csrf_js", post(csrf_js))
        .route("/signin/two_factor", post(two_factor))
        .route("/account/billing", get(billing))
        .route("/account/settings", get(settings))
        .route("/signout", post(signout))
}

fn count(sim: &Sim, endpoint: &str) {
    *lock(&sim.stats)
        .by_endpoint
        .entry(endpoint.to_string())
        .or_default() += 1;
}

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

fn answer(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

fn refuse(code: u32, message: &str) -> Response {
    answer(
        StatusCode::OK,
        json!({"status": false, "errorCode": code, "errorMessage": message}),
    )
}

fn bad_csrf() -> Response {
    answer(
        StatusCode::FORBIDDEN,
        json!({"status": false, "errorCode": 1006, "errorMessage": "Invalid CSRF token. Reload the page and try again."}),
    )
}

fn with_cookie(mut resp: Response, sid: &str) -> Response {
    let v = format!("{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&v) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// The session of the request, or a new anonymous one: (id, csrf, created).
fn session_or_new(sim: &Sim, headers: &HeaderMap) -> (String, String, bool) {
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

/// GET /portal/signin — the sign-in form.
async fn signin_page(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
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
async fn csrf_js(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    count(&sim, "POST /portal/csrf_js");
    let (sid, csrf, _) = session_or_new(&sim, &headers);
    with_cookie(format!("ZOOM-CSRFTOKEN:{csrf}").into_response(), &sid)
}

/// Checks the session cookie and the CSRF token (form field or header).
fn checked_session(
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

/// POST /portal/signin — email and password.
async fn signin(
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
async fn two_factor(
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

/// The signed-in session of the request, if any.
fn signed_in(sim: &Sim, headers: &HeaderMap) -> bool {
    let p = lock(&sim.portal.0);
    session_id(headers)
        .and_then(|sid| p.sessions.get(&sid).map(|s| s.stage == Stage::SignedIn))
        .unwrap_or(false)
}

/// Without a session: JSON code 201 "User not login." to a JSON client, a
/// redirect to the sign-in page otherwise.
fn to_signin(headers: &HeaderMap) -> Response {
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

fn plan_name(plan_type: &str) -> &'static str {
    if plan_type.starts_with("zroom") {
        "Zoom Rooms"
    } else if plan_type.starts_with("webinar") {
        "Zoom Webinars"
    } else if plan_type.starts_with("large") {
        "Large Meetings"
    } else {
        "Meetings"
    }
}

/// GET /portal/account/billing — the subscriptions, from the plan usage.
async fn billing(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    count(&sim, "GET /portal/account/billing");
    if !signed_in(&sim, &headers) {
        return to_signin(&headers);
    }
    let rooms_in_use = (0..sim.acc.counts.rooms)
        .filter(|&r| !rooms::core(sim.acc.seed, r).calendar_only)
        .count() as u64;
    let usage = plan_usage_json(&sim.acc, sim.acc.licensed_active, rooms_in_use);
    let anchor = sim.acc.anchor.date_naive();
    let start = anchor
        .with_day(1)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(5)))
        .unwrap_or(anchor);
    let next = anchor
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(anchor);
    let mut plans = Vec::new();
    for key in [
        "plan_base",
        "plan_zoom_rooms",
        "plan_webinar",
        "plan_large_meeting",
    ] {
        for entry in usage[key].as_array().into_iter().flatten() {
            let plan_type = entry["type"].as_str().unwrap_or("");
            plans.push(json!({
                "name": plan_name(plan_type),
                "type": plan_type,
                "quantity": entry["hosts"],
                "usage": entry["usage"],
                "status": "active",
                "billing_cycle": if plan_type.contains("annual") { "annual" } else { "monthly" },
                "start_date": start.to_string(),
                "next_billing_date": next.to_string(),
                "auto_renew": true,
            }));
        }
    }
    let account_plan = match sim.cfg.plan {
        Plan::Free => "Basic",
        Plan::Pro => "Pro",
        Plan::Business => "Business",
    };
    answer(
        StatusCode::OK,
        json!({"account_plan": account_plan, "plans": plans, "recording": usage["plan_recording"]}),
    )
}

/// Whether a setting is locked at account level (deterministic per name).
fn is_locked(seed: u64, section: &str, name: &str) -> bool {
    if section == "security" {
        return true;
    }
    let h = section
        .bytes()
        .chain(name.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    mix(seed ^ h).is_multiple_of(4)
}

/// GET /portal/account/settings — the settings with their lock state.
async fn settings(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    count(&sim, "GET /portal/account/settings");
    if !signed_in(&sim, &headers) {
        return to_signin(&headers);
    }
    let all = account_settings_json(&sim.acc);
    let mut out = Map::new();
    for (section, values) in all.as_object().into_iter().flatten() {
        let mut sec = Map::new();
        for (name, value) in values.as_object().into_iter().flatten() {
            sec.insert(
                name.clone(),
                json!({"value": value, "locked": is_locked(sim.acc.seed, section, name)}),
            );
        }
        out.insert(section.clone(), Value::Object(sec));
    }
    answer(StatusCode::OK, json!({"settings": out}))
}

/// POST /portal/signout — ends the session.
async fn signout(
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

/// RFC 6238 on the simulator's own HMAC-SHA1.
pub(crate) mod totp {
    /// SHA-1 (FIPS 180-4) of `data`.
    fn sha1(data: &[u8]) -> [u8; 20] {
        let mut h: [u32; 5] = [
            0x6745_2301,
            0xEFCD_AB89,
            0x98BA_DCFE,
            0x1032_5476,
            0xC3D2_E1F0,
        ];
        let mut msg = data.to_vec();
        let bits = (data.len() as u64).wrapping_mul(8);
        msg.push(0x80);
        while msg.len() % 64 != 56 {
            msg.push(0);
        }
        msg.extend_from_slice(&bits.to_be_bytes());
        for chunk in msg.chunks(64) {
            let mut w = [0u32; 80];
            for (i, word) in chunk.chunks(4).enumerate() {
                w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
            }
            for i in 16..80 {
                w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
            }
            let [mut a, mut b, mut c, mut d, mut e] = h;
            for (i, wi) in w.iter().enumerate() {
                let (f, k) = match i {
                    0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                    20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                    40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                    _ => (b ^ c ^ d, 0xCA62_C1D6),
                };
                let t = a
                    .rotate_left(5)
                    .wrapping_add(f)
                    .wrapping_add(e)
                    .wrapping_add(k)
                    .wrapping_add(*wi);
                e = d;
                d = c;
                c = b.rotate_left(30);
                b = a;
                a = t;
            }
            for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
                *x = x.wrapping_add(y);
            }
        }
        let mut out = [0u8; 20];
        for (i, x) in h.iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
        }
        out
    }

    /// HMAC-SHA1 (RFC 2104).
    fn hmac_sha1(key: &[u8], msg: &[u8]) -> [u8; 20] {
        let mut k = [0u8; 64];
        if key.len() > 64 {
            k[..20].copy_from_slice(&sha1(key));
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
        inner.extend_from_slice(msg);
        let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
        outer.extend_from_slice(&sha1(&inner));
        sha1(&outer)
    }

    /// The code of `window` (Unix time / 30) with `digits` digits (RFC 4226 truncation).
    pub(crate) fn code(key: &[u8], window: u64, digits: u32) -> String {
        let mac = hmac_sha1(key, &window.to_be_bytes());
        let off = usize::from(mac[19] & 0x0f);
        let bin = u32::from_be_bytes([mac[off] & 0x7f, mac[off + 1], mac[off + 2], mac[off + 3]]);
        let n = bin % 10u32.pow(digits);
        format!("{n:0width$}", width = digits as usize)
    }

    /// Decodes RFC 4648 base32 (upper case, no padding).
    pub(crate) fn decode_base32(s: &str) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let (mut buf, mut bits) = (0u64, 0u32);
        for c in s.bytes() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'2'..=b'7' => c - b'2' + 26,
                _ => return None,
            };
            buf = (buf << 5) | u64::from(v);
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                out.push((buf >> bits) as u8);
                buf &= (1 << bits) - 1;
            }
        }
        Some(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn sha1_of_known_strings() {
            let hex = |b: [u8; 20]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
            assert_eq!(
                hex(sha1(b"abc")),
                "a9993e364706816aba3e25717850c26c9cd0d89d"
            );
            assert_eq!(hex(sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        }

        #[test]
        fn rfc6238_sha1_vectors() {
            let key = b"12345678901234567890";
            for (t, expected) in [
                (59u64, "94287082"),
                (1_111_111_109, "07081804"),
                (1_111_111_111, "14050471"),
                (1_234_567_890, "89005924"),
                (2_000_000_000, "69279037"),
                (20_000_000_000, "65353130"),
            ] {
                assert_eq!(code(key, t / 30, 8), expected, "t = {t}");
            }
        }

        #[test]
        fn base32_decodes() {
            assert_eq!(
                decode_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").as_deref(),
                Some(&b"12345678901234567890"[..])
            );
            assert_eq!(decode_base32("JBSWY3DPEHPK3PXP").map(|v| v.len()), Some(10));
            assert_eq!(decode_base32("abc"), None);
        }
    }
}
