//! Users: list by status, one user, `users/me`, a user's settings, and the
//! create/delete calls of the enforcement actions.

use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::de::page_envelope;
use crate::encoding::encode_segment;
use crate::error::Error;
use crate::pagination::{Keyed, OnExpiredToken, paginate};
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// GET /users.
pub const LIST_USERS: Route = Route {
    method: Method::Get,
    path: "/users",
    scopes: &["user:read:admin"],
    granular_scopes: &["user:read:list_users:admin"],
    category: RateCategory::Medium,
    min_plan: None,
};
/// GET /users/{userId}.
pub const GET_USER: Route = Route {
    method: Method::Get,
    path: "/users/{userId}",
    scopes: &["user:read:admin", "user:read"],
    granular_scopes: &["user:read:user:admin"],
    category: RateCategory::Light,
    min_plan: None,
};
/// GET /users/{userId}/settings.
pub const GET_USER_SETTINGS: Route = Route {
    method: Method::Get,
    path: "/users/{userId}/settings",
    scopes: &["user:read:admin", "user:read"],
    granular_scopes: &["user:read:settings:admin"],
    category: RateCategory::Medium,
    min_plan: None,
};
/// POST /users.
pub const CREATE_USER: Route = Route {
    method: Method::Post,
    path: "/users",
    scopes: &["user:write:admin"],
    granular_scopes: &["user:write:user:admin"],
    category: RateCategory::Light,
    min_plan: None,
};
/// DELETE /users/{userId}.
pub const DELETE_USER: Route = Route {
    method: Method::Delete,
    path: "/users/{userId}",
    scopes: &["user:write:admin", "user:write"],
    granular_scopes: &["user:delete:user:admin"],
    category: RateCategory::Light,
    min_plan: None,
};

/// Which users GET /users lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// Active users.
    Active,
    /// Deactivated users.
    Inactive,
    /// Invited users who have not accepted (they have no `id`).
    Pending,
}

impl UserStatus {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Inactive => "inactive",
            UserStatus::Pending => "pending",
        }
    }
}

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

/// What POST /users should do (`action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CreateAction {
    /// Email confirmation.
    Create,
    /// Enterprise with a managed domain.
    AutoCreate,
    /// ISV accounts.
    CustCreate,
    /// Pre-provisioned SSO user.
    SsoCreate,
}

/// The body of POST /users.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateUser {
    /// The creation action.
    pub action: CreateAction,
    /// The user.
    pub user_info: NewUserInfo,
}

/// `user_info` of POST /users.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewUserInfo {
    /// Email address.
    pub email: String,
    /// 1 Basic, 2 Licensed, 3 On-prem, 99 None.
    #[serde(rename = "type")]
    pub user_type: i64,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// The answer of POST /users.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct CreatedUser {
    /// The new user's id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub email: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `action` of DELETE /users/{userId}.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeleteAction {
    /// Remove the user from the account; the user keeps a Basic account
    /// (Zoom's default; the only choice for pending users).
    #[default]
    Disassociate,
    /// Delete the user permanently.
    Delete,
}

/// Query options of DELETE /users/{userId}.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteUserOptions {
    /// Disassociate or delete.
    pub action: DeleteAction,
    /// Transfer the user's data to this user's email.
    pub transfer_email: Option<String>,
    /// Transfer meetings.
    pub transfer_meeting: bool,
    /// Transfer webinars.
    pub transfer_webinar: bool,
    /// Transfer recordings.
    pub transfer_recording: bool,
    /// Transfer whiteboards.
    pub transfer_whiteboard: bool,
}

/// The users API.
#[derive(Debug, Clone, Copy)]
pub struct Users<'a> {
    client: &'a Client,
}

impl Client {
    /// The users API.
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }
}

impl Users<'_> {
    /// GET /users — scope user:read:admin — Medium.
    ///
    /// Every user with `status`, page after page. Pending users have no `id`.
    pub fn list(
        &self,
        status: UserStatus,
    ) -> impl Stream<Item = Result<User, Error>> + Send + 'static {
        let request = Request::new(&LIST_USERS, "/users").query("status", status.as_str());
        paginate::<UsersPage>(
            self.client.clone(),
            request,
            OnExpiredToken::RestartDeduplicated,
        )
    }

    /// GET /users/{userId} — scope user:read:admin — Light.
    ///
    /// `user_id` is a user id or an email.
    pub async fn get(&self, user_id: &str) -> Result<User, Error> {
        let path = format!("/users/{}", encode_segment(user_id));
        self.client.send_json(Request::new(&GET_USER, path)).await
    }

    /// GET /users/me — scope user:read:admin — Light.
    ///
    /// The token's owner: for a Server-to-Server app, the admin who created it
    /// (carries `account_id` and `account_number`).
    pub async fn me(&self) -> Result<User, Error> {
        self.client
            .send_json(Request::new(&GET_USER, "/users/me"))
            .await
    }

    /// GET /users/{userId}/settings — scope user:read:admin — Medium.
    pub async fn settings(&self, user_id: &str) -> Result<UserSettings, Error> {
        let path = format!("/users/{}/settings", encode_segment(user_id));
        self.client
            .send_json(Request::new(&GET_USER_SETTINGS, path))
            .await
    }

    /// POST /users — scope user:write:admin — Light (plus Zoom's daily caps
    /// on `create`: 50 Free, 1,500 Pro, 10,000 Business+).
    ///
    /// Not retried automatically except after a per-second 429.
    pub async fn create(&self, user: &CreateUser) -> Result<CreatedUser, Error> {
        self.client.send_json(create_user_request(user)?).await
    }

    /// DELETE /users/{userId} — scope user:write:admin — Light.
    ///
    /// Not retried automatically except after a per-second 429.
    pub async fn delete(&self, user_id: &str, options: &DeleteUserOptions) -> Result<(), Error> {
        self.client
            .send(delete_user_request(user_id, options))
            .await
    }
}

/// The request of POST /users: `user` as the body. Fails only when the body
/// cannot be encoded.
pub fn create_user_request(user: &CreateUser) -> Result<Request, Error> {
    let body = serde_json::to_value(user).map_err(|e| Error::Config {
        reason: format!("could not encode the new user: {e}"),
    })?;
    Ok(Request::new(&CREATE_USER, "/users").body(body))
}

/// The request of DELETE /users/{userId}: `user_id` (an id or an email) in
/// the path, `options` as the query (`action`, `transfer_email`, and each
/// `transfer_*` flag that is set as `true`).
pub fn delete_user_request(user_id: &str, options: &DeleteUserOptions) -> Request {
    let path = format!("/users/{}", encode_segment(user_id));
    let action = match options.action {
        DeleteAction::Disassociate => "disassociate",
        DeleteAction::Delete => "delete",
    };
    let flag = |b: bool| b.then(|| "true".to_owned());
    Request::new(&DELETE_USER, path)
        .query("action", action)
        .query_opt("transfer_email", options.transfer_email.clone())
        .query_opt("transfer_meeting", flag(options.transfer_meeting))
        .query_opt("transfer_webinar", flag(options.transfer_webinar))
        .query_opt("transfer_recording", flag(options.transfer_recording))
        .query_opt("transfer_whiteboard", flag(options.transfer_whiteboard))
}
