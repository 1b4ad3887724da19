//! The users API's models: a user and a user's settings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::de::page_envelope;
use crate::pagination::Keyed;

/// A Zoom user, from GET /users or GET /users/{userId}. Unknown fields are
/// kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct User {
    /// The user id; absent for pending users.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// First name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub last_name: Option<String>,
    /// Display name (newer API versions).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub display_name: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub email: Option<String>,
    /// 1 Basic, 2 Licensed, 3 On-prem, 99 None.
    #[serde(rename = "type", default, deserialize_with = "crate::de::opt_i64")]
    pub user_type: Option<i64>,
    /// Personal meeting id.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub pmi: Option<i64>,
    /// Time zone.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub timezone: Option<String>,
    /// 1 verified, 0 not.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub verified: Option<i64>,
    /// Department.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub dept: Option<String>,
    /// Creation time (RFC 3339, as sent).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub created_at: Option<String>,
    /// Creation time in newer API versions.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub user_created_at: Option<String>,
    /// Last login (Zoom applies a three-day buffer).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub last_login_time: Option<String>,
    /// Last client version used.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub last_client_version: Option<String>,
    /// `active`, `inactive` or `pending`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub status: Option<String>,
    /// Role id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub role_id: Option<String>,
    /// Role name (GET /users/{userId}).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub role_name: Option<String>,
    /// Group ids.
    #[serde(default, deserialize_with = "crate::de::vec_string")]
    pub group_ids: Vec<String>,
    /// IM group ids.
    #[serde(default, deserialize_with = "crate::de::vec_string")]
    pub im_group_ids: Vec<String>,
    /// Language.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub language: Option<String>,
    /// Phone number (deprecated by Zoom).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub phone_number: Option<String>,
    /// Profile picture URL.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub pic_url: Option<String>,
    /// Employee unique id (SAML SSO only).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub employee_unique_id: Option<String>,
    /// United plan type.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub plan_united_type: Option<String>,
    /// Account id (GET /users/{userId}).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub account_id: Option<String>,
    /// Account number (GET /users/{userId}).
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub account_number: Option<i64>,
    /// Job title.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub job_title: Option<String>,
    /// Location.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub location: Option<String>,
    /// Login type.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub login_type: Option<i64>,
    /// Manager's email.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub manager: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field Zoom sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for User {
    fn key(&self) -> Option<String> {
        self.id.clone().or_else(|| self.email.clone())
    }
}

page_envelope!(
    /// A page of GET /users.
    UsersPage,
    User,
    users
);

/// The license-relevant `feature` section of user settings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct FeatureSettings {
    /// Meeting capacity.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub meeting_capacity: Option<i64>,
    /// Large meeting add-on.
    #[serde(default, deserialize_with = "crate::de::opt_bool")]
    pub large_meeting: Option<bool>,
    /// Large meeting capacity.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub large_meeting_capacity: Option<i64>,
    /// Webinar add-on.
    #[serde(default, deserialize_with = "crate::de::opt_bool")]
    pub webinar: Option<bool>,
    /// Webinar capacity.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub webinar_capacity: Option<i64>,
    /// Zoom Events add-on.
    #[serde(default, deserialize_with = "crate::de::opt_bool")]
    pub zoom_events: Option<bool>,
    /// Zoom Phone license.
    #[serde(default, deserialize_with = "crate::de::opt_bool")]
    pub zoom_phone: Option<bool>,
    /// Concurrent meeting: `Basic`, `Plus` or `None`.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub concurrent_meeting: Option<String>,
    /// Every other feature key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// GET /users/{userId}/settings: the `feature` section typed, every other
/// section (`schedule_meeting`, `in_meeting`, `recording` …) in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct UserSettings {
    /// License-relevant features.
    #[serde(default, deserialize_with = "crate::de::opt_object")]
    pub feature: Option<FeatureSettings>,
    /// Every other section.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
