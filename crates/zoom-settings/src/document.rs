//! [`Document`] and [`parse_document`]: the first validation step, from bytes
//! to a JSON object, with a size limit.

use std::fmt;

use serde_json::{Map, Value};

use crate::duplicates::duplicate_keys;
use crate::problem::Problem;

/// Largest connection or settings document accepted (1 MiB): real ones are a
/// few hundred bytes, so anything bigger is a wrong file.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// Which input document a problem is about (`connection` or `settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    /// The connection parameters (docs/contracts.md, "Connection parameters and settings").
    Connection,
    /// The advanced settings (docs/settings.md).
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
///
/// Refused besides bad syntax: more than 1 MiB, text that is not UTF-8, a
/// byte-order mark (other readers skip it, serde_json does not) and a key given
/// twice in one object (readers disagree on which copy wins). No message
/// quotes the input.
pub fn parse_document(document: Document, bytes: &[u8]) -> Result<Map<String, Value>, Problem> {
    let whole = |what: &str, fix: &str| Problem::new(document, "", what, fix);
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(whole(
            &format!("is larger than 1 MiB ({} bytes)", bytes.len()),
            "pass the JSON file of the connection or settings, which is a few hundred bytes",
        ));
    }
    if bytes.starts_with(UTF8_BOM) {
        return Err(whole(
            "starts with a byte-order mark (BOM)",
            "save it as UTF-8 without BOM (in the editor's encoding choice, \"UTF-8\", not \"UTF-8 with BOM\")",
        ));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(whole(
            "is not UTF-8 text (it starts with a UTF-16 byte-order mark)",
            "save it as UTF-8 without BOM",
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| whole("is not UTF-8 text", "save the file as UTF-8 JSON"))?;
    if text.trim().is_empty() {
        return Err(whole(
            "is empty",
            "write a JSON object such as {\"account_id\": \"…\"}",
        ));
    }
    // serde_json's messages give line and column but never quote the input.
    let value: Value = serde_json::from_str(text).map_err(|err| {
        if err.to_string().starts_with("recursion limit exceeded") {
            whole(
                &format!("nests arrays or objects too deeply ({err})"),
                "write one flat JSON object with the keys as members",
            )
        } else {
            whole(
                &format!("is not valid JSON ({err})"),
                "fix the syntax at that line and column",
            )
        }
    })?;
    let Value::Object(map) = value else {
        return Err(whole(
            &format!("is a JSON {}, not an object", json_type(&value)),
            "write one JSON object with the keys as members",
        ));
    };
    let duplicates = duplicate_keys(text);
    if let Some(first) = duplicates.first() {
        let others = match duplicates.len() - 1 {
            0 => String::new(),
            1 => " (one more key is given twice too)".to_owned(),
            n => format!(" ({n} more keys are given twice too)"),
        };
        return Err(Problem::new(
            document,
            first.as_str(),
            &format!("is given more than once in the same object{others}"),
            "keep one copy of each key (JSON readers disagree on which copy wins)",
        ));
    }
    Ok(map)
}

/// The UTF-8 encoding of U+FEFF, which some Windows editors put first.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

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

    #[test]
    fn a_byte_order_mark_is_named_with_the_fix() {
        for bytes in [
            &b"\xef\xbb\xbf{\"account_id\": \"a\"}"[..],
            b"\xff\xfe{\x00}\x00",
            b"\xfe\xff\x00{\x00}",
        ] {
            let problem = parse_document(Document::Connection, bytes).err();
            let message = problem.map(|p| p.message).unwrap_or_default();
            assert!(message.contains("byte-order mark"), "{message}");
            assert!(message.contains("UTF-8 without BOM"), "{message}");
            assert!(!message.contains("syntax"), "{message}");
        }
        // A BOM anywhere else is not whitespace in JSON: a syntax error.
        let inner = parse_document(Document::Connection, "{\u{feff}}".as_bytes()).err();
        assert!(inner.is_some_and(|p| p.message.contains("not valid JSON")));
    }

    #[test]
    fn duplicate_keys_are_refused_at_their_pointer_without_their_value() {
        let problem = parse_document(
            Document::Connection,
            br#"{"client_secret": "first-distinctive", "client_secret": "second-distinctive"}"#,
        )
        .err();
        let Some(problem) = problem else {
            panic!("duplicate keys accepted");
        };
        assert_eq!(problem.pointer, "/client_secret");
        assert!(problem.message.contains("more than once"), "{problem}");
        assert!(!problem.to_string().contains("distinctive"), "{problem}");

        let nested = parse_document(
            Document::Settings,
            br#"{"a": {"b": [{"c": 1, "c": 1}]}, "d": 1, "d": 2}"#,
        )
        .err();
        assert!(
            nested.is_some_and(|p| p.pointer == "/a/b/0/c" && p.message.contains("one more key")),
        );
        let same_after_unescaping =
            parse_document(Document::Connection, br#"{"domain": 1, "\u0064omain": 2}"#).err();
        assert!(same_after_unescaping.is_some_and(|p| p.pointer == "/domain"));
    }

    #[test]
    fn too_deep_nesting_is_named() {
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(200), "]".repeat(200));
        let problem = parse_document(Document::Settings, deep.as_bytes()).err();
        let message = problem.map(|p| p.message).unwrap_or_default();
        assert!(message.contains("too deeply"), "{message}");
    }
}
