//! The common asset schema: the records every adapter of the platform emits,
//! whatever SaaS tool they come from (docs/contracts.md, "Records").
//!
//! A [`Record`] is an envelope (asset type, kind, stable id, account, fetch
//! time, optional raw object) around typed fields, one struct per asset type.
//! Unknown values are absent, never `""`; times are RFC 3339 UTC. The crate is
//! host-agnostic and knows nothing of Zoom beyond the kind names.

mod activity;
mod device;
mod directory;
mod error;
mod kind;
mod license;
mod mac;
mod record;
mod saas;
mod schema;
mod setting;
mod tenant;
mod text;
mod tombstone;
mod user;

pub use activity::{ActivityFields, ActivityOutcome};
pub use device::{DeviceFields, DeviceStatus, OsName};
pub use directory::{GroupFields, RoleFields};
pub use error::Error;
pub use kind::{AssetType, Kind};
pub use license::LicenseFields;
pub use mac::MacAddress;
pub use record::{Record, RecordBody, RecordId};
pub use saas::{PlanSource, SaasApplicationFields};
pub use schema::{record_schema, record_schemas, schema_for};
pub use setting::{ApplicationSettingFields, SettingScope};
pub use tenant::TenantFields;
pub use text::non_empty;
pub use tombstone::Tombstone;
pub use user::{LastLogonSource, LicenseType, UserFields, UserStatus};
