//! What a failed attempt means: Zoom's answer (status, `{code, message}`
//! body, `Retry-After`, daily-limit headers) or a transport failure becomes a
//! [`Next`] — fail with a classified [`CallError`], refresh the token once,
//! or retry.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::client::Client;
use crate::error::{CallError, ErrorKind};
use crate::rate_limit::{is_daily_limit, is_route_daily_cap, next_utc_midnight};
use crate::request::Request;
use crate::retry::{RetryAfter, RetryCause, Retryable};
use crate::route::{Route, ScopeFamily};
use crate::transport::describe_reqwest;
use crate::transport::{self, TransportFailure};

/// What to do after a failed attempt.
pub(crate) enum Next {
    /// Give up: the failure is final.
    Fail(CallError),
    /// Zoom rejected the token of this generation: refresh it once.
    RefreshToken(u64, CallError),
    /// Repeat, if [`crate::retry::decide`] allows.
    Retry(Retryable),
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
    /// Classifies Zoom's refusal of `request`.
    pub(crate) fn classify(
        &self,
        request: &Request,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        generation: u64,
        granted: &[String],
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
            e.tracking_id = crate::request::tracking_id(headers);
            e
        };
        let scope_problem = lower.contains("does not contain") && lower.contains("scope");
        if scope_problem
            || code.is_some_and(|c| (4700..4800).contains(&c) && c != 4702 && c != 4704)
        {
            let mut e = build(ErrorKind::Permission, "the app is missing an oauth scope");
            let named = message
                .as_deref()
                .map(scopes_from_message)
                .unwrap_or_default();
            e.scope_family = ScopeFamily::of_granted(granted);
            e.missing_scope = missing_scope(&named, route, e.scope_family);
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
                Next::Retry(Retryable {
                    cause: RetryCause::Throttled,
                    after: retry_after.map(|r| r.delay_from(now)),
                    error: build(ErrorKind::Throttled, "zoom's per-second rate limit was hit"),
                })
            }
            500..=599 => Next::Retry(Retryable {
                cause: RetryCause::Transient,
                after: None,
                error: build(ErrorKind::Server, "zoom answered with a server error"),
            }),
            403 => Next::Fail(permission_or_plan(
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
                    Next::Fail(permission_or_plan(
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
}

/// A 403 (or code 200 / 124) whose message speaks of plans is a plan
/// failure, not a permission one.
fn permission_or_plan(route: &Route, mut error: CallError, lower_message: &str) -> CallError {
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

/// A request or its body failed in transport. Zoom out of reach is a
/// `network` failure, a timeout or a broken answer `transient` (both
/// retried); a certificate that fails verification is `tls` (not retried:
/// it does not pass by itself).
pub(crate) fn transport_failure(
    route: &'static Route,
    err: reqwest::Error,
    status: Option<u16>,
) -> Next {
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
        Some(cause) => Next::Retry(Retryable {
            cause,
            after: None,
            error,
        }),
    }
}

/// The scopes a missing-scope message names: `does not contain scopes:[a,
/// b].` (codes 4700 and 4711) or `does not contain role:read:admin scope.`.
pub(crate) fn scopes_from_message(message: &str) -> Vec<String> {
    let lower = message.to_ascii_lowercase();
    let Some(start) = lower
        .find("does not contain")
        .map(|i| i + "does not contain".len())
    else {
        return Vec::new();
    };
    let rest = message[start..].trim();
    if let Some(list) = rest
        .strip_prefix("scopes:")
        .or_else(|| rest.strip_prefix("scopes :"))
        .or_else(|| rest.strip_prefix("scope:"))
    {
        let list = list.trim().trim_start_matches('[');
        let end = list.find(']').unwrap_or(list.len());
        return list[..end]
            .split([',', ' '])
            .map(|s| s.trim().trim_end_matches('.'))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
    }
    rest.split_whitespace()
        .next()
        .map(|word| word.trim_end_matches(['.', ',']))
        .filter(|word| word.contains(':'))
        .map(|word| vec![word.to_owned()])
        .unwrap_or_default()
}

/// The one scope to tell the admin to add: of the scopes Zoom named, the
/// first in the app's family (else the first); when Zoom named none, the
/// route's first scope of that family.
pub(crate) fn missing_scope(
    named: &[String],
    route: &Route,
    family: Option<ScopeFamily>,
) -> Option<String> {
    let family = family.unwrap_or(ScopeFamily::Classic);
    named
        .iter()
        .find(|s| ScopeFamily::of_scope(s) == family)
        .or_else(|| named.first())
        .cloned()
        .or_else(|| route.scopes_in(family).first().map(|s| (*s).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_parsed_from_messages() {
        assert_eq!(
            scopes_from_message("Invalid access token, does not contain role:read:admin scope."),
            ["role:read:admin"]
        );
        assert_eq!(
            scopes_from_message(
                "Invalid access token, does not contain scopes:[user:read:admin, user:read:list_users:admin]."
            ),
            ["user:read:admin", "user:read:list_users:admin"]
        );
        assert!(scopes_from_message("Invalid access token.").is_empty());
    }

    #[test]
    fn the_missing_scope_is_named_in_the_apps_family() {
        let route = &crate::api::users::LIST_USERS;
        let named = scopes_from_message(
            "Invalid access token, does not contain scopes:[user:read:admin, user:read:list_users:admin].",
        );
        assert_eq!(
            missing_scope(&named, route, Some(ScopeFamily::Granular)).as_deref(),
            Some("user:read:list_users:admin")
        );
        assert_eq!(
            missing_scope(&named, route, Some(ScopeFamily::Classic)).as_deref(),
            Some("user:read:admin")
        );
        assert_eq!(
            missing_scope(&[], route, Some(ScopeFamily::Granular)).as_deref(),
            Some("user:read:list_users:admin")
        );
    }

    #[test]
    fn families_are_told_apart() {
        for classic in [
            "user:read:admin",
            "dashboard_zr:read:admin",
            "billing:master",
            "user_info:read",
        ] {
            assert_eq!(
                ScopeFamily::of_scope(classic),
                ScopeFamily::Classic,
                "{classic}"
            );
        }
        for granular in [
            "user:read:list_users:admin",
            "user:read:user",
            "team_chat:write:user_message:admin",
        ] {
            assert_eq!(
                ScopeFamily::of_scope(granular),
                ScopeFamily::Granular,
                "{granular}"
            );
        }
    }
}
