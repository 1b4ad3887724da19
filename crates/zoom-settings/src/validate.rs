//! [`validate`]: untrusted JSON objects → a typed [`AdapterConfig`], or every
//! problem at once. Steps: environment secrets fill missing keys (the JSON
//! gets a stand-in, never the value) → the checked-in JSON Schema → semantic
//! checks (which read those secrets from the environment and decode the 2FA
//! key) → deserialization, with the environment's secrets and the decoded
//! key put in place.

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
    let mut settings = Value::Object(settings.unwrap_or_default());
    whole_numbers_as_integers(&mut connection);
    whole_numbers_as_integers(&mut settings);
    let env_keys = stand_ins_for_env_secrets(&mut connection, env);

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
    let mut totp_secret = None;
    if let Value::Object(map) = &connection {
        let checked = check_connection(map, portal_needed, env, &env_keys);
        totp_secret = checked.totp_secret;
        problems.extend(
            checked
                .problems
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

    // The 2FA key was decoded by the checks: it is not decoded again.
    if let Value::Object(map) = &mut connection {
        map.remove("totp_secret");
    }
    let mut connection: ConnectionParams = deserialize(Document::Connection, connection)?;
    connection.totp_secret = totp_secret;
    for key in &env_keys {
        match (*key, env.get(key)) {
            ("client_secret", Some((_, secret))) => connection.client_secret = secret.clone(),
            ("password", Some((_, secret))) => connection.password = Some(secret.clone()),
            _ => {}
        }
    }
    let settings = deserialize(Document::Settings, settings)?;
    Ok(AdapterConfig {
        connection,
        settings,
    })
}

/// What the connection JSON holds for a non-empty secret of the environment.
const ENV_STAND_IN: &str = "[from the environment]";

/// Fills the secret keys the file leaves out (or sets to null) for which
/// `env` has a variable, and returns those keys. The JSON gets a stand-in,
/// empty when the variable is: emptiness is all the schema checks of a
/// secret's value besides its type (a test below holds the schema to that),
/// so the schema step reports the same; the semantic checks and the
/// deserialization take the value from `env`.
fn stand_ins_for_env_secrets(connection: &mut Value, env: &SecretEnv) -> Vec<&'static str> {
    let mut filled = Vec::new();
    if let Value::Object(map) = connection {
        for (key, _) in SecretEnv::VARIABLES {
            if map.get(key).is_none_or(Value::is_null)
                && let Some((_, secret)) = env.get(key)
            {
                let stand_in = if secret.expose().is_empty() {
                    ""
                } else {
                    ENV_STAND_IN
                };
                map.insert(key.to_owned(), Value::String(stand_in.to_owned()));
                filled.push(key);
            }
        }
    }
    filled
}

/// Rewrites whole-number floats (`7.0`, `3e2`, `-0.0`) as integers throughout
/// `value`. JSON Schema counts them as integers and Python hosts send them,
/// but serde refuses them for integer fields; a float key reads an integer
/// back as the same number. Floats beyond 64-bit integers stay floats (no
/// integer key takes them: the schema's bounds refuse them).
fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(integer) = number.as_f64().filter(|_| number.is_f64()).and_then(whole) {
                *value = integer;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// `f` as a JSON integer, when it is a whole number that fits 64 bits.
fn whole(f: f64) -> Option<Value> {
    const U64_END: f64 = 18_446_744_073_709_551_616.0; // 2^64
    const I64_MIN: f64 = -9_223_372_036_854_775_808.0; // -2^63
    if f.fract() != 0.0 {
        None
    } else if (0.0..U64_END).contains(&f) {
        // Exact: `f` is whole and in range.
        Some(Value::from(f as u64))
    } else if (I64_MIN..0.0).contains(&f) {
        Some(Value::from(f as i64))
    } else {
        None
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use secrecy::ExposeSecret;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn connection() -> Map<String, Value> {
        object(json!({"account_id": "a", "client_id": "c", "client_secret": "s"}))
    }

    fn problems(settings: &str) -> Vec<Problem> {
        let settings = object(serde_json::from_str(settings).unwrap_or_default());
        match validate(connection(), Some(settings), &SecretEnv::default()) {
            Ok(_) => Vec::new(),
            Err(err) => err.problems().to_vec(),
        }
    }

    #[test]
    fn whole_number_floats_are_read_as_integers() {
        let settings = object(
            serde_json::from_str(
                r#"{"meeting_days": 7.0, "page_size": 3e2, "max_retries": -0.0,
                    "activity_lookback_hours": 4.32e3, "max_daily_quota_share": 1.0}"#,
            )
            .unwrap_or_default(),
        );
        let config = validate(connection(), Some(settings), &SecretEnv::default());
        let settings = config
            .map(|c| c.settings)
            .map_err(|e| e.problems().to_vec());
        let Ok(settings) = settings else {
            panic!("refused: {settings:?}");
        };
        assert_eq!(settings.meeting_days, 7);
        assert_eq!(settings.page_size, 300);
        assert_eq!(settings.max_retries, 0);
        assert_eq!(settings.activity_lookback_hours, 4320);
        assert!((settings.max_daily_quota_share - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn fractional_and_huge_numbers_are_problems_at_their_key() {
        for (settings, pointer) in [
            (r#"{"meeting_days": 7.5}"#, "/meeting_days"),
            (r#"{"page_size": 1e300}"#, "/page_size"),
            (r#"{"max_retries": -1.0}"#, "/max_retries"),
            (r#"{"max_concurrency": 1e-7}"#, "/max_concurrency"),
        ] {
            let found = problems(settings);
            assert_eq!(found.len(), 1, "{settings}: {found:?}");
            assert_eq!(found[0].pointer, pointer, "{settings}");
            assert!(found[0].message.contains("whole number"), "{found:?}");
            assert!(!found[0].message.contains("bug"), "{found:?}");
        }
    }

    #[test]
    fn whole_keeps_exact_values_and_refuses_the_rest() {
        assert_eq!(whole(7.0), Some(json!(7)));
        assert_eq!(whole(-3.0), Some(json!(-3)));
        assert_eq!(
            whole(9_007_199_254_740_992.0),
            Some(json!(9_007_199_254_740_992_u64))
        );
        assert_eq!(whole(7.5), None);
        assert_eq!(whole(1e300), None);
        assert_eq!(whole(-1e300), None);
    }

    fn env(vars: &[(&str, &str)]) -> SecretEnv {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        SecretEnv::from_lookup(|name| {
            vars.iter()
                .find(|(var, _)| var == name)
                .map(|(_, value)| value.clone())
        })
    }

    #[test]
    fn secret_values_are_checked_by_type_and_emptiness_only() {
        // The stand-ins for environment secrets are faithful only while the
        // schema asks nothing else of a secret's value.
        let Ok(schema) = schema_value(Document::Connection) else {
            panic!("the connection schema does not parse");
        };
        for (key, _) in SecretEnv::VARIABLES {
            let Some(Value::Object(property)) = schema.pointer(&format!("/properties/{key}"))
            else {
                panic!("{key} is not in the connection schema");
            };
            let mut keywords: Vec<&str> = property.keys().map(String::as_str).collect();
            keywords.sort_unstable();
            assert_eq!(
                keywords,
                [
                    "description",
                    "format",
                    "minLength",
                    "title",
                    "type",
                    "writeOnly"
                ],
                "{key}"
            );
            assert_eq!(property.get("minLength"), Some(&json!(1)), "{key}");
        }
    }

    #[test]
    fn environment_secrets_reach_the_config_and_the_2fa_key_is_decoded() {
        let connection = object(json!({"account_id": "a", "client_id": "c",
            "portal_url": "https://acme.zoom.us", "username": "u@acme.example",
            "password": null}));
        let settings = object(json!({"fetch_settings_and_licenses": true}));
        let env = env(&[
            ("ZOOM_CLIENT_SECRET", "cs-from-env"),
            ("ZOOM_PASSWORD", "pw-from-env"),
            ("ZOOM_TOTP_SECRET", "jbsw y3dp ehpk 3pxp"),
        ]);
        let config = validate(connection, Some(settings), &env).map_err(|e| e.to_string());
        let Ok(config) = config else {
            panic!("refused: {config:?}");
        };
        let connection = &config.connection;
        assert_eq!(connection.client_secret.expose(), "cs-from-env");
        assert_eq!(
            connection.password.as_ref().map(Secret::expose),
            Some("pw-from-env")
        );
        let key = connection
            .totp_secret
            .as_ref()
            .map(|k| k.secret().expose_secret());
        assert_eq!(key, Some(&b"Hello!\xde\xad\xbe\xef"[..]));

        // A file value wins over the variable.
        let config = validate(connection_with_secret("cs-in-file"), None, &env);
        assert_eq!(
            config
                .map(|c| c.connection.client_secret.expose().to_owned())
                .ok(),
            Some("cs-in-file".to_owned())
        );
    }

    fn connection_with_secret(secret: &str) -> Map<String, Value> {
        object(
            json!({"account_id": "a", "client_id": "c", "client_secret": secret,
            "totp_secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}),
        )
    }

    #[test]
    fn environment_secrets_are_checked_like_file_secrets() {
        let problems = |env_vars: &[(&str, &str)]| -> Vec<String> {
            let connection = object(json!({"account_id": "a", "client_id": "c"}));
            match validate(connection, None, &env(env_vars)) {
                Ok(_) => Vec::new(),
                Err(err) => err.problems().iter().map(ToString::to_string).collect(),
            }
        };
        let empty = problems(&[("ZOOM_CLIENT_SECRET", "")]);
        assert_eq!(empty.len(), 1, "{empty:?}");
        assert!(
            empty[0].contains("is empty (the value came from ZOOM_CLIENT_SECRET)"),
            "{empty:?}"
        );
        let broken = problems(&[
            ("ZOOM_CLIENT_SECRET", "cs-distinctive\n"),
            ("ZOOM_TOTP_SECRET", "JBSWY3DP"),
        ]);
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(broken[0].contains("line break (the value came from ZOOM_CLIENT_SECRET)"));
        assert!(broken[1].contains("/totp_secret") && broken[1].contains("too short"));
        assert!(!broken.concat().contains("distinctive"), "{broken:?}");
        assert!(!broken.concat().contains(ENV_STAND_IN), "{broken:?}");
        assert!(problems(&[("ZOOM_CLIENT_SECRET", "cs")]).is_empty());
    }

    #[test]
    fn control_characters_in_ids_are_problems_at_their_key() {
        for (key, text, what) in [
            ("account_id", "acct\u{0}1", "U+0000"),
            ("client_id", "cid\u{7f}", "U+007F"),
            ("client_id", "cid\u{9b}", "U+009B"),
            ("account_id", "acct\n", "line break"),
            ("account_id", "acct 1", "spaces"),
            ("username", "bot@acme.example\u{1b}", "U+001B"),
        ] {
            let mut map = connection();
            map.insert(key.to_owned(), Value::String(text.to_owned()));
            let found = match validate(map, None, &SecretEnv::default()) {
                Ok(_) => Vec::new(),
                Err(err) => err.problems().to_vec(),
            };
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            assert_eq!(found[0].pointer, format!("/{key}"));
            assert!(found[0].message.contains(what), "{found:?}");
            assert!(
                found[0].message.contains("copy the value again"),
                "{found:?}"
            );
        }
    }
}
