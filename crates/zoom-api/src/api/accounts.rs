//! The account: its settings and its plan usage (licenses).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::config::Plan;
use crate::error::Error;
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// GET /accounts/{accountId}/settings.
pub const ACCOUNT_SETTINGS: Route = Route {
    method: Method::Get,
    path: "/accounts/{accountId}/settings",
    scopes: &["account:read:admin"],
    granular_scopes: &["account:read:settings:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};
/// GET /accounts/{accountId}/plans/usage.
pub const PLAN_USAGE: Route = Route {
    method: Method::Get,
    path: "/accounts/{accountId}/plans/usage",
    scopes: &["account:read:admin", "billing:master"],
    granular_scopes: &["billing:read:plan_usage:admin"],
    category: RateCategory::Heavy,
    min_plan: Some(Plan::Pro),
};

/// Which view of the account settings to read (`option`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsOption {
    /// The full settings.
    All,
    /// `meeting_authentication`.
    MeetingAuthentication,
    /// `recording_authentication`.
    RecordingAuthentication,
    /// `meeting_security`.
    MeetingSecurity,
    /// `security`.
    Security,
}

/// GET /accounts/me/settings: the top-level sections (`security`,
/// `feature`, `in_meeting`, `recording` …), each kept as JSON.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct AccountSettings {
    /// The `security` section (2FA, password rules …).
    #[serde(default, deserialize_with = "crate::de::opt_object")]
    pub security: Option<Map<String, Value>>,
    /// The `feature` section.
    #[serde(default, deserialize_with = "crate::de::opt_object")]
    pub feature: Option<Map<String, Value>>,
    /// Every other section.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One plan line of the plan usage.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PlanUsageEntry {
    /// Plan type.
    #[serde(rename = "type", default, deserialize_with = "crate::de::opt_string")]
    pub plan_type: Option<String>,
    /// Licenses bought.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub hosts: Option<i64>,
    /// Licenses in use.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub usage: Option<i64>,
    /// Every other field (`name`, `pending` …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// GET /accounts/me/plans/usage.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct PlanUsage {
    /// Base plans.
    #[serde(default, deserialize_with = "crate::de::vec_lenient")]
    pub plan_base: Vec<PlanUsageEntry>,
    /// Zoom Rooms plans.
    #[serde(default, deserialize_with = "crate::de::vec_lenient")]
    pub plan_zoom_rooms: Vec<PlanUsageEntry>,
    /// Webinar plans.
    #[serde(default, deserialize_with = "crate::de::vec_lenient")]
    pub plan_webinar: Vec<PlanUsageEntry>,
    /// Large meeting plans.
    #[serde(default, deserialize_with = "crate::de::vec_lenient")]
    pub plan_large_meeting: Vec<PlanUsageEntry>,
    /// Zoom United plan.
    #[serde(default, deserialize_with = "crate::de::opt_object")]
    pub plan_united: Option<PlanUsageEntry>,
    /// Cloud recording storage.
    #[serde(default, deserialize_with = "crate::de::opt_object")]
    pub plan_recording: Option<Map<String, Value>>,
    /// Every other plan.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The account API.
#[derive(Debug, Clone, Copy)]
pub struct Accounts<'a> {
    client: &'a Client,
}

impl Client {
    /// The account API (`accountId` = `me`).
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts { client: self }
    }
}

impl Accounts<'_> {
    /// GET /accounts/me/settings — scope account:read:admin — Medium — paid accounts.
    pub async fn settings(&self, option: SettingsOption) -> Result<AccountSettings, Error> {
        let option = match option {
            SettingsOption::All => None,
            SettingsOption::MeetingAuthentication => Some("meeting_authentication"),
            SettingsOption::RecordingAuthentication => Some("recording_authentication"),
            SettingsOption::MeetingSecurity => Some("meeting_security"),
            SettingsOption::Security => Some("security"),
        };
        let request =
            Request::new(&ACCOUNT_SETTINGS, "/accounts/me/settings").query_opt("option", option);
        self.client.send_json(request).await
    }

    /// GET /accounts/me/plans/usage — scope account:read:admin — Heavy.
    pub async fn plan_usage(&self) -> Result<PlanUsage, Error> {
        self.client
            .send_json(Request::new(&PLAN_USAGE, "/accounts/me/plans/usage"))
            .await
    }
}
