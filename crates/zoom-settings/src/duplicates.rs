//! [`duplicate_keys`]: keys given twice in one JSON object. serde_json (and
//! so a `Map`) silently keeps the last copy while other readers keep the
//! first or refuse, so a host and the adapter could act on different values:
//! documents with duplicate keys are refused before they are parsed for use.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::pointer::escape;

/// The JSON pointer of every key that appears more than once in the same
/// object of `text`, at any depth, each once, in document order. Keys are
/// compared after unescaping, so `"domain"` and `"\u0064omain"` are the same
/// key. Text that is not JSON has whatever was found before the error.
pub fn duplicate_keys(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // A syntax error is the normal parse's to report; it only ends the walk.
    let _ = Walk {
        pointer: String::new(),
        found: &mut found,
    }
    .deserialize(&mut deserializer);
    found
}

/// Walks one JSON value at `pointer`, recording duplicated keys in `found`.
struct Walk<'a> {
    pointer: String,
    found: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Walk { pointer, found } = self;
        for index in 0usize.. {
            let item = Walk {
                pointer: format!("{pointer}/{index}"),
                found: &mut *found,
            };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Walk { pointer, found } = self;
        let mut seen = HashSet::new();
        let mut reported = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = format!("{pointer}/{}", escape(&key));
            if !seen.insert(key.clone()) && reported.insert(key) {
                found.push(at.clone());
            }
            map.next_value_seed(Walk {
                pointer: at,
                found: &mut *found,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_at_every_depth_each_once() {
        let text = r#"{"domain":"a","x":{"b":1,"b":2,"b":3},"l":[0,{"c":1,"c":2}],"domain":"b"}"#;
        assert_eq!(duplicate_keys(text), ["/x/b", "/l/1/c", "/domain"]);
    }

    #[test]
    fn compares_keys_after_unescaping_and_escapes_pointers() {
        assert_eq!(
            duplicate_keys(r#"{"domain":1,"\u0064omain":2}"#),
            ["/domain"]
        );
        assert_eq!(duplicate_keys(r#"{"a/b":1,"a/b":2}"#), ["/a~1b"]);
    }

    #[test]
    fn no_duplicates_no_pointers() {
        for text in [
            r#"{"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]}"#,
            "[]",
            "42",
            r#"{"a": "#,
        ] {
            assert!(duplicate_keys(text).is_empty(), "{text}");
        }
    }
}
