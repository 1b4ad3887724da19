//! [`LicenseFields`]: a plan of the account, or a feature license of a user.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A license: an account plan with its seats, or a user's feature license.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenseFields {
    /// License or plan name as the tool shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Plan type code or feature name (`plan_base`, `large_meeting`, `webinar` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_type: Option<String>,
    /// `account` for a plan of the account, `user` for a user's feature license.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Seats bought (hosts) for an account plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_total: Option<u64>,
    /// Seats in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_used: Option<u64>,
    /// Capacity the license grants (participants, attendees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u64>,
    /// The user holding a user license (email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    /// The user id holding a user license.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Status (active, expired …) when the tool reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Billing cycle (monthly, annual …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_cycle: Option<String>,
    /// First day of the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<chrono::NaiveDate>,
    /// Next billing (renewal) day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews_on: Option<chrono::NaiveDate>,
    /// Whether the subscription renews automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<bool>,
}
