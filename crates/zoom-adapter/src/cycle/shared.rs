//! [`Shared`]: what every source of a cycle uses — the client, the plan, the
//! record channel — and where each kind's status is kept.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use asset_schema::{Kind, Record};
use serde::Serialize;
use tokio::sync::mpsc;
use zoom_api::{Client, PortalLogin};
use zoom_normalize::{Context, Warning};

use super::progress::{Item, Notes};
use crate::cycle::linking::HeldComputers;
use crate::plan::FetchPlan;
use crate::state::learned::{Finish, Learned};
use crate::state::snapshot::CycleState;
use crate::summary::{FailureKind, SourceError, SourceReport, SourceStatus};

/// Warnings kept per kind in the summary (the rest are counted).
const WARNINGS_KEPT: usize = 5;

/// The sink is gone (the reader closed its end): stop producing.
#[derive(Debug)]
pub(crate) struct SinkClosed;

/// What the web portal gave this cycle.
#[derive(Debug)]
pub(crate) struct PortalData {
    pub(crate) billing: zoom_api::PortalBilling,
    pub(crate) settings: zoom_api::PortalSettings,
}

/// State shared by the sources of one cycle.
pub(crate) struct Shared {
    portal: Option<Result<zoom_api::WebPortal, zoom_api::PortalError>>,
    portal_data: tokio::sync::OnceCell<Result<PortalData, zoom_api::PortalError>>,
    /// GET /groups and GET /roles, each read once for every source that needs it.
    groups: tokio::sync::OnceCell<Result<Vec<zoom_api::Group>, zoom_api::Error>>,
    roles: tokio::sync::OnceCell<Result<Vec<zoom_api::Role>, zoom_api::Error>>,
    pub(crate) client: Client,
    pub(crate) plan: FetchPlan,
    pub(crate) cx: Context,
    pub(crate) concurrency: usize,
    /// The state store as this cycle sees it, when it has one.
    pub(crate) state: Option<Arc<CycleState>>,
    tx: mpsc::Sender<Item>,
    /// How far each source got, for the progress reports.
    pub(crate) notes: Arc<Notes>,
    kinds: Mutex<BTreeMap<Kind, KindState>>,
    started: std::time::Instant,
    /// Zoom Rooms computers held until both their sources are read.
    held: HeldComputers,
}

#[derive(Debug, Default)]
struct KindState {
    status: Option<SourceStatus>,
    error: Option<SourceError>,
    warnings: Vec<String>,
    more_warnings: u64,
    done: bool,
    finished_after: Option<std::time::Duration>,
}

impl Shared {
    pub(crate) fn new(
        client: Client,
        plan: FetchPlan,
        cx: Context,
        tx: mpsc::Sender<Item>,
        concurrency: usize,
        portal: Option<Result<zoom_api::WebPortal, zoom_api::PortalError>>,
        notes: Arc<Notes>,
    ) -> Self {
        let kinds = plan
            .kinds
            .iter()
            .map(|k| (*k, KindState::default()))
            .collect();
        let held = HeldComputers::for_plan(&plan);
        Shared {
            held,
            portal,
            portal_data: tokio::sync::OnceCell::new(),
            groups: tokio::sync::OnceCell::new(),
            roles: tokio::sync::OnceCell::new(),
            client,
            plan,
            cx,
            concurrency,
            state: None,
            tx,
            notes,
            kinds: Mutex::new(kinds),
            started: std::time::Instant::now(),
        }
    }

    /// Sends a record to the sink (waiting while the channel is full), with
    /// the Zoom object attached when the plan asks for raw output.
    pub(crate) async fn emit(
        &self,
        mut record: Record,
        raw: Option<&impl Serialize>,
    ) -> Result<(), SinkClosed> {
        // A source may read a kind the plan leaves out (the users, for the
        // account's summary): its records are not delivered.
        if !self.plan.wants(record.kind) {
            return Ok(());
        }
        if self.plan.include_raw {
            record.raw = raw.and_then(|r| serde_json::to_value(r).ok());
        }
        match self.held.hold(record) {
            Some(record) => self.send(record).await,
            None => Ok(()),
        }
    }

    async fn send(&self, record: Record) -> Result<(), SinkClosed> {
        self.tx
            .send(Item::Record(Box::new(record)))
            .await
            .map_err(|_| SinkClosed)
    }

    /// Delivers the held Zoom Rooms computers, each linked to its other
    /// record, then completes the kinds that waited for them.
    pub(crate) async fn release_held(&self) {
        let (records, finished) = self.held.release();
        for record in records {
            if self.send(record).await.is_err() {
                return;
            }
        }
        for (kind, elapsed) in finished {
            self.mark_done(kind, elapsed);
        }
    }

    /// The same, with the state store as this cycle sees it.
    pub(crate) fn with_store(mut self, state: Option<Arc<CycleState>>) -> Self {
        self.state = state;
        self
    }

    /// Hands what a source learned to the state store's writer (nothing
    /// without a store; a writer already gone has stopped the cycle).
    pub(crate) async fn learn(&self, learned: Learned) {
        if self.state.is_some() {
            let _ = self.tx.send(Item::Learned(learned)).await;
        }
    }

    /// Tells the writer what the cycle decided, after the last record.
    pub(crate) async fn finish_state(&self, finish: Finish) {
        if self.state.is_some() {
            let _ = self.tx.send(Item::Finish(Box::new(finish))).await;
        }
    }

    /// Marks `kind` complete (unless it already failed).
    pub(crate) fn done(&self, kind: Kind) {
        let elapsed = self.started.elapsed();
        if self.held.delays(kind) {
            // Complete once its held records are delivered (release_held).
            self.held.finished(kind, elapsed);
            return;
        }
        self.mark_done(kind, elapsed);
    }

    fn mark_done(&self, kind: Kind, elapsed: std::time::Duration) {
        self.update(kind, |state| {
            state.done = true;
            state.finished_after.get_or_insert(elapsed);
        });
    }

    /// Marks `kind` failed: nothing reliable was delivered; `unavailable`
    /// when the account's plan does not serve it.
    pub(crate) fn fail(&self, kind: Kind, err: &zoom_api::Error) {
        if err.kind() == zoom_api::ErrorKind::Plan {
            tracing::info!(kind = %kind, error = %err.describe(), "not served on this plan");
            let elapsed = self.started.elapsed();
            let error = SourceError::from_api(err);
            self.update(kind, |state| {
                if state.status.is_none() {
                    state.status = Some(SourceStatus::Unavailable);
                }
                state.error.get_or_insert(error);
                state.done = true;
                state.finished_after.get_or_insert(elapsed);
            });
            return;
        }
        tracing::warn!(kind = %kind, error = %err, "source failed");
        self.mark_failed(kind, SourceError::from_api(err));
    }

    /// Marks `kind` failed for a reason on this machine, not at Zoom (the
    /// temporary file of meeting devices could not be read back).
    pub(crate) fn fail_locally(
        &self,
        kind: Kind,
        class: FailureKind,
        message: String,
        what_to_do: &str,
    ) {
        tracing::warn!(kind = %kind, error = %message, "source failed");
        self.mark_failed(kind, SourceError::local(class, message, what_to_do));
    }

    /// Marks every kind of `kinds` that has not finished failed with
    /// `error` (a source that panicked, a cycle stopped by a deadline or a
    /// write failure).
    pub(crate) fn fail_unfinished(&self, kinds: &[Kind], error: &SourceError) {
        for kind in kinds {
            let finished = self.with_state(*kind, |s| s.done).unwrap_or(true);
            if !finished {
                self.mark_failed(*kind, error.clone());
            }
        }
    }

    /// Why `kind` is not complete: its error when it failed or is partial.
    pub(crate) fn incomplete(&self, kind: Kind) -> Option<SourceError> {
        self.with_state(kind, |state| match state.status {
            Some(SourceStatus::Failed | SourceStatus::Partial) => state.error.clone(),
            _ if !state.done => Some(SourceError::local(
                FailureKind::BUG,
                format!("{kind} did not finish"),
                "report this message to the adapter's maintainers",
            )),
            _ => None,
        })
        .flatten()
    }

    fn with_state<R>(&self, kind: Kind, f: impl FnOnce(&KindState) -> R) -> Option<R> {
        let kinds = self.kinds.lock().unwrap_or_else(PoisonError::into_inner);
        kinds.get(&kind).map(f)
    }

    /// Marks `kind` failed and finished, keeping its first error.
    pub(crate) fn mark_failed(&self, kind: Kind, error: SourceError) {
        let elapsed = self.started.elapsed();
        self.update(kind, |state| {
            state.status = Some(SourceStatus::Failed);
            state.error.get_or_insert(error);
            state.done = true;
            state.finished_after.get_or_insert(elapsed);
        });
    }

    /// Marks `kind` partial because the web portal failed: the REST data
    /// was delivered without what the portal adds.
    pub(crate) fn portal_partial(&self, kind: Kind, err: &zoom_api::PortalError) {
        tracing::warn!(kind = %kind, error = %err, "portal read failed");
        self.mark_partial(kind, SourceError::from_portal(err));
    }

    /// The web portal's billing and settings, read once per cycle in one
    /// session (the first caller signs in; the others wait for it), or
    /// `None` when no portal login is configured.
    /// The account's groups (GET /groups), read once per cycle: the users
    /// source names groups with them, the directory source lists them.
    pub(crate) async fn groups(&self) -> &Result<Vec<zoom_api::Group>, zoom_api::Error> {
        self.groups
            .get_or_init(|| async {
                let listing = self.client.groups().list();
                futures::TryStreamExt::try_collect(listing).await
            })
            .await
    }

    /// The account's roles (GET /roles), read once per cycle: the users
    /// source names custom roles with them, the directory source lists them.
    pub(crate) async fn roles(&self) -> &Result<Vec<zoom_api::Role>, zoom_api::Error> {
        self.roles
            .get_or_init(|| async {
                let listing = self.client.roles().list();
                futures::TryStreamExt::try_collect(listing).await
            })
            .await
    }

    pub(crate) async fn portal(&self) -> Option<&Result<PortalData, zoom_api::PortalError>> {
        let portal = self.portal.as_ref()?;
        Some(
            self.portal_data
                .get_or_init(|| async {
                    let portal = portal.as_ref().map_err(Clone::clone)?;
                    let billing = portal.billing().await?;
                    let settings = portal.settings().await?;
                    Ok(PortalData { billing, settings })
                })
                .await,
        )
    }

    /// Ends the portal session, if one was opened.
    pub(crate) async fn sign_out_portal(&self) {
        if let Some(Ok(portal)) = &self.portal
            && let Err(err) = portal.sign_out().await
        {
            tracing::warn!(error = %err, "portal sign-out failed");
        }
    }

    /// Marks `kind` partial: delivered, but some objects are missing.
    pub(crate) fn partial(&self, kind: Kind, err: &zoom_api::Error) {
        tracing::warn!(kind = %kind, error = %err, "source incomplete");
        self.mark_partial(kind, SourceError::from_api(err));
    }

    /// Marks `kind` partial for a reason of the adapter's own (the quota
    /// share allowed only part of the work).
    pub(crate) fn partial_locally(
        &self,
        kind: Kind,
        class: FailureKind,
        message: String,
        what_to_do: &str,
    ) {
        tracing::warn!(kind = %kind, error = %message, "source incomplete");
        self.mark_partial(kind, SourceError::local(class, message, what_to_do));
    }

    /// Marks `kind` partial (unless it failed), keeping its first error.
    fn mark_partial(&self, kind: Kind, error: SourceError) {
        self.update(kind, |state| {
            if state.status != Some(SourceStatus::Failed) {
                state.status = Some(SourceStatus::Partial);
            }
            state.error.get_or_insert(error);
        });
    }

    /// Records mapping warnings under their kinds.
    pub(crate) fn warn(&self, warnings: Vec<Warning>) {
        for warning in warnings {
            self.note(warning.kind, warning.message);
        }
    }

    /// Records one warning about `kind`.
    pub(crate) fn note(&self, kind: Kind, message: String) {
        tracing::debug!(kind = %kind, %message, "warning");
        self.update(kind, |state| {
            if state.warnings.len() < WARNINGS_KEPT {
                state.warnings.push(message);
            } else {
                state.more_warnings += 1;
            }
        });
    }

    fn update(&self, kind: Kind, f: impl FnOnce(&mut KindState)) {
        let mut kinds = self.kinds.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(state) = kinds.get_mut(&kind) {
            f(state);
        }
    }

    /// The report of every planned kind; kinds not finished are `cancelled`
    /// when the cycle was, else `ok` unless they failed.
    pub(crate) fn finish(&self, cancelled: bool) -> Vec<SourceReport> {
        let kinds = self.kinds.lock().unwrap_or_else(PoisonError::into_inner);
        kinds
            .iter()
            .map(|(kind, state)| SourceReport {
                kind: *kind,
                status: match state.status {
                    Some(status) => status,
                    None if cancelled && !state.done => SourceStatus::Cancelled,
                    None => SourceStatus::Ok,
                },
                records: 0,
                finished_after_ms: state
                    .finished_after
                    .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                error: state.error.clone(),
                warnings: state.warnings.clone(),
                more_warnings: state.more_warnings,
            })
            .collect()
    }
}
