//! The writes of the users API: the bodies and requests of POST /users and
//! DELETE /users/{userId} (the dry run prints these same values).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{CREATE_USER, DELETE_USER};
use crate::encoding::encode_segment;
use crate::error::Error;
use crate::request::Request;

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
