//! The JSON Schemas: generated from the Rust types, and the checked-in copies
//! that validation uses (a drift test keeps the two identical).

use asset_schema::schema_for;

use crate::pointer::escape;
use serde_json::Value;

use crate::connection::ConnectionParams;
use crate::document::Document;
use crate::settings::AdvancedSettings;

/// `schemas/connection.schema.json` as checked in.
pub const CHECKED_IN_CONNECTION_SCHEMA: &str =
    include_str!("../../../schemas/connection.schema.json");
/// `schemas/settings.schema.json` as checked in.
pub const CHECKED_IN_SETTINGS_SCHEMA: &str = include_str!("../../../schemas/settings.schema.json");

/// The connection schema generated from [`ConnectionParams`] (Draft 2020-12).
pub fn connection_schema() -> Value {
    schema_for::<ConnectionParams>()
}

/// The settings schema generated from [`AdvancedSettings`] (Draft 2020-12).
pub fn settings_schema() -> Value {
    schema_for::<AdvancedSettings>()
}

/// The checked-in schema of `document`, as text.
pub(crate) fn checked_in(document: Document) -> &'static str {
    match document {
        Document::Connection => CHECKED_IN_CONNECTION_SCHEMA,
        Document::Settings => CHECKED_IN_SETTINGS_SCHEMA,
    }
}

/// The values an enum-like key (or its array items) may take, from the schema:
/// `enum`, or the `const` of each `oneOf` branch, behind at most one `$ref`.
pub fn allowed_values<'a>(schema: &'a Value, key: &str) -> Vec<&'a str> {
    let Some(mut node) = schema.pointer(&format!("/properties/{}", escape(key))) else {
        return Vec::new();
    };
    if let Some(items) = node.get("items") {
        node = items;
    }
    if let Some(target) = node.get("$ref").and_then(Value::as_str) {
        match target
            .strip_prefix('#')
            .and_then(|pointer| schema.pointer(pointer))
        {
            Some(resolved) => node = resolved,
            None => return Vec::new(),
        }
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return values.iter().filter_map(Value::as_str).collect();
    }
    node.get("oneOf")
        .and_then(Value::as_array)
        .map(|branches| {
            branches
                .iter()
                .filter_map(|b| b.get("const").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk_properties(schema: &Value, found: &mut Vec<(String, bool)>) {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let write_only = property.get("writeOnly") == Some(&Value::Bool(true))
                    || property
                        .get("anyOf")
                        .and_then(Value::as_array)
                        .is_some_and(|alts| {
                            alts.iter()
                                .any(|a| a.get("writeOnly") == Some(&Value::Bool(true)))
                        });
                found.push((name.clone(), write_only));
                walk_properties(property, found);
            }
        }
        if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
            for def in defs.values() {
                walk_properties(def, found);
            }
        }
    }

    #[test]
    fn every_secret_like_property_is_write_only_and_nothing_else_is() {
        for schema in [connection_schema(), settings_schema()] {
            let mut found = Vec::new();
            walk_properties(&schema, &mut found);
            assert!(!found.is_empty());
            for (name, write_only) in found {
                let secret_like = ["secret", "password", "token", "key"]
                    .iter()
                    .any(|word| name.contains(word));
                assert_eq!(secret_like, write_only, "property {name}");
            }
        }
    }

    #[test]
    fn generated_schemas_are_valid_draft_2020_12() {
        for schema in [connection_schema(), settings_schema()] {
            assert_eq!(
                schema.get("$schema").and_then(Value::as_str),
                Some("https://json-schema.org/draft/2020-12/schema")
            );
            let verdict = jsonschema::draft202012::meta::validate(&schema);
            assert!(verdict.is_ok(), "{verdict:?}");
        }
    }
}
