//! [`Document`] and [`parse_document`]: the first validation step, from bytes
//! to a JSON object, with a size limit.

use std::fmt;

use serde_json::{Map, Value};

use crate::problem::Problem;

/// Largest connection or settings document accepted (1 MiB): real ones are a
/// few hundred bytes, so anything bigger is a wrong file.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// Which input document a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// The connection parameters (DESIGN §5).
    Connection,
    /// The advanced settings (DESIGN §6).
    Settings,
}

impl Document {
    /// The other document (a key in the wrong file is a common mistake).
    pub fn other(self) -> Document {
        match self {
            Document::Connection => Document::Settings,
            Document::Settings => Document::Connection,
        }
    }
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Document::Connection => "connection",
            Document::Settings => "settings",
        })
    }
}

/// Parses `bytes` as one JSON object, or says why it is not one.
pub fn parse_document(document: Document, bytes: &[u8]) -> Result<Map<String, Value>, Problem> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Problem::new(
            document,
            "",
            &format!("is larger than 1 MiB ({} bytes)", bytes.len()),
            "pass the JSON file of the connection or settings, which is a few hundred bytes",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Problem::new(
            document,
            "",
            "is not UTF-8 text",
            "save the file as UTF-8 JSON",
        )
    })?;
    if text.trim().is_empty() {
        return Err(Problem::new(
            document,
            "",
            "is empty",
            "write a JSON object such as {\"account_id\": \"…\"}",
        ));
    }
    // serde_json's messages give line and column but never quote the input.
    let value: Value = serde_json::from_str(text).map_err(|err| {
        Problem::new(
            document,
            "",
            &format!("is not valid JSON ({err})"),
            "fix the syntax at that line and column",
        )
    })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(Problem::new(
            document,
            "",
            &format!("is a JSON {}, not an object", json_type(&other)),
            "write one JSON object with the keys as members",
        )),
    }
}

/// The JSON type name of `value`, for messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_objects_garbage_empty_and_huge_input() {
        let cases: [(&[u8], &str); 5] = [
            (b"[1,2]", "is a JSON array, not an object"),
            (b"{\"a\": ", "is not valid JSON"),
            (b"   ", "is empty"),
            (b"\xff\xfe", "is not UTF-8"),
            (b"42", "is a JSON integer"),
        ];
        for (bytes, expected) in cases {
            let problem = parse_document(Document::Connection, bytes).err();
            let message = problem.map(|p| p.message).unwrap_or_default();
            assert!(message.starts_with(expected), "{message}");
        }
        let huge = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        let problem = parse_document(Document::Settings, &huge).err();
        assert!(problem.is_some_and(|p| p.message.contains("larger than 1 MiB")));
    }

    #[test]
    fn invalid_json_message_does_not_echo_the_input() {
        let problem = parse_document(
            Document::Connection,
            br#"{"client_secret": s3cr3t-distinctive}"#,
        )
        .err();
        let message = problem.map(|p| p.message).unwrap_or_default();
        assert!(message.contains("line 1"), "{message}");
        assert!(!message.contains("s3cr3t"), "{message}");
    }
}
