//! One fetch cycle: every planned source runs concurrently within the
//! client's rate budgets; records stream to the sink through a bounded
//! channel as they are produced; one failing source never stops the others.

mod held_devices;
mod shared;
mod sources;
mod spill;

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Instant;

use asset_schema::{Kind, Record};
use tokio::sync::{mpsc, oneshot};
use zoom_api::Client;
use zoom_normalize::Context;
use zoom_settings::AdapterConfig;

use crate::plan::FetchPlan;
use crate::sink::RecordSink;
use crate::summary::{Cursor, CycleStatus, CycleSummary, DailyQuota, SourceReport, SourceStatus};
use shared::Shared;

/// Records buffered between the sources and the sink: enough to keep the
/// writer busy, small enough that a slow reader pushes back on the fetch.
const CHANNEL_CAPACITY: usize = 1024;

/// Runs one cycle of `plan` against `client`, writing records to `sink`,
/// until done or until `cancel` completes. Returns the summary; records
/// already written stand either way.
pub async fn run_cycle(
    client: Client,
    plan: FetchPlan,
    account_id: &str,
    max_concurrency: usize,
    sink: Box<dyn RecordSink>,
    portal: Option<zoom_api::PortalConfig>,
    cancel: impl Future<Output = ()>,
) -> CycleSummary {
    let clock = Instant::now();
    let (tx, rx) = mpsc::channel::<Record>(CHANNEL_CAPACITY);
    let writer = tokio::task::spawn_blocking(move || write_all(rx, sink));
    let cx = Context::new(account_id, plan.started_at);
    // A portal that cannot even be set up is reported on the kinds it enriches.
    let portal = portal.map(zoom_api::WebPortal::new);
    let shared = Shared::new(
        client.clone(),
        plan.clone(),
        cx,
        tx,
        max_concurrency.max(1),
        portal,
    );

    let cancelled = {
        let work = run_sources(&shared);
        tokio::pin!(work);
        tokio::select! {
            () = &mut work => false,
            () = cancel => true,
        }
    };
    let reports = shared.finish(cancelled);
    drop(shared);
    let (counts, write_error) = writer.await.unwrap_or_else(|_| {
        (
            BTreeMap::new(),
            Some("the writer stopped unexpectedly".to_owned()),
        )
    });
    summarize(
        &client,
        &plan,
        reports,
        counts,
        write_error,
        cancelled,
        clock,
    )
}

/// [`run_cycle`] with what a validated configuration says: its account, its
/// `max_concurrency` and its web-portal login (when it has one).
pub async fn run_configured(
    config: &AdapterConfig,
    client: Client,
    plan: FetchPlan,
    sink: Box<dyn RecordSink>,
    cancel: impl Future<Output = ()>,
) -> CycleSummary {
    let concurrency = usize::try_from(config.settings.max_concurrency).unwrap_or(8);
    run_cycle(
        client,
        plan,
        &config.connection.account_id,
        concurrency,
        sink,
        crate::connect::portal_config(config),
        cancel,
    )
    .await
}

/// Every source, concurrently; the SaaS application and account records last,
/// since they summarize what the others read.
async fn run_sources(shared: &Shared) {
    let (joins_tx, joins_rx) = oneshot::channel();
    let (census, me, account_settings, plan_usage, (), (), (), (), ()) = tokio::join!(
        sources::users(shared, joins_rx),
        sources::me(shared),
        sources::account_settings(shared),
        sources::plan_usage(shared),
        sources::meetings(shared, joins_tx),
        sources::h323_devices(shared),
        sources::managed_devices(shared),
        sources::rooms(shared),
        sources::activities(shared),
    );
    sources::summaries(
        shared,
        &census,
        me.as_ref(),
        account_settings.as_ref(),
        plan_usage.as_ref(),
    )
    .await;
    // One portal session per cycle, signed out once every reader is done.
    shared.sign_out_portal().await;
}

/// The writer: drains the channel into the sink on a blocking thread,
/// counting records per kind. Stops at the first write error (reader gone).
fn write_all(
    mut rx: mpsc::Receiver<Record>,
    mut sink: Box<dyn RecordSink>,
) -> (BTreeMap<Kind, u64>, Option<String>) {
    let mut counts: BTreeMap<Kind, u64> = BTreeMap::new();
    while let Some(record) = rx.blocking_recv() {
        if let Err(err) = sink.write(&record) {
            return (counts, Some(format!("writing records failed: {err}")));
        }
        *counts.entry(record.kind).or_default() += 1;
    }
    let error = sink
        .flush()
        .err()
        .map(|err| format!("writing records failed: {err}"));
    (counts, error)
}

fn summarize(
    client: &Client,
    plan: &FetchPlan,
    mut reports: Vec<SourceReport>,
    counts: BTreeMap<Kind, u64>,
    write_error: Option<String>,
    cancelled: bool,
    clock: Instant,
) -> CycleSummary {
    let stats = client.stats();
    let mut records: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (kind, count) in &counts {
        records
            .entry(kind.asset_type().as_str().to_owned())
            .or_default()
            .insert(kind.as_str().to_owned(), *count);
    }
    for report in &mut reports {
        report.records = counts.get(&report.kind).copied().unwrap_or_default();
    }
    let auth_failed = reports
        .iter()
        .any(|r| r.error.as_ref().is_some_and(|e| e.kind == "auth"));
    let all_ok = reports.iter().all(|r| r.status == SourceStatus::Ok) && write_error.is_none();
    let status = if cancelled {
        CycleStatus::Cancelled
    } else if auth_failed {
        CycleStatus::AuthFailed
    } else if all_ok {
        CycleStatus::Ok
    } else {
        CycleStatus::Partial
    };
    let activity_ok = reports
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                Kind::OperationLog | Kind::SignInActivity | Kind::RecordingDownload
            )
        })
        .all(|r| r.status == SourceStatus::Ok);
    let next_cursor = plan.activities.map(|range| Cursor {
        // Complete: continue after this cycle. Not: read the same range again
        // (ids are stable, so the host de-duplicates what it already has).
        activities_from: if activity_ok && !cancelled {
            range.to
        } else {
            range.from
        },
    });
    if let Some(error) = write_error {
        tracing::error!(%error, "records were not all delivered");
    }
    CycleSummary {
        status,
        started_at: plan.started_at,
        duration_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
        records_total: counts.values().sum(),
        records,
        sources: reports,
        requests_total: stats.requests.values().sum(),
        requests: stats.requests,
        retries: stats.retries,
        throttled_responses: stats.throttled_responses,
        rate_limit_waits: stats.rate_limit_waits,
        rate_limit_wait_ms: u64::try_from(stats.rate_limit_wait_time.as_millis())
            .unwrap_or(u64::MAX),
        token_requests: stats.token_requests,
        daily_quota: DailyQuota {
            used: stats.daily_quota_used,
            budget: stats.daily_quota_budget,
        },
        next_cursor,
    }
}
