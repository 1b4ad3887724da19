//! Setting leaves as the adapter counts them: objects walked; arrays,
//! strings, numbers and booleans are leaves; `null` and blank strings skipped.

/// Leaves of a settings object: objects are walked; arrays, strings, numbers
/// and booleans are leaves; `null` and blank strings are skipped.
pub(crate) fn leaves(v: &serde_json::Value) -> u64 {
    use serde_json::Value;
    match v {
        Value::Object(m) => m.values().map(leaves).sum(),
        Value::Null => 0,
        Value::String(s) if s.trim().is_empty() => 0,
        _ => 1,
    }
}

/// The leaves of a settings object with their dotted paths (as [`leaves`] counts them).
pub(crate) fn leaf_paths(
    v: &serde_json::Value,
    path: &str,
    out: &mut Vec<(String, serde_json::Value)>,
) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            for (key, child) in m {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                leaf_paths(child, &child_path, out);
            }
        }
        Value::Null => {}
        Value::String(s) if s.trim().is_empty() => {}
        leaf if !path.is_empty() => out.push((path.to_owned(), leaf.clone())),
        _ => {}
    }
}
