//! Groups: the list, and adding and removing members (enforcement actions).

use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::client::Client;
use crate::config::Plan;
use crate::de::page_envelope;
use crate::encoding::encode_segment;
use crate::error::Error;
use crate::pagination::{Keyed, OnExpiredToken, paginate};
use crate::request::Request;
use crate::route::RateCategory;
use crate::route::{Method, Route};

/// GET /groups.
pub const LIST_GROUPS: Route = Route {
    method: Method::Get,
    path: "/groups",
    scopes: &["group:read:admin"],
    granular_scopes: &["group:read:list_groups:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};
/// GET /groups/{groupId}/members.
pub const LIST_GROUP_MEMBERS: Route = Route {
    method: Method::Get,
    path: "/groups/{groupId}/members",
    scopes: &["group:read:admin"],
    granular_scopes: &["group:read:list_members:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};
/// POST /groups/{groupId}/members.
pub const ADD_GROUP_MEMBERS: Route = Route {
    method: Method::Post,
    path: "/groups/{groupId}/members",
    scopes: &["group:write:admin"],
    granular_scopes: &["group:write:member:admin"],
    category: RateCategory::Medium,
    min_plan: Some(Plan::Pro),
};
/// DELETE /groups/{groupId}/members/{memberId}.
pub const REMOVE_GROUP_MEMBER: Route = Route {
    method: Method::Delete,
    path: "/groups/{groupId}/members/{memberId}",
    scopes: &["group:write:admin"],
    granular_scopes: &["group:delete:member:admin"],
    category: RateCategory::Light,
    min_plan: Some(Plan::Pro),
};

/// The most members one POST /groups/{groupId}/members accepts.
pub const MAX_MEMBERS_PER_CALL: usize = 30;

/// A group.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Group {
    /// Group id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Group name.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub name: Option<String>,
    /// Member count.
    #[serde(default, deserialize_with = "crate::de::opt_i64")]
    pub total_members: Option<i64>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects
    /// (`ClientConfig::keep_raw`); never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for Group {
    fn key(&self) -> Option<String> {
        self.id.clone()
    }
}

page_envelope!(
    /// GET /groups (one page in the documented API; newer versions paginate).
    GroupsPage,
    Group,
    groups
);

/// A member of a group (GET /groups/{groupId}/members) or of a role
/// (GET /roles/{roleId}/members).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Member {
    /// User id.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub id: Option<String>,
    /// Email address.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub email: Option<String>,
    /// The object exactly as Zoom sent it, when the client keeps raw objects; never serialized.
    #[serde(skip)]
    pub raw: Option<serde_json::Value>,
    /// Every other field (`first_name`, `last_name`, `type`, `department` …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Keyed for Member {
    fn key(&self) -> Option<String> {
        self.id.clone()
    }
}

page_envelope!(
    /// GET /groups/{groupId}/members and GET /roles/{roleId}/members.
    MembersPage,
    Member,
    members
);

/// A member to add: by id or by email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupMember {
    /// A user id.
    Id(String),
    /// An email address.
    Email(String),
}

/// The answer of POST /groups/{groupId}/members.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct AddedMembers {
    /// Comma-separated ids of the added members.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub ids: Option<String>,
    /// When they were added.
    #[serde(default, deserialize_with = "crate::de::opt_string")]
    pub added_at: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The groups API.
#[derive(Debug, Clone, Copy)]
pub struct Groups<'a> {
    client: &'a Client,
}

impl Client {
    /// The groups API.
    pub fn groups(&self) -> Groups<'_> {
        Groups { client: self }
    }
}

impl Groups<'_> {
    /// GET /groups — scope group:read:admin — Medium — Pro or higher.
    pub fn list(&self) -> impl Stream<Item = Result<Group, Error>> + Send + 'static {
        paginate::<GroupsPage>(
            self.client.clone(),
            Request::new(&LIST_GROUPS, "/groups"),
            OnExpiredToken::RestartDeduplicated,
        )
    }

    /// GET /groups/{groupId}/members — scope group:read:admin — Medium — Pro or higher.
    pub fn members(
        &self,
        group_id: &str,
    ) -> impl Stream<Item = Result<Member, Error>> + Send + 'static {
        let path = format!("/groups/{}/members", encode_segment(group_id));
        paginate::<MembersPage>(
            self.client.clone(),
            Request::new(&LIST_GROUP_MEMBERS, path),
            OnExpiredToken::RestartDeduplicated,
        )
    }

    /// POST /groups/{groupId}/members — scope group:write:admin — Medium.
    ///
    /// Sends the members in calls of at most 30 (Zoom's maximum) and returns
    /// one answer per call. Not retried automatically except after a 429; on
    /// a failure the earlier calls stay done.
    pub async fn add_members(
        &self,
        group_id: &str,
        members: &[GroupMember],
    ) -> Result<Vec<AddedMembers>, Error> {
        let mut answers = Vec::new();
        for chunk in members.chunks(MAX_MEMBERS_PER_CALL) {
            let request = add_group_members_request(group_id, chunk);
            answers.push(self.client.send_json(request).await?);
        }
        Ok(answers)
    }

    /// DELETE /groups/{groupId}/members/{memberId} — scope group:write:admin — Light.
    ///
    /// `member_id` is a member id or an email.
    pub async fn remove_member(&self, group_id: &str, member_id: &str) -> Result<(), Error> {
        self.client
            .send(remove_group_member_request(group_id, member_id))
            .await
    }
}

/// The request of one POST /groups/{groupId}/members: `members` as
/// `{"members": [{"id"} | {"email"}]}`. Zoom takes at most
/// [`MAX_MEMBERS_PER_CALL`] per call: give longer lists in chunks (as
/// [`Groups::add_members`] does).
pub fn add_group_members_request(group_id: &str, members: &[GroupMember]) -> Request {
    let path = format!("/groups/{}/members", encode_segment(group_id));
    let list: Vec<Value> = members
        .iter()
        .map(|m| match m {
            GroupMember::Id(id) => json!({ "id": id }),
            GroupMember::Email(email) => json!({ "email": email }),
        })
        .collect();
    Request::new(&ADD_GROUP_MEMBERS, path).body(json!({ "members": list }))
}

/// The request of DELETE /groups/{groupId}/members/{memberId}; `member_id`
/// is a member id or an email.
pub fn remove_group_member_request(group_id: &str, member_id: &str) -> Request {
    let path = format!(
        "/groups/{}/members/{}",
        encode_segment(group_id),
        encode_segment(member_id)
    );
    Request::new(&REMOVE_GROUP_MEMBER, path)
}
