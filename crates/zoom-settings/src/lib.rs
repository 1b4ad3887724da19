//! Connection parameters and advanced settings of the Zoom adapter.
//!
//! The types here are the single source of truth for three things: the JSON the
//! host hands the adapter, the JSON Schemas checked in under `schemas/`, and the
//! validation that turns untrusted JSON into a typed [`AdapterConfig`] or a list
//! of [`Problem`]s a person can act on. Nothing here does IO.

mod connection;
mod document;
mod duplicates;
mod error;
mod hints;
pub mod pointer;
mod problem;
mod schema;
mod secret;
mod semantic;
mod settings;
mod totp;
mod translate;
mod validate;

pub use connection::{ConnectionParams, DEFAULT_DOMAIN, DEFAULT_OAUTH_URL, ProxyUrl};
pub use document::{Document, MAX_DOCUMENT_BYTES, parse_document};
pub use duplicates::duplicate_keys;
pub use error::Error;
pub use problem::{MAX_SHOWN_CHARS, Problem, shown};
pub use schema::{
    CHECKED_IN_CONNECTION_SCHEMA, CHECKED_IN_SETTINGS_SCHEMA, allowed_values, connection_schema,
    settings_schema,
};
pub use secret::{Secret, SecretEnv};
pub use settings::{AdvancedSettings, DeviceSource, DirectorySource, UserSettingsMode, ZoomPlan};
pub use totp::{MIN_TOTP_SECRET_BITS, TotpKey, TotpSecretError, decode_totp_secret};
pub use validate::{AdapterConfig, validate};
