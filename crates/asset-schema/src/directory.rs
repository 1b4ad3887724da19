//! [`GroupFields`] and [`RoleFields`]: who is in which group, and who holds
//! which role with which privileges.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A group of users (Zoom groups carry settings and licenses for their members).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupFields {
    /// Zoom's group id.
    pub group_id: String,
    /// Group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Members listed (the length of `member_ids`).
    pub member_count: u64,
    /// The members' user ids, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_ids: Vec<String>,
}

/// A role: what its holders may do, and who holds it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleFields {
    /// Zoom's role id (`0` Owner, `1` Admin, `2` Member; custom roles have other ids).
    pub role_id: String,
    /// Role name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Role description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether an admin created it (not one of Zoom's built-in roles).
    pub is_custom: bool,
    /// Privileges granted, as Zoom names them (`User:Read`, `Report:Read` …), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub privileges: Vec<String>,
    /// Members listed (the length of `member_ids`).
    pub member_count: u64,
    /// The members' user ids, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_ids: Vec<String>,
}
