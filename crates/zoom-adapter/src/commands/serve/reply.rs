//! Answers: [`RpcError`], and turning params and documents into values or
//! invalid-params errors. No message quotes a value the host sent.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use zoom_settings::{AdapterConfig, Problem, SecretEnv};

use crate::protocol::{InvalidParamsData, ProblemData, codes};

/// The answer to a request: its result or its error.
pub(super) type Reply = Result<Value, RpcError>;

/// A JSON-RPC error object.
#[derive(Debug, Clone)]
pub(super) struct RpcError {
    pub(super) code: i64,
    pub(super) message: String,
    pub(super) data: Option<Value>,
}

impl RpcError {
    pub(super) fn new(code: i64, message: &str) -> RpcError {
        RpcError {
            code,
            message: message.to_owned(),
            data: None,
        }
    }

    /// A panic in a handler: a bug. The panic's message is not repeated (it
    /// may quote a value); the log has where it happened.
    pub(super) fn bug(method: &str) -> RpcError {
        RpcError::new(
            codes::INTERNAL_ERROR,
            &format!(
                "internal error: {method} failed on a bug in the adapter (it panicked); the server keeps serving; please report it with the adapter's stderr log"
            ),
        )
    }

    pub(super) fn to_json(&self) -> Value {
        let mut error = serde_json::json!({"code": self.code, "message": self.message});
        if let Some(data) = &self.data {
            error["data"] = data.clone();
        }
        error
    }
}

/// A result as JSON (`null` if it cannot be serialized, which our types never fail).
pub(super) fn result(value: impl Serialize) -> Reply {
    Ok(serde_json::to_value(value).unwrap_or(Value::Null))
}

/// Decodes `params`, or an invalid-params error with serde's message.
pub(super) fn parse<T: DeserializeOwned>(params: Value) -> Result<T, RpcError> {
    serde_json::from_value(params).map_err(|err| RpcError {
        code: codes::INVALID_PARAMS,
        message: format!("invalid params: {}", strip_values(&err.to_string())),
        data: serde_json::to_value(InvalidParamsData {
            pointer: String::new(),
            errors: Vec::new(),
        })
        .ok(),
    })
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

/// Validates the documents, or an invalid-params error with every problem.
pub(super) fn config(
    connection: serde_json::Map<String, Value>,
    settings: Option<serde_json::Map<String, Value>>,
) -> Result<AdapterConfig, RpcError> {
    zoom_settings::validate(connection, settings, &SecretEnv::from_process()).map_err(|err| {
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
        invalid_params(&what, &document, errors)
    })
}

/// The Zoom client for `config`, or an invalid-params error.
pub(super) fn client(config: &AdapterConfig, keep_raw: bool) -> Result<zoom_api::Client, RpcError> {
    crate::connect::client(config, keep_raw)
        .map_err(|err| RpcError::new(codes::INVALID_PARAMS, &err.to_string()))
}

/// Invalid-params about one param at `pointer`.
pub(super) fn invalid_param(pointer: &str, message: &str) -> RpcError {
    RpcError {
        code: codes::INVALID_PARAMS,
        message: message.to_owned(),
        data: serde_json::to_value(InvalidParamsData {
            pointer: pointer.to_owned(),
            errors: Vec::new(),
        })
        .ok(),
    }
}

/// Invalid-params with every problem: `what: pointer message; …` as the
/// message, the first pointer (under `prefix`) and the list as data.
pub(super) fn invalid_params(what: &str, prefix: &str, errors: Vec<ProblemData>) -> RpcError {
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
    RpcError {
        code: codes::INVALID_PARAMS,
        message,
        data: serde_json::to_value(InvalidParamsData { pointer, errors }).ok(),
    }
}

pub(super) fn problems(problems: &[Problem]) -> Vec<ProblemData> {
    problems
        .iter()
        .map(|p| ProblemData {
            document: p.document.to_string(),
            pointer: p.pointer.clone(),
            message: p.message.clone(),
        })
        .collect()
}
