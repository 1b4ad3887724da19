//! [`Client`]: the transport (reqwest + rustls, timeouts, gzip, proxy,
//! User-Agent) and the one request loop every endpoint goes through:
//! limiter → token → send → classify → retry, refresh or fail.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::header::HeaderMap;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use crate::auth::TokenCache;
use crate::classify::{Next, transport_failure};
use crate::clock::{Clock, TokioClock};
use crate::config::ClientConfig;
use crate::error::{CallError, Error, ErrorKind};
use crate::mask::SecretMask;
use crate::rate_limit::{PlanInUse, RateLimits};
pub use crate::request::Request;
use crate::retry::{Backoff, Decision, Progress, RetryBudget, RetryCause, Retryable, decide};
use crate::stats::{ClientStats, Stats};
use crate::transport::{self, BodyError, PAGE_BODY_CAP, TransportOptions};

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
    pub(crate) limits: RateLimits,
    pub(crate) stats: Arc<Stats>,
    budget: RetryBudget,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) mask: SecretMask,
    in_flight: Semaphore,
    rng: Mutex<fastrand::Rng>,
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
        let mut stats = self.inner.stats.snapshot();
        // The budget grows when the plan is discovered.
        stats.daily_quota_budget = self.inner.limits.budget().1;
        stats
    }

    /// Counts this client's Heavy + Resource-intensive calls in `ledger`,
    /// shared with every other cycle on it, from now on. Returns false when
    /// the client already has a ledger (the first one stays).
    pub fn use_quota_ledger(&self, ledger: Arc<dyn crate::QuotaLedger>) -> bool {
        self.inner.limits.use_ledger(ledger)
    }

    /// Heavy + Resource-intensive calls still allowed today (the ledger's
    /// count for the day when there is one, else this client's).
    pub fn daily_quota_left(&self) -> u64 {
        self.inner.limits.left_today()
    }

    /// The plan the rate limits are sized for, whether it is being
    /// discovered, and what proved it.
    pub fn plan_in_use(&self) -> PlanInUse {
        let (plan, evidence) = self.inner.limits.plan();
        PlanInUse {
            plan,
            discovered: self.inner.config.discover_plan,
            evidence,
        }
    }

    /// The scopes Zoom granted the app (from the token response), fetching a
    /// token if none is cached. — POST /oauth/token.
    pub async fn granted_scopes(&self) -> Result<Vec<String>, Error> {
        let token = self.inner.tokens.get().await.map_err(Error::from)?;
        Ok(token.scopes.clone())
    }

    /// Sends `request` (built by an endpoint builder in [`crate::api`]) and
    /// decodes the JSON answer.
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.execute(request, |bytes, _| serde_json::from_slice(bytes))
            .await
    }

    /// Sends `request` and ignores the answer's body (204 answers, or when
    /// only success matters).
    pub async fn send(&self, request: Request) -> Result<(), Error> {
        self.execute(request, |_, _| Ok(())).await
    }

    pub(crate) async fn execute<T>(
        &self,
        request: Request,
        decode: impl Fn(&[u8], &HeaderMap) -> Result<T, serde_json::Error>,
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
                    if inner.config.discover_plan
                        && let Some(plan) = route.min_plan
                    {
                        inner.limits.raise_to(plan, route);
                    }
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
                Next::Retry(failed) => {
                    let progress = Progress {
                        idempotent,
                        attempts,
                        now: inner.clock.elapsed(),
                        deadline,
                    };
                    let cause = failed.cause;
                    let reason = failed.error.detail.clone();
                    match decide(retry, failed, progress, &mut backoff, &inner.budget) {
                        Decision::Fail(error) => error,
                        Decision::Retry(wait) => {
                            tracing::warn!(
                                endpoint = %route,
                                attempt = attempts,
                                wait_ms = wait.as_millis() as u64,
                                reason = %reason,
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
        decode: &impl Fn(&[u8], &HeaderMap) -> Result<T, serde_json::Error>,
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
                    | ErrorKind::Throttled => Next::Retry(Retryable {
                        cause: RetryCause::TokenFetch,
                        after: None,
                        error,
                    }),
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
            return decode(&body, &headers).map_err(|e| {
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
                    return Next::Retry(Retryable {
                        cause: RetryCause::Transient,
                        after: None,
                        error,
                    });
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
        Err(self.classify(
            request,
            status.as_u16(),
            &headers,
            &body,
            token.generation,
            &token.scopes,
        ))
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
