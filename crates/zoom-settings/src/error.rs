//! [`Error`]: why a configuration could not be turned into an [`crate::AdapterConfig`].

use crate::problem::Problem;

/// Why validation did not produce a configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input has problems; each names its field and the fix.
    #[error("the configuration has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// The checked-in schema could not be compiled: a bug in this build.
    #[error("bug: the checked-in {document} schema does not compile: {reason}")]
    Schema {
        /// `connection` or `settings`.
        document: &'static str,
        /// What the compiler said.
        reason: String,
    },
}

impl Error {
    /// The problems, when the input was invalid.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Invalid(problems) => problems,
            Error::Schema { .. } => &[],
        }
    }
}
