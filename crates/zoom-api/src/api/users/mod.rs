//! Users: list by status, one user, `users/me`, a user's settings, and the
//! create/delete calls of the enforcement actions. The models are in
//! `model`, the bodies and requests of the writes in `writes`.

mod model;
mod writes;

pub use model::{FeatureSettings, User, UserSettings, UsersPage};
pub use writes::{
    CreateAction, CreateUser, CreatedUser, DeleteAction, DeleteUserOptions, NewUserInfo,
    create_user_request, delete_user_request,
};

use futures::Stream;

use crate::client::Client;
use crate::encoding::encode_segment;
use crate::error::Error;
use crate::pagination::{OnExpiredToken, paginate};
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
