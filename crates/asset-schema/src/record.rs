//! [`Record`]: the envelope every asset is emitted in, and its stable [`RecordId`].

use std::fmt;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::activity::ActivityFields;
use crate::device::DeviceFields;
use crate::directory::{GroupFields, RoleFields};
use crate::kind::{AssetType, Kind};
use crate::license::LicenseFields;
use crate::saas::SaasApplicationFields;
use crate::setting::ApplicationSettingFields;
use crate::tenant::TenantFields;
use crate::user::UserFields;

/// One asset, as one JSON line:
/// `{"asset_type":…,"kind":…,"id":…,"account_id":…,"fetched_at":…,"fields":{…},"raw":{…}}`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[schemars(title = "Asset record")]
pub struct Record {
    /// The asset type and its typed fields.
    #[serde(flatten)]
    pub body: RecordBody,
    /// The source the record came from.
    pub kind: Kind,
    /// Stable id: the same object gives the same id on every fetch.
    pub id: RecordId,
    /// The account (tenant) the asset belongs to.
    pub account_id: String,
    /// When the cycle that produced the record started (RFC 3339 UTC, to the second).
    pub fetched_at: DateTime<Utc>,
    /// The untouched source object, only when the host asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<Value>,
}

impl Record {
    /// A record of `kind` for the object keyed `key` in `account_id`.
    pub fn new(
        kind: Kind,
        account_id: &str,
        key: &str,
        fetched_at: DateTime<Utc>,
        body: RecordBody,
    ) -> Self {
        Record {
            id: RecordId::new(account_id, kind, key),
            body,
            kind,
            account_id: account_id.to_owned(),
            // To the second: finer adds bytes to every record and says nothing.
            fetched_at: chrono::SubsecRound::trunc_subsecs(fetched_at, 0),
            raw: None,
        }
    }

    /// The asset type (from the fields).
    pub fn asset_type(&self) -> AssetType {
        self.body.asset_type()
    }
}

impl Serialize for Record {
    /// Keys in reading order: identity first, fields, then raw.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("asset_type", &self.asset_type())?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("account_id", &self.account_id)?;
        map.serialize_entry("fetched_at", &self.fetched_at)?;
        match &self.body {
            RecordBody::Device(f) => map.serialize_entry("fields", f)?,
            RecordBody::User(f) => map.serialize_entry("fields", f)?,
            RecordBody::License(f) => map.serialize_entry("fields", f)?,
            RecordBody::ApplicationSetting(f) => map.serialize_entry("fields", f)?,
            RecordBody::Activity(f) => map.serialize_entry("fields", f)?,
            RecordBody::SaasApplication(f) => map.serialize_entry("fields", f)?,
            RecordBody::Tenant(f) => map.serialize_entry("fields", f)?,
            RecordBody::Group(f) => map.serialize_entry("fields", f)?,
            RecordBody::Role(f) => map.serialize_entry("fields", f)?,
        }
        if let Some(raw) = &self.raw {
            map.serialize_entry("raw", raw)?;
        }
        map.end()
    }
}

/// The asset type with its fields: `asset_type` picks the shape of `fields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "asset_type", content = "fields", rename_all = "snake_case")]
pub enum RecordBody {
    /// A device.
    Device(Box<DeviceFields>),
    /// A user.
    User(Box<UserFields>),
    /// A license.
    License(LicenseFields),
    /// An application setting.
    ApplicationSetting(ApplicationSettingFields),
    /// An activity.
    Activity(ActivityFields),
    /// The SaaS application.
    SaasApplication(SaasApplicationFields),
    /// The tenant.
    Tenant(TenantFields),
    /// A group.
    Group(GroupFields),
    /// A role.
    Role(RoleFields),
}

impl RecordBody {
    /// The asset type these fields belong to.
    pub fn asset_type(&self) -> AssetType {
        match self {
            RecordBody::Device(_) => AssetType::Device,
            RecordBody::User(_) => AssetType::User,
            RecordBody::License(_) => AssetType::License,
            RecordBody::ApplicationSetting(_) => AssetType::ApplicationSetting,
            RecordBody::Activity(_) => AssetType::Activity,
            RecordBody::SaasApplication(_) => AssetType::SaasApplication,
            RecordBody::Tenant(_) => AssetType::Tenant,
            RecordBody::Group(_) => AssetType::Group,
            RecordBody::Role(_) => AssetType::Role,
        }
    }
}

/// A stable record id: `zoom:<account_id>:<kind>:<key>`, where the key is the
/// source's own identifier (device key, user id, setting path…). Hosts
/// de-duplicate on it, so it depends on nothing that changes between cycles.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct RecordId(String);

impl RecordId {
    /// The id of the object keyed `key` of `kind` in `account_id`.
    pub fn new(account_id: &str, kind: Kind, key: &str) -> Self {
        RecordId(format!("zoom:{account_id}:{kind}:{key}"))
    }

    /// An id exactly as it was emitted before (read back from a host's store).
    pub fn from_stored(id: String) -> Self {
        RecordId(id)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
