//! `zoom-adapter airbyte spec|check|discover|read`: the Airbyte protocol
//! (docs/airbyte.md). Every message is one JSON line on stdout: SPEC,
//! CONNECTION_STATUS, CATALOG, RECORD, STATE per stream, TRACE (errors with
//! their `failure_type`, stream statuses) and LOG. The config is the
//! connection's keys plus a `settings` object; one stream per kind.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufWriter, Write};

use asset_schema::Kind;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use crate::cycle::run_configured;
use crate::exit::Exit;
use crate::plan::FetchPlan;
use crate::sink::RecordSink;
use crate::streams::{self, CURSOR_FIELD};
use crate::summary::{CycleSummary, FailureKind, SourceError, SourceStatus};

/// The Airbyte protocol version the messages follow.
pub(crate) const PROTOCOL_VERSION: &str = "0.5.2";

/// The Airbyte commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AirbyteCommand {
    /// The connector's specification (the config schema).
    Spec,
    /// Whether the config can reach Zoom.
    Check,
    /// The streams the config's settings enable.
    Discover,
    /// The records of the configured catalog's streams.
    Read,
}

/// What `airbyte` was given.
#[derive(Debug, Clone)]
pub(crate) struct AirbyteArgs {
    pub command: AirbyteCommand,
    pub config: Option<String>,
    pub catalog: Option<String>,
    pub state: Option<String>,
}

/// `zoom-adapter airbyte …`. Exit 0 when the command did its work (a
/// failed check is a CONNECTION_STATUS, not a failure); 1 after a TRACE
/// error (bad config or catalog, a stream left incomplete).
pub(crate) fn run(args: &AirbyteArgs) -> Result<Exit, crate::Error> {
    let mut out = Messages::new();
    let exit = match args.command {
        AirbyteCommand::Spec => {
            out.send(&json!({"type": "SPEC", "spec": spec()}))?;
            Exit::Ok
        }
        AirbyteCommand::Check => check(args, &mut out)?,
        AirbyteCommand::Discover => match config(args, &mut out)? {
            Some(config) => {
                out.send(&json!({"type": "CATALOG", "catalog": catalog(&config.settings)}))?;
                Exit::Ok
            }
            None => Exit::Failed,
        },
        AirbyteCommand::Read => read(args, &mut out)?,
    };
    out.flush()?;
    Ok(exit)
}

/// The connector specification.
pub(crate) fn spec() -> Value {
    json!({
        "documentationUrl": "https://example.invalid/zoom-adapter/docs/airbyte.md",
        "connectionSpecification": streams::config_schema(),
        "supportsIncremental": true,
        "supported_destination_sync_modes": ["overwrite", "append", "append_dedup"],
        "protocol_version": PROTOCOL_VERSION,
    })
}

/// The catalog: a stream per kind the settings enable.
pub(crate) fn catalog(settings: &zoom_settings::AdvancedSettings) -> Value {
    let streams: Vec<Value> = streams::enabled_kinds(settings)
        .into_iter()
        .map(|kind| {
            let mut stream = json!({
                "name": streams::stream_name(kind),
                "json_schema": streams::stream_schema(kind),
                "supported_sync_modes": ["full_refresh"],
                "source_defined_primary_key": [["id"]],
            });
            if streams::is_incremental(kind) {
                stream["supported_sync_modes"] = json!(["full_refresh", "incremental"]);
                stream["source_defined_cursor"] = json!(true);
                stream["default_cursor_field"] = json!(CURSOR_FIELD);
            }
            stream
        })
        .collect();
    json!({"streams": streams})
}

/// Reads and validates `--config`; on a problem, a TRACE config_error.
fn config(
    args: &AirbyteArgs,
    out: &mut Messages,
) -> Result<Option<zoom_settings::AdapterConfig>, crate::Error> {
    let Some(path) = args.config.as_deref() else {
        out.error("config_error", "--config FILE is required", None)?;
        return Ok(None);
    };
    let document = match read_object(path) {
        Ok(document) => document,
        Err(message) => {
            out.error("config_error", &format!("--config: {message}"), None)?;
            return Ok(None);
        }
    };
    match streams::validate_config(document) {
        Ok(config) => Ok(Some(config)),
        Err(problems) => {
            let message = format!(
                "the config has problems: {}",
                streams::problems_line(&problems)
            );
            out.error("config_error", &message, None)?;
            Ok(None)
        }
    }
}

/// A JSON object from a file (`-` for stdin), within the input size cap.
pub(crate) fn read_object(path: &str) -> Result<Map<String, Value>, String> {
    let bytes = crate::input::read_document(zoom_settings::Document::Connection, path)
        .map_err(|problem| problem.message)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("must be a JSON object".to_owned()),
        Err(err) => Err(format!("is not JSON ({err})")),
    }
}

/// `check`: the config is valid and Zoom grants a token.
fn check(args: &AirbyteArgs, out: &mut Messages) -> Result<Exit, crate::Error> {
    let status = |ok: bool, message: String| {
        json!({"type": "CONNECTION_STATUS", "connectionStatus": {
            "status": if ok { "SUCCEEDED" } else { "FAILED" }, "message": message}})
    };
    let document = match args.config.as_deref().map(read_object) {
        Some(Ok(document)) => document,
        Some(Err(message)) => {
            out.send(&status(false, format!("--config: {message}")))?;
            return Ok(Exit::Ok);
        }
        None => {
            out.send(&status(false, "--config FILE is required".to_owned()))?;
            return Ok(Exit::Ok);
        }
    };
    let config = match streams::validate_config(document) {
        Ok(config) => config,
        Err(problems) => {
            let message = format!(
                "the config has problems: {}",
                streams::problems_line(&problems)
            );
            out.send(&status(false, message))?;
            return Ok(Exit::Ok);
        }
    };
    let client = match crate::connect::client(&config, false) {
        Ok(client) => client,
        Err(err) => {
            out.send(&status(
                false,
                format!("{}; {}", err.describe(), err.what_to_do()),
            ))?;
            return Ok(Exit::Ok);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let granted = runtime.block_on(client.granted_scopes());
    let message = match granted {
        Ok(scopes) => {
            out.send(&status(
                true,
                format!("zoom granted a token with {} scopes", scopes.len()),
            ))?;
            return Ok(Exit::Ok);
        }
        Err(err) => format!("{}; {}", err.describe(), err.what_to_do()),
    };
    out.send(&status(false, client.secret_mask().mask(&message)))?;
    Ok(Exit::Ok)
}

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
    let enabled: BTreeSet<Kind> = streams::enabled_kinds(settings).into_iter().collect();
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
fn read(args: &AirbyteArgs, out: &mut Messages) -> Result<Exit, crate::Error> {
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
        cursor.is_some(),
        &client,
    ) {
        Ok(state) => state,
        Err(err) => {
            out.log("WARN", &format!("reading without a state store: {err}"))?;
            None
        }
    };
    let mut plan = FetchPlan::for_config(&config, Utc::now(), cursor, false);
    plan.kinds.retain(|kind| selected.kinds.contains(kind));
    for kind in &selected.kinds {
        out.stream_status(*kind, "STARTED")?;
    }
    out.flush()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let sink = Box::new(AirbyteRecords {
        out: BufWriter::new(std::io::stdout()),
        running: BTreeSet::new(),
    });
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

/// Records as RECORD messages, each stream's first one after its RUNNING.
struct AirbyteRecords {
    out: BufWriter<std::io::Stdout>,
    running: BTreeSet<Kind>,
}

impl RecordSink for AirbyteRecords {
    fn write(&mut self, record: &asset_schema::Record) -> std::io::Result<()> {
        let now = Utc::now().timestamp_millis();
        let stream = streams::stream_name(record.kind);
        if self.running.insert(record.kind) {
            line(
                &mut self.out,
                &stream_status_message(&stream, "RUNNING", now),
            )?;
        }
        let data = serde_json::to_value(record).map_err(std::io::Error::from)?;
        line(
            &mut self.out,
            &json!({"type": "RECORD", "record": {"stream": stream, "data": data, "emitted_at": now}}),
        )
    }

    fn write_tombstone(&mut self, _tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        // Airbyte reads no deletions from a source (`--emit-deletions` is never set here).
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

fn line(out: &mut impl Write, message: &Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, message).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

fn stream_status_message(stream: &str, status: &str, at: i64) -> Value {
    json!({"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": at,
        "stream_status": {"stream_descriptor": {"name": stream}, "status": status}}})
}

/// The messages of one command on stdout.
struct Messages {
    out: BufWriter<std::io::Stdout>,
}

impl Messages {
    fn new() -> Self {
        Messages {
            out: BufWriter::new(std::io::stdout()),
        }
    }

    fn send(&mut self, message: &Value) -> std::io::Result<()> {
        line(&mut self.out, message)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn error(&mut self, failure: &str, message: &str, stream: Option<&str>) -> std::io::Result<()> {
        let mut error = json!({"message": message, "failure_type": failure});
        if let Some(stream) = stream {
            error["stream_descriptor"] = json!({"name": stream});
        }
        self.send(&json!({"type": "TRACE", "trace": {"type": "ERROR",
            "emitted_at": Utc::now().timestamp_millis(), "error": error}}))
    }

    fn stream_status(&mut self, kind: Kind, status: &str) -> std::io::Result<()> {
        let message = stream_status_message(
            &streams::stream_name(kind),
            status,
            Utc::now().timestamp_millis(),
        );
        self.send(&message)
    }

    fn log(&mut self, level: &str, message: &str) -> std::io::Result<()> {
        self.send(&json!({"type": "LOG", "log": {"level": level, "message": message}}))
    }
}
