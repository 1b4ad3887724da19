//! [`Route`]: one Zoom endpoint as documented — method, path template, OAuth
//! scopes, rate-limit category, lowest plan. Errors, logs and counters name a
//! call by its route, never by its URL (which may carry a query).

use std::fmt;

use crate::config::Plan;
use crate::rate_limit::RateCategory;

/// An HTTP method the client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET: idempotent, retried.
    Get,
    /// POST: an action, retried only after a 429.
    Post,
    /// PATCH: an action, retried only after a 429.
    Patch,
    /// DELETE: an action, retried only after a 429.
    Delete,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether the client may repeat the call after a failure whose outcome is
    /// unknown (5xx, timeout, dropped connection).
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

/// One documented Zoom endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path template under `/v2`, as Zoom documents it (`/users/{userId}`).
    pub path: &'static str,
    /// OAuth scopes, any one of which grants the call (classic names).
    pub scopes: &'static [&'static str],
    /// Zoom's rate-limit label.
    pub category: RateCategory,
    /// The lowest plan that serves the endpoint, when Zoom documents one.
    pub min_plan: Option<Plan>,
}

impl Route {
    /// `GET /users`.
    pub fn name(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method.as_str(), self.path)
    }
}
