//! The record JSON Schemas (`schemas/records/*.json`), generated from the types.

use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::Value;

use crate::activity::ActivityFields;
use crate::device::DeviceFields;
use crate::license::LicenseFields;
use crate::record::Record;
use crate::saas::SaasApplicationFields;
use crate::setting::ApplicationSettingFields;
use crate::tenant::TenantFields;
use crate::user::UserFields;

/// The schema of a whole record (any asset type).
pub fn record_schema() -> Value {
    schema_for::<Record>()
}

/// `(file name, schema)` for the record and each asset type's fields.
pub fn record_schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("record.schema.json", record_schema()),
        ("device.schema.json", schema_for::<DeviceFields>()),
        ("user.schema.json", schema_for::<UserFields>()),
        ("license.schema.json", schema_for::<LicenseFields>()),
        (
            "application_setting.schema.json",
            schema_for::<ApplicationSettingFields>(),
        ),
        ("activity.schema.json", schema_for::<ActivityFields>()),
        (
            "saas_application.schema.json",
            schema_for::<SaasApplicationFields>(),
        ),
        ("tenant.schema.json", schema_for::<TenantFields>()),
        ("group.schema.json", schema_for::<crate::GroupFields>()),
        ("role.schema.json", schema_for::<crate::RoleFields>()),
        ("tombstone.schema.json", schema_for::<crate::Tombstone>()),
    ]
}

/// The Draft 2020-12 schema of `T`: how every checked-in schema of the
/// workspace is generated (records here; settings, actions and protocol
/// messages in the crates that own those types).
pub fn schema_for<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}
