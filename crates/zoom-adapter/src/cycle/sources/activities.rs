//! Operation logs (`operation_log`, `recording_download`) and sign-in logs
//! (`sign_in_activity`) in the plan's activity range.

use asset_schema::Kind;
use futures::StreamExt;
use zoom_normalize::{is_recording_download, operation_log, parse_time, sign_in_activity};

use crate::cycle::shared::{Shared, SinkClosed};

/// Operation logs (`operation_log`, `recording_download`) and sign-in logs
/// (`sign_in_activity`) in the plan's activity range.
pub(crate) async fn activities(shared: &Shared) {
    let Some(range) = shared.plan.activities else {
        return;
    };
    let days = range.days();
    let in_range =
        |time: Option<&str>| parse_time(time).is_none_or(|t| t >= range.from && t <= range.to);
    let (wants_logs, wants_downloads) = (
        shared.plan.wants(Kind::OperationLog),
        shared.plan.wants(Kind::RecordingDownload),
    );
    let logs = async {
        if !wants_logs && !wants_downloads {
            return Ok(());
        }
        let listing = shared.client.reports().operation_logs(days, None);
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
            if !in_range(log.time.as_deref()) {
                continue;
            }
            // A download is a recording_download when those are fetched, else an operation_log.
            let kind = match (is_recording_download(&log), wants_downloads, wants_logs) {
                (true, true, _) => Kind::RecordingDownload,
                (_, _, true) => Kind::OperationLog,
                _ => continue,
            };
            shared
                .emit(operation_log(&shared.cx, &log, kind), log.raw.as_ref())
                .await?;
        }
        shared.done(Kind::OperationLog);
        shared.done(Kind::RecordingDownload);
        Ok::<(), SinkClosed>(())
    };
    let sign_ins = async {
        if !shared.plan.wants(Kind::SignInActivity) {
            return Ok(());
        }
        let listing = shared.client.reports().sign_in_activities(days);
        tokio::pin!(listing);
        while let Some(item) = listing.next().await {
            match item {
                Ok(activity) if in_range(activity.time.as_deref()) => {
                    shared
                        .emit(
                            sign_in_activity(&shared.cx, &activity),
                            activity.raw.as_ref(),
                        )
                        .await?;
                }
                Ok(_) => {}
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
