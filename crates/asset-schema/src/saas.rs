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
    /// The account's plan tier (`free`, `pro`, `business`: Business also
    /// stands for the tiers above it), as configured or as Zoom's answers proved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Where `plan` came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_source: Option<PlanSource>,
    /// The main plan's billing cycle as Zoom names it (`monthly`, `annually` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_cycle: Option<String>,
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

/// Where a plan tier came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanSource {
    /// The operator's `zoom_plan` setting.
    Configured,
    /// Zoom's answers in this cycle: an endpoint of that tier answered, so
    /// the account's tier is at least this one.
    Observed,
}
