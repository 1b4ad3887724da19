//! [`SaasApplicationFields`]: the tool itself, as an application the company uses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The SaaS application: what a SaaS-management view shows of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SaasApplicationFields {
    /// Application name (`Zoom`).
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// Main plan of the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Paid seats of the main plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_total: Option<u64>,
    /// Seats in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_used: Option<u64>,
    /// Users read, by status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_active: Option<u64>,
    /// Inactive users read (only when inactive users are fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_inactive: Option<u64>,
    /// Pending (invited) users read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_pending: Option<u64>,
    /// Users with an admin or owner role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admins: Option<u64>,
    /// Licensed users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_licensed: Option<u64>,
    /// Whether single sign-on is enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_enforced: Option<bool>,
    /// Whether two-factor sign-in is enforced for everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_enforced: Option<bool>,
    /// Web address of the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
