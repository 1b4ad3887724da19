//! [`validate`]: untrusted JSON objects → a typed [`AdapterConfig`], or every
//! problem at once. Steps: environment secrets fill missing keys → the
//! checked-in JSON Schema → semantic checks → deserialization.

use std::collections::HashSet;
use std::sync::OnceLock;

use jsonschema::Validator;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::connection::ConnectionParams;
use crate::document::Document;
use crate::error::Error;
use crate::problem::Problem;
use crate::schema::checked_in;
use crate::secret::SecretEnv;
use crate::semantic::check_connection;
use crate::settings::AdvancedSettings;
use crate::translate::{Context, translate};

/// A configuration that passed every check: what a fetch cycle runs with.
#[derive(Debug, Clone)]
pub struct AdapterConfig {
    /// How to reach and authenticate to Zoom.
    pub connection: ConnectionParams,
    /// What to fetch and how hard to press on Zoom.
    pub settings: AdvancedSettings,
}

/// Validates a connection object and an optional settings object (absent →
/// every default). Secrets missing from the connection are taken from `env`.
///
/// On failure every problem of both documents is returned, connection first,
/// each with its JSON pointer, never with a secret in its text.
pub fn validate(
    connection: Map<String, Value>,
    settings: Option<Map<String, Value>>,
    env: &SecretEnv,
) -> Result<AdapterConfig, Error> {
    let mut connection = Value::Object(connection);
    let settings = Value::Object(settings.unwrap_or_default());
    let env_keys = fill_secrets_from_env(&mut connection, env);

    let mut problems = Vec::new();
    let connection_schema = schema_value(Document::Connection)?;
    let settings_schema = schema_value(Document::Settings)?;
    for (document, value, schema, other_schema) in [
        (
            Document::Connection,
            &connection,
            &connection_schema,
            &settings_schema,
        ),
        (
            Document::Settings,
            &settings,
            &settings_schema,
            &connection_schema,
        ),
    ] {
        let cx = Context {
            document,
            schema,
            other_schema,
            env,
            env_keys: &env_keys,
        };
        for error in validator(document)?.iter_errors(value) {
            problems.extend(translate(&error, &cx));
        }
    }

    let portal_needed = settings.get("fetch_settings_and_licenses") == Some(&Value::Bool(true));
    let flagged: HashSet<(Document, String)> = problems
        .iter()
        .map(|p| (p.document, p.pointer.clone()))
        .collect();
    if let Value::Object(map) = &connection {
        problems.extend(
            check_connection(map, portal_needed)
                .into_iter()
                .filter(|p| !flagged.contains(&(p.document, p.pointer.clone()))),
        );
    }
    if !problems.is_empty() {
        // One problem per field: the first found says the most (`""` before
        // "contains spaces", the schema before the semantic checks).
        let mut seen = HashSet::new();
        problems.retain(|p| seen.insert((p.document, p.pointer.clone())));
        problems.sort_by_key(|p| p.document == Document::Settings);
        return Err(Error::Invalid(problems));
    }

    let connection = deserialize(Document::Connection, connection)?;
    let settings = deserialize(Document::Settings, settings)?;
    Ok(AdapterConfig {
        connection,
        settings,
    })
}

/// Copies environment secrets into keys the file leaves out; returns those keys.
fn fill_secrets_from_env(connection: &mut Value, env: &SecretEnv) -> Vec<&'static str> {
    let mut filled = Vec::new();
    if let Value::Object(map) = connection {
        for (key, _) in SecretEnv::VARIABLES {
            if map.get(key).is_none_or(Value::is_null)
                && let Some((_, secret)) = env.get(key)
            {
                map.insert(key.to_owned(), Value::String(secret.expose().to_owned()));
                filled.push(key);
            }
        }
    }
    filled
}

fn deserialize<T: DeserializeOwned>(document: Document, value: Value) -> Result<T, Error> {
    // The schema already passed, so this fails only on a schema/type mismatch;
    // serde's message may quote values, so it is not shown.
    serde_json::from_value(value).map_err(|_| {
        Error::Invalid(vec![Problem::new(
            document,
            "",
            "could not be read although it matches the schema",
            "report this as a bug in the adapter",
        )])
    })
}

fn schema_value(document: Document) -> Result<Value, Error> {
    serde_json::from_str(checked_in(document)).map_err(|err| Error::Schema {
        document: static_name(document),
        reason: err.to_string(),
    })
}

fn static_name(document: Document) -> &'static str {
    match document {
        Document::Connection => "connection",
        Document::Settings => "settings",
    }
}

/// The compiled checked-in schema of `document`, built once per process.
fn validator(document: Document) -> Result<&'static Validator, Error> {
    static CONNECTION: OnceLock<Result<Validator, String>> = OnceLock::new();
    static SETTINGS: OnceLock<Result<Validator, String>> = OnceLock::new();
    let cell = match document {
        Document::Connection => &CONNECTION,
        Document::Settings => &SETTINGS,
    };
    cell.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(checked_in(document)).map_err(|e| e.to_string())?;
        jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|reason| Error::Schema {
        document: static_name(document),
        reason: reason.clone(),
    })
}
