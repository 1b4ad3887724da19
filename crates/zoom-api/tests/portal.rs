//! The web-portal login (`WebPortal`) against zoom-sim's portal emulation:
//! a good sign-in, reads that agree with REST, sign-out; each refusal as its
//! own error kind; the boundary retry on an injected clock (no real waits);
//! and no secret, code, cookie or CSRF token in any error or log line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::{SecretSlice, SecretString};
use zoom_api::{
    Client, ClientConfig, ErrorKind, ManualClock, Plan, PortalConfig, PortalError, PortalErrorKind,
    PortalLogin, S2sCredentials, SettingsOption, Totp, WebPortal,
};
use zoom_sim::{RunningSim, SimConfig, SimServer};

/// Another valid key (not the simulator's).
const OTHER_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The bytes of a base32 key: what the settings validation hands over.
fn bytes(base32: &str) -> Vec<u8> {
    totp_rs::Secret::try_from_base32(base32)
        .unwrap()
        .as_bytes()
        .to_vec()
}

fn key(base32: &str) -> SecretSlice<u8> {
    SecretSlice::from(bytes(base32))
}

async fn sim() -> RunningSim {
    SimServer::start(SimConfig {
        qps_scale: 0.0,
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn config(sim: &RunningSim) -> PortalConfig {
    let i = sim.info();
    let mut c = PortalConfig::new(
        i.portal_url.clone(),
        i.username.clone(),
        SecretString::from(i.password.clone()),
        key(&i.totp_secret),
    );
    c.request_timeout = Duration::from_secs(5);
    c
}

/// Real wall time moved to `secs_into_window` seconds into the current
/// (or next) 30 s window.
fn at_window_second(secs_into_window: i64) -> DateTime<Utc> {
    let now = Utc::now().timestamp();
    let mut t = now - now.rem_euclid(30) + secs_into_window;
    if t < now {
        t += 30;
    }
    DateTime::from_timestamp(t, 0).unwrap()
}

/// A portal on a manual clock starting at `start`.
fn portal_at(config: PortalConfig, start: DateTime<Utc>) -> (WebPortal, ManualClock) {
    let clock = ManualClock::new(start);
    (
        WebPortal::with_clock(config, Arc::new(clock.clone())).unwrap(),
        clock,
    )
}

/// A portal whose clock is the simulator's, mid-window (no boundary retry).
fn open_portal(sim: &RunningSim, config: PortalConfig) -> (WebPortal, ManualClock) {
    let start = at_window_second(10);
    sim.set_portal_clock_offset(start.timestamp() - Utc::now().timestamp());
    portal_at(config, start)
}

fn rest_client(sim: &RunningSim) -> Client {
    let i = sim.info();
    let mut c = ClientConfig::new(S2sCredentials::new(
        i.account_id.clone(),
        i.client_id.clone(),
        SecretString::from(i.client_secret.clone()),
    ))
    .with_domain(&i.api_url);
    c.token_url = i.oauth_url.clone();
    c.plan = Plan::Business;
    Client::new(c).unwrap()
}

async fn stat(sim: &RunningSim, endpoint: &str) -> u64 {
    let s: serde_json::Value = reqwest::get(format!("{}/_sim/stats", sim.info().api_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    s["by_endpoint"][endpoint].as_u64().unwrap_or(0)
}

fn kind(r: Result<impl Sized, PortalError>) -> PortalErrorKind {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.kind,
    }
}

#[tokio::test]
async fn good_sign_in_reads_agree_with_rest_and_sign_out_ends_the_session() {
    let sim = sim().await;
    let (portal, clock) = open_portal(&sim, config(&sim));
    portal.sign_in().await.unwrap();
    assert!(clock.sleeps().is_empty());
    assert_eq!(sim.portal_signed_in_sessions(), 1);

    let billing = portal.billing().await.unwrap();
    let settings = portal.settings().await.unwrap();
    // One session for everything: one password, one code.
    portal.sign_in().await.unwrap();
    assert_eq!(stat(&sim, "POST /portal/signin").await, 1);
    assert_eq!(stat(&sim, "POST /portal/signin/two_factor").await, 1);

    let rest = rest_client(&sim);
    let usage = rest.accounts().plan_usage().await.unwrap();
    let rest_plans: Vec<_> = usage
        .plan_base
        .iter()
        .chain(&usage.plan_zoom_rooms)
        .chain(&usage.plan_webinar)
        .chain(&usage.plan_large_meeting)
        .map(|p| (p.plan_type.clone(), p.hosts, p.usage))
        .collect();
    let portal_plans: Vec<_> = billing
        .plans
        .iter()
        .map(|p| (p.plan_type.clone(), p.quantity, p.usage))
        .collect();
    assert_eq!(portal_plans, rest_plans);
    assert_eq!(billing.account_plan.as_deref(), Some("Business"));
    assert!(
        billing
            .plans
            .iter()
            .all(|p| p.next_billing_date.is_some() && p.status.as_deref() == Some("active"))
    );

    let rest_settings = rest.accounts().settings(SettingsOption::All).await.unwrap();
    let rest_settings = serde_json::to_value(&rest_settings).unwrap();
    let mut compared = 0;
    for (section, values) in &settings.settings {
        for (name, setting) in values {
            assert_eq!(
                setting.value, rest_settings[section][name],
                "{section}.{name}"
            );
            compared += 1;
        }
    }
    assert!(compared > 20, "{compared} settings compared");
    assert!(
        settings.settings["security"]
            .values()
            .all(|s| s.locked == Some(true))
    );

    portal.sign_out().await.unwrap();
    assert_eq!(sim.portal_signed_in_sessions(), 0);
    assert_eq!(stat(&sim, "POST /portal/signout").await, 1);
    assert_eq!(
        kind(portal.billing().await),
        PortalErrorKind::SessionExpired
    );
    // Signing out twice sends nothing more.
    portal.sign_out().await.unwrap();
    assert_eq!(stat(&sim, "POST /portal/signout").await, 1);
}

#[tokio::test]
async fn a_session_ended_by_the_portal_is_session_expired_without_a_new_sign_in() {
    let sim = sim().await;
    let (portal, _) = open_portal(&sim, config(&sim));
    portal.billing().await.unwrap();
    sim.expire_portal_sessions();
    let err = portal.settings().await.unwrap_err();
    assert_eq!(err.kind, PortalErrorKind::SessionExpired, "{err}");
    assert_eq!(zoom_api::Error::from(err).kind(), ErrorKind::Transient);
    assert_eq!(
        kind(portal.billing().await),
        PortalErrorKind::SessionExpired
    );
    assert_eq!(stat(&sim, "POST /portal/signin").await, 1);
    assert_eq!(stat(&sim, "GET /portal/account/billing").await, 1);
    portal.sign_out().await.unwrap();
    assert_eq!(stat(&sim, "POST /portal/signout").await, 0);
}

#[tokio::test]
async fn csrf_token_from_csrf_js_when_the_page_has_none() {
    let sim = sim().await;
    sim.set_portal_csrf_in_page(false);
    let (portal, _) = open_portal(&sim, config(&sim));
    portal.sign_in().await.unwrap();
    assert_eq!(stat(&sim, "POST /portal/csrf_js").await, 1);
    portal.settings().await.unwrap();
    portal.sign_out().await.unwrap();
}

#[tokio::test]
async fn the_client_codes_match_the_simulators_own_totp() {
    let sim = sim().await;
    let totp = Totp::new(&bytes(&sim.info().totp_secret));
    for t in [
        0_i64,
        59,
        1_111_111_109,
        1_700_000_000,
        Utc::now().timestamp(),
    ] {
        assert_eq!(totp.code_at(t as u64), sim.portal_totp_code(t), "t = {t}");
    }
}

#[tokio::test]
async fn wrong_password_fails_once_and_is_never_retried() {
    let sim = sim().await;
    let mut c = config(&sim);
    c.password = SecretString::from("not-the-password".to_owned());
    let (portal, _) = open_portal(&sim, c);
    let err = portal.sign_in().await.unwrap_err();
    assert_eq!(err.kind, PortalErrorKind::WrongPassword);
    assert_eq!(zoom_api::Error::from(err.clone()).kind(), ErrorKind::Auth);
    // Reads and a second sign-in give the same error without a second attempt.
    assert_eq!(kind(portal.sign_in().await), PortalErrorKind::WrongPassword);
    assert_eq!(
        kind(portal.settings().await),
        PortalErrorKind::WrongPassword
    );
    assert_eq!(stat(&sim, "POST /portal/signin").await, 1);
    assert!(!sim.portal_locked());
    portal.sign_out().await.unwrap();
}

#[tokio::test]
async fn wrong_totp_secret_is_wrong_code_without_waiting_mid_window() {
    let sim = sim().await;
    let mut c = config(&sim);
    c.totp_secret = key(OTHER_SECRET);
    let (portal, clock) = open_portal(&sim, c);
    let err = portal.sign_in().await.unwrap_err();
    assert_eq!(err.kind, PortalErrorKind::WrongCode, "{err}");
    assert_eq!(err.step, "POST /signin/two_factor");
    assert!(clock.sleeps().is_empty());
    assert_eq!(stat(&sim, "POST /portal/signin/two_factor").await, 1);
}

#[tokio::test]
async fn a_code_refused_at_the_window_boundary_is_retried_once_in_the_next_window() {
    let sim = sim().await;
    // The client makes its code 2 s before its window ends; the portal's
    // clock is already two windows on, so it refuses that code and accepts
    // the next window's (its previous one).
    let start = at_window_second(28);
    let window = start.timestamp() / 30;
    sim.set_portal_clock_offset((window + 2) * 30 + 5 - Utc::now().timestamp());
    let (portal, clock) = portal_at(config(&sim), start);
    portal.sign_in().await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1);
    assert!(
        sleeps[0] >= Duration::from_secs(2) && sleeps[0] < Duration::from_secs(3),
        "{sleeps:?}"
    );
    assert_eq!(stat(&sim, "POST /portal/signin/two_factor").await, 2);
    portal.sign_out().await.unwrap();
}

#[tokio::test]
async fn a_wrong_secret_at_the_boundary_is_tried_twice_then_wrong_code() {
    let sim = sim().await;
    let start = at_window_second(29);
    sim.set_portal_clock_offset(start.timestamp() - Utc::now().timestamp());
    let mut c = config(&sim);
    c.totp_secret = key(OTHER_SECRET);
    let (portal, clock) = portal_at(c, start);
    let err = portal.sign_in().await.unwrap_err();
    assert_eq!(err.kind, PortalErrorKind::WrongCode);
    assert!(err.detail.contains("also in the next window"), "{err}");
    assert_eq!(clock.sleeps().len(), 1);
    assert_eq!(stat(&sim, "POST /portal/signin/two_factor").await, 2);
}

#[tokio::test]
async fn lockout_is_its_own_error() {
    let sim = sim().await;
    for _ in 0..5 {
        let mut c = config(&sim);
        c.password = SecretString::from("wrong".to_owned());
        let (portal, _) = open_portal(&sim, c);
        assert_eq!(kind(portal.sign_in().await), PortalErrorKind::WrongPassword);
    }
    assert!(sim.portal_locked());
    let (portal, _) = open_portal(&sim, config(&sim));
    let err = portal.sign_in().await.unwrap_err();
    assert_eq!(err.kind, PortalErrorKind::AccountLocked);
    assert!(err.to_string().contains("unlock"), "{err}");
}

#[tokio::test]
async fn captcha_and_sso_only_are_their_own_errors() {
    let sim = sim().await;
    sim.set_portal_captcha(true);
    let (portal, _) = open_portal(&sim, config(&sim));
    assert_eq!(
        kind(portal.sign_in().await),
        PortalErrorKind::CaptchaRequired
    );
    sim.set_portal_captcha(false);
    sim.set_portal_sso_only(true);
    let (portal, _) = open_portal(&sim, config(&sim));
    let err = portal.sign_in().await.unwrap_err();
    assert_eq!(err.kind, PortalErrorKind::SsoOnly);
    assert_eq!(zoom_api::Error::from(err).kind(), ErrorKind::Auth);
    assert!(!sim.portal_locked());
}

#[tokio::test]
async fn unreachable_portal_and_bad_settings() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut c = PortalConfig::new(
        format!("http://127.0.0.1:{port}"),
        "admin@example.com",
        SecretString::from("pw".to_owned()),
        key(OTHER_SECRET),
    );
    c.connect_timeout = Duration::from_secs(2);
    let portal = WebPortal::new(c.clone()).unwrap();
    let err = portal.sign_in().await.unwrap_err();
    assert_eq!(err.kind, PortalErrorKind::Unreachable, "{err}");
    assert_eq!(zoom_api::Error::from(err).kind(), ErrorKind::Transient);

    let mut bad = c.clone();
    bad.totp_secret = SecretSlice::from(Vec::new());
    assert_eq!(kind(WebPortal::new(bad)), PortalErrorKind::Config);
    let mut bad = c.clone();
    bad.portal_url = "acme.zoom.us".into();
    assert_eq!(kind(WebPortal::new(bad)), PortalErrorKind::Config);
    let mut bad = c;
    bad.password = SecretString::from(String::new());
    assert_eq!(kind(WebPortal::new(bad)), PortalErrorKind::Config);
}

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// Whether `text` holds a run of `n` hex digits (the simulator's session ids
/// and CSRF tokens are 32).
fn has_hex_run(text: &str, n: usize) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_ascii_hexdigit() { run + 1 } else { 0 };
        if run >= n {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn no_secret_code_cookie_or_csrf_token_in_errors_or_logs() {
    // A global subscriber (a scoped one misses events whose callsites other
    // tests' threads registered first); it also sees the other tests' portals.
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let sim = sim().await;
    let info = sim.info().clone();
    let mut texts = Vec::new();
    fn record(texts: &mut Vec<String>, portal: &WebPortal, r: Result<(), PortalError>) {
        texts.push(format!("{portal:?}"));
        if let Err(e) = r {
            texts.push(e.to_string());
            texts.push(format!("{e:?}"));
            let e = zoom_api::Error::from(e);
            texts.push(e.to_string());
            texts.push(format!("{e:?}"));
        }
    }
    // Success, boundary retry, wrong code, wrong password, captcha, SSO, lockout.
    let (p, _) = open_portal(&sim, config(&sim));
    let r = p.sign_in().await;
    record(&mut texts, &p, r);
    let _ = p.settings().await;
    let r = p.sign_out().await;
    record(&mut texts, &p, r);
    let start = at_window_second(29);
    sim.set_portal_clock_offset(start.timestamp() - Utc::now().timestamp());
    let mut c = config(&sim);
    c.totp_secret = key(OTHER_SECRET);
    let (p, _) = portal_at(c.clone(), start);
    let r = p.sign_in().await;
    record(&mut texts, &p, r);
    texts.push(format!("{c:?}"));
    let mut c = config(&sim);
    c.password = SecretString::from("Wr0ng-Pa55word!".to_owned());
    let (p, _) = open_portal(&sim, c);
    let r = p.sign_in().await;
    record(&mut texts, &p, r);
    sim.set_portal_captcha(true);
    let (p, _) = open_portal(&sim, config(&sim));
    let r = p.sign_in().await;
    record(&mut texts, &p, r);
    sim.set_portal_captcha(false);
    sim.set_portal_sso_only(true);
    let (p, _) = open_portal(&sim, config(&sim));
    let r = p.sign_in().await;
    record(&mut texts, &p, r);
    sim.set_portal_sso_only(false);
    sim.set_portal_lockout_after(1);
    let mut c = config(&sim);
    c.password = SecretString::from("x".to_owned());
    let (p, _) = open_portal(&sim, c);
    let r = p.sign_in().await;
    record(&mut texts, &p, r);
    let (p, _) = open_portal(&sim, config(&sim));
    let r = p.sign_in().await;
    record(&mut texts, &p, r);
    texts.push(format!("{:?}", Totp::new(&bytes(&info.totp_secret))));

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("signing in"), "tracing was not captured");
    texts.push(logs);
    let now = Utc::now().timestamp();
    let mut forbidden = vec![
        info.password.clone(),
        info.totp_secret.clone(),
        info.totp_secret.to_lowercase(),
        info.totp_secret[..16].to_string(),
        OTHER_SECRET.to_string(),
        "Wr0ng-Pa55word!".to_string(),
        "zm_session".to_string(),
        "ZOOM-CSRFTOKEN".to_string(),
    ];
    for back in -6..=6 {
        forbidden.push(sim.portal_totp_code(now + back * 30));
        forbidden.push(Totp::new(&bytes(OTHER_SECRET)).code_at((now + back * 30) as u64));
    }
    for text in &texts {
        for secret in &forbidden {
            assert!(
                !text.contains(secret.as_str()),
                "{secret:?} leaked into: {text}"
            );
        }
        assert!(
            !has_hex_run(text, 24),
            "a token-like value leaked into: {text}"
        );
    }
}
