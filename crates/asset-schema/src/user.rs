//! [`UserFields`]: a person's account in the SaaS tool.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A user. Every field is absent when unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserFields {
    /// The tool's user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Sign-in email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Name as shown (the tool's display name, else first and last name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Account status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
    /// License type of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_type: Option<LicenseType>,
    /// Role name (Owner, Admin, Member, or a custom role's name or id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Whether the role administers the account (owner or admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_admin: Option<bool>,
    /// Department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Groups, by name when known, else by id; sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// When the account was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last sign-in (or last meeting join, when that enrichment is on and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_logon: Option<DateTime<Utc>>,
    /// Where `last_logon` came from: Zoom's last login time, or a meeting join.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_logon_source: Option<LastLogonSource>,
    /// Version of the client the user last signed in with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_client_version: Option<String>,
    /// Time zone (IANA name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Employee id from the identity provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// Whether the email is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_verified: Option<bool>,
    /// Manager's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_email: Option<String>,
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A user's account status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// Can sign in.
    Active,
    /// Deactivated.
    Inactive,
    /// Invited, not yet accepted.
    Pending,
    /// A value this schema does not know, kept verbatim.
    #[serde(untagged)]
    Other(String),
}

/// Where a user's `last_logon` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LastLogonSource {
    /// Zoom's `last_login_time`: a real sign-in.
    SignIn,
    /// The user's latest meeting join (`enrich_last_logon_from_meetings`), later than the last sign-in.
    MeetingJoin,
}

/// The license a user holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LicenseType {
    /// Free (Basic) user.
    Basic,
    /// Paid (Licensed) user.
    Licensed,
    /// On-premises user.
    OnPrem,
    /// No meeting license (Zoom type 99).
    None,
    /// A value this schema does not know, kept verbatim.
    #[serde(untagged)]
    Other(String),
}
