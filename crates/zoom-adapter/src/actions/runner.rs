//! The [`Runner`] every action shares: the targets' results, the per-target
//! panic boundary, the one group look-up, Zoom's refusals as statuses, the
//! requests a dry run records, and the audit lines.

use std::io::Write;

use futures::TryStreamExt;
use serde_json::json;
use zoom_api::{Client, ErrorKind, Request};

use super::report::{ActionReport, DryRunReport, PlannedRequest, TargetResult, TargetStatus};
use super::{ActionError, ActionName, ActionOutcome};

/// A group named in params, once looked up.
pub(super) enum GroupLookup {
    Found { id: String, name: String },
    Missing(String),
}

/// One run of one action over its targets.
pub(super) struct Runner<'a> {
    pub(super) client: &'a Client,
    /// Record the requests instead of sending them.
    pub(super) dry_run: bool,
    planned: Vec<PlannedRequest>,
    results: Vec<TargetResult>,
    groups: Option<Vec<zoom_api::Group>>,
    /// Zoom could not be reached: the remaining targets are not sent.
    unreachable: bool,
}

impl<'a> Runner<'a> {
    pub(super) fn new(client: &'a Client, dry_run: bool) -> Self {
        Runner {
            client,
            dry_run,
            planned: Vec::new(),
            results: Vec::new(),
            groups: None,
            unreachable: false,
        }
    }

    /// Runs `one` for each target behind its own panic boundary; a target
    /// is not sent once Zoom proved out of reach. `names` are the results a
    /// target reports (what a panic or an unreachable Zoom is reported for).
    pub(super) async fn each<T>(
        mut self,
        targets: Vec<T>,
        names: impl Fn(&T) -> Vec<String>,
        mut one: impl AsyncFnMut(&mut Self, &T) -> Result<(), ActionError>,
    ) -> Result<Self, ActionError> {
        for target in targets {
            let names = names(&target);
            if names.iter().any(|n| self.skipped_unreachable(n)) {
                continue;
            }
            match crate::boundary::catch("action target", one(&mut self, &target)).await {
                Ok(result) => result?,
                Err(panic) => {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    self.panicked(&names, &panic);
                }
            }
        }
        Ok(self)
    }

    pub(super) fn finish(self, name: ActionName) -> ActionOutcome {
        if self.dry_run {
            ActionOutcome::DryRun(DryRunReport {
                action: name.as_str(),
                dry_run: true,
                requests: self.planned,
            })
        } else {
            for result in &self.results {
                audit(name, result);
            }
            ActionOutcome::Done(ActionReport {
                action: name.as_str(),
                results: self.results,
                unreachable: self.unreachable,
            })
        }
    }

    /// Records `request` for the dry run's output.
    pub(super) fn plan(&mut self, request: &Request) {
        self.planned.push(PlannedRequest::from(request));
    }

    pub(super) fn result(
        &mut self,
        target: &str,
        status: TargetStatus,
        zoom_id: Option<String>,
        message: impl Into<Option<String>>,
    ) {
        self.results.push(TargetResult {
            target: target.to_owned(),
            status,
            zoom_id,
            message: message.into(),
        });
    }

    /// A refused call as a result; auth failures stop the whole action; a
    /// Zoom out of reach stops sending (the remaining targets are reported
    /// `failed`, not sent).
    pub(super) fn refused(
        &mut self,
        target: &str,
        err: &zoom_api::Error,
    ) -> Result<(), ActionError> {
        if err.kind() == ErrorKind::Auth {
            return Err(ActionError::Auth(err.clone()));
        }
        if matches!(err.kind(), ErrorKind::Network | ErrorKind::Tls) {
            self.unreachable = true;
        }
        let status = status_of(err);
        let zoom_says = err.call().and_then(|c| c.zoom_message.clone());
        let message = match (status, err.reset_at(), zoom_says) {
            (TargetStatus::RateLimited, Some(reset), _) => {
                format!("{err}; Zoom accepts this again after {reset}")
            }
            (
                TargetStatus::AlreadyExists | TargetStatus::NotFound | TargetStatus::GroupNotFound,
                _,
                Some(says),
            ) => {
                format!("{says} (zoom code {})", err.zoom_code().unwrap_or("?"))
            }
            _ => err.to_string(),
        };
        self.result(target, status, None, message);
        Ok(())
    }

    /// After Zoom proved out of reach, `target` is reported as not sent;
    /// `true` when it was.
    fn skipped_unreachable(&mut self, target: &str) -> bool {
        if self.unreachable {
            self.result(
                target,
                TargetStatus::Failed,
                None,
                "not sent: zoom could not be reached earlier in this run (see the first failure)"
                    .to_owned(),
            );
        }
        self.unreachable
    }

    /// Reports the targets of work that panicked as `failed` (Zoom may or
    /// may not have applied it); the next target runs.
    fn panicked(&mut self, targets: &[&str], panic: &str) {
        let panic = self.client.secret_mask().mask(panic);
        for target in targets {
            self.result(
                target,
                TargetStatus::Failed,
                None,
                format!(
                    "{}; zoom may or may not have applied it: check this target in zoom",
                    crate::boundary::bug_message("this target", &panic)
                ),
            );
        }
    }

    /// Looks a group up by id or exact name (GET /groups, read-only, once).
    pub(super) async fn group(&mut self, spec: &str) -> Result<GroupLookup, ActionError> {
        if self.groups.is_none() {
            match self.client.groups().list().try_collect::<Vec<_>>().await {
                Ok(groups) => self.groups = Some(groups),
                Err(err) if err.kind() == ErrorKind::Auth => return Err(ActionError::Auth(err)),
                Err(err) => {
                    return Ok(GroupLookup::Missing(format!(
                        "groups could not be listed to find {spec:?}: {err}"
                    )));
                }
            }
        }
        let groups = self.groups.as_deref().unwrap_or_default();
        if let Some(group) = groups.iter().find(|g| g.id.as_deref() == Some(spec)) {
            return Ok(GroupLookup::Found {
                id: spec.to_owned(),
                name: group.name.clone().unwrap_or_default(),
            });
        }
        let named: Vec<&zoom_api::Group> = groups
            .iter()
            .filter(|g| g.name.as_deref() == Some(spec))
            .collect();
        Ok(match named.as_slice() {
            [one] => GroupLookup::Found {
                id: one.id.clone().unwrap_or_default(),
                name: spec.to_owned(),
            },
            [] => GroupLookup::Missing(format!("no group has the id or the exact name {spec:?}")),
            many => GroupLookup::Missing(format!(
                "{} groups are named {spec:?} (ids {}): give the id instead",
                many.len(),
                many.iter()
                    .filter_map(|g| g.id.as_deref())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        })
    }
}

/// Zoom's refusal as a result status.
fn status_of(err: &zoom_api::Error) -> TargetStatus {
    match (err.zoom_code(), err.kind()) {
        (Some("1005"), _) | (_, ErrorKind::Conflict) => TargetStatus::AlreadyExists,
        (Some("4130"), _) => TargetStatus::GroupNotFound,
        (Some("1001"), _) | (_, ErrorKind::NotFound) => TargetStatus::NotFound,
        (_, ErrorKind::Throttled | ErrorKind::DailyLimit | ErrorKind::QuotaBudget) => {
            TargetStatus::RateLimited
        }
        _ => TargetStatus::Failed,
    }
}

/// One audit line per target on stderr: action, target, result.
fn audit(name: ActionName, result: &TargetResult) {
    let line = json!({"audit": "action", "action": name.as_str(), "target": result.target, "status": result.status, "zoom_id": result.zoom_id});
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
