//! The token cache: the Server-to-Server OAuth (`account_credentials`) access
//! token shared by every task. It is refreshed before it expires (with a
//! margin), one refresh at a time however many callers wait (single flight),
//! and thrown away once when Zoom answers 401 / code 124. The token and the
//! client secret never reach a log, an error or a Debug output.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::clock::Clock;
use crate::error::{CallError, ErrorKind, describe_reqwest};
use crate::rate_limit::RateCategory;
use crate::route::{Method, Route};
use crate::stats::Stats;

/// The token endpoint, for errors and counters.
pub const TOKEN_ROUTE: Route = Route {
    method: Method::Post,
    path: "/oauth/token",
    scopes: &[],
    category: RateCategory::Light,
    min_plan: None,
};

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
    #[serde(default)]
    expires_in: Option<u64>,
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
    account_id: String,
    client_id: String,
    client_secret: SecretString,
    margin: Duration,
    clock: Arc<dyn Clock>,
    stats: Arc<Stats>,
    cached: Mutex<Option<Arc<Token>>>,
    refresh: tokio::sync::Mutex<()>,
    generation: AtomicU64,
    /// Zoom rejected the credentials: they will not get better within this
    /// client's life, so every caller gets this error without a new request.
    rejected: Mutex<Option<CallError>>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        http: reqwest::Client,
        token_url: String,
        account_id: String,
        client_id: String,
        client_secret: SecretString,
        margin: Duration,
        clock: Arc<dyn Clock>,
        stats: Arc<Stats>,
    ) -> Self {
        Self {
            http,
            token_url,
            account_id,
            client_id,
            client_secret,
            margin,
            clock,
            stats,
            cached: Mutex::new(None),
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
        let _single_flight = self.refresh.lock().await;
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        if let Some(rejected) = self.rejected() {
            return Err(rejected);
        }
        let token = match self.fetch().await {
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
                ("account_id", self.account_id.as_str()),
            ])
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| {
                let kind = ErrorKind::Transient;
                CallError::new(kind, TOKEN_ROUTE, describe_reqwest(e))
            })?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| CallError::new(ErrorKind::Transient, TOKEN_ROUTE, describe_reqwest(e)))?;
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
            let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(3600).max(1));
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
                refresh_at: self.clock.elapsed() + lifetime - margin,
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
        let reason = parsed.reason.or(parsed.message).map(|r| truncate(&r));
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

/// Caps a message Zoom sent at 300 characters.
pub(crate) fn truncate(text: &str) -> String {
    const MAX: usize = 300;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
