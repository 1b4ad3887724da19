//! [`Problem`]: one thing wrong with the input, located and explained.

use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::document::Document;

/// Longest pointer or key name a problem shows whole, in characters; a longer
/// one is cut there and followed by "… (N characters)".
pub const MAX_SHOWN_CHARS: usize = 64;

/// One thing wrong with a connection or settings document: where (a JSON
/// pointer into that document), what is wrong and how to fix it.
///
/// Messages never quote the value of a secret, a URL or any free text the user
/// typed, so a problem can be printed and logged as it is. The pointer is
/// display-safe: [`Problem::new`] escapes control characters in it and cuts it
/// after [`MAX_SHOWN_CHARS`] characters, so an absurd key cannot flood or
/// corrupt a terminal or a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The document the pointer points into (`connection` or `settings`).
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
            pointer: shown(&pointer.into()),
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

/// `text` (a pointer or a key the user wrote) as a problem may show it:
/// control and bidirectional-override characters written as `\u001b`, and cut
/// after [`MAX_SHOWN_CHARS`] characters with "… (N characters)".
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * MAX_SHOWN_CHARS));
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if total > MAX_SHOWN_CHARS {
            continue;
        }
        if is_invisible(c) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    if total > MAX_SHOWN_CHARS {
        let _ = write!(out, "… ({total} characters)");
    }
    out
}

/// Characters that change how a terminal shows the text around them.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_plain_pointers_are_kept_as_they_are() {
        for pointer in ["", "/domain", "/device_sources/2", "/a~1b", "/Zoom Domain"] {
            assert_eq!(shown(pointer), pointer);
        }
        let problem = Problem::new(Document::Connection, "/domain", "is bad", "fix it");
        assert_eq!(problem.pointer, "/domain");
        assert_eq!(problem.message, "is bad: fix it");
    }

    #[test]
    fn long_pointers_are_cut_with_their_length() {
        let long = format!("/{}", "x".repeat(100_242));
        let problem = Problem::new(Document::Settings, long, "is not a known key", "");
        let expected = format!("/{}… (100243 characters)", "x".repeat(MAX_SHOWN_CHARS - 1));
        assert_eq!(problem.pointer, expected);
        assert!(problem.to_string().len() < 200, "{problem}");
        let exactly = format!("/{}", "é".repeat(MAX_SHOWN_CHARS - 1));
        assert_eq!(shown(&exactly), exactly);
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(shown("/a\u{0}b\u{1b}[31m"), "/a\\u0000b\\u001b[31m");
        assert_eq!(shown("/x\u{202e}y\u{7f}"), "/x\\u202ey\\u007f");
    }
}
