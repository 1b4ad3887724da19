//! [`AssetType`] and [`Kind`]: what a record is, and which source it came from.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The asset types of the common schema.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AssetType {
    /// A physical or virtual device.
    Device,
    /// A person's account in the SaaS tool.
    User,
    /// A plan, subscription or feature license.
    License,
    /// One configuration setting of the SaaS tool.
    ApplicationSetting,
    /// Something that happened: an admin operation, a sign-in, a download.
    Activity,
    /// The SaaS tool itself, as an application the company uses.
    SaasApplication,
    /// The company's account (tenant) in the SaaS tool.
    Tenant,
    /// A group of users.
    Group,
    /// A role users hold.
    Role,
}

impl AssetType {
    /// Every asset type.
    pub const ALL: [AssetType; 9] = [
        AssetType::Device,
        AssetType::User,
        AssetType::License,
        AssetType::ApplicationSetting,
        AssetType::Activity,
        AssetType::SaasApplication,
        AssetType::Tenant,
        AssetType::Group,
        AssetType::Role,
    ];

    /// The JSON name (`application_setting`).
    pub fn as_str(self) -> &'static str {
        match self {
            AssetType::Device => "device",
            AssetType::User => "user",
            AssetType::License => "license",
            AssetType::ApplicationSetting => "application_setting",
            AssetType::Activity => "activity",
            AssetType::SaasApplication => "saas_application",
            AssetType::Tenant => "tenant",
            AssetType::Group => "group",
            AssetType::Role => "role",
        }
    }

    /// The title admins see.
    pub fn title(self) -> &'static str {
        match self {
            AssetType::Device => "Devices",
            AssetType::User => "Users",
            AssetType::License => "Licenses",
            AssetType::ApplicationSetting => "Application Settings",
            AssetType::Activity => "Activities",
            AssetType::SaasApplication => "SaaS Applications",
            AssetType::Tenant => "Accounts/Tenants",
            AssetType::Group => "Groups",
            AssetType::Role => "Roles",
        }
    }
}

impl fmt::Display for AssetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The source a record came from (docs/contracts.md, "Records"): each kind belongs to one asset type.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An H.323/SIP room system.
    H323Device,
    /// A Zoom Room.
    ZoomRoom,
    /// A device of a Zoom Room (computer, controller, display, whiteboard).
    ZoomRoomDevice,
    /// A device seen in meeting participants' rows, de-duplicated.
    MeetingDevice,
    /// A device enrolled in Zoom Device Management.
    ManagedDevice,
    /// A Zoom user.
    User,
    /// A plan or a per-user feature license.
    License,
    /// One account setting.
    AccountSetting,
    /// One user setting.
    UserSetting,
    /// An admin operation log entry.
    OperationLog,
    /// A sign-in or sign-out.
    SignInActivity,
    /// A cloud recording download.
    RecordingDownload,
    /// Zoom as the company's SaaS application.
    SaasApplication,
    /// The Zoom account.
    Account,
    /// A Zoom group and its members.
    Group,
    /// A Zoom role, its privileges and its members.
    Role,
}

impl Kind {
    /// Every kind, grouped by asset type.
    pub const ALL: [Kind; 16] = [
        Kind::H323Device,
        Kind::ZoomRoom,
        Kind::ZoomRoomDevice,
        Kind::MeetingDevice,
        Kind::ManagedDevice,
        Kind::User,
        Kind::License,
        Kind::AccountSetting,
        Kind::UserSetting,
        Kind::OperationLog,
        Kind::SignInActivity,
        Kind::RecordingDownload,
        Kind::SaasApplication,
        Kind::Account,
        Kind::Group,
        Kind::Role,
    ];

    /// The asset type of records of this kind.
    pub fn asset_type(self) -> AssetType {
        match self {
            Kind::H323Device
            | Kind::ZoomRoom
            | Kind::ZoomRoomDevice
            | Kind::MeetingDevice
            | Kind::ManagedDevice => AssetType::Device,
            Kind::User => AssetType::User,
            Kind::License => AssetType::License,
            Kind::AccountSetting | Kind::UserSetting => AssetType::ApplicationSetting,
            Kind::OperationLog | Kind::SignInActivity | Kind::RecordingDownload => {
                AssetType::Activity
            }
            Kind::SaasApplication => AssetType::SaasApplication,
            Kind::Account => AssetType::Tenant,
            Kind::Group => AssetType::Group,
            Kind::Role => AssetType::Role,
        }
    }

    /// The JSON name (`meeting_device`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::H323Device => "h323_device",
            Kind::ZoomRoom => "zoom_room",
            Kind::ZoomRoomDevice => "zoom_room_device",
            Kind::MeetingDevice => "meeting_device",
            Kind::ManagedDevice => "managed_device",
            Kind::User => "user",
            Kind::License => "license",
            Kind::AccountSetting => "account_setting",
            Kind::UserSetting => "user_setting",
            Kind::OperationLog => "operation_log",
            Kind::SignInActivity => "sign_in_activity",
            Kind::RecordingDownload => "recording_download",
            Kind::SaasApplication => "saas_application",
            Kind::Account => "account",
            Kind::Group => "group",
            Kind::Role => "role",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_serde_and_every_asset_type_has_a_kind() -> Result<(), serde_json::Error> {
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind)?, kind.as_str());
        }
        for asset_type in AssetType::ALL {
            assert_eq!(serde_json::to_value(asset_type)?, asset_type.as_str());
            assert!(Kind::ALL.iter().any(|k| k.asset_type() == asset_type));
        }
        Ok(())
    }
}
