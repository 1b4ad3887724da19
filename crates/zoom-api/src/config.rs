//! [`ClientConfig`]: everything the client needs to reach one Zoom account,
//! as plain values with the defaults of docs/settings.md. The adapter maps its
//! validated settings onto it; this crate never reads settings files.

use std::fmt;
use std::time::Duration;

use crate::auth::S2sCredentials;
use crate::error::Error;

/// The Zoom plan of the account; it sizes the client-side rate limiter and
/// the daily quota (docs/operations.md, "Rate limits"). Ordered Free < Pro < Business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Plan {
    /// Free (Basic) accounts: low per-second limits and daily caps per category.
    Free,
    /// Pro accounts (the default).
    #[default]
    Pro,
    /// Business, Education, Enterprise and partner accounts ("Business+").
    Business,
}

impl Plan {
    /// The plan's name as Zoom's documents spell it.
    pub fn name(self) -> &'static str {
        match self {
            Plan::Free => "Free",
            Plan::Pro => "Pro",
            Plan::Business => "Business",
        }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Retry settings: plain values with defaults, in the manner of the AWS SDK
/// standard mode and Google API core.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    /// Attempts per request, the first included (default 4). A 401 answered
    /// by one token refresh does not count.
    pub max_attempts: u32,
    /// The first backoff step before jitter (default 1 s).
    pub initial_backoff: Duration,
    /// Growth factor between steps (default 2).
    pub multiplier: f32,
    /// The largest backoff step before jitter (default 20 s).
    pub max_backoff: Duration,
    /// A request (all its attempts and waits) gives up after this long
    /// (default 120 s).
    pub overall_deadline: Duration,
    /// The longest `Retry-After` the client waits for a per-second limit;
    /// longer waits fail the request as throttled (default 60 s).
    pub max_retry_after: Duration,
    /// Retry budget: tokens in the bucket (default 500).
    pub budget_capacity: u32,
    /// Tokens a retry after a 5xx or connection error costs (default 5).
    pub budget_retry_cost: u32,
    /// Tokens a retry after a timeout costs (default 10).
    pub budget_timeout_cost: u32,
    /// Tokens a success gives back (default 1).
    pub budget_success_refund: u32,
    /// Seed of the backoff jitter; `None` (the default) seeds from entropy.
    /// Tests fix it so every run waits the same.
    pub jitter_seed: Option<u64>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_secs(1),
            multiplier: 2.0,
            max_backoff: Duration::from_secs(20),
            overall_deadline: Duration::from_secs(120),
            max_retry_after: Duration::from_secs(60),
            budget_capacity: 500,
            budget_retry_cost: 5,
            budget_timeout_cost: 10,
            budget_success_refund: 1,
            jitter_seed: None,
        }
    }
}

/// How to reach and use one Zoom account.
///
/// Debug never shows the client secret (see [`S2sCredentials`]).
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The REST API base, `domain` + `/v2` (default `https://api.zoom.us/v2`).
    pub api_base_url: String,
    /// The OAuth token endpoint (default `https://zoom.us/oauth/token`).
    pub token_url: String,
    /// The Server-to-Server OAuth app's account id, client id and secret.
    pub credentials: S2sCredentials,
    /// Verify TLS certificates (default true). `false` accepts any
    /// certificate and logs a warning.
    pub verify_ssl: bool,
    /// An HTTPS proxy URL, e.g. `http://proxy.corp:3128`.
    pub proxy: Option<String>,
    /// Use the proxies of the environment (`HTTPS_PROXY`, `ALL_PROXY` …)
    /// when `proxy` is unset (default false: the environment never decides
    /// where credentials go).
    pub use_system_proxy: bool,
    /// The account's plan (default Pro); with `discover_plan`, the plan to
    /// start from.
    pub plan: Plan,
    /// Start at `plan`'s limits and raise them to a higher plan's the moment
    /// Zoom answers an endpoint only that plan serves (default false: `plan`
    /// is known). [`crate::Client::plan_in_use`] says what was assumed.
    pub discover_plan: bool,
    /// Items per page, 1–300 (default 300).
    pub page_size: u32,
    /// Overall timeout of one HTTP request, body included (default 60 s).
    pub request_timeout: Duration,
    /// TCP + TLS connect timeout (default 10 s).
    pub connect_timeout: Duration,
    /// Retry settings.
    pub retry: RetryConfig,
    /// Share of the account's daily Heavy + Resource-intensive quota this
    /// client may use, 0–1 (default 0.5: other apps share the quota).
    pub max_daily_quota_share: f64,
    /// Requests in flight at once (default 8).
    pub max_concurrency: usize,
    /// Keep each listed object exactly as Zoom sent it in the item's `raw`
    /// (default false: it costs a second decode of every page).
    pub keep_raw: bool,
    /// Refresh the access token this long before it expires (default 300 s).
    pub token_refresh_margin: Duration,
    /// Restarts of one list after an expired page token (default 2; lists
    /// without stable ids never restart).
    pub max_page_restarts: u32,
}

impl ClientConfig {
    /// A configuration with the defaults and these credentials.
    pub fn new(credentials: S2sCredentials) -> Self {
        Self {
            api_base_url: "https://api.zoom.us/v2".to_owned(),
            token_url: "https://zoom.us/oauth/token".to_owned(),
            credentials,
            verify_ssl: true,
            proxy: None,
            use_system_proxy: false,
            plan: Plan::Pro,
            discover_plan: false,
            page_size: 300,
            request_timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retry: RetryConfig::default(),
            max_daily_quota_share: 0.5,
            max_concurrency: 8,
            keep_raw: false,
            token_refresh_margin: Duration::from_secs(300),
            max_page_restarts: 2,
        }
    }

    /// Sets the API base from a connection's `domain` (`https://api.zoom.us`
    /// becomes `https://api.zoom.us/v2`).
    pub fn with_domain(mut self, domain: &str) -> Self {
        self.api_base_url = api_base_from_domain(domain);
        self
    }

    /// Checks the values that would make every call fail.
    pub fn validate(&self) -> Result<(), Error> {
        let config = |reason: String| Err(Error::Config { reason });
        for (name, value) in [
            ("api base url", &self.api_base_url),
            ("token url", &self.token_url),
        ] {
            match url::Url::parse(value) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => return config(format!("the {name} must be an http(s) url, got {value:?}")),
            }
        }
        if self.credentials.account_id.trim().is_empty() {
            return config("the account id is empty".to_owned());
        }
        if self.credentials.client_id.trim().is_empty() {
            return config("the client id is empty".to_owned());
        }
        if secrecy::ExposeSecret::expose_secret(&self.credentials.client_secret).is_empty() {
            return config("the client secret is empty".to_owned());
        }
        if !(1..=300).contains(&self.page_size) {
            return config(format!(
                "page size must be 1 to 300, got {}",
                self.page_size
            ));
        }
        if !(self.max_daily_quota_share > 0.0 && self.max_daily_quota_share <= 1.0) {
            return config(format!(
                "max daily quota share must be above 0 and at most 1, got {}",
                self.max_daily_quota_share
            ));
        }
        if self.max_concurrency == 0 {
            return config("max concurrency must be at least 1".to_owned());
        }
        if self.retry.max_attempts == 0 {
            return config("retry max attempts must be at least 1".to_owned());
        }
        if let Some(proxy) = &self.proxy
            && url::Url::parse(proxy).is_err()
        {
            return config("the https proxy is not a valid url".to_owned());
        }
        Ok(())
    }
}

/// `domain` + `/v2`, without a doubled slash or a doubled `/v2`.
pub fn api_base_from_domain(domain: &str) -> String {
    let trimmed = domain.trim().trim_end_matches('/');
    if trimmed.ends_with("/v2") {
        trimmed.to_owned()
    } else {
        format!("{trimmed}/v2")
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    fn credentials(secret: &str) -> S2sCredentials {
        S2sCredentials::new("acc", "id", SecretString::from(secret))
    }

    #[test]
    fn domain_becomes_v2_base() {
        assert_eq!(
            api_base_from_domain("https://api.zoom.us"),
            "https://api.zoom.us/v2"
        );
        assert_eq!(
            api_base_from_domain("https://api.zoom.us/"),
            "https://api.zoom.us/v2"
        );
        assert_eq!(api_base_from_domain("https://x/v2/"), "https://x/v2");
    }

    #[test]
    fn defaults_match_design() {
        let c = ClientConfig::new(credentials("s"));
        assert_eq!(c.page_size, 300);
        assert_eq!(c.request_timeout, Duration::from_secs(60));
        assert_eq!(c.connect_timeout, Duration::from_secs(10));
        assert_eq!(c.plan, Plan::Pro);
        assert!((c.max_daily_quota_share - 0.5).abs() < f64::EPSILON);
        assert!(c.validate().is_ok());
        assert!(!format!("{c:?}").contains("\"s\""));
    }

    #[test]
    fn bad_values_are_config_errors() {
        let mut c = ClientConfig::new(credentials("s"));
        c.page_size = 301;
        assert!(c.validate().is_err());
        let mut c = ClientConfig::new(credentials(""));
        c.page_size = 30;
        assert!(c.validate().is_err());
    }
}
