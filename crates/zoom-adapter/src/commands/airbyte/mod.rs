//! `zoom-adapter airbyte spec|check|discover|read`: the Airbyte protocol
//! (docs/airbyte.md). Every message is one JSON line on stdout: SPEC,
//! CONNECTION_STATUS, CATALOG, RECORD, STATE per stream, TRACE (errors with
//! their `failure_type`, stream statuses) and LOG. The config is the
//! connection's keys plus a `settings` object; one stream per kind.

mod messages;
mod read;

use serde_json::{Map, Value, json};

use crate::cli::{AirbyteArgs, AirbyteCommand};
use crate::exit::Exit;
use crate::streams::{self, CURSOR_FIELD};
use messages::Messages;
pub(crate) use messages::line;

/// The Airbyte protocol version the messages follow.
pub(crate) const PROTOCOL_VERSION: &str = "0.5.2";

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
        AirbyteCommand::Read => read::read(args, &mut out)?,
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
    let streams: Vec<Value> = crate::plan::enabled_kinds(settings)
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
