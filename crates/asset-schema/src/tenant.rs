//! [`TenantFields`]: the company's account in the tool.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The account (tenant).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantFields {
    /// Account id.
    pub tenant_id: String,
    /// Account number, when the tool has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// Account name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Vanity (web-portal) URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vanity_url: Option<String>,
    /// Owner's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_email: Option<String>,
    /// The plan tier (`free`, `pro`, `business`), as on the SaaS application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Where `plan` came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_source: Option<crate::saas::PlanSource>,
    /// The main plan's billing cycle as Zoom names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_cycle: Option<String>,
    /// When the account was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// Domains the account manages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_domains: Vec<String>,
}
