//! [`Error`] and [`ErrorKind`]: why a Zoom call failed, which endpoint, what
//! Zoom said and what an admin should do. No error ever carries a secret, an
//! access token or a URL query string.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Plan;
use crate::route::Route;
use crate::route::{RateCategory, ScopeFamily};

/// The class of a failure; the host maps it to exit codes and protocol errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client configuration is unusable (bad URL, empty credential).
    Config,
    /// Zoom rejected the OAuth credentials or the access token.
    Auth,
    /// The app lacks a scope or the token owner lacks a role permission.
    Permission,
    /// The account's plan (or a disabled feature) does not serve the endpoint.
    Plan,
    /// Zoom kept answering 429 (per-second limit) until retries ran out.
    Throttled,
    /// Zoom's daily limit for a rate category is used up until the reset.
    DailyLimit,
    /// This client's share of the daily Heavy/Resource-intensive quota is used up.
    QuotaBudget,
    /// A timeout or truncated body that outlived the retries.
    Transient,
    /// Zoom (or the proxy) could not be reached: DNS, a refused or
    /// unreachable host, a proxy that does not answer. Not a credentials
    /// problem.
    Network,
    /// A TLS certificate failed verification: a configuration problem that
    /// does not pass by itself.
    Tls,
    /// Zoom's answer lacks what it must hold (a list without its list key)
    /// or is larger than the size cap: nothing of it was used.
    Malformed,
    /// Zoom answered 5xx until retries ran out.
    Server,
    /// The object does not exist (or no longer exists).
    NotFound,
    /// Zoom refused because of the object's state (409, e.g. email in use).
    Conflict,
    /// Zoom rejected the request's parameters (400).
    InvalidRequest,
    /// A pagination token expired or repeated, so a list could not be completed.
    Pagination,
    /// Zoom's answer could not be decoded, or an impossible state: a bug.
    Bug,
}

impl ErrorKind {
    /// The kind's stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Config => "config",
            ErrorKind::Auth => "auth",
            ErrorKind::Permission => "permission",
            ErrorKind::Plan => "plan",
            ErrorKind::Throttled => "throttled",
            ErrorKind::DailyLimit => "daily_limit",
            ErrorKind::QuotaBudget => "quota_budget",
            ErrorKind::Transient => "transient",
            ErrorKind::Network => "network",
            ErrorKind::Tls => "tls",
            ErrorKind::Malformed => "malformed",
            ErrorKind::Server => "server",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::Pagination => "pagination",
            ErrorKind::Bug => "bug",
        }
    }

    /// Whether a later cycle may succeed without anyone changing anything.
    pub fn is_temporary(self) -> bool {
        matches!(
            self,
            ErrorKind::Throttled
                | ErrorKind::DailyLimit
                | ErrorKind::QuotaBudget
                | ErrorKind::Transient
                | ErrorKind::Network
                | ErrorKind::Server
                | ErrorKind::Pagination
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call: every field an admin or the summary needs.
#[derive(Debug, Clone)]
pub struct CallError {
    /// The class of the failure.
    pub kind: ErrorKind,
    /// The endpoint (method and route template; never a URL).
    pub route: Route,
    /// The HTTP status, when Zoom answered.
    pub status: Option<u16>,
    /// Zoom's numeric error `code`, or the OAuth `error` string for the token endpoint.
    pub zoom_code: Option<String>,
    /// Zoom's `message` (or OAuth `reason`).
    pub zoom_message: Option<String>,
    /// The scope Zoom said is missing (permission errors), in the app's
    /// family when Zoom named several.
    pub missing_scope: Option<String>,
    /// The app's scope family, from the token's granted scopes.
    pub scope_family: Option<ScopeFamily>,
    /// The plan the endpoint needs (plan errors).
    pub required_plan: Option<Plan>,
    /// The rate category that is stopped (daily limit, quota budget).
    pub category: Option<RateCategory>,
    /// When a daily limit resets.
    pub reset_at: Option<DateTime<Utc>>,
    /// How long Zoom asked to wait, when that was too long to honour.
    pub retry_after: Option<Duration>,
    /// Attempts made.
    pub attempts: u32,
    /// Zoom's request id (`x-zm-trackingid`) of the refusing answer, for
    /// Zoom support and audit trails.
    pub tracking_id: Option<String>,
    /// A short description of what happened (no URL, no secret).
    pub detail: String,
}

impl CallError {
    /// A failure of `kind` on `route`; the other fields start empty.
    pub fn new(kind: ErrorKind, route: Route, detail: impl Into<String>) -> Self {
        Self {
            kind,
            route,
            status: None,
            zoom_code: None,
            zoom_message: None,
            missing_scope: None,
            scope_family: None,
            required_plan: None,
            category: None,
            reset_at: None,
            retry_after: None,
            attempts: 0,
            tracking_id: None,
            detail: detail.into(),
        }
    }

    /// What an admin should do about it.
    pub fn what_to_do(&self) -> String {
        match self.kind {
            ErrorKind::Config => "fix the connection settings".to_owned(),
            ErrorKind::Auth => "check the account id, client id and client secret of the \
                 server-to-server oauth app and that the app is activated in the zoom app marketplace"
                .to_owned(),
            ErrorKind::Permission => match &self.missing_scope {
                Some(scope) => format!(
                    "add the scope {scope} to the server-to-server oauth app in the zoom app \
                     marketplace (and make sure the app owner's role allows it), or disable this source"
                ),
                None => {
                    let family = self.scope_family.unwrap_or(ScopeFamily::Classic);
                    let scopes = match self.route.scopes_in(family) {
                        [] => self.route.scopes,
                        scopes => scopes,
                    };
                    format!(
                        "grant the app one of the {} scopes {} and give the app owner a role \
                         with this permission, or disable this source",
                        family.as_str(),
                        scopes.join(", ")
                    )
                }
            },
            ErrorKind::Plan => match self.required_plan {
                Some(plan) => format!(
                    "this endpoint needs a zoom {plan} plan or higher (and the feature enabled); \
                     disable this source or upgrade the account"
                ),
                None => "the account's plan or settings do not include this feature; enable it \
                         or disable this source"
                    .to_owned(),
            },
            ErrorKind::Throttled => "zoom kept rate-limiting the account (other apps share the \
                 limits); run the cycle later or lower max_concurrency"
                .to_owned(),
            ErrorKind::DailyLimit => match self.reset_at {
                Some(at) => format!(
                    "zoom's daily limit is used up; this source resumes after {}",
                    at.format("%Y-%m-%d %H:%M:%S UTC")
                ),
                None => "zoom's daily limit is used up; this source resumes after 00:00 UTC".to_owned(),
            },
            ErrorKind::QuotaBudget => "this cycle used its share of zoom's daily heavy quota \
                 (the rest is left for other apps); raise max_daily_quota_share or fetch fewer \
                 heavy sources"
                .to_owned(),
            ErrorKind::Transient => "check the network, proxy and timeouts; it usually passes \
                 on the next cycle"
                .to_owned(),
            ErrorKind::Network => "zoom could not be reached (the credentials were not \
                 checked): check the domain and oauth_url, dns, the firewall and https_proxy \
                 (only the connection's proxy is used unless use_system_proxy is set)"
                .to_owned(),
            ErrorKind::Tls => "the tls certificate of zoom or of the proxy failed \
                 verification; if a proxy inspects tls, add its certificate authority to the \
                 system's trust store; this does not pass by itself"
                .to_owned(),
            ErrorKind::Malformed => "zoom's answer did not hold what it must, so none of it \
                 was used; run again, and report it to the adapter's maintainers if it persists"
                .to_owned(),
            ErrorKind::Server => "zoom had server errors; run the cycle later and check \
                 https://status.zoom.us if it persists"
                .to_owned(),
            ErrorKind::NotFound => "the object is gone from zoom (deleted or renamed); nothing \
                 to do unless it persists"
                .to_owned(),
            ErrorKind::Conflict => "the object's state in zoom prevents this action; check the \
                 object in the zoom web portal"
                .to_owned(),
            ErrorKind::InvalidRequest => "check the action's parameters; if they are right this \
                 is a bug in the adapter"
                .to_owned(),
            ErrorKind::Pagination => "the list could not be read to the end; run the cycle again \
                 (pages must be read within 15 minutes of each other)"
                .to_owned(),
            ErrorKind::Bug => "report this message to the adapter's maintainers".to_owned(),
        }
    }
}

impl CallError {
    /// What happened, without what to do (the report that shows both
    /// shows the advice once, on its own).
    pub fn describe(&self) -> String {
        Described(self).to_string()
    }
}

/// A [`CallError`] shown without its advice.
struct Described<'a>(&'a CallError);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        write!(
            f,
            "{} failed ({}): {}",
            error.route, error.kind, error.detail
        )?;
        if let Some(status) = error.status {
            write!(f, "; http {status}")?;
        }
        match (&error.zoom_code, &error.zoom_message) {
            (Some(code), Some(message)) => write!(f, "; zoom code {code}: {message}")?,
            (Some(code), None) => write!(f, "; zoom code {code}")?,
            (None, Some(message)) => write!(f, "; zoom says: {message}")?,
            (None, None) => {}
        }
        if error.attempts > 1 {
            write!(f, "; after {} attempts", error.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", Described(self), self.what_to_do())
    }
}

/// Why a Zoom call (or the client's construction) failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client configuration is unusable.
    #[error("invalid zoom client configuration: {reason}")]
    Config {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A call to Zoom failed.
    #[error("{0}")]
    Call(Box<CallError>),
    /// The web-portal sign-in or a read behind it failed.
    #[error("{0}")]
    Portal(Box<crate::portal::PortalError>),
}

impl Error {
    /// The class of the failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Config { .. } => ErrorKind::Config,
            Error::Call(call) => call.kind,
            Error::Portal(portal) => portal.kind.error_kind(),
        }
    }

    /// The failed call's details, when a call failed.
    pub fn call(&self) -> Option<&CallError> {
        match self {
            Error::Config { .. } | Error::Portal(_) => None,
            Error::Call(call) => Some(call),
        }
    }

    /// The portal failure's details, when the web portal failed.
    pub fn portal(&self) -> Option<&crate::portal::PortalError> {
        match self {
            Error::Portal(portal) => Some(portal),
            Error::Config { .. } | Error::Call(_) => None,
        }
    }

    /// The endpoint (`GET /users`), when a call failed.
    pub fn endpoint(&self) -> Option<String> {
        self.call().map(|c| c.route.name())
    }

    /// The HTTP status Zoom answered with.
    pub fn status(&self) -> Option<u16> {
        self.call().and_then(|c| c.status)
    }

    /// Zoom's error code.
    pub fn zoom_code(&self) -> Option<&str> {
        self.call().and_then(|c| c.zoom_code.as_deref())
    }

    /// The missing OAuth scope, for permission errors.
    pub fn missing_scope(&self) -> Option<&str> {
        self.call().and_then(|c| c.missing_scope.as_deref())
    }

    /// When a daily limit resets.
    pub fn reset_at(&self) -> Option<DateTime<Utc>> {
        self.call().and_then(|c| c.reset_at)
    }

    /// What happened, without what to do.
    pub fn describe(&self) -> String {
        match self {
            Error::Config { reason } => format!("invalid zoom client configuration: {reason}"),
            Error::Call(call) => call.describe(),
            Error::Portal(portal) => portal.describe(),
        }
    }

    /// What an admin should do about it.
    pub fn what_to_do(&self) -> String {
        match self {
            Error::Config { .. } => "fix the connection settings".to_owned(),
            Error::Call(call) => call.what_to_do(),
            Error::Portal(portal) => portal.what_to_do().to_owned(),
        }
    }
}

impl From<CallError> for Error {
    fn from(call: CallError) -> Self {
        Error::Call(Box::new(call))
    }
}

impl From<crate::portal::PortalError> for Error {
    fn from(portal: crate::portal::PortalError) -> Self {
        Error::Portal(Box::new(portal))
    }
}
