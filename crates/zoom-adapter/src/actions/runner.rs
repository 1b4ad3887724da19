//! The [`Runner`] every action shares: the targets' results (each handed to
//! the [`ResultSink`] the moment it is known), the per-target panic
//! boundary, the look-ups, Zoom's refusals as statuses, and the requests a
//! dry run records.

use zoom_api::{Client, ErrorKind, Request};

use super::lookup::Lookups;
use super::refusal::refusal;
use super::report::{
    ActionReport, DryRunReport, PlannedRequest, PlannedResult, TargetResult, TargetStatus,
};
use super::{ActionError, ActionName, ActionOutcome, ResultSink};

/// One run of one action over its targets.
pub(super) struct Runner<'a> {
    pub(super) client: &'a Client,
    /// Record the requests instead of sending them.
    pub(super) dry_run: bool,
    name: ActionName,
    sink: &'a mut dyn ResultSink,
    planned: Vec<PlannedRequest>,
    /// Each result with its position among the targets (params order).
    results: Vec<(usize, TargetResult)>,
    /// The position of the current element's first target.
    base: usize,
    /// Where the next element's targets start.
    next: usize,
    pub(super) lookups: Lookups,
    /// Zoom could not be reached: the remaining targets are not sent.
    unreachable: bool,
}

impl<'a> Runner<'a> {
    pub(super) fn new(
        client: &'a Client,
        name: ActionName,
        dry_run: bool,
        sink: &'a mut dyn ResultSink,
    ) -> Self {
        Runner {
            client,
            dry_run,
            name,
            sink,
            planned: Vec::new(),
            results: Vec::new(),
            base: 0,
            next: 0,
            lookups: Lookups::default(),
            unreachable: false,
        }
    }

    /// Runs `one` for each params element behind its own panic boundary; an
    /// element is not sent once Zoom proved out of reach. `names` are the
    /// element's targets (one result each).
    pub(super) async fn each<T>(
        mut self,
        targets: Vec<T>,
        names: impl Fn(&T) -> Vec<String>,
        mut one: impl AsyncFnMut(&mut Self, &T) -> Result<(), ActionError>,
    ) -> Result<Self, ActionError> {
        for target in targets {
            let names = names(&target);
            self.base = self.next;
            self.next += names.len().max(1);
            if self.unreachable {
                for (offset, name) in names.iter().enumerate() {
                    self.report(
                        offset,
                        name,
                        TargetStatus::Failed,
                        "not sent: zoom could not be reached earlier in this run (see the first failure)",
                    );
                }
                continue;
            }
            let before = self.results.len();
            match crate::boundary::catch("action target", one(&mut self, &target)).await {
                Ok(result) => result?,
                Err(panic) => self.panicked(&names, before, &panic),
            }
        }
        Ok(self)
    }

    pub(super) fn finish(mut self) -> ActionOutcome {
        self.results.sort_by_key(|(position, _)| *position);
        let results = self.results.into_iter().map(|(_, result)| result);
        if self.dry_run {
            ActionOutcome::DryRun(DryRunReport {
                action: self.name.as_str(),
                dry_run: true,
                requests: self.planned,
                results: results
                    .map(|r| PlannedResult {
                        target: r.target,
                        status: r.status,
                        message: r.message,
                    })
                    .collect(),
                unreachable: self.unreachable,
            })
        } else {
            ActionOutcome::Done(ActionReport {
                action: self.name.as_str(),
                results: results.collect(),
                unreachable: self.unreachable,
            })
        }
    }

    /// Records `request` for the dry run's output.
    pub(super) fn plan(&mut self, request: &Request) {
        self.planned.push(PlannedRequest::from(request));
    }

    /// The result of the current element's target at `offset`, handed to the
    /// sink at once (the audit line is written before the next call).
    pub(super) fn finished(&mut self, offset: usize, result: TargetResult) {
        self.sink.completed(self.name, self.dry_run, &result);
        self.results.push((self.base + offset, result));
    }

    /// [`Runner::finished`] without a Zoom id or tracking id.
    pub(super) fn report(
        &mut self,
        offset: usize,
        target: &str,
        status: TargetStatus,
        message: impl Into<String>,
    ) {
        self.finished(offset, TargetResult::new(target, status).message(message));
    }

    /// A refused call as the result of the target at `offset`, classified by
    /// Zoom's code and message; auth failures stop the whole action; a Zoom
    /// out of reach stops sending.
    pub(super) fn refused(
        &mut self,
        offset: usize,
        target: &str,
        zoom_id: Option<String>,
        err: &zoom_api::Error,
    ) -> Result<(), ActionError> {
        self.check_fatal(err)?;
        let refusal = refusal(err);
        let tracking_id = err.call().and_then(|c| c.tracking_id.clone());
        let result = TargetResult::new(target, refusal.status).zoom_id(zoom_id);
        self.finished(
            offset,
            result.message(refusal.message).tracking_id(tracking_id),
        );
        Ok(())
    }

    /// Stops the action on refused credentials; remembers an unreachable Zoom.
    pub(super) fn check_fatal(&mut self, err: &zoom_api::Error) -> Result<(), ActionError> {
        if err.kind() == ErrorKind::Auth {
            return Err(ActionError::Auth(err.clone()));
        }
        if matches!(err.kind(), ErrorKind::Network | ErrorKind::Tls) {
            self.unreachable = true;
        }
        Ok(())
    }

    /// Reports the targets of an element that panicked and have no result
    /// yet as `failed` (Zoom may or may not have applied it); the next
    /// element runs.
    fn panicked(&mut self, names: &[String], before: usize, panic: &str) {
        let panic = self.client.secret_mask().mask(panic);
        let done: Vec<usize> = self.results[before..]
            .iter()
            .map(|(position, _)| position - self.base)
            .collect();
        for (offset, name) in names.iter().enumerate() {
            if done.contains(&offset) {
                continue;
            }
            self.report(
                offset,
                name,
                TargetStatus::Failed,
                format!(
                    "{}; zoom may or may not have applied it: check this target in zoom",
                    crate::boundary::bug_message("this target", &panic)
                ),
            );
        }
    }
}
