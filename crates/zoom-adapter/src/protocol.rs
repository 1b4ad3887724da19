//! The host protocol (docs/protocol.md): newline-delimited JSON-RPC 2.0 on stdio.
//! These types are the single source of `schemas/protocol/*.json` and of
//! `docs/protocol.md`'s shapes; `commands/serve/` speaks them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Version of the protocol; bumped on any change a host could notice.
pub const PROTOCOL_VERSION: &str = "1.1";

/// Longest line `serve` reads, in bytes (without the `\n`); a longer line is
/// skipped up to its newline and answered with a parse error.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// JSON-RPC error codes used by `serve`.
pub mod codes {
    /// The line is not UTF-8 JSON, or longer than [`super::MAX_LINE_BYTES`].
    pub const PARSE_ERROR: i64 = -32700;
    /// Not a JSON-RPC 2.0 request object.
    pub const INVALID_REQUEST: i64 = -32600;
    /// No such method.
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// The params are invalid: `data.pointer` names the first bad field, `data.errors` all of them.
    pub const INVALID_PARAMS: i64 = -32602;
    /// An unexpected failure inside the adapter.
    pub const INTERNAL_ERROR: i64 = -32603;
    /// Busy: a fetch is already running (one at a time), too many checks and
    /// actions run, or the request's id is in use by a running request.
    pub const BUSY: i64 = -32002;
    /// Zoom refused the credentials.
    pub const AUTH_FAILED: i64 = -32003;
    /// The request was cancelled (`cancel` or `shutdown`) before it had a result.
    pub const REQUEST_CANCELLED: i64 = -32800;
}

/// `initialize` params.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitializeParams {
    /// The protocol version the host speaks (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    /// The host's name, for logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// `initialize` result.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct InitializeResult {
    /// The protocol version the adapter speaks.
    pub protocol_version: String,
    /// Adapter id (`zoom`).
    pub adapter: String,
    /// Adapter version.
    pub version: String,
    /// Methods this adapter answers.
    pub methods: Vec<String>,
}

/// Params of `validate`, `check` and `fetch`: the two documents inline.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigParams {
    /// The connection (schemas/connection.schema.json). Secrets left out are
    /// read from the adapter's environment (ZOOM_CLIENT_SECRET …).
    pub connection: Map<String, Value>,
    /// The advanced settings (schemas/settings.schema.json); defaults when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Map<String, Value>>,
}

/// `fetch` params.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FetchParams {
    /// The connection.
    pub connection: Map<String, Value>,
    /// The advanced settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Map<String, Value>>,
    /// Attach the Zoom object each record came from as `raw`.
    #[serde(default)]
    pub include_raw: bool,
    /// Continue activities from here: the previous summary's `next_cursor.activities_from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_cursor: Option<chrono::DateTime<chrono::Utc>>,
    /// The state store between cycles (an SQLite file the adapter can
    /// write); default: one per account under `$XDG_STATE_HOME/zoom-adapter/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<std::path::PathBuf>,
    /// No state store: read everything, remember nothing.
    #[serde(default)]
    pub no_state: bool,
    /// Remove the state store first and start it afresh.
    #[serde(default)]
    pub reset_state: bool,
    /// Send a `fetch/record` whose record is a tombstone (`"deleted": true`)
    /// per id seen in the last complete cycle and gone now.
    #[serde(default)]
    pub emit_deletions: bool,
    /// `records` (the default) or `ocsf`: each `fetch/record` then carries an
    /// OCSF 1.8.0 event (docs/ocsf.md) instead of a record.
    #[serde(default)]
    pub format: FetchFormat,
}

/// What a `fetch` sends in its `fetch/record` notifications.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FetchFormat {
    /// The adapter's records.
    #[default]
    Records,
    /// OCSF 1.8.0 events.
    Ocsf,
}

/// `action` params.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionParams {
    /// The action: `create-user`, `delete-user`, `update-user-group` or `send-message`.
    pub name: String,
    /// The connection.
    pub connection: Map<String, Value>,
    /// The action's params (schemas/actions/NAME.schema.json): one object or an array.
    pub params: Value,
    /// Return the requests that would be sent instead of sending them.
    #[serde(default)]
    pub dry_run: bool,
    /// A user that does not exist counts as done (the `exit` of the result).
    #[serde(default)]
    pub missing_ok: bool,
}

/// `action/result` notification params: one target's result, sent the
/// moment the target completes (before the next target's first call).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ActionResultParams {
    /// The `action` request this belongs to.
    pub id: Value,
    /// The action's name.
    pub action: String,
    /// A predicted result of a dry run (nothing was changed).
    pub dry_run: bool,
    /// The result (`target`, `status`, `zoom_id`, `message`) with Zoom's
    /// request id (`tracking_id`) when a call decided it.
    pub result: Value,
}

/// `validate` result.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ValidateResult {
    /// Whether both documents are valid.
    pub valid: bool,
    /// Every problem.
    pub errors: Vec<ProblemData>,
}

/// One problem of a document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProblemData {
    /// `connection` or `settings`.
    pub document: String,
    /// JSON pointer into that document.
    pub pointer: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// `data` of an invalid-params error.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct InvalidParamsData {
    /// Pointer of the first problem (into the params: `/connection/client_id`).
    pub pointer: String,
    /// Every problem.
    pub errors: Vec<ProblemData>,
}

/// `data` of an unknown-method error.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct UnknownMethodData {
    /// The methods this adapter answers, as `initialize` lists them.
    pub methods: Vec<MethodInfo>,
}

/// One method of the protocol.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MethodInfo {
    /// Its name.
    pub name: String,
    /// What it does, in one line.
    pub description: String,
}

/// `cancel` params.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelParams {
    /// The id of the running `fetch` or `check` request to cancel (the
    /// running fetch when left out). Actions are not cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
}

/// `cancel` result.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CancelResult {
    /// Whether the request was running and has been told to stop; its
    /// response follows: a fetch's summary with status `cancelled`, a
    /// check's error -32800. `false` for an action, a finished request or an
    /// unknown id.
    pub cancelled: bool,
}

/// `fetch/progress` notification params, sent about once a second during a fetch.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProgressParams {
    /// The `fetch` request this belongs to.
    pub id: Value,
    /// Records sent so far.
    pub records: u64,
    /// Records sent so far, per kind.
    pub by_kind: std::collections::BTreeMap<String, u64>,
    /// How far the sources that read before they send got, per kind
    /// (`meetings 120 of 2000 listed read, 5400 participant rows`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub notes: std::collections::BTreeMap<String, String>,
}

/// `fetch/record` notification params: one record.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RecordParams {
    /// The `fetch` request this belongs to.
    pub id: Value,
    /// The record (schemas/records/record.schema.json).
    pub record: Value,
}

/// Every protocol schema, as `(file name, schema)`.
pub fn protocol_schemas() -> Vec<(&'static str, Value)> {
    use asset_schema::schema_for as generate;
    vec![
        (
            "initialize.params.schema.json",
            generate::<InitializeParams>(),
        ),
        (
            "initialize.result.schema.json",
            generate::<InitializeResult>(),
        ),
        ("config.params.schema.json", generate::<ConfigParams>()),
        ("validate.result.schema.json", generate::<ValidateResult>()),
        ("fetch.params.schema.json", generate::<FetchParams>()),
        ("action.params.schema.json", generate::<ActionParams>()),
        ("cancel.params.schema.json", generate::<CancelParams>()),
        ("cancel.result.schema.json", generate::<CancelResult>()),
        (
            "fetch-progress.params.schema.json",
            generate::<ProgressParams>(),
        ),
        (
            "fetch-record.params.schema.json",
            generate::<RecordParams>(),
        ),
        (
            "action-result.params.schema.json",
            generate::<ActionResultParams>(),
        ),
        (
            "invalid-params.data.schema.json",
            generate::<InvalidParamsData>(),
        ),
        (
            "unknown-method.data.schema.json",
            generate::<UnknownMethodData>(),
        ),
    ]
}
