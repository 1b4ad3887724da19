//! Turns `jsonschema` errors into [`Problem`]s a person can act on: the key,
//! what is wrong in plain words, the fix, and "did you mean …" for typos.
//!
//! Messages quote a value only when it is a short enum-like word of a
//! non-secret key; secrets, URLs and free text are never echoed.

use jsonschema::error::{ValidationError, ValidationErrorKind};
use serde_json::Value;

use crate::document::{Document, json_type};
use crate::hints::hint;
use crate::pointer::escape;
use crate::problem::{Problem, shown};
use crate::schema::allowed_values;
use crate::secret::SecretEnv;

/// Keys whose values are never quoted in a message.
const SENSITIVE_KEYS: [&str; 6] = [
    "client_secret",
    "password",
    "totp_secret",
    "https_proxy",
    "username",
    "account_id",
];

/// What the translation needs to know besides the error.
pub(crate) struct Context<'a> {
    /// The document being validated.
    pub document: Document,
    /// Its checked-in schema (for bounds and known keys).
    pub schema: &'a Value,
    /// The other document's schema (for keys put in the wrong file).
    pub other_schema: &'a Value,
    /// Secrets that came from the environment, by key.
    pub env: &'a SecretEnv,
    /// Keys whose value came from the environment.
    pub env_keys: &'a [&'static str],
}

/// The problems one schema error stands for (one per unknown key).
pub(crate) fn translate(error: &ValidationError<'_>, cx: &Context<'_>) -> Vec<Problem> {
    let path = error.instance_path().as_str().to_owned();
    let key = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let at = |pointer: String, what: &str, fix: &str| Problem::new(cx.document, pointer, what, fix);
    let from_env = env_note(cx, &key);
    let problem = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            return unexpected
                .iter()
                .map(|name| unknown_key(cx, &path, name))
                .collect();
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let what = match cx
                .env
                .get(name)
                .map(|(var, _)| var)
                .or_else(|| env_var_for(name))
            {
                Some(var) => {
                    format!("is missing (set it here or in the {var} environment variable)")
                }
                None => "is missing".to_owned(),
            };
            at(
                format!("{path}/{}", escape(name)),
                &what,
                hint(cx.document, name),
            )
        }
        ValidationErrorKind::Type { .. } => {
            let expected = expected_type(cx.schema, &key);
            let actual = json_type(error.instance());
            at(
                path,
                &format!(
                    "must be {expected}, not {} {actual}{from_env}",
                    article(actual)
                ),
                hint(cx.document, &key),
            )
        }
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. } => {
            let shown = shown_value(cx, &key, error.instance());
            at(
                path,
                &format!("is out of range{shown}"),
                hint(cx.document, &key),
            )
        }
        ValidationErrorKind::MinLength { .. } => at(
            path,
            &format!("is empty{from_env}"),
            hint(cx.document, &key),
        ),
        ValidationErrorKind::Pattern { .. } => {
            let text = error.instance().as_str().unwrap_or_default();
            let what = match control_character(text) {
                Some(c) => format!("{}{from_env}", control_what(c)),
                None => format!("must not contain spaces or line breaks{from_env}"),
            };
            at(
                path,
                &what,
                &format!(
                    "copy the value again without invisible characters; {}",
                    hint(cx.document, &key)
                ),
            )
        }
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
            let words = allowed_values(cx.schema, &key);
            let shown = shown_value(cx, &key, error.instance());
            let given = error.instance().as_str();
            let suggestion = given
                .and_then(|given| crate::hints::value_alias(cx.document, &key, given))
                .or_else(|| given.and_then(|given| closest(given, words.iter().copied())))
                .map(|best| format!("did you mean \"{best}\"? "))
                .unwrap_or_default();
            at(
                path,
                &format!("is not a known value{shown}"),
                &format!("{suggestion}use one of: {}", words.join(", ")),
            )
        }
        ValidationErrorKind::UniqueItems => at(
            path,
            "lists the same value more than once",
            hint(cx.document, &key),
        ),
        other => at(
            path,
            &format!("does not match the schema (keyword {})", other.keyword()),
            hint(cx.document, &key),
        ),
    };
    vec![problem]
}

/// A key the schema does not know: in the wrong file, a near miss, or noise.
fn unknown_key(cx: &Context<'_>, path: &str, name: &str) -> Problem {
    let shown = shown(name);
    let pointer = format!("{path}/{}", escape(name));
    let own = known_keys(cx.schema);
    let normalized = name.trim().to_lowercase().replace([' ', '-'], "_");
    if known_keys(cx.other_schema).contains(&normalized.as_str())
        && !own.contains(&normalized.as_str())
    {
        let other = cx.document.other();
        return Problem::new(
            cx.document,
            pointer,
            &format!(
                "\"{shown}\" is a key of the {other} document, not of the {}",
                cx.document
            ),
            &format!("move it to the {other} file"),
        );
    }
    let by_title = titles(cx.schema)
        .into_iter()
        .find(|(_, title)| title.eq_ignore_ascii_case(name.trim()))
        .map(|(key, _)| key);
    match by_title.or_else(|| closest(&normalized, own.iter().copied())) {
        Some(best) => Problem::new(
            cx.document,
            pointer,
            &format!("\"{shown}\" is not a known key"),
            &format!("did you mean \"{best}\"?"),
        ),
        None => Problem::new(
            cx.document,
            pointer,
            &format!("\"{shown}\" is not a known key"),
            &format!("remove it; the known keys are {}", own.join(", ")),
        ),
    }
}

/// The closest of `candidates` to `given`, if it is close enough to be a typo.
pub(crate) fn closest<'a>(
    given: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let given = given.to_lowercase();
    let length = given.chars().count();
    let allowed = |candidate: &str| (candidate.len() / 4).max(2);
    candidates
        // The distance is at least the difference in length: skip the costly
        // comparison for keys far too long or short (an absurd key is cheap).
        .filter(|candidate| length.abs_diff(candidate.chars().count()) <= allowed(candidate))
        .map(|candidate| (strsim::levenshtein(&given, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= allowed(candidate))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn known_keys(schema: &Value) -> Vec<&str> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn titles(schema: &Value) -> Vec<(&str, &str)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .filter_map(|(key, p)| Some((key.as_str(), p.get("title")?.as_str()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// "a string", "a boolean", … as the schema declares the key.
fn expected_type(schema: &Value, key: &str) -> String {
    let declared = schema.pointer(&format!("/properties/{}/type", escape(key)));
    let names: Vec<&str> = match declared {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    };
    match names.as_slice() {
        [] => "of another type".to_owned(),
        [one] => format!("{} {one}", article(one)),
        many => format!("one of {}", many.join(", ")),
    }
}

fn article(type_name: &str) -> &'static str {
    if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// " (got 365)" for numbers and short words of non-secret keys, else "".
fn shown_value(cx: &Context<'_>, key: &str, value: &Value) -> String {
    if SENSITIVE_KEYS.contains(&key) || cx.env_keys.contains(&key) {
        return String::new();
    }
    match value {
        Value::Number(n) => format!(" (got {n})"),
        Value::String(s) if s.len() <= 40 && s.chars().all(|c| c.is_ascii_graphic()) => {
            format!(" (got \"{s}\")")
        }
        _ => String::new(),
    }
}

fn env_note(cx: &Context<'_>, key: &str) -> String {
    match cx.env.get(key) {
        Some((var, _)) if cx.env_keys.contains(&key) => format!(" (the value came from {var})"),
        _ => String::new(),
    }
}

fn env_var_for(key: &str) -> Option<&'static str> {
    SecretEnv::VARIABLES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, var)| *var)
}

/// The first control character of `text` (C0, DEL or C1), if any.
pub(crate) fn control_character(text: &str) -> Option<char> {
    text.chars().find(|c| c.is_control())
}

/// What is wrong with text that holds the control character `c`.
pub(crate) fn control_what(c: char) -> String {
    match c {
        '\n' | '\r' => "contains a line break".to_owned(),
        '\t' => "contains a tab".to_owned(),
        c => format!("contains the control character U+{:04X}", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["fetch_devices", "fetch_inactive_users", "meeting_days"];
        assert_eq!(
            closest("fetch_device", keys.into_iter()),
            Some("fetch_devices")
        );
        assert_eq!(
            closest("meetingdays", keys.into_iter()),
            Some("meeting_days")
        );
        assert_eq!(closest("colour", keys.into_iter()), None);
        let absurd = "fetch_devices".repeat(20_000);
        assert_eq!(closest(&absurd, keys.into_iter()), None);
    }
}
