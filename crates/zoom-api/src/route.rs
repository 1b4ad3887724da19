//! The vocabulary of Zoom's endpoints: [`Method`], [`RateCategory`] (with
//! its per-plan limits) and [`Route`] — one endpoint as documented: method,
//! path template, classic and granular OAuth scopes, rate-limit category,
//! lowest plan. Every fact about an endpoint lives in its `Route` constant
//! (in `api/`, listed in `api::ROUTES`); the adapter's catalog, `check`, the
//! actions and the benchmarks read them, never restate them. Errors, logs and
//! counters name a call by its route, never by its URL (which may carry a
//! query).

use std::fmt;

use crate::config::Plan;

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

/// Zoom's rate-limit labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateCategory {
    /// Light (30/s on Pro).
    Light,
    /// Medium (20/s on Pro).
    Medium,
    /// Heavy (10/s on Pro), sharing a daily quota with Resource-intensive.
    Heavy,
    /// Resource-intensive (10/min on Pro), sharing the Heavy daily quota.
    ResourceIntensive,
}

impl RateCategory {
    /// Every category.
    pub const ALL: [RateCategory; 4] = [
        RateCategory::Light,
        RateCategory::Medium,
        RateCategory::Heavy,
        RateCategory::ResourceIntensive,
    ];

    /// Zoom's label.
    pub fn name(self) -> &'static str {
        match self {
            RateCategory::Light => "Light",
            RateCategory::Medium => "Medium",
            RateCategory::Heavy => "Heavy",
            RateCategory::ResourceIntensive => "Resource-intensive",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            RateCategory::Light => 0,
            RateCategory::Medium => 1,
            RateCategory::Heavy => 2,
            RateCategory::ResourceIntensive => 3,
        }
    }

    /// Whether the category draws on the shared Heavy daily quota.
    pub fn shares_daily_quota(self) -> bool {
        matches!(self, RateCategory::Heavy | RateCategory::ResourceIntensive)
    }

    /// Requests per period for the plan (docs/operations.md, "Rate limits").
    pub fn limit(self, plan: Plan) -> (u32, Period) {
        use Period::{Minute, Second};
        match (self, plan) {
            (RateCategory::Light, Plan::Free) => (4, Second),
            (RateCategory::Light, Plan::Pro) => (30, Second),
            (RateCategory::Light, Plan::Business) => (80, Second),
            (RateCategory::Medium, Plan::Free) => (2, Second),
            (RateCategory::Medium, Plan::Pro) => (20, Second),
            (RateCategory::Medium, Plan::Business) => (60, Second),
            (RateCategory::Heavy, Plan::Free) => (1, Second),
            (RateCategory::Heavy, Plan::Pro) => (10, Second),
            (RateCategory::Heavy, Plan::Business) => (40, Second),
            (RateCategory::ResourceIntensive, Plan::Free | Plan::Pro) => (10, Minute),
            (RateCategory::ResourceIntensive, Plan::Business) => (20, Minute),
        }
    }
}

impl std::fmt::Display for RateCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The period of a rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Per second.
    Second,
    /// Per minute.
    Minute,
}

/// One documented Zoom endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path template under `/v2`, as Zoom documents it (`/users/{userId}`).
    pub path: &'static str,
    /// Classic OAuth scopes, any one of which grants the call (apps created
    /// before 2024: `user:read:admin`).
    pub scopes: &'static [&'static str],
    /// Granular OAuth scopes, any one of which grants the call (apps created
    /// since 2024: `user:read:list_users:admin`); empty where Zoom documents
    /// none.
    pub granular_scopes: &'static [&'static str],
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

    /// The scopes of `family` that grant the call (empty where Zoom
    /// documents none of that family).
    pub fn scopes_in(&self, family: ScopeFamily) -> &'static [&'static str] {
        match family {
            ScopeFamily::Classic => self.scopes,
            ScopeFamily::Granular => self.granular_scopes,
        }
    }

    /// Whether `granted` (the token's scopes) allows the call: `None` when
    /// it cannot tell (nothing granted is known, or the route documents no
    /// scope of the app's family).
    pub fn granted_by(&self, granted: &[String]) -> Option<bool> {
        let family = ScopeFamily::of_granted(granted)?;
        let needed = self.scopes_in(family);
        if needed.is_empty() {
            return None;
        }
        Some(needed.iter().any(|s| granted.iter().any(|g| g == s)))
    }
}

/// The two kinds of OAuth scope a Zoom app has: classic (apps created
/// before 2024: `user:read:admin`) or granular (since 2024:
/// `user:read:list_users:admin`). An app has one or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeFamily {
    /// `resource:read|write[:admin|:master]`.
    Classic,
    /// `resource:verb:name[:admin|:master]`.
    Granular,
}

impl ScopeFamily {
    /// The family of one scope: granular when it names what it grants after
    /// the verb (`user:read:list_users:admin`, `user:read:user`).
    pub fn of_scope(scope: &str) -> ScopeFamily {
        let parts: Vec<&str> = scope.split(':').collect();
        match parts.as_slice() {
            [_, _, _, _, ..] => ScopeFamily::Granular,
            [_, _, last] if *last != "admin" && *last != "master" => ScopeFamily::Granular,
            _ => ScopeFamily::Classic,
        }
    }

    /// The family of an app from its granted scopes: the family most of them
    /// are in; `None` when none is known.
    pub fn of_granted(granted: &[String]) -> Option<ScopeFamily> {
        if granted.is_empty() {
            return None;
        }
        let granular = granted
            .iter()
            .filter(|s| ScopeFamily::of_scope(s) == ScopeFamily::Granular)
            .count();
        Some(if granular * 2 > granted.len() {
            ScopeFamily::Granular
        } else {
            ScopeFamily::Classic
        })
    }

    /// `classic` or `granular`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeFamily::Classic => "classic",
            ScopeFamily::Granular => "granular",
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method.as_str(), self.path)
    }
}
