//! How a cycle ends: the summary of what it did ([`summarize`]), what it
//! hands the state store to commit ([`finish_of`]), and the summary's
//! account of the store ([`state_report`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;
use std::time::Instant;

use asset_schema::Kind;
use zoom_api::Client;

use super::Stop;
use crate::plan::FetchPlan;
use crate::state::learned::{Finish, MeetingsFinish, Outcome};
use crate::state::snapshot::{ActivitySource, CycleState};
use crate::summary::{
    Cursor, CycleStatus, CycleSummary, DailyQuota, FailureKind, SourceReport, SourceStatus,
    StateReport,
};

/// What the store commits at the end of the cycle: the complete kinds'
/// ids, the meetings, and the cursors of the activity sources that were
/// complete (never after a cancel).
pub(super) fn finish_of(
    plan: &FetchPlan,
    reports: &[SourceReport],
    stop: Stop,
    emit_deletions: bool,
    state: &CycleState,
    account_id: &str,
) -> Finish {
    let complete: BTreeSet<Kind> = reports
        .iter()
        .filter(|r| r.status == SourceStatus::Ok)
        .map(|r| r.kind)
        .collect();
    let all_ok = |kinds: &[Kind]| {
        kinds
            .iter()
            .filter(|k| plan.kinds.contains(k))
            .all(|k| complete.contains(k))
            && kinds.iter().any(|k| plan.kinds.contains(k))
    };
    let cursors = match plan.activities {
        Some(range) if stop != Stop::Cancelled => [
            (
                ActivitySource::OperationLogs,
                &[Kind::OperationLog, Kind::RecordingDownload][..],
            ),
            (ActivitySource::SignIns, &[Kind::SignInActivity][..]),
        ]
        .into_iter()
        .filter(|(_, kinds)| all_ok(kinds))
        .map(|(source, _)| (source, range.to, range.to - state.overlap))
        .collect(),
        _ => Vec::new(),
    };
    Finish {
        meetings: plan.meetings.map(|window| {
            let midnight = |day: chrono::NaiveDate| day.and_time(chrono::NaiveTime::MIN).and_utc();
            MeetingsFinish {
                window_from: midnight(window.from),
                listed_from: midnight(state.listed_from().unwrap_or(window.from)),
                complete: complete.contains(&Kind::MeetingDevice),
            }
        }),
        complete,
        cursors,
        emit_deletions,
        filters: plan.filters(),
        account_id: account_id.to_owned(),
        fetched_at: plan.started_at,
    }
}

/// The summary's `state`.
pub(super) fn state_report(state: &CycleState, outcome: Option<Outcome>) -> StateReport {
    let outcome = outcome.unwrap_or_else(|| Outcome {
        error: Some("the writer stopped before the state could be saved".to_owned()),
        ..Outcome::default()
    });
    if let Some(error) = &outcome.error {
        tracing::error!(%error, "the state store was not updated");
    }
    StateReport {
        path: state.store().path().display().to_string(),
        saved: outcome.saved,
        error: outcome.error,
        meetings_reused: state.meetings_reused.load(Ordering::Relaxed),
        meetings_read: state.meetings_read.load(Ordering::Relaxed),
        deleted: outcome
            .deleted
            .iter()
            .map(|(kind, n)| (kind.as_str().to_owned(), *n))
            .collect(),
        tombstones: outcome.tombstones,
        deletions_skipped: outcome.deletions_skipped,
    }
}

/// The writer: drains the channel into the sink on a blocking thread,
/// counting records per kind. Stops at the first write error (reader gone).
pub(super) fn summarize(
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
    let auth_failed = reports.iter().any(|r| {
        r.error
            .as_ref()
            .is_some_and(|e| e.kind == FailureKind::Zoom(zoom_api::ErrorKind::Auth))
    });
    let all_ok = reports
        .iter()
        .all(|r| matches!(r.status, SourceStatus::Ok | SourceStatus::Unavailable))
        && write_error.is_none();
    let nothing_delivered = reports.iter().all(|r| r.status == SourceStatus::Failed);
    let status = if cancelled {
        CycleStatus::Cancelled
    } else if auth_failed {
        CycleStatus::AuthFailed
    } else if all_ok {
        CycleStatus::Ok
    } else if nothing_delivered {
        CycleStatus::Failed
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
            used_today: stats.daily_quota_used_today,
        },
        next_cursor,
        plan: client.plan_in_use().into(),
        state: None,
    }
}
