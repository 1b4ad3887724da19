//! `airbyte read`: the configured catalog and the state read, one cycle of
//! the selected streams, then per stream its STATE and final status.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufWriter;

use asset_schema::Kind;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::messages::{AirbyteRecords, Messages};
use super::{AirbyteArgs, config, read_object};
use crate::cycle::run_configured;
use crate::exit::Exit;
use crate::plan::FetchPlan;
use crate::streams;
use crate::summary::{CycleSummary, FailureKind, SourceError, SourceStatus};

/// The streams a configured catalog asks for.
struct Selected {
    kinds: BTreeSet<Kind>,
}

/// Reads `--catalog`: every stream must be one of ours, enabled by the
/// settings, with sync mode `full_refresh` or `incremental` (a stream
/// without a cursor read incrementally is read as a full refresh).
fn selected(
    args: &AirbyteArgs,
    settings: &zoom_settings::AdvancedSettings,
) -> Result<Selected, String> {
    let path = args
        .catalog
        .as_deref()
        .ok_or("--catalog FILE is required")?;
    let catalog = read_object(path).map_err(|message| format!("--catalog: {message}"))?;
    let enabled: BTreeSet<Kind> = crate::plan::enabled_kinds(settings);
    let mut kinds = BTreeSet::new();
    let configured = catalog
        .get("streams")
        .and_then(Value::as_array)
        .ok_or("--catalog: a configured catalog needs a streams array")?;
    for entry in configured {
        let name = entry
            .pointer("/stream/name")
            .and_then(Value::as_str)
            .ok_or("--catalog: every stream needs stream.name")?;
        let kind = streams::stream_kind(name).ok_or_else(|| {
            format!(
                "--catalog: there is no stream {name:?} (zoom-adapter airbyte discover lists them)"
            )
        })?;
        match entry.get("sync_mode").and_then(Value::as_str) {
            Some("full_refresh" | "incremental") => {}
            other => {
                return Err(format!(
                    "--catalog: stream {name}: sync_mode {other:?} is not full_refresh or incremental"
                ));
            }
        }
        if !enabled.contains(&kind) {
            return Err(format!(
                "--catalog: stream {name} is off in the config's settings (it needs {})",
                streams::enabling_setting(kind)
            ));
        }
        kinds.insert(kind);
    }
    Ok(Selected { kinds })
}

/// The activity cursor in `--state` (per-stream states, or the legacy
/// object): the earliest cursor of the incremental streams read, when
/// every one of them has one.
fn state_cursor(path: &str, kinds: &BTreeSet<Kind>) -> Result<Option<DateTime<Utc>>, String> {
    let bytes = crate::input::read_document(zoom_settings::Document::Settings, path)
        .map_err(|problem| format!("--state: {}", problem.message))?;
    let value: Value =
        serde_json::from_slice(&bytes).map_err(|err| format!("--state: is not JSON ({err})"))?;
    let mut cursors: BTreeMap<String, DateTime<Utc>> = BTreeMap::new();
    let entries: Vec<Value> = match value {
        Value::Array(entries) => entries,
        Value::Null => Vec::new(),
        object => vec![object],
    };
    for entry in entries {
        let stream = entry.get("stream").unwrap_or(&entry);
        let name = stream
            .pointer("/stream_descriptor/name")
            .and_then(Value::as_str);
        let cursor = stream
            .pointer("/stream_state/cursor")
            .and_then(Value::as_str)
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
        if let (Some(name), Some(cursor)) = (name, cursor) {
            cursors.insert(name.to_owned(), cursor.with_timezone(&Utc));
        }
    }
    let wanted: Vec<String> = kinds
        .iter()
        .filter(|k| streams::is_incremental(**k))
        .map(|k| streams::stream_name(*k))
        .collect();
    let found: Vec<DateTime<Utc>> = wanted
        .iter()
        .filter_map(|n| cursors.get(n).copied())
        .collect();
    Ok((!wanted.is_empty() && found.len() == wanted.len())
        .then(|| found.into_iter().min())
        .flatten())
}

/// `read`: one cycle of the selected streams.
pub(super) fn read(args: &AirbyteArgs, out: &mut Messages) -> Result<Exit, crate::Error> {
    let Some(config) = config(args, out)? else {
        return Ok(Exit::Failed);
    };
    let selected = match selected(args, &config.settings) {
        Ok(selected) => selected,
        Err(message) => {
            out.error("config_error", &message, None)?;
            return Ok(Exit::Failed);
        }
    };
    let cursor = match args
        .state
        .as_deref()
        .map(|p| state_cursor(p, &selected.kinds))
    {
        Some(Ok(cursor)) => cursor,
        Some(Err(message)) => {
            out.error("config_error", &message, None)?;
            return Ok(Exit::Failed);
        }
        None => None,
    };
    let client = match crate::connect::client(&config, false) {
        Ok(client) => client,
        Err(err) => {
            let message = format!("{}; {}", err.describe(), err.what_to_do());
            out.error("config_error", &message, None)?;
            return Ok(Exit::Failed);
        }
    };
    let request = crate::state::StateRequest {
        choice: crate::state::StateChoice::Default,
        reset: false,
        emit_deletions: false,
    };
    let state = match request.prepare(
        &config.connection.account_id,
        config.settings.activity_overlap_minutes,
        cursor,
        &client,
    ) {
        Ok(state) => state,
        Err(err) => {
            out.log("WARN", &format!("reading without a state store: {err}"))?;
            None
        }
    };
    let mut plan = FetchPlan::for_config(&config, Utc::now(), cursor, false);
    plan.restrict_to(&selected.kinds);
    for kind in &selected.kinds {
        out.stream_status(*kind, "STARTED")?;
    }
    out.flush()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let sink = Box::new(AirbyteRecords::new(BufWriter::new(std::io::stdout())));
    let summary = runtime.block_on(run_configured(&config, client, plan, sink, state, async {
        crate::signals::stop_requested().await;
    }));
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    finish(&summary, &selected, out)
}

/// After the cycle: per stream a STATE, then COMPLETE, or a TRACE error and
/// INCOMPLETE; a LOG line with the summary.
fn finish(
    summary: &CycleSummary,
    selected: &Selected,
    out: &mut Messages,
) -> Result<Exit, crate::Error> {
    let mut exit = Exit::Ok;
    for kind in &selected.kinds {
        let report = summary.sources.iter().find(|r| r.kind == *kind);
        let complete = report
            .is_some_and(|r| matches!(r.status, SourceStatus::Ok | SourceStatus::Unavailable));
        let name = streams::stream_name(*kind);
        if complete {
            let stream_state = match (&summary.next_cursor, streams::is_incremental(*kind)) {
                (Some(cursor), true) => json!({"cursor": cursor.activities_from}),
                _ => json!({"last_full_refresh": summary.started_at}),
            };
            out.send(
                &json!({"type": "STATE", "state": {"type": "STREAM", "stream": {
                "stream_descriptor": {"name": name}, "stream_state": stream_state}}}),
            )?;
            out.stream_status(*kind, "COMPLETE")?;
        } else {
            let error = report.and_then(|r| r.error.as_ref());
            let (failure, message) = match error {
                Some(error) => (
                    failure_type(error),
                    format!("{name}: {} ({})", error.message, error.what_to_do),
                ),
                None => (
                    "system_error",
                    format!("{name}: the cycle ended before the stream was complete"),
                ),
            };
            out.error(failure, &message, Some(&name))?;
            out.stream_status(*kind, "INCOMPLETE")?;
            exit = Exit::Failed;
        }
    }
    let line = serde_json::to_string(summary).unwrap_or_default();
    out.log("INFO", &format!("zoom-adapter summary: {line}"))?;
    Ok(exit)
}

/// Airbyte's failure type for a failed kind: the config (credentials,
/// scopes, plan) or a passing condition (network, limits), else a system error.
fn failure_type(error: &SourceError) -> &'static str {
    use zoom_api::ErrorKind as K;
    match error.kind {
        FailureKind::Zoom(K::Auth | K::Permission | K::Plan | K::Config) => "config_error",
        FailureKind::Zoom(
            K::Network
            | K::Tls
            | K::Throttled
            | K::DailyLimit
            | K::QuotaBudget
            | K::Transient
            | K::Server,
        )
        | FailureKind::Deadline => "transient_error",
        _ => "system_error",
    }
}
