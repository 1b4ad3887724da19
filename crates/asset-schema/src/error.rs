//! [`Error`]: why a value cannot become part of a record.

/// Why a value cannot become part of a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not a MAC address in any format Zoom sends.
    #[error("not a MAC address: expected 12 hex digits, in pairs or groups of four")]
    InvalidMac,
}
