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
    generate::<Record>()
}

/// `(file name, schema)` for the record and each asset type's fields.
pub fn record_schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("record.schema.json", record_schema()),
        ("device.schema.json", generate::<DeviceFields>()),
        ("user.schema.json", generate::<UserFields>()),
        ("license.schema.json", generate::<LicenseFields>()),
        (
            "application_setting.schema.json",
            generate::<ApplicationSettingFields>(),
        ),
        ("activity.schema.json", generate::<ActivityFields>()),
        (
            "saas_application.schema.json",
            generate::<SaasApplicationFields>(),
        ),
        ("tenant.schema.json", generate::<TenantFields>()),
    ]
}

fn generate<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}
