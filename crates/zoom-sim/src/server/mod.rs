//! The HTTP server: axum on hyper/tokio, bound to loopback.
//!
//! Routes: the Zoom API under `/v2`, the token endpoint at `/oauth/token`,
//! simulator endpoints under `/_sim`; the portal-login emulation under
//! `/portal` (see [`portal`]). Every API request passes the gate: statistics,
//! faults, bearer token, scope, plan, rate limit — in that order.

pub(crate) mod auth;
pub(crate) mod endpoints;
pub(crate) mod handlers;
pub(crate) mod listener;
pub(crate) mod overlay;
pub(crate) mod pagination;
pub(crate) mod portal;
pub(crate) mod ratelimit;
pub(crate) mod response;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use serde::Serialize;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::error::Error;
use crate::faults::Outcome;
use crate::model::Account;
use crate::rng::{Gen, Stream};
use crate::truth::Truth;
use endpoints::{Category, Gate};
use overlay::Overlay;
use ratelimit::RateLimiter;
use response::ZoomError;

/// What a client needs to connect: the ready line of DESIGN §9.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReadyInfo {
    /// API base without `/v2` (the adapter's `domain`).
    pub api_url: String,
    /// Full token URL.
    pub oauth_url: String,
    /// Base URL of the portal emulation.
    pub portal_url: String,
    /// S2S account id.
    pub account_id: String,
    /// S2S client id.
    pub client_id: String,
    /// S2S client secret.
    pub client_secret: String,
    /// Portal user name.
    pub username: String,
    /// Portal password.
    pub password: String,
    /// Portal TOTP secret (base32).
    pub totp_secret: String,
}

/// Client credentials the token endpoint accepts.
#[derive(Debug, Clone)]
pub(crate) struct Credentials {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
}

/// Counters served at `GET /_sim/stats`.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) requests_total: u64,
    pub(crate) by_endpoint: BTreeMap<String, u64>,
    pub(crate) by_category: BTreeMap<String, u64>,
    pub(crate) rate_limited: u64,
    pub(crate) tokens_issued: u64,
}

/// Per-request flags the gate hands to handlers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flags {
    /// Treat a presented page token as expired (fault).
    pub(crate) expire_page_token: bool,
}

/// The shared state of one simulator.
#[derive(Debug)]
pub(crate) struct Sim {
    pub(crate) acc: Account,
    pub(crate) cfg: SimConfig,
    pub(crate) info: ReadyInfo,
    pub(crate) creds: Credentials,
    pub(crate) scopes: Vec<String>,
    pub(crate) overlay: Mutex<Overlay>,
    pub(crate) tokens: Mutex<auth::Tokens>,
    pub(crate) limiter: Mutex<RateLimiter>,
    pub(crate) stats: Mutex<Stats>,
    pub(crate) page_tokens: pagination::PageTokens,
    pub(crate) connections: Arc<listener::Connections>,
    pub(crate) portal: portal::PortalState,
    requests: AtomicU64,
}

impl Sim {
    /// The page-token lifetime.
    pub(crate) fn page_ttl(&self) -> Duration {
        Duration::from_secs(self.cfg.page_token_ttl_secs)
    }
}

/// Locks a mutex, recovering the data if a holder panicked.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts simulators.
#[derive(Debug, Clone, Copy)]
pub struct SimServer;

/// A running simulator: its URLs and credentials, and a way to stop it.
#[derive(Debug)]
pub struct RunningSim {
    info: ReadyInfo,
    sim: Arc<Sim>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), std::io::Error>>,
}

impl SimServer {
    /// Generates the account and starts serving it on `config.listen`.
    pub async fn start(config: SimConfig) -> Result<RunningSim, Error> {
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|source| Error::Listen {
                addr: config.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| Error::Listen {
            addr: config.listen,
            source,
        })?;
        let sim = Arc::new(build(config, &format!("http://{addr}")));
        let app = router(sim.clone()).into_make_service_with_connect_info::<listener::Peer>();
        let listener = listener::SimListener::new(listener, sim.connections.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await
        });
        Ok(RunningSim {
            info: sim.info.clone(),
            sim,
            stop: Some(tx),
            task,
        })
    }
}

/// Builds the state of a simulator served at `base`.
pub(crate) fn build(config: SimConfig, base: &str) -> Sim {
    let anchor = config.anchor.unwrap_or_else(|| {
        let now = Utc::now();
        now - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&now)))
    });
    let acc = Account::new(config.seed, config.counts, anchor);
    let mut g = Gen::new(config.seed, Stream::Account, 1);
    let creds = Credentials {
        client_id: g.chars(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            22,
        ),
        client_secret: g.chars(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            32,
        ),
    };
    let info = ReadyInfo {
        api_url: base.to_string(),
        oauth_url: format!("{base}/oauth/token"),
        portal_url: format!("{base}/portal"),
        account_id: acc.account_id.clone(),
        client_id: creds.client_id.clone(),
        client_secret: creds.client_secret.clone(),
        username: format!("sim-admin@{}", crate::model::DOMAIN),
        password: g.chars(
            b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+",
            34,
        ),
        totp_secret: g.chars(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32),
    };
    let scopes = config.scopes.clone().unwrap_or_else(endpoints::all_scopes);
    let limiter = RateLimiter::new(config.plan, config.daily_limits, config.qps_scale);
    Sim {
        acc,
        info,
        creds,
        scopes,
        overlay: Mutex::new(Overlay::default()),
        tokens: Mutex::new(auth::Tokens::default()),
        limiter: Mutex::new(limiter),
        stats: Mutex::new(Stats::default()),
        page_tokens: pagination::PageTokens::default(),
        connections: Arc::new(listener::Connections::default()),
        portal: portal::PortalState::default(),
        requests: AtomicU64::new(0),
        cfg: config,
    }
}

/// The router of a simulator.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    use handlers as h;
    let api = Router::new()
        .route("/users", get(h::list_users).post(h::create_user))
        .route("/users/{user_id}", get(h::get_user).delete(h::delete_user))
        .route("/users/{user_id}/settings", get(h::user_settings))
        .route("/groups", get(h::list_groups))
        .route("/groups/{group_id}/members", post(h::add_members))
        .route(
            "/groups/{group_id}/members/{member_id}",
            axum::routing::delete(h::remove_member),
        )
        .route("/h323/devices", get(h::h323_devices))
        .route("/rooms", get(h::list_rooms))
        .route("/rooms/{room_id}/devices", get(h::room_devices))
        .route("/metrics/zoomrooms", get(h::dashboard_rooms))
        .route("/metrics/meetings", get(h::dashboard_meetings))
        .route(
            "/metrics/meetings/{meeting_id}/participants",
            get(h::participants),
        )
        .route("/devices", get(h::zdm_devices))
        .route("/report/operationlogs", get(h::operation_logs))
        .route("/report/activities", get(h::sign_in_logs))
        .route("/accounts/{account_id}/settings", get(h::account_settings))
        .route("/accounts/{account_id}/plans/usage", get(h::plan_usage))
        .route("/chat/users/{user_id}/messages", post(h::send_message))
        .route_layer(axum::middleware::from_fn_with_state(sim.clone(), gate))
        .fallback(|| async { ZoomError::new(StatusCode::NOT_FOUND, 404, "Not Found.") });
    Router::new()
        .nest("/v2", api)
        .nest("/portal", portal::router())
        .route("/oauth/token", post(auth::token))
        .route("/_sim/stats", get(stats))
        .route("/_sim/messages", get(h::sim_messages))
        .with_state(sim)
}

/// `GET /_sim/stats` (not counted).
async fn stats(State(sim): State<Arc<Sim>>) -> Response {
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

fn header(v: &str) -> HeaderValue {
    HeaderValue::from_str(v).unwrap_or_else(|_| HeaderValue::from_static("?"))
}

/// The gate every API request passes.
async fn gate(State(sim): State<Arc<Sim>>, mut req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let Some(ep) = endpoints::lookup(req.method().as_str(), &route) else {
        return ZoomError::new(StatusCode::NOT_FOUND, 404, "Not Found.").into_response();
    };
    let n = sim.requests.fetch_add(1, Ordering::SeqCst) + 1;
    {
        let mut s = lock(&sim.stats);
        s.requests_total += 1;
        *s.by_endpoint.entry(ep.key.to_string()).or_default() += 1;
        *s.by_category
            .entry(ep.category.label().to_string())
            .or_default() += 1;
    }
    let draw = sim.cfg.faults.draw(sim.acc.seed, n, sim.cfg.latency_ms);
    if !draw.delay.is_zero() {
        tokio::time::sleep(draw.delay).await;
    }
    if draw.outcome == Outcome::Drop {
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<listener::Peer>>()
            .map(|c| c.0.0);
        if peer.is_some_and(|p| sim.connections.kill(p)) {
            // The connection closes on the first write: no byte of this response is sent.
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    if let Outcome::Status(code) = draw.outcome {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let msg = if code == 503 {
            "Service Unavailable."
        } else {
            "Internal Server Error."
        };
        return ZoomError::new(status, u32::from(code), msg).into_response();
    }
    // Bearer token.
    {
        let mut tokens = lock(&sim.tokens);
        if draw.revoke_tokens {
            tokens.revoke_all();
        }
        let bearer = req
            .headers()
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .unwrap_or("")
            .trim()
            .to_string();
        if let Err(e) = tokens.check(&bearer, Instant::now()) {
            return e.into_response();
        }
    }
    // Scope.
    if !ep.scopes.iter().any(|s| sim.scopes.iter().any(|g| g == s)) {
        let names = ep.scopes.join(",");
        return ZoomError::new(
            StatusCode::BAD_REQUEST,
            4700,
            format!("Invalid access token, does not contain scopes:[{names}]."),
        )
        .into_response();
    }
    // Plan.
    if sim.cfg.plan < ep.gate.min_plan() {
        let msg = match ep.gate {
            Gate::Dashboard => {
                "Only available for paid accounts that have dashboard feature enabled.".to_string()
            }
            _ => format!("Only available for paid account: {}.", sim.acc.account_id),
        };
        return ZoomError::new(StatusCode::BAD_REQUEST, 200, msg).into_response();
    }
    // Rate limit.
    let verdict = lock(&sim.limiter).check(ep.category, Instant::now(), Utc::now().date_naive());
    let served = match verdict {
        Ok(s) => s,
        Err(l) => {
            lock(&sim.stats).rate_limited += 1;
            return too_many(ep.category, &l);
        }
    };
    req.extensions_mut().insert(Flags {
        expire_page_token: draw.expire_page_token,
    });
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert("X-RateLimit-Category", header(ep.category.label()));
    if let Some((limit, remaining)) = served.daily {
        h.insert("X-RateLimit-Limit", header(&limit.to_string()));
        h.insert("X-RateLimit-Remaining", header(&remaining.to_string()));
    }
    body_fault(resp, draw.outcome).await
}

fn too_many(c: Category, l: &ratelimit::Limited) -> Response {
    let message = if l.kind == "QPS" {
        "You have reached the maximum per-second rate limit for this API. Try again later."
            .to_string()
    } else {
        // Guessed wording: Zoom's account-wide daily message is not documented.
        format!(
            "You have exceeded the daily rate limit ({}) of {} API requests permitted for this account. You may resume these requests at GMT 00:00:00.",
            l.limit,
            c.label()
        )
    };
    let mut resp = ZoomError::new(StatusCode::TOO_MANY_REQUESTS, 429, message).into_response();
    let h = resp.headers_mut();
    h.insert("X-RateLimit-Category", header(c.label()));
    h.insert("X-RateLimit-Type", header(l.kind));
    h.insert("X-RateLimit-Limit", header(&l.limit.to_string()));
    h.insert("X-RateLimit-Remaining", header("0"));
    h.insert("Retry-After", header(&l.retry_after));
    resp
}

/// Applies a body fault to a finished response.
async fn body_fault(resp: Response, outcome: Outcome) -> Response {
    if matches!(outcome, Outcome::None | Outcome::Status(_)) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let broken = || std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "simulated fault");
    match outcome {
        Outcome::Drop => {
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            let stream = futures::stream::iter([Err::<Bytes, _>(broken())]);
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Outcome::Truncate => {
            let half = bytes.slice(0..bytes.len() / 2);
            parts.headers.insert(
                axum::http::header::CONTENT_LENGTH,
                header(&bytes.len().to_string()),
            );
            let stream = futures::stream::iter([Ok(half), Err(broken())]);
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Outcome::Malformed => {
            let mut v = bytes.slice(0..bytes.len() / 2).to_vec();
            v.extend_from_slice(b"<!-- upstream connect error -->");
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(v))
        }
        Outcome::SlowBody => {
            let chunk = bytes.len().div_ceil(10).max(1);
            let pieces: Vec<Bytes> = (0..bytes.len())
                .step_by(chunk)
                .map(|i| bytes.slice(i..(i + chunk).min(bytes.len())))
                .collect();
            let stream = futures::stream::unfold(pieces.into_iter(), |mut it| async move {
                let next = it.next()?;
                tokio::time::sleep(Duration::from_millis(200)).await;
                Some((Ok::<Bytes, std::io::Error>(next), it))
            });
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Outcome::None | Outcome::Status(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

impl RunningSim {
    /// URLs and credentials (the ready line).
    pub fn info(&self) -> &ReadyInfo {
        &self.info
    }

    /// The instant the data is relative to (the start time unless configured).
    pub fn anchor(&self) -> chrono::DateTime<Utc> {
        self.sim.acc.anchor
    }

    /// The API base with `/v2` (convenient for tests).
    pub fn api_v2(&self) -> String {
        format!("{}/v2", self.info.api_url)
    }

    /// The expected record counts for default settings and each variant.
    pub fn truth(&self) -> Truth {
        crate::truth::compute(&self.sim.acc)
    }

    /// Waits until the server stops (it runs until [`RunningSim::shutdown`] or an error).
    pub async fn wait(mut self) -> Result<(), Error> {
        let task = std::mem::replace(&mut self.task, tokio::spawn(async { Ok(()) }));
        match task.await {
            Ok(r) => r.map_err(Error::Serve),
            Err(e) => Err(Error::Serve(std::io::Error::other(e.to_string()))),
        }
    }

    /// Stops the server gracefully and waits for it.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.wait().await
    }
}
