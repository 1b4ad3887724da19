//! `serve`: the host protocol (DESIGN §8, docs/protocol.md) — newline-
//! delimited JSON-RPC 2.0 on stdin/stdout, logs on stderr. One fetch at a
//! time runs in the background so `cancel` and `shutdown` stay responsive.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use asset_schema::Record;
use chrono::Utc;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use zoom_settings::{AdapterConfig, Problem, SecretEnv};

use crate::cycle::run_configured;
use crate::exit::Exit;
use crate::manifest::AdapterManifest;
use crate::plan::FetchPlan;
use crate::protocol::{
    ActionParams, CancelParams, CancelResult, ConfigParams, FetchParams, InitializeParams,
    InitializeResult, InvalidParamsData, PROTOCOL_VERSION, ProblemData, ProgressParams,
    ValidateResult, codes,
};
use crate::sink::RecordSink;

/// Methods answered (`action` lands with the enforcement actions).
const METHODS: [&str; 7] = [
    "initialize",
    "manifest",
    "validate",
    "check",
    "fetch",
    "cancel",
    "shutdown",
];

/// The one writer of stdout: every message is one line, written whole.
#[derive(Clone)]
struct Out(Arc<Mutex<std::io::Stdout>>);

impl Out {
    fn send(&self, message: &Value) {
        let mut line = message.to_string();
        line.push('\n');
        let stdout = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut lock = stdout.lock();
        // A host that closed stdout is gone; nothing more to tell it.
        let _ = lock.write_all(line.as_bytes()).and_then(|()| lock.flush());
    }

    fn result(&self, id: &Value, result: impl Serialize) {
        let result = serde_json::to_value(result).unwrap_or(Value::Null);
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    fn error(&self, id: &Value, code: i64, message: &str, data: Option<Value>) {
        let mut error = json!({"code": code, "message": message});
        if let Some(data) = data {
            error["data"] = data;
        }
        self.send(&json!({"jsonrpc": "2.0", "id": id, "error": error}));
    }

    fn notify(&self, method: &str, params: impl Serialize) {
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }
}

/// The fetch in the background.
struct Running {
    id: Value,
    cancel: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

/// `zoom-adapter serve`.
pub(crate) fn run() -> Result<Exit, crate::Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // The fetch runs as a local task: its future borrows across awaits in
    // ways `tokio::spawn`'s Send bound cannot express; a LocalSet needs none.
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, serve());
    Ok(Exit::Ok)
}

async fn serve() {
    let out = Out(Arc::new(Mutex::new(std::io::stdout())));
    let (lines_tx, mut lines) = mpsc::channel::<String>(64);
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if lines_tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    let mut running: Option<Running> = None;
    while let Some(line) = lines.recv().await {
        if line.trim().is_empty() {
            continue;
        }
        if running.as_ref().is_some_and(|r| r.task.is_finished()) {
            running = None;
        }
        let request: Value = match serde_json::from_str(&line) {
            Ok(request) => request,
            Err(err) => {
                out.error(
                    &Value::Null,
                    codes::PARSE_ERROR,
                    &format!("not JSON: {err}"),
                    None,
                );
                continue;
            }
        };
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        let Some(method) = request
            .get("method")
            .and_then(Value::as_str)
            .filter(|_| request.get("jsonrpc") == Some(&json!("2.0")))
        else {
            out.error(
                &id,
                codes::INVALID_REQUEST,
                "not a JSON-RPC 2.0 request: it needs \"jsonrpc\": \"2.0\" and a \"method\"",
                None,
            );
            continue;
        };
        let params = request.get("params").cloned().unwrap_or_else(|| json!({}));
        match method {
            "initialize" => {
                if parse::<InitializeParams>(&out, &id, params).is_some() {
                    out.result(
                        &id,
                        InitializeResult {
                            protocol_version: PROTOCOL_VERSION.to_owned(),
                            adapter: "zoom".to_owned(),
                            version: env!("CARGO_PKG_VERSION").to_owned(),
                            methods: METHODS.iter().map(|m| (*m).to_owned()).collect(),
                        },
                    );
                }
            }
            "manifest" => out.result(&id, AdapterManifest::build()),
            "validate" => {
                if let Some(params) = parse::<ConfigParams>(&out, &id, params) {
                    let result = match zoom_settings::validate(
                        params.connection,
                        params.settings,
                        &SecretEnv::from_process(),
                    ) {
                        Ok(_) => ValidateResult {
                            valid: true,
                            errors: Vec::new(),
                        },
                        Err(err) => ValidateResult {
                            valid: false,
                            errors: problems(err.problems()),
                        },
                    };
                    out.result(&id, result);
                }
            }
            "check" => {
                if let Some(config) = parse::<ConfigParams>(&out, &id, params)
                    .and_then(|p| config(&out, &id, p.connection, p.settings))
                {
                    match crate::connect::client(&config, false) {
                        Ok(client) => {
                            let report = crate::commands::check::probe_all(&client).await;
                            out.result(&id, report);
                        }
                        Err(err) => out.error(&id, codes::INVALID_PARAMS, &err.to_string(), None),
                    }
                }
            }
            "fetch" => {
                if let Some(busy) = &running {
                    out.error(
                        &id,
                        codes::BUSY,
                        &format!(
                            "a fetch (id {}) is running; cancel it or wait for its response",
                            busy.id
                        ),
                        None,
                    );
                    continue;
                }
                running = start_fetch(&out, &id, params);
            }
            "cancel" => {
                if let Some(params) = parse::<CancelParams>(&out, &id, params) {
                    let matches = running
                        .as_ref()
                        .is_some_and(|r| params.id.as_ref().is_none_or(|want| *want == r.id));
                    let cancelled = matches
                        && running
                            .as_mut()
                            .and_then(|r| r.cancel.take())
                            .is_some_and(|tx| tx.send(()).is_ok());
                    out.result(&id, CancelResult { cancelled });
                }
            }
            "action" => {
                if let Some(params) = parse::<ActionParams>(&out, &id, params) {
                    run_action(&out, &id, params).await;
                }
            }
            "shutdown" => {
                if let Some(mut fetch) = running.take() {
                    if let Some(tx) = fetch.cancel.take() {
                        let _ = tx.send(());
                    }
                    let _ = fetch.task.await;
                }
                out.result(&id, Value::Null);
                return;
            }
            other => out.error(
                &id,
                codes::METHOD_NOT_FOUND,
                &format!("unknown method {other}; methods: {}", METHODS.join(", ")),
                None,
            ),
        }
    }
    // stdin closed: finish the running fetch's response before leaving.
    if let Some(mut fetch) = running.take() {
        if let Some(tx) = fetch.cancel.take() {
            let _ = tx.send(());
        }
        let _ = fetch.task.await;
    }
}

/// Runs an action and answers with its report (or dry-run plan); invalid
/// action params are an invalid-params error with pointers under `/params`.
async fn run_action(out: &Out, id: &Value, params: ActionParams) {
    let Some(name) = crate::actions::ActionName::parse(&params.name) else {
        let names: Vec<&str> = crate::actions::ActionName::ALL
            .iter()
            .map(|a| a.as_str())
            .collect();
        let data = InvalidParamsData {
            pointer: "/name".into(),
            errors: Vec::new(),
        };
        out.error(
            id,
            codes::INVALID_PARAMS,
            &format!("unknown action; actions: {}", names.join(", ")),
            serde_json::to_value(data).ok(),
        );
        return;
    };
    let Some(config) = config(out, id, params.connection, None) else {
        return;
    };
    let client = match crate::connect::client(&config, false) {
        Ok(client) => client,
        Err(err) => return out.error(id, codes::INVALID_PARAMS, &err.to_string(), None),
    };
    match crate::actions::run(&client, name, &params.params, params.dry_run).await {
        Ok(crate::actions::ActionOutcome::Done(report)) => out.result(id, report),
        Ok(crate::actions::ActionOutcome::DryRun(plan)) => out.result(id, plan),
        Err(crate::actions::ActionError::InvalidParams(problems)) => {
            let errors: Vec<ProblemData> = problems
                .iter()
                .map(|p| ProblemData {
                    document: "params".into(),
                    pointer: p.pointer.clone(),
                    message: p.message.clone(),
                })
                .collect();
            invalid_params(out, id, "invalid action params", "/params", errors);
        }
        Err(crate::actions::ActionError::Auth(err)) => out.error(
            id,
            codes::AUTH_FAILED,
            &format!("{err}; {}", err.what_to_do()),
            None,
        ),
    }
}

/// Decodes `params` or answers invalid-params with the serde message.
fn parse<T: DeserializeOwned>(out: &Out, id: &Value, params: Value) -> Option<T> {
    match serde_json::from_value(params) {
        Ok(value) => Some(value),
        Err(err) => {
            let data = InvalidParamsData {
                pointer: String::new(),
                errors: Vec::new(),
            };
            out.error(
                id,
                codes::INVALID_PARAMS,
                &format!("invalid params: {}", strip_values(&err.to_string())),
                serde_json::to_value(data).ok(),
            );
            None
        }
    }
}

/// serde's messages may quote values (a secret in the wrong place): keep
/// only the part before the first quote.
fn strip_values(message: &str) -> String {
    message
        .split(['"', '`'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Validates the documents, or answers invalid-params with every problem.
fn config(
    out: &Out,
    id: &Value,
    connection: serde_json::Map<String, Value>,
    settings: Option<serde_json::Map<String, Value>>,
) -> Option<AdapterConfig> {
    match zoom_settings::validate(connection, settings, &SecretEnv::from_process()) {
        Ok(config) => Some(config),
        Err(err) => {
            let errors = problems(err.problems());
            let what = format!(
                "the {} has problems",
                errors
                    .first()
                    .map(|p| p.document.as_str())
                    .unwrap_or("configuration")
            );
            let document = errors
                .first()
                .map(|p| format!("/{}", p.document))
                .unwrap_or_default();
            invalid_params(out, id, &what, &document, errors);
            None
        }
    }
}

/// Answers invalid-params with every problem: `what: pointer message; …`
/// as the message, the first pointer (under `prefix`) and the list as data.
fn invalid_params(out: &Out, id: &Value, what: &str, prefix: &str, errors: Vec<ProblemData>) {
    let pointer = errors
        .first()
        .map(|p| format!("{prefix}{}", p.pointer))
        .unwrap_or_default();
    let message = format!(
        "{what}: {}",
        errors
            .iter()
            .map(|p| format!("{} {}", p.pointer, p.message))
            .collect::<Vec<_>>()
            .join("; ")
    );
    out.error(
        id,
        codes::INVALID_PARAMS,
        &message,
        serde_json::to_value(InvalidParamsData { pointer, errors }).ok(),
    );
}

fn problems(problems: &[Problem]) -> Vec<ProblemData> {
    problems
        .iter()
        .map(|p| ProblemData {
            document: p.document.to_string(),
            pointer: p.pointer.clone(),
            message: p.message.clone(),
        })
        .collect()
}

/// Starts a fetch in the background; its records, progress and final
/// response are written by the task.
fn start_fetch(out: &Out, id: &Value, params: Value) -> Option<Running> {
    let params = parse::<FetchParams>(out, id, params)?;
    let config = config(out, id, params.connection, params.settings)?;
    let client = match crate::connect::client(&config, params.include_raw) {
        Ok(client) => client,
        Err(err) => {
            out.error(id, codes::INVALID_PARAMS, &err.to_string(), None);
            return None;
        }
    };
    let plan = FetchPlan::for_config(
        &config,
        Utc::now(),
        params.activity_cursor,
        params.include_raw,
    );
    let (cancel_tx, cancel_rx) = oneshot::channel::<()>();
    let sink = ProtocolSink {
        out: out.clone(),
        id: id.clone(),
        records: 0,
        by_kind: BTreeMap::new(),
        last_progress: Instant::now(),
    };
    let (out, request_id) = (out.clone(), id.clone());
    let task = tokio::task::spawn_local(async move {
        let summary = run_configured(&config, client, plan, Box::new(sink), async {
            let _ = cancel_rx.await;
        })
        .await;
        out.result(&request_id, summary);
    });
    Some(Running {
        id: id.clone(),
        cancel: Some(cancel_tx),
        task,
    })
}

/// Records as `fetch/record` notifications, with `fetch/progress` about
/// once a second.
struct ProtocolSink {
    out: Out,
    id: Value,
    records: u64,
    by_kind: BTreeMap<String, u64>,
    last_progress: Instant,
}

impl RecordSink for ProtocolSink {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        let record_value = serde_json::to_value(record).map_err(std::io::Error::from)?;
        self.out.send(&json!({"jsonrpc": "2.0", "method": "fetch/record", "params": {"id": self.id, "record": record_value}}));
        self.records += 1;
        *self
            .by_kind
            .entry(record.kind.as_str().to_owned())
            .or_default() += 1;
        if self.last_progress.elapsed() >= Duration::from_secs(1) {
            self.progress();
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.progress();
        Ok(())
    }
}

impl ProtocolSink {
    fn progress(&mut self) {
        self.last_progress = Instant::now();
        self.out.notify(
            "fetch/progress",
            ProgressParams {
                id: self.id.clone(),
                records: self.records,
                by_kind: self.by_kind.clone(),
            },
        );
    }
}
