//! [`Problem`]: one thing wrong with the input, located and explained.

use std::fmt;

use serde::Serialize;

use crate::document::Document;

/// One thing wrong with a connection or settings document: where (a JSON
/// pointer into that document), what is wrong and how to fix it.
///
/// Messages never quote the value of a secret, a URL or any free text the user
/// typed, so a problem can be printed and logged as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The document the pointer points into.
    #[serde(skip)]
    pub document: Document,
    /// JSON pointer to the offending value (`""` for the whole document).
    pub pointer: String,
    /// What is wrong and how to fix it, as one sentence.
    pub message: String,
}

impl Problem {
    /// A problem at `pointer` in `document`: `what` is wrong, `fix` says what to do.
    pub fn new(document: Document, pointer: impl Into<String>, what: &str, fix: &str) -> Self {
        let message = if fix.is_empty() {
            what.to_owned()
        } else {
            format!("{what}: {fix}")
        };
        Self {
            document,
            pointer: pointer.into(),
            message,
        }
    }

    /// The top-level key the pointer names (`/device_sources/2` → `device_sources`).
    pub fn key(&self) -> &str {
        self.pointer
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(f, "{} {pointer}: {}", self.document, self.message)
    }
}
