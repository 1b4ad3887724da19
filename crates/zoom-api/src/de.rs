//! Tolerant field decoders: Zoom sends `""`, `null`, numbers as strings and
//! strings as numbers. Every helper accepts all of them, so an odd field
//! never fails a page; an empty string becomes `None`.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A string field: `""`/null/missing → `None`; numbers and bools become text.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// An integer field: numbers, numeric strings; anything else → `None`.
pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(b)),
        _ => None,
    })
}

/// A boolean field: bools, `0`/`1`, `"true"`/`"false"`; anything else → `None`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A list field: null or missing → empty.
pub(crate) fn vec_lenient<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A list that must be there: missing or null → `None` (the caller reports
/// a malformed answer); a present list decodes as usual.
pub(crate) fn opt_vec<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<Vec<T>>::deserialize(d)
}

/// A list of strings: null → empty, numbers become text, `""` elements dropped.
pub(crate) fn vec_string<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Value::String(s) if !s.is_empty() => vec![s],
        _ => Vec::new(),
    })
}

/// An object field: null or a non-object → `None`.
pub(crate) fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match Value::deserialize(d)? {
        v @ Value::Object(_) => serde_json::from_value(v).ok(),
        _ => None,
    })
}

/// Declares a page envelope: the list field, `next_page_token` and the rest
/// kept in `extra`. The list field is `None` when the page lacks it (or it
/// is null): pagination turns that into a `malformed` error, never into an
/// empty list.
macro_rules! page_envelope {
    ($(#[$meta:meta])* $name:ident, $item:ty, $field:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
        pub struct $name {
            /// The items of this page; `None` when the page lacks its list key.
            #[serde(default, deserialize_with = "crate::de::opt_vec")]
            pub $field: Option<Vec<$item>>,
            /// The token of the next page; `None` on the last page.
            #[serde(default, deserialize_with = "crate::de::opt_string")]
            pub next_page_token: Option<String>,
            /// Total number of records across pages, when Zoom sends it.
            #[serde(default, deserialize_with = "crate::de::opt_i64")]
            pub total_records: Option<i64>,
            /// The other envelope fields (`page_size`, `from`, `to` …).
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl crate::pagination::Page for $name {
            type Item = $item;
            const ITEMS: &'static str = stringify!($field);
            fn into_parts(self) -> crate::pagination::PageParts<$item> {
                crate::pagination::PageParts {
                    items: self.$field,
                    next_page_token: self.next_page_token,
                    total_records: self.total_records,
                }
            }
            fn attach_raw(items: &mut [$item], raw: Vec<serde_json::Value>) {
                for (item, raw) in items.iter_mut().zip(raw) {
                    item.raw = Some(raw);
                }
            }
        }
    };
}

pub(crate) use page_envelope;

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "super::opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "super::opt_i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "super::opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "super::vec_string")]
        v: Vec<String>,
    }

    #[test]
    fn tolerant_fields() -> Result<(), serde_json::Error> {
        let t: T = serde_json::from_str(r#"{"s":"","i":"","b":"","v":null}"#)?;
        assert_eq!((t.s, t.i, t.b, t.v.len()), (None, None, None, 0));
        let t: T = serde_json::from_str(r#"{"s":5,"i":"42","b":1,"v":["a",""]}"#)?;
        assert_eq!(
            (t.s.as_deref(), t.i, t.b, t.v),
            (Some("5"), Some(42), Some(true), vec!["a".to_owned()])
        );
        let t: T = serde_json::from_str(r#"{}"#)?;
        assert_eq!((t.s, t.i, t.b), (None, None, None));
        Ok(())
    }
}
