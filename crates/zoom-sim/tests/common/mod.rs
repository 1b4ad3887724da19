//! Shared helpers for the simulator's integration tests: start a simulator,
//! get a token, call endpoints, page through lists.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;
use zoom_sim::{RunningSim, SimConfig, SimServer};

/// A started simulator and a client holding a token.
pub struct Harness {
    pub sim: RunningSim,
    pub http: reqwest::Client,
    pub token: String,
}

/// A response: status, headers, JSON body (Null when not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// Zoom's error code.
    pub fn code(&self) -> i64 {
        self.body["code"].as_i64().unwrap_or(-1)
    }
}

/// The default account with per-second limits off (daily limits still apply).
pub fn unlimited() -> SimConfig {
    SimConfig {
        qps_scale: 0.0,
        ..SimConfig::default()
    }
}

/// A fixed anchor for deterministic tests.
pub fn anchor() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
        .date_naive()
        .and_hms_opt(6, 0, 0)
        .unwrap()
        .and_utc()
}

pub async fn start(config: SimConfig) -> Harness {
    let sim = SimServer::start(config).await.expect("simulator starts");
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    let token = get_token(&http, &sim).await;
    Harness { sim, http, token }
}

pub async fn get_token(http: &reqwest::Client, sim: &RunningSim) -> String {
    let i = sim.info();
    let r = http
        .post(&i.oauth_url)
        .basic_auth(&i.client_id, Some(&i.client_secret))
        .query(&[
            ("grant_type", "account_credentials"),
            ("account_id", i.account_id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

impl Harness {
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Reply {
        self.send(
            self.http
                .get(format!("{}{}", self.sim.api_v2(), path))
                .query(query),
        )
        .await
    }

    pub async fn send(&self, rb: reqwest::RequestBuilder) -> Reply {
        let r = rb.bearer_auth(&self.token).send().await.unwrap();
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn raw(&self, path: &str, query: &[(&str, &str)]) -> String {
        self.http
            .get(format!("{}{}", self.sim.api_v2(), path))
            .query(query)
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Pages through a list until `next_page_token` is "" and returns every item.
    pub async fn all(&self, path: &str, query: &[(&str, &str)], key: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut token = String::new();
        for _ in 0..10_000 {
            let mut q: Vec<(&str, &str)> = query.to_vec();
            if !token.is_empty() {
                q.push(("next_page_token", &token));
            }
            let r = self.get(path, &q).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
            out.extend(r.body[key].as_array().unwrap().iter().cloned());
            token = r.body["next_page_token"].as_str().unwrap_or("").to_string();
            if token.is_empty() {
                return out;
            }
        }
        panic!("{path}: pagination does not end");
    }

    pub async fn stats(&self) -> Value {
        let r = self
            .http
            .get(format!("{}/_sim/stats", self.sim.info().api_url))
            .send()
            .await
            .unwrap();
        r.json().await.unwrap()
    }
}

/// Double URL-encodes a meeting UUID for a path segment, as Zoom requires.
pub fn double_encode(uuid: &str) -> String {
    encode(&encode(uuid))
}

/// Everything but RFC 3986's unreserved characters is escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// URL-encodes a path segment once.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}
