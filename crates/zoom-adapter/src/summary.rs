//! [`CycleSummary`]: what one fetch cycle delivered, what it cost and what
//! failed, as the last stderr line (CLI) or the `fetch` response (protocol).

use std::collections::BTreeMap;

use asset_schema::Kind;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The summary of a fetch cycle.
#[derive(Debug, Clone, Serialize)]
pub struct CycleSummary {
    /// `ok` (every planned kind complete), `partial`, `failed` (no kind
    /// delivered), `auth_failed` or `cancelled`.
    pub status: CycleStatus,
    /// When the cycle started (every record's `fetched_at`).
    pub started_at: DateTime<Utc>,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// Records written, per asset type and kind.
    pub records: BTreeMap<String, BTreeMap<String, u64>>,
    /// Records written in all.
    pub records_total: u64,
    /// One entry per planned kind: its status and, when it failed, why.
    pub sources: Vec<SourceReport>,
    /// HTTP requests per endpoint, every attempt counted.
    pub requests: BTreeMap<String, u64>,
    /// Requests in all.
    pub requests_total: u64,
    /// Attempts repeated after a 429, 5xx, timeout or broken body.
    pub retries: u64,
    /// 429 answers received.
    pub throttled_responses: u64,
    /// Times a call waited for the rate limiter or a 429 pause.
    pub rate_limit_waits: u64,
    /// Milliseconds spent in those waits.
    pub rate_limit_wait_ms: u64,
    /// Token requests sent.
    pub token_requests: u64,
    /// Heavy and Resource-intensive requests counted against the daily quota, and the budget.
    pub daily_quota: DailyQuota,
    /// Where the next incremental cycle should continue activities from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<Cursor>,
    /// The plan the rate limits were sized for.
    pub plan: PlanReport,
    /// What the state store gave and kept (absent with `--no-state`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<StateReport>,
}

/// The state store's part in a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateReport {
    /// The store's file.
    pub path: String,
    /// Whether what the cycle learned was committed.
    pub saved: bool,
    /// Why it was not, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Past meetings taken from the store instead of read from Zoom.
    pub meetings_reused: u64,
    /// Past meetings read from Zoom (one Heavy participants call each).
    pub meetings_read: u64,
    /// Per kind: ids of the last complete cycle absent from this complete one.
    pub deleted: BTreeMap<String, u64>,
    /// Tombstone lines written (`--emit-deletions`).
    pub tombstones: u64,
    /// Why no deletions were declared, when the settings changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletions_skipped: Option<String>,
}

/// How the cycle ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleStatus {
    /// Every planned kind is complete.
    Ok,
    /// Some kinds failed or are incomplete; the others are complete.
    Partial,
    /// Every planned kind failed: nothing was delivered (Zoom out of reach,
    /// the output gone …); each source says why.
    Failed,
    /// Zoom refused the credentials: nothing could be read.
    AuthFailed,
    /// Stopped by Ctrl-C or a protocol `cancel`; what was written stands.
    Cancelled,
}

/// One planned kind.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    /// The record kind.
    pub kind: Kind,
    /// `ok`, `partial` (some objects missing), `failed` or `cancelled`.
    pub status: SourceStatus,
    /// Records of this kind written.
    pub records: u64,
    /// Milliseconds from the cycle's start until the kind was complete (or failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_after_ms: Option<u64>,
    /// Why it failed or is partial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<SourceError>,
    /// Odd objects that were mapped or skipped (counted; the first few kept).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Warnings beyond those kept.
    #[serde(skip_serializing_if = "is_zero")]
    pub more_warnings: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A kind's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// Complete.
    Ok,
    /// Delivered, but some objects are missing (see `error`).
    Partial,
    /// Nothing (or nothing reliable) delivered.
    Failed,
    /// The cycle was cancelled before the kind completed.
    Cancelled,
    /// The account's plan does not serve the kind (`error.required_plan`
    /// says which plan does): nothing to fix in the adapter's access, so the
    /// cycle is not partial because of it; turn the kind off or upgrade.
    Unavailable,
}

/// The class of a kind's failure: a Zoom call's class
/// ([`zoom_api::ErrorKind`], stated once there), or one of the adapter's own.
/// Serialized as one snake_case word (`permission`, `network`, `deadline` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// A Zoom call failed (`auth`, `permission`, `network`, `bug` …).
    Zoom(zoom_api::ErrorKind),
    /// The web portal refused or failed (see `portal_error`).
    Portal,
    /// The temporary file of meeting devices could not be read back.
    LocalStorage,
    /// The cycle reached its deadline first.
    Deadline,
    /// The records could not be written.
    Output,
}

impl FailureKind {
    /// A bug in the adapter (or an answer of the wrong shape).
    pub const BUG: FailureKind = FailureKind::Zoom(zoom_api::ErrorKind::Bug);

    /// The stable word hosts read.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Zoom(kind) => kind.as_str(),
            FailureKind::Portal => "portal",
            FailureKind::LocalStorage => "local_storage",
            FailureKind::Deadline => "deadline",
            FailureKind::Output => "output",
        }
    }
}

impl From<zoom_api::ErrorKind> for FailureKind {
    fn from(kind: zoom_api::ErrorKind) -> Self {
        FailureKind::Zoom(kind)
    }
}

impl Serialize for FailureKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Why a kind failed: everything an admin needs to fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceError {
    /// Failure class (`permission`, `plan`, `daily_limit`, `auth`, `server` …).
    pub kind: FailureKind,
    /// The endpoint that failed (`GET /metrics/meetings`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Zoom's error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zoom_code: Option<String>,
    /// The OAuth scope missing, for permission failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_scope: Option<String>,
    /// The Zoom plan needed, for plan failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_plan: Option<String>,
    /// When a daily limit resets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resets_at: Option<DateTime<Utc>>,
    /// For web-portal failures: `wrong_password`, `wrong_code`,
    /// `account_locked`, `captcha_required`, `sso_only`, `unreachable` …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal_error: Option<String>,
    /// What happened (the advice is in `what_to_do`, never repeated here).
    pub message: String,
    /// What to do about it.
    pub what_to_do: String,
}

impl SourceError {
    /// Whether this failure means Zoom could not be reached (`network`,
    /// `tls`): exit code 6.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self.kind,
            FailureKind::Zoom(zoom_api::ErrorKind::Network | zoom_api::ErrorKind::Tls)
        )
    }

    /// The report of a client error (which never carries a secret or a URL).
    pub fn from_api(err: &zoom_api::Error) -> Self {
        let call = err.call();
        SourceError {
            kind: err.kind().into(),
            endpoint: err.endpoint(),
            status: err.status(),
            zoom_code: err.zoom_code().map(str::to_owned),
            missing_scope: err.missing_scope().map(str::to_owned),
            required_plan: call
                .and_then(|c| c.required_plan)
                .map(|p| p.name().to_owned()),
            resets_at: err.reset_at(),
            portal_error: None,
            message: err.describe(),
            what_to_do: err.what_to_do(),
        }
    }

    /// The report of a failure of the adapter itself (a bug, the deadline,
    /// the output, the temporary file): no endpoint, no status, only what
    /// happened and what to do.
    pub fn local(kind: FailureKind, message: String, what_to_do: &str) -> Self {
        SourceError {
            kind,
            endpoint: None,
            status: None,
            zoom_code: None,
            missing_scope: None,
            required_plan: None,
            resets_at: None,
            portal_error: None,
            message,
            what_to_do: what_to_do.to_owned(),
        }
    }

    /// The report of a web-portal failure. Its kind is `portal`, never
    /// `auth`: a refused portal login leaves the REST sources complete.
    pub fn from_portal(err: &zoom_api::PortalError) -> Self {
        SourceError {
            kind: FailureKind::Portal,
            endpoint: Some(format!("portal: {}", err.step)),
            status: err.status,
            zoom_code: None,
            missing_scope: None,
            required_plan: None,
            resets_at: None,
            portal_error: Some(err.kind.as_str().to_owned()),
            message: err.describe(),
            what_to_do: err.what_to_do().to_owned(),
        }
    }
}

/// Where incremental activity reading continues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cursor {
    /// Pass as `activity_cursor` next time: activities from this time on are read.
    pub activities_from: DateTime<Utc>,
}

/// The plan a cycle's rate limits were sized for (`zoom_plan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanReport {
    /// `free`, `pro` or `business`.
    pub assumed: &'static str,
    /// `auto` (discovered from Zoom's answers) or `configured`.
    pub source: &'static str,
    /// What proved it (`GET /metrics/meetings answered`), when discovered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl From<zoom_api::PlanInUse> for PlanReport {
    fn from(plan: zoom_api::PlanInUse) -> Self {
        PlanReport {
            assumed: crate::catalog::settings_plan(plan.plan).as_str(),
            source: if plan.discovered {
                "auto"
            } else {
                "configured"
            },
            evidence: plan.evidence,
        }
    }
}

/// Daily quota use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DailyQuota {
    /// Heavy and Resource-intensive requests this cycle.
    pub used: u64,
    /// This adapter's budget (its share of the account's daily quota).
    pub budget: u64,
    /// With a state store: today's count over every cycle on the store (UTC day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used_today: Option<u64>,
}
