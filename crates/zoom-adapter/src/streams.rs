//! The record kinds as the streams of data engines (Airbyte, Singer): one
//! stream per kind, named in the plural (`users`, `meeting_devices` …),
//! each with the schema of its records, `id` as the primary key, and for
//! activities a cursor (`fields.time`). Also the engines' one-file config
//! (the connection's keys plus a `settings` object) and the schema work
//! their validators need (no `additionalProperties: false`, no `const`).

use asset_schema::{AssetType, Kind};
use serde_json::{Map, Value, json};
use zoom_settings::AdapterConfig;

/// The stream of `kind`: its name in the plural.
pub fn stream_name(kind: Kind) -> String {
    match kind {
        Kind::SignInActivity => "sign_in_activities".to_owned(),
        other => format!("{}s", other.as_str()),
    }
}

/// The kind of the stream named `name`.
pub fn stream_kind(name: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|kind| stream_name(*kind) == name)
}

/// Whether `kind`'s stream is incremental (activities, by their time).
pub fn is_incremental(kind: Kind) -> bool {
    kind.asset_type() == AssetType::Activity
}

/// The cursor field of an incremental stream, as a path into the record.
pub const CURSOR_FIELD: [&str; 2] = ["fields", "time"];

/// The setting that turns `kind` on, for a stream asked for but off.
pub fn enabling_setting(kind: Kind) -> &'static str {
    match kind {
        Kind::OperationLog | Kind::SignInActivity => "activity_logs: true",
        Kind::RecordingDownload => "recording_download_activities: true",
        Kind::License | Kind::AccountSetting | Kind::UserSetting => {
            "fetch_settings_and_licenses: true (with the portal login)"
        }
        Kind::User | Kind::SaasApplication | Kind::Account => "nothing (always on)",
        Kind::Group => "directory_sources to list groups",
        Kind::Role => "directory_sources to list roles",
        _ => "fetch_devices: true and the kind in device_sources",
    }
}

/// The JSON Schema of one stream's records: the record envelope with the
/// fields of `kind`'s asset type, open to properties added later.
pub fn stream_schema(kind: Kind) -> Value {
    let file = format!("{}.schema.json", kind.asset_type().as_str());
    let mut fields = asset_schema::record_schemas()
        .into_iter()
        .find(|(name, _)| *name == file)
        .map(|(_, schema)| schema)
        .unwrap_or_else(|| json!({"type": "object"}));
    let defs = fields
        .as_object_mut()
        .and_then(|f| f.remove("$defs"))
        .unwrap_or_else(|| json!({}));
    inline_refs(&mut fields, &defs, 0);
    if let Some(fields) = fields.as_object_mut() {
        fields.remove("$schema");
        fields.remove("title");
    }
    let mut schema = json!({
        "type": "object",
        "properties": {
            "asset_type": {"type": "string", "enum": [kind.asset_type().as_str()]},
            "kind": {"type": "string", "enum": [kind.as_str()]},
            "id": {"type": "string"},
            "account_id": {"type": "string"},
            "fetched_at": {"type": "string", "format": "date-time"},
            "fields": fields,
            "raw": {"type": ["object", "null"]}
        },
        "required": ["asset_type", "kind", "id", "account_id", "fetched_at", "fields"]
    });
    open_and_draft4_safe(&mut schema);
    schema
}

/// How deep definitions may refer to definitions (the record schemas nest
/// two deep; a cycle would stop here).
const INLINE_DEPTH: usize = 16;

/// Replaces every `{"$ref": "#/$defs/NAME"}` in `schema` by the definition
/// (with the reference's own keywords, such as a description, kept):
/// Airbyte wants stream schemas with every reference resolved. A reference
/// to an unknown definition, or one nested past [`INLINE_DEPTH`], becomes
/// the open schema `{}`, which accepts what the definition would have.
fn inline_refs(schema: &mut Value, defs: &Value, depth: usize) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.remove("$ref") {
                let definition = reference
                    .strip_prefix("#/$defs/")
                    .and_then(|name| defs.get(name))
                    .filter(|_| depth < INLINE_DEPTH);
                if let Some(Value::Object(definition)) = definition {
                    for (key, value) in definition {
                        map.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                    inline_refs(schema, defs, depth + 1);
                    return;
                }
            }
            for value in map.values_mut() {
                inline_refs(value, defs, depth);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| inline_refs(item, defs, depth)),
        _ => {}
    }
}

/// Makes a schema acceptable to the engines' validators: objects stay open
/// (no `additionalProperties: false`), `const` becomes a one-value `enum`,
/// and a `oneOf` of constants becomes one `enum`.
pub fn open_and_draft4_safe(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                map.remove("additionalProperties");
            }
            if let Some(value) = map.remove("const") {
                map.insert("enum".to_owned(), Value::Array(vec![value]));
            }
            if let Some(values) = map.get("oneOf").and_then(constants) {
                map.remove("oneOf");
                map.insert("enum".to_owned(), Value::Array(values));
            }
            for value in map.values_mut() {
                open_and_draft4_safe(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(open_and_draft4_safe),
        _ => {}
    }
}

/// The values of a `oneOf` whose branches are each one constant.
fn constants(branches: &Value) -> Option<Vec<Value>> {
    branches
        .as_array()?
        .iter()
        .map(|branch| {
            let branch = branch.as_object()?;
            match (branch.get("const"), branch.get("enum")) {
                (Some(value), _) => Some(vec![value.clone()]),
                (None, Some(Value::Array(values))) => Some(values.clone()),
                _ => None,
            }
        })
        .collect::<Option<Vec<Vec<Value>>>>()
        .map(|values| values.into_iter().flatten().collect())
}

/// The engines' config schema: the connection's keys, secrets marked
/// `airbyte_secret`, plus an optional `settings` object (the advanced
/// settings).
pub fn config_schema() -> Value {
    let mut connection = zoom_settings::connection_schema();
    let settings = zoom_settings::settings_schema();
    let mut root_defs = connection
        .as_object_mut()
        .and_then(|c| c.remove("$defs"))
        .and_then(|d| match d {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default();
    if let Some(properties) = connection
        .get_mut("properties")
        .and_then(Value::as_object_mut)
    {
        for property in properties.values_mut() {
            if property.get("writeOnly") == Some(&Value::Bool(true))
                && let Some(property) = property.as_object_mut()
            {
                property.insert("airbyte_secret".to_owned(), Value::Bool(true));
            }
        }
        let mut settings = settings;
        // The settings' definitions move to the root, where their
        // `#/$defs/…` references point once the settings are nested.
        let settings_defs = settings.as_object_mut().and_then(|s| s.remove("$defs"));
        if let Some(Value::Object(defs)) = settings_defs {
            root_defs.extend(defs);
        }
        if let Some(settings) = settings.as_object_mut() {
            settings.remove("$schema");
            settings.insert(
                "description".to_owned(),
                json!("The advanced settings (docs/settings.md); every default when left out."),
            );
        }
        properties.insert("settings".to_owned(), settings);
    }
    if !root_defs.is_empty()
        && let Some(connection) = connection.as_object_mut()
    {
        connection.insert("$defs".to_owned(), Value::Object(root_defs));
    }
    open_and_draft4_safe(&mut connection);
    if let Some(connection) = connection.as_object_mut() {
        // Engines validate configs with a draft-07 validator; nothing here needs more.
        connection.insert(
            "$schema".to_owned(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
    }
    connection
}

/// Splits an engine config into the connection and the settings, and
/// validates both (secrets left out come from the environment).
pub fn validate_config(
    mut config: Map<String, Value>,
) -> Result<AdapterConfig, Vec<zoom_settings::Problem>> {
    let settings = match config.remove("settings") {
        Some(Value::Object(settings)) => Some(settings),
        Some(Value::Null) | None => None,
        Some(_) => {
            return Err(vec![zoom_settings::Problem::new(
                zoom_settings::Document::Settings,
                "",
                "must be an object",
                "give settings as a JSON object of the advanced settings, or leave it out",
            )]);
        }
    };
    zoom_settings::validate(config, settings, &zoom_settings::SecretEnv::from_process())
        .map_err(|err| err.problems().to_vec())
}

/// Problems as one line: `settings/meeting_days: must be at most 180 (…)`.
pub fn problems_line(problems: &[zoom_settings::Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}{}: {}", p.document, p.pointer, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_stream_and_back() {
        for kind in Kind::ALL {
            assert_eq!(stream_kind(&stream_name(kind)), Some(kind));
        }
        assert_eq!(stream_name(Kind::SignInActivity), "sign_in_activities");
        assert_eq!(stream_name(Kind::MeetingDevice), "meeting_devices");
    }

    #[test]
    fn stream_schemas_are_open_resolved_and_hold_no_const() {
        for kind in Kind::ALL {
            let text = stream_schema(kind).to_string();
            assert!(!text.contains("\"const\""), "{kind}");
            assert!(!text.contains("\"additionalProperties\":false"), "{kind}");
            // Airbyte wants every reference resolved.
            assert!(!text.contains("$ref") && !text.contains("$defs"), "{kind}");
        }
    }

    #[test]
    fn every_record_the_normalizer_makes_matches_its_stream_schema() {
        let cx = zoom_normalize::Context::new("acct", chrono::Utc::now());
        let user: zoom_api::User = serde_json::from_value(json!({
            "id": "u1", "email": "a@example.com", "type": 2, "status": "active"
        }))
        .unwrap();
        let groups = zoom_normalize::DirectoryNames::from_groups([]);
        let record = zoom_normalize::user(&cx, &user, &groups, None, &mut Vec::new()).unwrap();
        let value = serde_json::to_value(&record).unwrap();
        let schema = stream_schema(Kind::User);
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn the_config_schema_validates_a_config_with_settings() {
        let schema = config_schema();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let config = json!({"account_id": "a", "client_id": "c", "client_secret": "s",
            "settings": {"zoom_plan": "business", "device_sources": ["zoom_rooms"]}});
        let errors: Vec<String> = validator
            .iter_errors(&config)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let wrong = json!({"account_id": "a", "client_id": "c", "client_secret": "s",
            "settings": {"zoom_plan": "platinum"}});
        assert!(!validator.is_valid(&wrong));
    }

    #[test]
    fn the_config_schema_marks_secrets_and_takes_settings() {
        let schema = config_schema();
        assert_eq!(
            schema["properties"]["client_secret"]["airbyte_secret"],
            true
        );
        assert!(schema["properties"]["settings"]["properties"]["meeting_days"].is_object());
        assert!(
            schema["properties"]["account_id"]
                .get("airbyte_secret")
                .is_none()
        );
    }
}
