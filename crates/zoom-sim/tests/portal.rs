//! The portal emulation under `/portal`: sign-in form with CSRF, password,
//! TOTP (current and previous window), lockout, captcha and SSO-only modes,
//! data behind the session, sign-out, stats.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use serde_json::Value;
use zoom_sim::{RunningSim, SimConfig, SimServer};

struct Browser {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

fn csrf_of(page: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let at = page.find(marker).unwrap() + marker.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

impl Browser {
    async fn open(sim: &RunningSim) -> Browser {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let base = sim.info().portal_url.clone();
        let page = http
            .get(format!("{base}/signin"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("<meta name=\"csrf-token\""));
        Browser {
            http,
            base,
            csrf: csrf_of(&page),
        }
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Value) {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &self.csrf));
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn password(&self, sim: &RunningSim, password: &str) -> Value {
        let user = sim.info().username.clone();
        self.post("/signin", &[("email", &user), ("password", password)])
            .await
            .1
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn sim() -> RunningSim {
    SimServer::start(SimConfig::default()).await.unwrap()
}

#[tokio::test]
async fn good_sign_in_reads_and_signs_out() {
    let sim = sim().await;
    let b = Browser::open(&sim).await;
    assert_eq!(b.get("/account/billing").await.status(), StatusCode::FOUND);
    let pw = sim.info().password.clone();
    let a = b.password(&sim, &pw).await;
    assert_eq!(a["status"], true);
    assert_eq!(a["next"], "two_factor");
    let (_, a) = b
        .post(
            "/signin/two_factor",
            &[("code", &sim.portal_totp_code(now()))],
        )
        .await;
    assert_eq!(a["status"], true, "{a}");
    assert_eq!(sim.portal_signed_in_sessions(), 1);

    let billing: Value = b.get("/account/billing").await.json().await.unwrap();
    assert_eq!(billing["account_plan"], "Business");
    assert_eq!(billing["plans"].as_array().unwrap().len(), 4);
    assert_eq!(billing["plans"][0]["type"], "monthly");
    let settings: Value = b.get("/account/settings").await.json().await.unwrap();
    assert_eq!(settings["settings"]["in_meeting"]["chat"]["value"], true);
    assert_eq!(
        settings["settings"]["security"]["hide_billing_info"]["locked"],
        true
    );

    let (status, a) = b.post("/signout", &[]).await;
    assert_eq!(
        (status, a["status"].clone()),
        (StatusCode::OK, Value::Bool(true))
    );
    assert_eq!(sim.portal_signed_in_sessions(), 0);
    assert_eq!(b.get("/account/settings").await.status(), StatusCode::FOUND);

    let stats: Value = reqwest::get(format!("{}/_sim/stats", sim.info().api_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["by_endpoint"]["POST /portal/signin"], 1);
    assert_eq!(stats["by_endpoint"]["GET /portal/account/settings"], 2);
    assert_eq!(stats["requests_total"], 0);
}

#[tokio::test]
async fn previous_window_is_accepted_older_is_not() {
    let sim = sim().await;
    let pw = sim.info().password.clone();
    let b = Browser::open(&sim).await;
    b.password(&sim, &pw).await;
    if 30 - now() % 30 < 3 {
        // Not across a window change between making the code and checking it.
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    }
    let (_, a) = b
        .post(
            "/signin/two_factor",
            &[("code", &sim.portal_totp_code(now() - 60))],
        )
        .await;
    assert_eq!(a["errorCode"], 1010);
    let (_, a) = b
        .post(
            "/signin/two_factor",
            &[("code", &sim.portal_totp_code(now() - 30))],
        )
        .await;
    assert_eq!(a["status"], true, "{a}");
}

#[tokio::test]
async fn csrf_is_required() {
    let sim = sim().await;
    let mut b = Browser::open(&sim).await;
    b.csrf = "forged".into();
    let (status, a) = b
        .post("/signin", &[("email", "x"), ("password", "y")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(a["errorCode"], 1006);
}

#[tokio::test]
async fn repeated_failures_lock_the_account() {
    let sim = sim().await;
    for _ in 0..5 {
        let b = Browser::open(&sim).await;
        assert_eq!(b.password(&sim, "wrong").await["errorCode"], 1001);
    }
    assert!(sim.portal_locked());
    let pw = sim.info().password.clone();
    let b = Browser::open(&sim).await;
    assert_eq!(b.password(&sim, &pw).await["errorCode"], 1002);
    sim.unlock_portal();
    assert_eq!(b.password(&sim, &pw).await["status"], true);
}

#[tokio::test]
async fn captcha_and_sso_modes() {
    let sim = sim().await;
    let pw = sim.info().password.clone();
    sim.set_portal_captcha(true);
    let b = Browser::open(&sim).await;
    let page = b.get("/signin").await.text().await.unwrap();
    assert!(page.contains("g-recaptcha"));
    assert_eq!(b.password(&sim, &pw).await["errorCode"], 1003);
    sim.set_portal_captcha(false);
    sim.set_portal_sso_only(true);
    assert_eq!(b.password(&sim, &pw).await["errorCode"], 1004);
    assert!(!sim.portal_locked());
}
