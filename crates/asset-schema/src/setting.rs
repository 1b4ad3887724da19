//! [`ApplicationSettingFields`]: one setting, so a posture rule can target it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One setting leaf of the application (`security.sign_in_with_two_factor_auth`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationSettingFields {
    /// Dotted path of the setting.
    pub path: String,
    /// Its value, as the tool returns it (boolean, number, string or list).
    pub value: Value,
    /// The section it belongs to (the first path element).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Whether it is an account-wide or a per-user setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<SettingScope>,
    /// The user a per-user setting belongs to (email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// The user id a per-user setting belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Whether an admin locked the setting so users cannot change it (from the web portal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    /// On a user's leaf (`user_settings: differing`): how many of that user's
    /// leaves equal the account's and so are not emitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherited_leaves: Option<u64>,
}

/// Where a setting applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettingScope {
    /// The whole account.
    Account,
    /// One user.
    User,
}
