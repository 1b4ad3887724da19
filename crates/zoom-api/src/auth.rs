//! [`S2sCredentials`], the Server-to-Server OAuth app's keys as one value,
//! and the token cache: the `account_credentials` access token shared by
//! every task. It is refreshed before it expires (with a margin), one refresh
//! at a time however many callers wait (single flight), and thrown away once
//! when Zoom answers 401 / code 124. The token and the client secret never
//! reach a log, an error or a Debug output.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::clock::Clock;
use crate::error::{CallError, ErrorKind};
use crate::mask::SecretMask;
use crate::route::RateCategory;
use crate::route::{Method, Route};
use crate::stats::Stats;
use crate::transport::describe_reqwest;
use crate::transport::{self, BodyError, TOKEN_BODY_CAP, TransportFailure};

/// The token endpoint, for errors and counters.
pub const TOKEN_ROUTE: Route = Route {
    method: Method::Post,
    path: "/oauth/token",
    scopes: &[],
    granular_scopes: &[],
    category: RateCategory::Light,
    min_plan: None,
};

/// The longest token lifetime taken as sent (Zoom's tokens live an hour;
/// a server may send any number, `u64::MAX` included).
pub(crate) const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The credentials of a Server-to-Server OAuth app (its App Credentials
/// page): they travel together from the configuration to the token request.
///
/// Debug shows the ids and never the secret.
#[derive(Clone)]
pub struct S2sCredentials {
    /// The Zoom account id.
    pub account_id: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The OAuth client secret.
    pub client_secret: SecretString,
}

impl S2sCredentials {
    /// Credentials from their three parts.
    pub fn new(
        account_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: SecretString,
    ) -> Self {
        Self {
            account_id: account_id.into(),
            client_id: client_id.into(),
            client_secret,
        }
    }
}

impl fmt::Debug for S2sCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S2sCredentials")
            .field("account_id", &self.account_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// A cached access token.
pub(crate) struct Token {
    pub(crate) value: SecretString,
    /// Clock time after which the token is refreshed.
    refresh_at: Duration,
    pub(crate) generation: u64,
    pub(crate) scopes: Vec<String>,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("value", &"[redacted]")
            .field("refresh_at", &self.refresh_at)
            .field("generation", &self.generation)
            .finish()
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    expires_in: Option<i64>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Deserialize, Default)]
struct TokenError {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
}

/// The shared token cache of one client.
pub(crate) struct TokenCache {
    http: reqwest::Client,
    token_url: String,
    credentials: S2sCredentials,
    margin: Duration,
    clock: Arc<dyn Clock>,
    stats: Arc<Stats>,
    mask: SecretMask,
    cached: Mutex<Option<Arc<Token>>>,
    /// Fetches completed so far, and the error of the last one if it failed:
    /// callers that waited for a fetch that failed get its error instead of
    /// queueing a fetch of their own behind it (a stalled token endpoint
    /// then costs one timeout, not one per waiting task).
    outcome: Mutex<(u64, Option<CallError>)>,
    refresh: tokio::sync::Mutex<()>,
    generation: AtomicU64,
    /// Zoom rejected the credentials: they will not get better within this
    /// client's life, so every caller gets this error without a new request.
    rejected: Mutex<Option<CallError>>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(
        http: reqwest::Client,
        token_url: String,
        credentials: S2sCredentials,
        margin: Duration,
        clock: Arc<dyn Clock>,
        stats: Arc<Stats>,
        mask: SecretMask,
    ) -> Self {
        Self {
            http,
            token_url,
            credentials,
            margin,
            clock,
            stats,
            mask,
            cached: Mutex::new(None),
            outcome: Mutex::new((0, None)),
            refresh: tokio::sync::Mutex::new(()),
            generation: AtomicU64::new(0),
            rejected: Mutex::new(None),
        }
    }

    fn fresh(&self) -> Option<Arc<Token>> {
        let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        cached
            .as_ref()
            .filter(|t| self.clock.elapsed() < t.refresh_at)
            .cloned()
    }

    /// A valid token, fetching one if none is cached or it is about to expire.
    pub(crate) async fn get(&self) -> Result<Arc<Token>, CallError> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let fetches_before = self.outcome().0;
        let _single_flight = self.refresh.lock().await;
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        if let Some(rejected) = self.rejected() {
            return Err(rejected);
        }
        if let (fetches, Some(error)) = self.outcome()
            && fetches > fetches_before
        {
            // A fetch finished while this caller waited, and it failed.
            return Err(error);
        }
        let result = self.fetch().await;
        {
            let mut outcome = self.outcome.lock().unwrap_or_else(PoisonError::into_inner);
            outcome.0 += 1;
            outcome.1 = result.as_ref().err().cloned();
        }
        let token = match result {
            Ok(token) => Arc::new(token),
            Err(error) => {
                if error.kind == ErrorKind::Auth {
                    *self.rejected.lock().unwrap_or_else(PoisonError::into_inner) =
                        Some(error.clone());
                }
                return Err(error);
            }
        };
        *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some(token.clone());
        Ok(token)
    }

    fn outcome(&self) -> (u64, Option<CallError>) {
        self.outcome
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn rejected(&self) -> Option<CallError> {
        self.rejected
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Drops the token `generation` after Zoom rejected it (a newer one stays).
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        if cached.as_ref().is_some_and(|t| t.generation == generation) {
            *cached = None;
        }
    }

    async fn fetch(&self) -> Result<Token, CallError> {
        self.stats.update(|s| {
            s.token_requests += 1;
            *s.requests.entry(TOKEN_ROUTE.name()).or_default() += 1;
        });
        tracing::debug!(endpoint = %TOKEN_ROUTE, "requesting a zoom access token");
        let response = self
            .http
            .post(&self.token_url)
            .query(&[
                ("grant_type", "account_credentials"),
                ("account_id", self.credentials.account_id.as_str()),
            ])
            .basic_auth(
                &self.credentials.client_id,
                Some(self.credentials.client_secret.expose_secret()),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let body = transport::read_capped(response, TOKEN_BODY_CAP)
            .await
            .map_err(|e| match e {
                BodyError::Transport(e) => transport_error(e),
                BodyError::TooLarge(cap) => {
                    let mut err = CallError::new(
                        ErrorKind::Malformed,
                        TOKEN_ROUTE,
                        BodyError::too_large(cap),
                    );
                    err.status = Some(status.as_u16());
                    err
                }
            })?;
        if status.is_success() {
            let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|_| {
                let mut err = CallError::new(
                    ErrorKind::Transient,
                    TOKEN_ROUTE,
                    "the token response is not valid json",
                );
                err.status = Some(status.as_u16());
                err
            })?;
            let value = parsed
                .access_token
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    let mut err = CallError::new(
                        ErrorKind::Auth,
                        TOKEN_ROUTE,
                        "zoom's token response has no access_token",
                    );
                    err.status = Some(status.as_u16());
                    err
                })?;
            self.mask.add(&value);
            let seconds = u64::try_from(parsed.expires_in.unwrap_or(3600)).unwrap_or(1);
            let lifetime = Duration::from_secs(seconds.max(1)).min(MAX_TOKEN_LIFETIME);
            let margin = self.margin.min(lifetime / 2);
            let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
            let scopes = parsed
                .scope
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            return Ok(Token {
                value: SecretString::from(value),
                refresh_at: self.clock.elapsed().saturating_add(lifetime - margin),
                generation,
                scopes,
            });
        }
        let parsed: TokenError = serde_json::from_slice(&body).unwrap_or_default();
        let code = parsed.error.or_else(|| {
            parsed.code.map(|c| match c {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
        });
        let reason = parsed
            .reason
            .or(parsed.message)
            .map(|r| self.mask.clean(&r));
        let code = code.map(|c| self.mask.clean(&c));
        let kind = match status.as_u16() {
            400 | 401 | 403 | 404 => ErrorKind::Auth,
            429 => ErrorKind::Throttled,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Auth,
        };
        let detail = match kind {
            ErrorKind::Auth => "zoom rejected the server-to-server oauth credentials",
            ErrorKind::Throttled => "zoom rate-limited the token request",
            _ => "zoom's token endpoint failed",
        };
        let mut err = CallError::new(kind, TOKEN_ROUTE, detail);
        err.status = Some(status.as_u16());
        err.zoom_code = code;
        err.zoom_message = reason;
        Err(err)
    }
}

/// The token request failed in transport: `network` when the endpoint (or
/// the proxy) could not be reached, `tls` when its certificate failed
/// verification, else `transient`.
fn transport_error(err: reqwest::Error) -> CallError {
    let kind = match transport::classify(&err) {
        TransportFailure::Network => ErrorKind::Network,
        TransportFailure::Certificate => ErrorKind::Tls,
        TransportFailure::Timeout | TransportFailure::Broken => ErrorKind::Transient,
    };
    CallError::new(kind, TOKEN_ROUTE, describe_reqwest(err))
}
