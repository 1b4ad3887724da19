//! One fetch cycle: every planned source runs concurrently within the
//! client's rate budgets; records stream to the sink through a bounded
//! channel as they are produced; one failing source never stops the others.

mod held_devices;
mod linking;
pub mod progress;
mod report;
mod shared;
mod sources;
pub(crate) mod spill;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use asset_schema::Kind;
use tokio::sync::{Notify, mpsc, oneshot};
use zoom_api::Client;
use zoom_normalize::{Context, UserCensus};
use zoom_settings::AdapterConfig;

use crate::boundary::{BUG_WHAT_TO_DO, bug_message, catch};
use crate::plan::FetchPlan;
use crate::sink::RecordSink;
use crate::state::PreparedState;
use crate::summary::{CycleSummary, FailureKind, SourceError, SourceStatus};
use report::{finish_of, state_report, summarize};
use shared::Shared;
use sources::account::{self, Input, SummaryInputs};

/// Records buffered between the sources and the sink: enough to keep the
/// writer busy, small enough that a slow reader pushes back on the fetch.
const CHANNEL_CAPACITY: usize = 1024;

/// Why the sources stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Every source finished.
    Finished,
    /// Ctrl-C, SIGTERM or a protocol `cancel`.
    Cancelled,
    /// The plan's deadline passed.
    Deadline,
    /// Writing records failed (the reader went away, the disk is full):
    /// nothing more is read from Zoom.
    OutputFailed,
}

/// Who a cycle reads and how: the account, the requests in flight at once,
/// the web-portal login (when the connection has one) and the state store
/// (from [`crate::state::StateRequest::prepare`]; `None`: no store).
#[derive(Debug)]
pub struct CycleOptions {
    /// The Zoom account id (every record's `account_id`).
    pub account_id: String,
    /// Requests in flight at once across the sources.
    pub max_concurrency: usize,
    /// The web-portal login, for settings and licenses.
    pub portal: Option<zoom_api::PortalConfig>,
    /// The state store.
    pub state: Option<PreparedState>,
}

/// Runs one cycle of `plan` against `client`, writing records to `sink`,
/// until done, until `cancel` completes, until the plan's deadline or until
/// writing fails. Returns the summary; records already written stand.
pub async fn run_cycle(
    client: Client,
    plan: FetchPlan,
    options: CycleOptions,
    sink: Box<dyn RecordSink>,
    cancel: impl Future<Output = ()>,
) -> CycleSummary {
    let CycleOptions {
        account_id,
        max_concurrency,
        portal,
        state,
    } = options;
    let account_id = account_id.as_str();
    let clock = Instant::now();
    let (cycle_state, state_writer, emit_deletions) = match state {
        Some(prepared) => (
            Some(prepared.cycle),
            Some(prepared.writer),
            prepared.emit_deletions,
        ),
        None => (None, None, false),
    };
    let (tx, rx) = mpsc::channel::<progress::Item>(CHANNEL_CAPACITY);
    let output_failed = Arc::new(Notify::new());
    let writer = {
        let output_failed = output_failed.clone();
        tokio::task::spawn_blocking(move || {
            let written = progress::write_all(rx, sink, state_writer);
            if written.error.is_some() {
                output_failed.notify_one();
            }
            written
        })
    };
    let cx = Context::new(account_id, plan.started_at);
    // A portal that cannot even be set up is reported on the kinds it enriches.
    let portal = portal.map(zoom_api::WebPortal::new);
    let notes = Arc::new(progress::Notes::default());
    let ticker = tokio::spawn(progress::tick(tx.clone(), notes.clone()));
    let shared = Shared::new(
        client.clone(),
        plan.clone(),
        cx,
        tx,
        max_concurrency.max(1),
        portal,
        notes,
    )
    .with_store(cycle_state.clone());

    let stop = {
        let mut work = Box::pin(run_sources(&shared));
        tokio::select! {
            () = &mut work => Stop::Finished,
            () = cancel => Stop::Cancelled,
            () = tokio::time::sleep(plan.deadline) => Stop::Deadline,
            () = output_failed.notified() => Stop::OutputFailed,
        }
    };
    ticker.abort();
    // One portal session per cycle, signed out however the cycle ended.
    shared.sign_out_portal().await;
    if stop == Stop::Deadline {
        let minutes = plan.deadline.as_secs() / 60;
        let error = SourceError::local(
            FailureKind::Deadline,
            format!(
                "the cycle stopped at its deadline of {minutes} minutes before this kind was complete"
            ),
            "raise max_cycle_minutes, or fetch fewer sources or fewer meeting days per cycle",
        );
        let planned: Vec<Kind> = plan.kinds.iter().copied().collect();
        shared.fail_unfinished(&planned, &error);
    }
    let mut reports = shared.finish(stop == Stop::Cancelled);
    if let Some(state) = &cycle_state {
        let finish = finish_of(&plan, &reports, stop, emit_deletions, state, account_id);
        shared.finish_state(finish).await;
    }
    // Dropping the last sender lets the writer drain and finish.
    drop(shared);
    let progress::Written {
        counts,
        error: write_error,
        state: state_outcome,
    } = writer.await.unwrap_or_else(|_| progress::Written {
        counts: BTreeMap::new(),
        error: Some("the writer stopped unexpectedly".to_owned()),
        state: None,
    });
    if let Some(error) = &write_error {
        // Records may have been lost between the sources and the output: no
        // kind is complete, and the activity cursor stays where it was.
        let error = SourceError::local(
            FailureKind::Output,
            format!("records were not all delivered: {error}"),
            "check where the records go (--output file, disk space, the reading process); \
             nothing was lost at zoom, fetch again",
        );
        for report in &mut reports {
            report.status = SourceStatus::Failed;
            report.error = Some(error.clone());
        }
    }
    let mut summary = summarize(
        &client,
        &plan,
        reports,
        counts,
        write_error,
        stop == Stop::Cancelled,
        clock,
    );
    summary.state = cycle_state.map(|state| state_report(&state, state_outcome));
    summary
}

/// [`run_cycle`] with what a validated configuration says: its account, its
/// `max_concurrency` and its web-portal login (when it has one); `state`
/// from [`crate::state::StateRequest::prepare`].
pub async fn run_configured(
    config: &AdapterConfig,
    client: Client,
    plan: FetchPlan,
    sink: Box<dyn RecordSink>,
    state: Option<PreparedState>,
    cancel: impl Future<Output = ()>,
) -> CycleSummary {
    let concurrency = usize::try_from(config.settings.max_concurrency).unwrap_or(8);
    let options = CycleOptions {
        account_id: config.connection.account_id.clone(),
        max_concurrency: concurrency,
        portal: crate::connect::portal_config(config),
        state,
    };
    run_cycle(client, plan, options, sink, cancel).await
}

/// Every source, concurrently, each behind its own panic boundary (a
/// source that panics fails its kinds with kind `bug`; the others go on);
/// the SaaS application and account records last, since they summarize
/// what the others read.
async fn run_sources(shared: &Shared) {
    let (joins_tx, joins_rx) = oneshot::channel();
    let (account_leaves_tx, account_leaves_rx) = oneshot::channel();
    let (census, me, account_settings, plan_usage, (), (), (), (), (), ()) = tokio::join!(
        guarded(
            shared,
            "users",
            &[Kind::User, Kind::UserSetting, Kind::License],
            sources::users::users(shared, joins_rx, account_leaves_rx),
            UserCensus::default,
        ),
        guarded(shared, "me", &[Kind::Account], account::me(shared), || {
            Input::Failed(panicked("me"))
        }),
        guarded(
            shared,
            "account_settings",
            &[Kind::AccountSetting],
            account::account_settings(shared, account_leaves_tx),
            || Input::Failed(panicked("account_settings")),
        ),
        guarded(
            shared,
            "plan_usage",
            &[Kind::License],
            account::plan_usage(shared),
            || Input::Failed(panicked("plan_usage")),
        ),
        guarded(
            shared,
            "meetings",
            &[Kind::MeetingDevice],
            sources::meetings::meetings(shared, joins_tx),
            || (),
        ),
        guarded(
            shared,
            "h323_devices",
            &[Kind::H323Device],
            sources::inventory::h323_devices(shared),
            || (),
        ),
        guarded(
            shared,
            "managed_devices",
            &[Kind::ManagedDevice],
            sources::inventory::managed_devices(shared),
            || (),
        ),
        guarded(
            shared,
            "rooms",
            &[Kind::ZoomRoom, Kind::ZoomRoomDevice],
            sources::rooms::rooms(shared),
            || (),
        ),
        guarded(
            shared,
            "activities",
            &[
                Kind::OperationLog,
                Kind::SignInActivity,
                Kind::RecordingDownload
            ],
            sources::activities::activities(shared),
            || (),
        ),
        guarded(
            shared,
            "directory",
            &[Kind::Group, Kind::Role],
            sources::directory::directory(shared),
            || (),
        ),
    );
    shared.release_held().await;
    let inputs = SummaryInputs {
        census: &census,
        me: &me,
        settings: &account_settings,
        usage: &plan_usage,
    };
    guarded(
        shared,
        "summaries",
        &[Kind::SaasApplication, Kind::Account],
        account::summaries(shared, inputs),
        || (),
    )
    .await;
}

/// The error of a source that panicked.
fn panicked(source: &str) -> SourceError {
    SourceError::local(
        FailureKind::BUG,
        bug_message(source, "it panicked"),
        BUG_WHAT_TO_DO,
    )
}

/// Runs one source behind a panic boundary: a panic fails every unfinished
/// kind of `kinds` with kind `bug` and gives `fallback()` to the rest.
async fn guarded<T>(
    shared: &Shared,
    source: &str,
    kinds: &[Kind],
    work: impl Future<Output = T>,
    fallback: impl FnOnce() -> T,
) -> T {
    match catch(source, work).await {
        Ok(value) => value,
        Err(panic) => {
            let message = shared.client.secret_mask().mask(&panic);
            let error = SourceError::local(
                FailureKind::BUG,
                bug_message(source, &message),
                BUG_WHAT_TO_DO,
            );
            shared.fail_unfinished(kinds, &error);
            fallback()
        }
    }
}
