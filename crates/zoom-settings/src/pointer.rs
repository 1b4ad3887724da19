//! JSON pointers (RFC 6901) into a document being validated: the one place
//! keys are escaped and a schema error becomes the pointer(s) it is about.
//! Settings, connection and action params all report problems through it.

use jsonschema::error::{ValidationError, ValidationErrorKind};

/// `key` escaped for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `base` followed by the escaped `key`.
pub fn child(base: &str, key: &str) -> String {
    format!("{base}/{}", escape(key))
}

/// Where a schema error is: the missing property for `required`, each
/// unexpected key for `additionalProperties` (one pointer per key), else the
/// instance the error is about. Every pointer starts with `prefix` (the
/// element of a params array, or empty).
pub fn error_pointers(prefix: &str, error: &ValidationError<'_>) -> Vec<String> {
    let path = format!("{prefix}{}", error.instance_path().as_str());
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            vec![child(&path, property.as_str().unwrap_or_default())]
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            unexpected.iter().map(|key| child(&path, key)).collect()
        }
        _ => vec![path],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_per_rfc_6901() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(child("/0", "x/y"), "/0/x~1y");
    }

    #[test]
    fn one_pointer_per_unexpected_key_and_the_missing_property() {
        let schema = json!({
            "type": "object",
            "required": ["a/b"],
            "properties": {"a/b": {"type": "string"}},
            "additionalProperties": false
        });
        let validator = jsonschema::draft202012::new(&schema).unwrap();
        let instance = json!({"x~": 1, "y/z": 2});
        let mut pointers: Vec<String> = validator
            .iter_errors(&instance)
            .flat_map(|e| error_pointers("/3", &e))
            .collect();
        pointers.sort();
        assert_eq!(pointers, ["/3/a~1b", "/3/x~0", "/3/y~1z"]);
    }
}
