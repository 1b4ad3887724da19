//! Roles: the list, one role's privileges, and a role's members.

use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::groups::{Member, MembersPage};
use crate::client::Client;
use crate::config::Plan;
use crate::de::page_envelope;
use crate::encoding::encode_segment;
use crate::error::Error;
use crate::pagination::{Keyed, OnExpiredToken, paginate};
use crate::request::Request;
use crate::route::{Method, RateCategory, Route};

/// GET /roles.
pub const LIST_ROLES: Route = Route {
    method: Method::Get,
    path: "/roles",
    scopes: &["role:read:admin"],
    granular_scopes: &["role:read:list_roles:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};
/// GET /roles/{roleId} (Zoom's methods spec, `getRoleInformation`: Light).
pub const GET_ROLE: Route = Route {
    method: Method::Get,
    path: "/roles/{roleId}",
    scopes: &["role:read:admin"],
    granular_scopes: &["role:read:role:admin"],
    category: RateCategory::Light,
    min_plan: Some(Plan::Pro),
};
/// GET /roles/{roleId}/members.
pub const LIST_ROLE_MEMBERS: Route = Route {
    method: Method::Get,
    path: "/roles/{roleId}/members",
    scopes: &["role:read:admin"],
    granular_scopes: &["role:read:list_members:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};

/// A role (GET /roles; GET /roles/{roleId} adds `privileges`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Role {
    /// Role id (`0` Owner, `1` Admin, `2` Member, or a custom role's id).
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Role name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub description: Option<String>,
    /// Member count.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub total_members: Option<i64>,
    /// Privileges (`User:Read` …), on GET /roles/{roleId} only.
    #[serde(default, deserialize_with = "crate::de::opt_vec")]
    pub privileges: Option<Vec<String>>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects; never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for Role {
    fn key(&self) -> Option<String> {
        self.id.clone()
    }
}

page_envelope!(
    /// GET /roles.
    RolesPage,
    Role,
    roles
);

/// The roles API.
#[derive(Debug, Clone, Copy)]
pub struct Roles<'a> {
    client: &'a Client,
}

impl Client {
    /// The roles API.
    pub fn roles(&self) -> Roles<'_> {
        Roles { client: self }
    }
}

impl Roles<'_> {
    /// GET /roles — scope role:read:admin — Medium — Pro or higher.
    pub fn list(&self) -> impl Stream<Item = Result<Role, Error>> + Send + 'static {
        paginate::<RolesPage>(
            self.client.clone(),
            Request::new(&LIST_ROLES, "/roles"),
            OnExpiredToken::RestartDeduplicated,
        )
    }

    /// GET /roles/{roleId} — scope role:read:admin — Light — Pro or higher.
    pub async fn get(&self, role_id: &str) -> Result<Role, Error> {
        let path = format!("/roles/{}", encode_segment(role_id));
        self.client.send_json(Request::new(&GET_ROLE, path)).await
    }

    /// GET /roles/{roleId}/members — scope role:read:admin — Medium — Pro or higher.
    pub fn members(
        &self,
        role_id: &str,
    ) -> impl Stream<Item = Result<Member, Error>> + Send + 'static {
        let path = format!("/roles/{}/members", encode_segment(role_id));
        paginate::<MembersPage>(
            self.client.clone(),
            Request::new(&LIST_ROLE_MEMBERS, path),
            OnExpiredToken::RestartDeduplicated,
        )
    }
}
