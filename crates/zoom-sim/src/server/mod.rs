//! The HTTP server: axum on hyper/tokio, bound to loopback.
//!
//! Routes: the Zoom API under `/v2`, the token endpoint at `/oauth/token`,
//! simulator endpoints under `/_sim`; the portal-login emulation under
//! `/portal` (see [`portal`]). Every API request passes the gate: statistics,
//! faults, bearer token, scope, plan, rate limit — in that order.

pub(crate) mod auth;
pub(crate) mod endpoints;
pub(crate) mod gate;
pub(crate) mod handlers;
pub(crate) mod listener;
pub(crate) mod overlay;
pub(crate) mod pagination;
pub(crate) mod portal;
pub(crate) mod ratelimit;
pub(crate) mod response;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::error::Error;
use crate::model::activity::ActivityTruth;
use crate::model::{Account, deletions};
use crate::rng::{Gen, Stream};
use crate::time::Clock;
use crate::truth::Truth;
use overlay::Overlay;
use ratelimit::RateLimiter;
use response::ZoomError;

/// What a client needs to connect: the ready line (docs/operations.md, "Starting it").
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
    /// The simulated time every handler reads.
    pub(crate) clock: Clock,
    requests: AtomicU64,
}

impl Sim {
    /// The simulated time now.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Moves the clock to `to` (never backwards, never past the horizon) and
    /// deletes the users scheduled in between, through the overlay (as DELETE /users does).
    pub(crate) fn set_clock(&self, to: DateTime<Utc>) -> Result<(), Error> {
        // The overlay lock serialises clock moves.
        let mut ov = lock(&self.overlay);
        let from = self.clock.now();
        self.clock.check(from, to)?;
        for i in deletions::between(&self.acc.deletions, from, to) {
            ov.delete(&self.acc, overlay::UserRef::Base(i));
        }
        self.clock.store(to);
        Ok(())
    }

    /// The truth at the clock, with the groups and roles as listed now
    /// (the clock and the overlay read under one lock).
    pub(crate) fn truth(&self) -> Truth {
        let (now, directory) = {
            let ov = lock(&self.overlay);
            (self.clock.now(), ov.directory(&self.acc))
        };
        crate::truth::compute(&self.acc, now, directory)
    }

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
        let sim = Arc::new(build(config, &format!("http://{addr}"))?);
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

/// Builds the state of a simulator served at `base` (a config error when the
/// clock lies outside anchor ..= anchor + `FUTURE_DAYS`).
pub(crate) fn build(config: SimConfig, base: &str) -> Result<Sim, Error> {
    let anchor = config.anchor.unwrap_or_else(|| {
        let now = Utc::now();
        now - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&now)))
    });
    let clock = Clock::new(anchor, config.clock)?;
    let acc = Account::new(config.seed, config.counts, anchor);
    let mut ov = Overlay::default();
    for i in deletions::between(&acc.deletions, anchor, clock.now()) {
        ov.delete(&acc, overlay::UserRef::Base(i));
    }
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
    let scopes = config
        .scopes
        .clone()
        .unwrap_or_else(|| endpoints::all_scopes(config.scope_family));
    let limiter = RateLimiter::new(config.plan, config.daily_limits, config.qps_scale);
    Ok(Sim {
        acc,
        info,
        creds,
        scopes,
        overlay: Mutex::new(ov),
        tokens: Mutex::new(auth::Tokens::default()),
        limiter: Mutex::new(limiter),
        stats: Mutex::new(Stats::default()),
        page_tokens: pagination::PageTokens::default(),
        connections: Arc::new(listener::Connections::default()),
        portal: portal::PortalState::default(),
        clock,
        requests: AtomicU64::new(0),
        cfg: config,
    })
}

/// The router of a simulator.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    use handlers::{accounts, chat, dashboard, devices, groups, reports, roles, rooms, users};
    let api = Router::new()
        .route("/users", get(users::list_users).post(users::create_user))
        .route(
            "/users/{user_id}",
            get(users::get_user).delete(users::delete_user),
        )
        .route("/users/{user_id}/settings", get(users::user_settings))
        .route("/groups", get(groups::list_groups))
        .route(
            "/groups/{group_id}/members",
            get(groups::list_members).post(groups::add_members),
        )
        .route(
            "/groups/{group_id}/members/{member_id}",
            axum::routing::delete(groups::remove_member),
        )
        .route("/roles", get(roles::list_roles))
        .route("/roles/{role_id}", get(roles::get_role))
        .route("/roles/{role_id}/members", get(roles::list_members))
        .route("/h323/devices", get(devices::h323_devices))
        .route("/rooms", get(rooms::list_rooms))
        .route("/rooms/{room_id}/devices", get(rooms::room_devices))
        .route("/metrics/zoomrooms", get(dashboard::dashboard_rooms))
        .route("/metrics/meetings", get(dashboard::dashboard_meetings))
        .route(
            "/metrics/meetings/{meeting_id}/participants",
            get(dashboard::participants),
        )
        .route("/devices", get(devices::zdm_devices))
        .route("/report/operationlogs", get(reports::operation_logs))
        .route("/report/activities", get(reports::sign_in_logs))
        .route(
            "/accounts/{account_id}/settings",
            get(accounts::account_settings),
        )
        .route(
            "/accounts/{account_id}/plans/usage",
            get(accounts::plan_usage),
        )
        .route("/chat/users/{user_id}/messages", post(chat::send_message))
        .route_layer(axum::middleware::from_fn_with_state(
            sim.clone(),
            gate::gate,
        ))
        .fallback(|| async { ZoomError::new(StatusCode::NOT_FOUND, 404, "Not Found.") });
    Router::new()
        .nest("/v2", api)
        .nest("/portal", portal::router())
        .route("/oauth/token", post(auth::token))
        .route("/_sim/stats", get(handlers::sim::stats))
        .route("/_sim/messages", get(handlers::sim::messages))
        .route(
            "/_sim/clock",
            get(handlers::sim::clock).post(handlers::sim::set_clock),
        )
        .route("/_sim/truth", get(handlers::sim::truth))
        .route(
            "/_sim/truth/activities",
            get(handlers::sim::truth_activities),
        )
        .with_state(sim)
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

    /// The simulated time now (starts at `SimConfig::clock`, default the anchor).
    pub fn clock(&self) -> DateTime<Utc> {
        self.sim.now()
    }

    /// Moves the simulated time to `now`, as `POST /_sim/clock` does: an
    /// [`Error::Clock`] when `now` is before the current time or past
    /// anchor + [`crate::FUTURE_DAYS`] days. Users scheduled for deletion up to
    /// `now` are deleted.
    pub fn set_clock(&self, now: DateTime<Utc>) -> Result<(), Error> {
        self.sim.set_clock(now)
    }

    /// The users deleted as time passes: `(instant, e-mail)`, earliest first,
    /// every instant within (anchor, anchor + [`crate::DELETION_DAYS`] days].
    pub fn deletions(&self) -> Vec<(DateTime<Utc>, String)> {
        let acc = &self.sim.acc;
        acc.deletions
            .iter()
            .map(|&(t, i)| (t, crate::model::users::identity(acc.seed, i).email))
            .collect()
    }

    /// The expected record counts for default settings and each variant, at the
    /// current clock (as `GET /_sim/truth`); the variant
    /// [`crate::DIRECTORY_VARIANT`] adds the groups, roles and their members
    /// as listed now ([`crate::DIRECTORY_COUNTS`]).
    pub fn truth(&self) -> Truth {
        self.sim.truth()
    }

    /// The log entries with time in `[from, to]` visible at the current clock,
    /// counted (as `GET /_sim/truth/activities`).
    pub fn activity_truth(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> ActivityTruth {
        crate::model::activity::truth(&self.sim.acc, from, to, self.sim.now())
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
