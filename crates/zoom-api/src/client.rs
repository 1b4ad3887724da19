//! [`Client`]: the transport (reqwest + rustls, timeouts, gzip, proxy,
//! User-Agent) and the one request loop every endpoint goes through:
//! limiter → token → send → classify → retry, refresh or fail.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::HeaderMap;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use crate::auth::TokenCache;
use crate::clock::{Clock, TokioClock};
use crate::config::ClientConfig;
use crate::error::{CallError, Error, ErrorKind, describe_reqwest, scope_from_message};
use crate::mask::SecretMask;
use crate::rate_limit::{RateLimits, is_daily_limit, is_route_daily_cap, next_utc_midnight};
use crate::retry::{Backoff, RetryAfter, RetryBudget, RetryCause};
use crate::route::Route;
use crate::stats::{ClientStats, Stats};
use crate::transport::{self, BodyError, PAGE_BODY_CAP, TransportFailure, TransportOptions};

/// The User-Agent of every request.
pub const USER_AGENT: &str = concat!("zoom-adapter/", env!("CARGO_PKG_VERSION"));

/// A Zoom REST client for one account. Cheap to clone; clones share the
/// token, the limiters and the counters.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_base_url", &self.inner.config.api_base_url)
            .field("account_id", &self.inner.config.credentials.account_id)
            .field("plan", &self.inner.config.plan)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    http: reqwest::Client,
    pub(crate) config: ClientConfig,
    tokens: TokenCache,
    limits: RateLimits,
    pub(crate) stats: Arc<Stats>,
    budget: RetryBudget,
    pub(crate) clock: Arc<dyn Clock>,
    mask: SecretMask,
    in_flight: Semaphore,
    rng: Mutex<fastrand::Rng>,
}

/// One call: the route, its concrete path (already encoded), query and body.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) route: &'static Route,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<serde_json::Value>,
}

impl Request {
    pub(crate) fn new(route: &'static Route, path: impl Into<String>) -> Self {
        Self {
            route,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    pub(crate) fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    pub(crate) fn query_opt(self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    pub(crate) fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    fn has_page_token(&self) -> bool {
        self.query
            .iter()
            .any(|(k, v)| *k == "next_page_token" && !v.is_empty())
    }
}

/// What to do after a failed attempt.
enum Next {
    Fail(CallError),
    RefreshToken(u64, CallError),
    Retry {
        cause: RetryCause,
        after: Option<Duration>,
        error: CallError,
    },
}

/// Zoom's `{code, message}` error body.
#[derive(serde::Deserialize, Default)]
struct ZoomError {
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
}

impl Client {
    /// Builds a client with the real clock.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        Self::with_clock(config, Arc::new(TokioClock::new()))
    }

    /// Builds a client with an injected clock (tests use [`crate::ManualClock`]).
    pub fn with_clock(config: ClientConfig, clock: Arc<dyn Clock>) -> Result<Self, Error> {
        config.validate()?;
        if !config.verify_ssl {
            tracing::warn!(
                "verify_ssl is false: tls certificates of zoom and the proxy are not checked; \
                 anyone on the network path can read the credentials"
            );
        }
        let http = transport::http_client(TransportOptions {
            verify_ssl: config.verify_ssl,
            proxy: config.proxy.as_deref(),
            use_system_proxy: config.use_system_proxy,
            request_timeout: config.request_timeout,
            connect_timeout: config.connect_timeout,
            cookies: None,
        })
        .map_err(|reason| Error::Config { reason })?;
        let mask = SecretMask::default();
        mask.add_client_credentials(&config.credentials);
        let stats = Arc::new(Stats::default());
        let tokens = TokenCache::new(
            http.clone(),
            config.token_url.clone(),
            config.credentials.clone(),
            config.token_refresh_margin,
            clock.clone(),
            stats.clone(),
            mask.clone(),
        );
        let limits = RateLimits::new(config.plan, config.max_daily_quota_share, clock.clone());
        let (_, daily_budget) = limits.budget();
        stats.update(|s| s.daily_quota_budget = daily_budget);
        let in_flight = Semaphore::new(config.max_concurrency);
        let budget = RetryBudget::new(&config.retry);
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                tokens,
                limits,
                stats,
                budget,
                clock,
                mask,
                in_flight,
                rng: Mutex::new(match config.retry.jitter_seed {
                    Some(seed) => fastrand::Rng::with_seed(seed),
                    None => fastrand::Rng::new(),
                }),
                config,
            }),
        })
    }

    /// The configuration the client was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The secrets this client knows (client secret, Basic credentials,
    /// access tokens), for masking text a server sent before it is printed.
    pub fn secret_mask(&self) -> &SecretMask {
        &self.inner.mask
    }

    /// A snapshot of the counters for the cycle summary.
    pub fn stats(&self) -> ClientStats {
        self.inner.stats.snapshot()
    }

    /// The scopes Zoom granted the app (from the token response), fetching a
    /// token if none is cached. — POST /oauth/token.
    pub async fn granted_scopes(&self) -> Result<Vec<String>, Error> {
        let token = self.inner.tokens.get().await.map_err(Error::from)?;
        Ok(token.scopes.clone())
    }

    /// Sends `request` and decodes the JSON answer.
    pub(crate) async fn json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.execute(request, |bytes| serde_json::from_slice(bytes))
            .await
    }

    /// Sends `request` and ignores the body (204 answers).
    pub(crate) async fn empty(&self, request: Request) -> Result<(), Error> {
        self.execute(request, |_| Ok(())).await
    }

    async fn execute<T>(
        &self,
        request: Request,
        decode: impl Fn(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<T, Error> {
        let inner = &self.inner;
        let retry = &inner.config.retry;
        let route = request.route;
        let idempotent = route.method.is_idempotent();
        let deadline = inner.clock.elapsed() + retry.overall_deadline;
        // The same deadline in real time, for what no injected clock drives
        // (waiting for a token another task is fetching).
        let wall_deadline = tokio::time::Instant::now() + retry.overall_deadline;
        let seed = inner
            .rng
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .u64(..);
        let mut backoff = Backoff::new(retry, fastrand::Rng::with_seed(seed));
        let mut attempts = 0u32;
        let mut refreshed = false;
        loop {
            attempts += 1;
            let next = match self.attempt(&request, &decode, wall_deadline).await {
                Ok(value) => {
                    inner.budget.on_success();
                    return Ok(value);
                }
                Err(next) => next,
            };
            let mut error = match next {
                Next::Fail(error) => error,
                Next::RefreshToken(generation, error) => {
                    if refreshed {
                        error
                    } else {
                        refreshed = true;
                        attempts -= 1;
                        inner.tokens.invalidate(generation);
                        inner.stats.update(|s| s.token_rejections += 1);
                        tracing::info!(endpoint = %route, "zoom rejected the access token; refreshing it once");
                        continue;
                    }
                }
                Next::Retry {
                    cause,
                    after,
                    mut error,
                } => {
                    // Actions are repeated only when Zoom surely did not
                    // process them: after a 429, or when the token could not
                    // be fetched (the action was never sent).
                    let allowed = idempotent
                        || matches!(cause, RetryCause::Throttled | RetryCause::TokenFetch);
                    let wait = after.unwrap_or_else(|| backoff.next_delay());
                    if after.is_some_and(|a| a > retry.max_retry_after) {
                        error.retry_after = after;
                        error.detail = format!(
                            "{}; zoom asked to wait {} s, longer than the {} s this client waits",
                            error.detail,
                            wait.as_secs(),
                            retry.max_retry_after.as_secs()
                        );
                        error
                    } else if !allowed {
                        error.detail = format!(
                            "{} (an action is not repeated automatically: zoom may have done it)",
                            error.detail
                        );
                        error
                    } else if attempts >= retry.max_attempts {
                        error
                    } else if inner.clock.elapsed() + wait > deadline {
                        error.detail = format!(
                            "{}; gave up: the {} s deadline for this request would pass",
                            error.detail,
                            retry.overall_deadline.as_secs()
                        );
                        error
                    } else if !inner.budget.try_acquire(cause) {
                        error.detail = format!(
                            "{}; not retried: the client's retry budget is spent (zoom is failing often)",
                            error.detail
                        );
                        error
                    } else {
                        tracing::warn!(
                            endpoint = %route,
                            attempt = attempts,
                            wait_ms = wait.as_millis() as u64,
                            reason = %error.detail,
                            "retrying zoom call"
                        );
                        if cause == RetryCause::Throttled {
                            inner.limits.pause(route.category, wait);
                        }
                        inner.stats.update(|s| {
                            s.retries += 1;
                            s.backoff_time += wait;
                        });
                        inner.clock.sleep(wait).await;
                        continue;
                    }
                }
            };
            error.attempts = attempts;
            // An expired page token may still be recovered by the list's
            // restart; pagination counts it when it is final.
            if error.kind != ErrorKind::Pagination {
                inner.stats.failure(&route.name());
            }
            tracing::warn!(endpoint = %route, kind = %error.kind, status = error.status, "zoom call failed");
            return Err(error.into());
        }
    }

    async fn attempt<T>(
        &self,
        request: &Request,
        decode: &impl Fn(&[u8]) -> Result<T, serde_json::Error>,
        wall_deadline: tokio::time::Instant,
    ) -> Result<T, Next> {
        let inner = &self.inner;
        let route = request.route;
        // The permit first, then the limiter: a request leaves as soon as
        // the limiter lets it go.
        let _permit = inner.in_flight.acquire().await.map_err(|_| {
            Next::Fail(CallError::new(
                ErrorKind::Bug,
                *route,
                "the client was shut down",
            ))
        })?;
        inner
            .limits
            .acquire(route, &inner.stats)
            .await
            .map_err(Next::Fail)?;
        // Waiting for the token (another task may be fetching it) counts
        // against this request's deadline.
        let token = match tokio::time::timeout_at(wall_deadline, inner.tokens.get()).await {
            Ok(token) => token,
            Err(_) => Err(CallError::new(
                ErrorKind::Transient,
                crate::auth::TOKEN_ROUTE,
                format!(
                    "no access token within the {} s deadline of this request",
                    inner.config.retry.overall_deadline.as_secs()
                ),
            )),
        };
        let token = match token {
            Ok(token) => token,
            Err(error) => {
                return Err(match error.kind {
                    ErrorKind::Transient
                    | ErrorKind::Network
                    | ErrorKind::Server
                    | ErrorKind::Throttled => Next::Retry {
                        cause: RetryCause::TokenFetch,
                        after: None,
                        error,
                    },
                    _ => Next::Fail(error),
                });
            }
        };
        inner.stats.request(&route.name());
        let url = format!("{}{}", inner.config.api_base_url, request.path);
        let mut builder = inner
            .http
            .request(route.method.to_reqwest(), url)
            .bearer_auth(token.value.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        tracing::debug!(endpoint = %route, "zoom request");
        let response = match builder.send().await {
            Ok(response) => response,
            Err(e) => return Err(transport_failure(route, e, None)),
        };
        let status = response.status();
        let headers = response.headers().clone();
        inner.limits.observe(route, &headers);
        let body = match transport::read_capped(response, PAGE_BODY_CAP).await {
            Ok(body) => body,
            Err(BodyError::Transport(e)) => {
                return Err(transport_failure(route, e, Some(status.as_u16())));
            }
            Err(BodyError::TooLarge(cap)) => {
                let mut error =
                    CallError::new(ErrorKind::Malformed, *route, BodyError::too_large(cap));
                error.status = Some(status.as_u16());
                return Err(Next::Fail(error));
            }
        };
        if status.is_success() {
            return decode(&body).map_err(|e| {
                let mut error = if e.is_eof() || e.is_syntax() {
                    let mut error = CallError::new(
                        ErrorKind::Transient,
                        *route,
                        format!(
                            "zoom's answer is truncated or not json ({} bytes)",
                            body.len()
                        ),
                    );
                    error.status = Some(status.as_u16());
                    return Next::Retry {
                        cause: RetryCause::Transient,
                        after: None,
                        error,
                    };
                } else {
                    CallError::new(
                        ErrorKind::Bug,
                        *route,
                        format!("zoom's answer does not have the documented shape: {e}"),
                    )
                };
                error.status = Some(status.as_u16());
                Next::Fail(error)
            });
        }
        Err(self.classify(request, status.as_u16(), &headers, &body, token.generation))
    }

    fn classify(
        &self,
        request: &Request,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        generation: u64,
    ) -> Next {
        let inner = &self.inner;
        let route = request.route;
        let parsed: ZoomError = serde_json::from_slice(body).unwrap_or_default();
        let code = parsed.code.as_ref().and_then(|c| match c {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.parse().ok(),
            _ => None,
        });
        let message = parsed.message.as_deref().map(|m| inner.mask.clean(m));
        let lower = message.as_deref().unwrap_or_default().to_ascii_lowercase();
        let build = |kind: ErrorKind, detail: &str| {
            let mut e = CallError::new(kind, *route, detail);
            e.status = Some(status);
            e.zoom_code = code.map(|c| c.to_string());
            e.zoom_message = message.clone();
            e
        };
        let scope_problem = lower.contains("does not contain") && lower.contains("scope");
        if scope_problem
            || code.is_some_and(|c| (4700..4800).contains(&c) && c != 4702 && c != 4704)
        {
            let mut e = build(ErrorKind::Permission, "the app is missing an oauth scope");
            e.missing_scope = message.as_deref().and_then(scope_from_message);
            return Next::Fail(e);
        }
        match status {
            401 => Next::RefreshToken(
                generation,
                build(ErrorKind::Auth, "zoom rejected the access token"),
            ),
            429 => {
                let retry_after = headers
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(RetryAfter::parse);
                inner.stats.update(|s| s.throttled_responses += 1);
                let now = inner.clock.utc_now();
                if is_daily_limit(headers, message.as_deref()) {
                    // Zoom's daily limits reset at 00:00 UTC: a reset more
                    // than a day away is not believed, the next midnight is.
                    let day = chrono::Duration::days(1);
                    let reset = match retry_after {
                        Some(RetryAfter::At(at)) if at > now && at - now <= day => at,
                        Some(RetryAfter::Delay(d))
                            if d > Duration::from_secs(60) && d <= Duration::from_secs(86_400) =>
                        {
                            chrono::Duration::from_std(d)
                                .ok()
                                .and_then(|d| now.checked_add_signed(d))
                                .unwrap_or_else(|| next_utc_midnight(now))
                        }
                        _ => next_utc_midnight(now),
                    };
                    let route_only = is_route_daily_cap(message.as_deref());
                    inner.limits.stop_daily(route, route_only, reset);
                    let mut e = build(
                        ErrorKind::DailyLimit,
                        if route_only {
                            "zoom's daily limit for this endpoint is used up"
                        } else {
                            "zoom's daily limit for this rate category is used up"
                        },
                    );
                    e.category = Some(route.category);
                    e.reset_at = Some(reset);
                    tracing::warn!(endpoint = %route, category = route.category.name(), reset_at = %reset, "zoom daily rate limit reached; stopping these calls until the reset");
                    return Next::Fail(e);
                }
                Next::Retry {
                    cause: RetryCause::Throttled,
                    after: retry_after.map(|r| r.delay_from(now)),
                    error: build(ErrorKind::Throttled, "zoom's per-second rate limit was hit"),
                }
            }
            500..=599 => Next::Retry {
                cause: RetryCause::Transient,
                after: None,
                error: build(ErrorKind::Server, "zoom answered with a server error"),
            },
            403 => Next::Fail(self.permission_or_plan(
                route,
                build(ErrorKind::Permission, "zoom refused the call"),
                &lower,
            )),
            404 => Next::Fail(build(ErrorKind::NotFound, "zoom did not find the object")),
            409 => Next::Fail(build(
                ErrorKind::Conflict,
                "zoom refused the action because of the object's state",
            )),
            400..=499 => {
                if code == Some(300)
                    && request.has_page_token()
                    && (lower.contains("page token")
                        || lower.contains("next_page_token")
                        || lower.is_empty()
                        || lower.contains("expired"))
                {
                    Next::Fail(build(
                        ErrorKind::Pagination,
                        "the next page token is invalid or expired",
                    ))
                } else if code == Some(200) || code == Some(124) {
                    let kind = if code == Some(124) {
                        ErrorKind::Auth
                    } else {
                        ErrorKind::Permission
                    };
                    Next::Fail(self.permission_or_plan(
                        route,
                        build(kind, "zoom refused the call"),
                        &lower,
                    ))
                } else {
                    Next::Fail(build(
                        ErrorKind::InvalidRequest,
                        "zoom rejected the request",
                    ))
                }
            }
            _ => Next::Fail(build(
                ErrorKind::Bug,
                "zoom answered with an unexpected status",
            )),
        }
    }

    fn permission_or_plan(
        &self,
        route: &Route,
        mut error: CallError,
        lower_message: &str,
    ) -> CallError {
        let plan_words = [
            "paid",
            "plan",
            "subscription",
            "upgrade",
            "not available",
            "only available",
            "business",
            "license",
        ];
        if plan_words.iter().any(|w| lower_message.contains(w)) {
            error.kind = ErrorKind::Plan;
            error.required_plan = route.min_plan;
            error.detail = "the account's plan or features do not serve this endpoint".to_owned();
        }
        error
    }
}

/// A request or its body failed in transport. Zoom out of reach is a
/// `network` failure, a timeout or a broken answer `transient` (both
/// retried); a certificate that fails verification is `tls` (not retried:
/// it does not pass by itself).
fn transport_failure(route: &'static Route, err: reqwest::Error, status: Option<u16>) -> Next {
    let failure = transport::classify(&err);
    let (kind, cause) = match failure {
        TransportFailure::Certificate => (ErrorKind::Tls, None),
        TransportFailure::Network => (ErrorKind::Network, Some(RetryCause::Transient)),
        TransportFailure::Timeout => (ErrorKind::Transient, Some(RetryCause::Timeout)),
        TransportFailure::Broken => (ErrorKind::Transient, Some(RetryCause::Transient)),
    };
    let mut error = CallError::new(kind, *route, describe_reqwest(err));
    error.status = status;
    match cause {
        None => Next::Fail(error),
        Some(cause) => Next::Retry {
            cause,
            after: None,
            error,
        },
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::auth::S2sCredentials;

    fn config() -> ClientConfig {
        ClientConfig::new(S2sCredentials::new(
            "acc",
            "id",
            SecretString::from("secret"),
        ))
    }

    #[test]
    fn builds_with_proxy_and_without_tls_verification() {
        let mut config = config();
        config.verify_ssl = false;
        config.proxy = Some("http://proxy.example:3128".to_owned());
        assert!(Client::new(config).is_ok());
    }

    #[test]
    fn unusable_settings_are_config_errors() {
        let mut bad_proxy = config();
        bad_proxy.proxy = Some("not a url".to_owned());
        let err = Client::new(bad_proxy).err().map(|e| e.kind());
        assert_eq!(err, Some(ErrorKind::Config));
        let mut bad_url = config();
        bad_url.api_base_url = "ftp://x".to_owned();
        assert_eq!(
            Client::new(bad_url).err().map(|e| e.kind()),
            Some(ErrorKind::Config)
        );
    }

    #[test]
    fn user_agent_names_the_adapter() {
        assert_eq!(
            USER_AGENT,
            concat!("zoom-adapter/", env!("CARGO_PKG_VERSION"))
        );
    }
}
