//! Operation logs (`operation_log`, `recording_download`) and sign-in logs
//! (`sign_in_activity`) in the plan's activity range. With a state store,
//! each log continues from its own cursor less the overlap, drops the
//! entries an earlier cycle delivered, and hands the entries near the
//! range's end to the store (the next cycle's overlap).

use asset_schema::{Kind, Record};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use zoom_normalize::{is_recording_download, operation_log, parse_time, sign_in_activity};

use crate::cycle::shared::{Shared, SinkClosed};
use crate::plan::TimeRange;
use crate::state::learned::Learned;
use crate::state::snapshot::ActivitySource;

/// Operation logs (`operation_log`, `recording_download`) and sign-in logs
/// (`sign_in_activity`) in the plan's activity range.
pub(crate) async fn activities(shared: &Shared) {
    let Some(planned) = shared.plan.activities else {
        return;
    };
    let (wants_logs, wants_downloads) = (
        shared.plan.wants(Kind::OperationLog),
        shared.plan.wants(Kind::RecordingDownload),
    );
    let logs = async {
        if !wants_logs && !wants_downloads {
            return Ok(());
        }
        let source = ActivitySource::OperationLogs;
        let range = range_of(shared, source, planned);
        let listing = shared.client.reports().operation_logs(range.days(), None);
        tokio::pin!(listing);
        while let Some(item) = listing.next().await {
            let log = match item {
                Ok(log) => log,
                Err(err) => {
                    for kind in [Kind::OperationLog, Kind::RecordingDownload] {
                        shared.fail(kind, &err);
                    }
                    return Ok(());
                }
            };
            let Some(time) = in_range(range, log.time.as_deref()) else {
                continue;
            };
            // A download is a recording_download when those are fetched, else an operation_log.
            let kind = match (is_recording_download(&log), wants_downloads, wants_logs) {
                (true, true, _) => Kind::RecordingDownload,
                (_, _, true) => Kind::OperationLog,
                _ => continue,
            };
            let record = operation_log(&shared.cx, &log, kind);
            deliver(shared, source, range, time, record, log.raw.as_ref()).await?;
        }
        shared.done(Kind::OperationLog);
        shared.done(Kind::RecordingDownload);
        Ok::<(), SinkClosed>(())
    };
    let sign_ins = async {
        if !shared.plan.wants(Kind::SignInActivity) {
            return Ok(());
        }
        let source = ActivitySource::SignIns;
        let range = range_of(shared, source, planned);
        let listing = shared.client.reports().sign_in_activities(range.days());
        tokio::pin!(listing);
        while let Some(item) = listing.next().await {
            match item {
                Ok(activity) => {
                    let Some(time) = in_range(range, activity.time.as_deref()) else {
                        continue;
                    };
                    let record = sign_in_activity(&shared.cx, &activity);
                    deliver(shared, source, range, time, record, activity.raw.as_ref()).await?;
                }
                Err(err) => {
                    shared.fail(Kind::SignInActivity, &err);
                    return Ok(());
                }
            }
        }
        shared.done(Kind::SignInActivity);
        Ok::<(), SinkClosed>(())
    };
    let _ = tokio::join!(logs, sign_ins);
}

/// The range `source` reads: the plan's, or from the store's cursor less
/// the overlap (never before the plan's start when the host gave a cursor).
pub(crate) fn range_of(shared: &Shared, source: ActivitySource, planned: TimeRange) -> TimeRange {
    let from = shared
        .state
        .as_ref()
        .and_then(|state| state.activity_from(source))
        .filter(|from| *from < planned.to)
        .map_or(planned.from, |from| {
            from.max(
                planned.to - chrono::Duration::days(i64::from(zoom_api::dates::RETENTION_DAYS)),
            )
        });
    TimeRange {
        from,
        to: planned.to,
    }
}

/// The entry's time when it lies in `range` (an entry without a time is
/// kept: it cannot be placed, and dropping it would lose it).
fn in_range(range: TimeRange, time: Option<&str>) -> Option<Option<DateTime<Utc>>> {
    match parse_time(time) {
        None => Some(None),
        Some(t) if t >= range.from && t <= range.to => Some(Some(t)),
        Some(_) => None,
    }
}

/// Emits an entry unless an earlier cycle delivered it, and hands the
/// entries within the overlap before the range's end to the store.
async fn deliver(
    shared: &Shared,
    source: ActivitySource,
    range: TimeRange,
    time: Option<DateTime<Utc>>,
    record: Record,
    raw: Option<&serde_json::Value>,
) -> Result<(), SinkClosed> {
    let Some(state) = &shared.state else {
        return shared.emit(record, raw).await;
    };
    if state.delivered_before(source, record.id.as_str()) {
        return Ok(());
    }
    let near_end = time.filter(|t| *t >= range.to - state.overlap);
    let id = record.id.clone();
    shared.emit(record, raw).await?;
    if let Some(time) = near_end {
        shared
            .learn(Learned::Delivered {
                source,
                id,
                time: time.timestamp(),
            })
            .await;
    }
    Ok(())
}
