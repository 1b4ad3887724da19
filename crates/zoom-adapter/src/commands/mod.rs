//! One module per CLI command; each writes its output and returns an [`crate::Exit`].

pub(crate) mod check;
pub(crate) mod demo;
pub(crate) mod describe;
pub(crate) mod fetch;
pub(crate) mod serve;
pub(crate) mod validate;

use std::io::Write;

/// Writes a fatal error on stderr (never a secret: errors carry none).
pub(crate) fn report_error(err: &crate::Error) -> std::io::Result<()> {
    writeln!(std::io::stderr().lock(), "zoom-adapter: error: {err}")
}
