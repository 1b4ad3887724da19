//! What an action gives back: one [`TargetResult`] per target in an
//! [`ActionReport`] (and its exit code), or the [`DryRunReport`] of the
//! requests it would send.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// How one target ended (docs/actions.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The user was created.
    Created,
    /// The user was deleted or disassociated.
    Deleted,
    /// The user was added to the group.
    Added,
    /// The user was removed from the group.
    Removed,
    /// The user was moved between groups.
    Moved,
    /// The message was sent.
    Sent,
    /// The desired state already held: nothing was sent for this target
    /// (already in the group, already out of it, already moved).
    Unchanged,
    /// A user with that email exists already (Zoom code 1005).
    AlreadyExists,
    /// No such user (Zoom code 1001).
    NotFound,
    /// No such group (Zoom code 4130), or its name is unknown or ambiguous.
    GroupNotFound,
    /// Zoom's rate limit (or the daily cap on user creation) refused the call.
    RateLimited,
    /// Any other refusal; `message` says why.
    Failed,
}

/// One target's result.
#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    /// The target (email, user id, or recipient).
    pub target: String,
    /// How it ended.
    pub status: TargetStatus,
    /// The Zoom id of what was created, changed or sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zoom_id: Option<String>,
    /// What happened, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Zoom's request id (`x-zm-trackingid`) of the answer that decided the
    /// result; in the audit line, not in the report.
    #[serde(skip)]
    pub tracking_id: Option<String>,
}

impl TargetResult {
    /// `target` ended `status`; no id, message or tracking id yet.
    pub fn new(target: &str, status: TargetStatus) -> Self {
        TargetResult {
            target: target.to_owned(),
            status,
            zoom_id: None,
            message: None,
            tracking_id: None,
        }
    }

    /// With Zoom's id of the object.
    pub fn zoom_id(mut self, zoom_id: Option<String>) -> Self {
        self.zoom_id = zoom_id;
        self
    }

    /// With a message for people.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// With Zoom's request id of the deciding answer.
    pub fn tracking_id(mut self, tracking_id: Option<String>) -> Self {
        self.tracking_id = tracking_id;
        self
    }
}

impl TargetStatus {
    /// Whether the status makes the action exit 5 (`not_found` only
    /// without `--missing-ok`).
    pub fn is_refusal(self, missing_ok: bool) -> bool {
        match self {
            TargetStatus::NotFound => !missing_ok,
            TargetStatus::GroupNotFound | TargetStatus::RateLimited | TargetStatus::Failed => true,
            _ => false,
        }
    }
}

/// The exit code of a set of results (docs/actions.md): 6 when Zoom could
/// not be reached, 5 when any target was refused, else 0.
fn exit_of(
    mut statuses: impl Iterator<Item = TargetStatus>,
    unreachable: bool,
    missing_ok: bool,
) -> crate::Exit {
    if unreachable {
        crate::Exit::Unreachable
    } else if statuses.any(|status| status.is_refusal(missing_ok)) {
        crate::Exit::ZoomRefused
    } else {
        crate::Exit::Ok
    }
}

/// The result of an action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionReport {
    /// The action's name.
    pub action: &'static str,
    /// One result per target, in params order.
    pub results: Vec<TargetResult>,
    /// Some target failed because Zoom could not be reached (exit 6).
    #[serde(skip)]
    pub unreachable: bool,
}

impl ActionReport {
    /// The exit code: 0 when every target succeeded (or already existed, or
    /// was unchanged), 6 when Zoom could not be reached, 5 when any was
    /// refused (`not_found` only without `missing_ok`).
    pub fn exit(&self, missing_ok: bool) -> crate::Exit {
        let statuses = self.results.iter().map(|r| r.status);
        exit_of(statuses, self.unreachable, missing_ok)
    }
}

/// A request an action would send (`--dry-run`); never a secret. Made from
/// the very [`zoom_api::Request`] a real run sends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedRequest {
    /// HTTP method.
    pub method: &'static str,
    /// Path under the API base (`/users/…`), segments encoded as sent.
    pub path: String,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// JSON body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl From<&zoom_api::Request> for PlannedRequest {
    fn from(request: &zoom_api::Request) -> Self {
        PlannedRequest {
            method: request.method().as_str(),
            path: request.path().to_owned(),
            query: request
                .query_pairs()
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect(),
            body: request.json_body().cloned(),
        }
    }
}

/// What `--dry-run` prints.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunReport {
    /// The action's name.
    pub action: &'static str,
    /// Always true.
    pub dry_run: bool,
    /// The requests, in order.
    pub requests: Vec<PlannedRequest>,
    /// Per target, what the real run would report (failures included), in
    /// params order; `zoom_id` is left out.
    pub results: Vec<PlannedResult>,
    /// Zoom could not be reached for a look-up (exit 6).
    #[serde(skip)]
    pub unreachable: bool,
}

/// One target's predicted result in a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedResult {
    /// The target.
    pub target: String,
    /// The status the real run would give.
    pub status: TargetStatus,
    /// What would happen, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl DryRunReport {
    /// The exit code the real run would have.
    pub fn exit(&self, missing_ok: bool) -> crate::Exit {
        let statuses = self.results.iter().map(|r| r.status);
        exit_of(statuses, self.unreachable, missing_ok)
    }
}
