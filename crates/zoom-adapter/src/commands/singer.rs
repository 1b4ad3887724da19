//! `zoom-adapter singer`: a Singer tap (docs/singer.md). `--discover`
//! prints the catalog; otherwise SCHEMA, RECORD and STATE messages, one JSON
//! line each, on stdout. Streams, schemas (draft-4 safe: `enum`, never
//! `const`) and the config are those of the Airbyte mode
//! ([`crate::streams`]).

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};

use asset_schema::Kind;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::airbyte::{line, read_object};
use crate::cli::SingerArgs;
use crate::cycle::run_configured;
use crate::exit::Exit;
use crate::plan::FetchPlan;
use crate::sink::RecordSink;
use crate::streams::{self, CURSOR_FIELD};
use crate::summary::SourceStatus;

/// `zoom-adapter singer …`: exit 0 when every selected stream is complete,
/// 1 otherwise (stderr says why), 2 for a bad config or catalog.
pub(crate) fn run(args: &SingerArgs) -> Result<Exit, crate::Error> {
    let document = match read_object(&args.config) {
        Ok(document) => document,
        Err(message) => return refuse(&format!("--config: {message}")),
    };
    let config = match streams::validate_config(document) {
        Ok(config) => config,
        Err(problems) => {
            return refuse(&format!(
                "the config has problems: {}",
                streams::problems_line(&problems)
            ));
        }
    };
    let mut out = BufWriter::new(std::io::stdout());
    if args.discover {
        line(&mut out, &catalog(&config.settings))?;
        out.flush()?;
        return Ok(Exit::Ok);
    }
    let kinds = match selected(args, &config.settings) {
        Ok(kinds) => kinds,
        Err(message) => return refuse(&message),
    };
    let cursor = match args.state.as_deref().map(bookmark) {
        Some(Ok(cursor)) => cursor,
        Some(Err(message)) => return refuse(&message),
        None => None,
    };
    let client = match crate::connect::client(&config, false) {
        Ok(client) => client,
        Err(err) => return refuse(&format!("{}; {}", err.describe(), err.what_to_do())),
    };
    for kind in &kinds {
        let schema = json!({"type": "SCHEMA", "stream": streams::stream_name(*kind),
            "schema": streams::stream_schema(*kind), "key_properties": ["id"]});
        line(&mut out, &schema)?;
    }
    out.flush()?;
    let state = crate::state::StateRequest {
        choice: crate::state::StateChoice::Default,
        reset: false,
        emit_deletions: false,
    }
    .prepare(
        &config.connection.account_id,
        config.settings.activity_overlap_minutes,
        cursor,
        &client,
    )
    .unwrap_or_else(|err| {
        tracing::warn!(error = %err, "reading without a state store");
        None
    });
    let mut plan = FetchPlan::for_config(&config, Utc::now(), cursor, false);
    plan.restrict_to(&kinds);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let sink = Box::new(SingerRecords {
        out: BufWriter::new(std::io::stdout()),
    });
    let summary = runtime.block_on(run_configured(&config, client, plan, sink, state, async {
        crate::signals::stop_requested().await;
    }));
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    let mut bookmarks = serde_json::Map::new();
    let mut complete = true;
    for kind in &kinds {
        let ok = summary
            .sources
            .iter()
            .find(|r| r.kind == *kind)
            .is_some_and(|r| matches!(r.status, SourceStatus::Ok | SourceStatus::Unavailable));
        complete &= ok;
        if let (true, true, Some(next)) = (ok, streams::is_incremental(*kind), &summary.next_cursor)
        {
            bookmarks.insert(
                streams::stream_name(*kind),
                json!({"cursor": next.activities_from}),
            );
        }
    }
    line(
        &mut out,
        &json!({"type": "STATE", "value": {"bookmarks": bookmarks}}),
    )?;
    out.flush()?;
    crate::commands::fetch::write_summary(&summary)?;
    Ok(if complete { Exit::Ok } else { Exit::Failed })
}

/// A bad config, catalog or state: said on stderr, exit 2.
fn refuse(message: &str) -> Result<Exit, crate::Error> {
    writeln!(std::io::stderr().lock(), "zoom-adapter: {message}")?;
    Ok(Exit::Invalid)
}

/// The Singer catalog: a stream per kind the settings enable, with the
/// metadata taps select by.
fn catalog(settings: &zoom_settings::AdvancedSettings) -> Value {
    let streams: Vec<Value> = crate::plan::enabled_kinds(settings)
        .into_iter()
        .map(|kind| {
            let name = streams::stream_name(kind);
            let mut metadata = json!({"selected": true, "table-key-properties": ["id"],
                "forced-replication-method": "FULL_TABLE", "inclusion": "available"});
            if streams::is_incremental(kind) {
                metadata["forced-replication-method"] = json!("INCREMENTAL");
                metadata["valid-replication-keys"] = json!([CURSOR_FIELD.join(".")]);
            }
            json!({"tap_stream_id": name, "stream": name, "schema": streams::stream_schema(kind),
                "key_properties": ["id"], "metadata": [{"breadcrumb": [], "metadata": metadata}]})
        })
        .collect();
    json!({"streams": streams})
}

/// The selected streams of `--catalog`/`--properties` (every enabled
/// stream when none is given); a stream is selected unless its top-level
/// metadata says `selected: false`.
fn selected(
    args: &SingerArgs,
    settings: &zoom_settings::AdvancedSettings,
) -> Result<BTreeSet<Kind>, String> {
    let enabled: BTreeSet<Kind> = crate::plan::enabled_kinds(settings);
    let Some(path) = args.catalog.as_deref() else {
        return Ok(enabled);
    };
    let catalog = read_object(path).map_err(|message| format!("--catalog: {message}"))?;
    let entries = catalog
        .get("streams")
        .and_then(Value::as_array)
        .ok_or("--catalog: a catalog needs a streams array")?;
    let mut kinds = BTreeSet::new();
    for entry in entries {
        let name = entry
            .get("tap_stream_id")
            .or_else(|| entry.get("stream"))
            .and_then(Value::as_str)
            .ok_or("--catalog: every stream needs tap_stream_id")?;
        let kind = streams::stream_kind(name).ok_or_else(|| {
            format!(
                "--catalog: there is no stream {name:?} (zoom-adapter singer --discover lists them)"
            )
        })?;
        let top = entry
            .get("metadata")
            .and_then(Value::as_array)
            .and_then(|all| {
                all.iter().find(|m| {
                    m.get("breadcrumb")
                        .and_then(Value::as_array)
                        .is_some_and(Vec::is_empty)
                })
            });
        let chosen = top
            .and_then(|m| m.pointer("/metadata/selected"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        if !chosen {
            continue;
        }
        if !enabled.contains(&kind) {
            return Err(format!(
                "--catalog: stream {name} is off in the config's settings (it needs {})",
                streams::enabling_setting(kind)
            ));
        }
        kinds.insert(kind);
    }
    Ok(kinds)
}

/// The earliest bookmark of `--state` (`{"bookmarks": {stream: {"cursor": …}}}`).
fn bookmark(path: &str) -> Result<Option<DateTime<Utc>>, String> {
    let state = read_object(path).map_err(|message| format!("--state: {message}"))?;
    let cursors = state
        .get("bookmarks")
        .and_then(Value::as_object)
        .map(|bookmarks| {
            bookmarks
                .values()
                .filter_map(|b| b.get("cursor").and_then(Value::as_str))
                .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    Ok(cursors.into_iter().min())
}

/// Records as Singer RECORD messages.
struct SingerRecords {
    out: BufWriter<std::io::Stdout>,
}

impl RecordSink for SingerRecords {
    fn write(&mut self, record: &asset_schema::Record) -> std::io::Result<()> {
        let data = serde_json::to_value(record).map_err(std::io::Error::from)?;
        line(
            &mut self.out,
            &json!({"type": "RECORD", "stream": streams::stream_name(record.kind),
                "record": data, "time_extracted": record.fetched_at}),
        )
    }

    fn write_tombstone(&mut self, _tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        // Singer has no deletion message (`--emit-deletions` is never set here).
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
