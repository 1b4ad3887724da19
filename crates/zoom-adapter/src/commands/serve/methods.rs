//! The one table of methods: dispatch, `initialize`'s `methods` and the
//! unknown-method error all read [`METHODS`]; the handlers of the quick
//! methods and the starters of `check` and `action` are here.

use serde_json::Value;
use zoom_settings::SecretEnv;

use super::jobs::{Job, Jobs, StopBy};
use super::out::Out;
use super::reply::{self, Reply, RpcError};
use crate::actions::{
    ActionError, ActionName, ActionOutcome, AuditToStderr, ResultSink, TargetResult,
};
use crate::manifest::AdapterManifest;
use crate::protocol::{
    ActionParams, ActionResultParams, CancelParams, CancelResult, ConfigParams, InitializeParams,
    InitializeResult, InvalidParamsData, MethodInfo, PROTOCOL_VERSION, ProblemData,
    UnknownMethodData, ValidateResult, codes,
};

/// How a method is answered.
pub(super) enum Handler {
    /// On the loop, at once (quick, no IO); panics are caught.
    Now(fn(&mut Jobs, Value) -> Reply),
    /// Params are checked on the loop (their errors answered at once), then
    /// the job runs as a local task that gives the answer.
    Job(fn(&Out, &Value, Value) -> Result<Job, RpcError>),
    /// Stops the server: running work is stopped and answered first.
    Shutdown,
}

/// One method of the protocol.
pub(super) struct Method {
    pub(super) name: &'static str,
    /// One line, for the unknown-method error's `data`.
    pub(super) description: &'static str,
    pub(super) handler: Handler,
}

/// Every method, in the order `initialize` lists them.
pub(super) const METHODS: &[Method] = &[
    Method {
        name: "initialize",
        description: "the protocol version, the adapter and these methods",
        handler: Handler::Now(initialize),
    },
    Method {
        name: "manifest",
        description: "the adapter manifest",
        handler: Handler::Now(manifest),
    },
    Method {
        name: "validate",
        description: "validate a connection and settings without calling Zoom",
        handler: Handler::Now(validate),
    },
    Method {
        name: "check",
        description: "authenticate and probe every endpoint the adapter reads",
        handler: Handler::Job(check),
    },
    Method {
        name: "fetch",
        description: "one fetch cycle: records as notifications, then the summary",
        handler: Handler::Job(super::fetch::start),
    },
    Method {
        name: "action",
        description: "run an enforcement action, or plan it with dry_run",
        handler: Handler::Job(action),
    },
    Method {
        name: "cancel",
        description: "stop a running fetch or check",
        handler: Handler::Now(cancel),
    },
    Method {
        name: "shutdown",
        description: "stop running work, answer, then exit",
        handler: Handler::Shutdown,
    },
];

pub(super) fn find(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|m| m.name == name)
}

/// The error for a method not in the table; it does not quote the name sent.
pub(super) fn unknown_method() -> RpcError {
    let names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
    let data = UnknownMethodData {
        methods: METHODS
            .iter()
            .map(|m| MethodInfo {
                name: m.name.to_owned(),
                description: m.description.to_owned(),
            })
            .collect(),
    };
    RpcError {
        data: serde_json::to_value(data).ok(),
        ..RpcError::new(
            codes::METHOD_NOT_FOUND,
            &format!("unknown method; the methods are: {}", names.join(", ")),
        )
    }
}

fn initialize(_: &mut Jobs, params: Value) -> Reply {
    reply::parse::<InitializeParams>(params)?;
    reply::result(InitializeResult {
        protocol_version: PROTOCOL_VERSION.to_owned(),
        adapter: "zoom".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        methods: METHODS.iter().map(|m| m.name.to_owned()).collect(),
    })
}

fn manifest(_: &mut Jobs, _params: Value) -> Reply {
    reply::result(AdapterManifest::build())
}

fn validate(_: &mut Jobs, params: Value) -> Reply {
    let params = reply::parse::<ConfigParams>(params)?;
    let env = SecretEnv::from_process();
    reply::result(
        match zoom_settings::validate(params.connection, params.settings, &env) {
            Ok(_) => ValidateResult {
                valid: true,
                errors: Vec::new(),
            },
            Err(err) => ValidateResult {
                valid: false,
                errors: reply::problems(err.problems()),
            },
        },
    )
}

fn cancel(jobs: &mut Jobs, params: Value) -> Reply {
    let params = reply::parse::<CancelParams>(params)?;
    reply::result(CancelResult {
        cancelled: jobs.cancel(params.id.as_ref()),
    })
}

fn check(_: &Out, _: &Value, params: Value) -> Result<Job, RpcError> {
    let params = reply::parse::<ConfigParams>(params)?;
    let config = reply::config(params.connection, params.settings)?;
    let client = reply::client(&config, false)?;
    let work = async move {
        super::panic_if_asked("check");
        let report = crate::commands::check::probe_all(&client, &config, chrono::Utc::now()).await;
        reply::result(report)
    };
    Ok(Job {
        stop: StopBy::Abort,
        work: Box::pin(work),
    })
}

/// An action and its report (or dry-run plan); invalid action params are an
/// invalid-params error with pointers under `/params`.
fn action(out: &Out, id: &Value, params: Value) -> Result<Job, RpcError> {
    let params = reply::parse::<ActionParams>(params)?;
    let Some(name) = ActionName::parse(&params.name) else {
        let names: Vec<&str> = ActionName::ALL.iter().map(|a| a.as_str()).collect();
        let data = InvalidParamsData {
            pointer: "/name".into(),
            errors: Vec::new(),
        };
        return Err(RpcError {
            data: serde_json::to_value(data).ok(),
            ..RpcError::new(
                codes::INVALID_PARAMS,
                &format!("unknown action; actions: {}", names.join(", ")),
            )
        });
    };
    let config = reply::config(params.connection, None)?;
    let client = reply::client(&config, false)?;
    let mut sink = ActionNotifier {
        out: out.clone(),
        id: id.clone(),
    };
    let work = async move {
        super::panic_if_asked("action");
        let outcome =
            crate::actions::run(&client, name, &params.params, params.dry_run, &mut sink).await;
        match outcome {
            Ok(ActionOutcome::Done(report)) => with_exit(&report, report.exit(params.missing_ok)),
            Ok(ActionOutcome::DryRun(plan)) => with_exit(&plan, plan.exit(params.missing_ok)),
            Err(ActionError::InvalidParams(problems)) => {
                let errors: Vec<ProblemData> = problems
                    .iter()
                    .map(|p| ProblemData {
                        document: "params".into(),
                        pointer: p.pointer.clone(),
                        message: p.message.clone(),
                    })
                    .collect();
                Err(reply::invalid_params(
                    "invalid action params",
                    "/params",
                    errors,
                ))
            }
            Err(ActionError::Auth(err)) => Err(RpcError::new(
                codes::AUTH_FAILED,
                &format!("{}; {}", err.describe(), err.what_to_do()),
            )),
        }
    };
    Ok(Job {
        stop: StopBy::Never,
        work: Box::pin(work),
    })
}

/// The result of an action with the exit code the CLI would give (`exit`).
fn with_exit(report: &impl serde::Serialize, exit: crate::Exit) -> Reply {
    let mut value = serde_json::to_value(report).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert("exit".to_owned(), Value::from(exit.code()));
    }
    reply::result(value)
}

/// Each target's result as an `action/result` notification, and (for a
/// real run) its audit line on stderr, the moment the target completes.
struct ActionNotifier {
    out: Out,
    id: Value,
}

impl ResultSink for ActionNotifier {
    fn completed(&mut self, action: ActionName, dry_run: bool, result: &TargetResult) {
        AuditToStderr.completed(action, dry_run, result);
        let mut value = serde_json::to_value(result).unwrap_or(Value::Null);
        if let Some(object) = value.as_object_mut() {
            object.insert("tracking_id".to_owned(), result.tracking_id.clone().into());
        }
        self.out.notify(
            "action/result",
            ActionResultParams {
                id: self.id.clone(),
                action: action.as_str().to_owned(),
                dry_run,
                result: value,
            },
        );
    }
}
