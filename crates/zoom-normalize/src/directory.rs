//! Groups and roles with their members (`directory_sources`).

use asset_schema::{GroupFields, Kind, Record, RecordBody, RoleFields, non_empty};
use zoom_api::{Group, Role};

use crate::context::{Context, Warning};

/// Zoom's built-in role ids: Owner, Admin, Member.
const BUILT_IN_ROLES: [&str; 3] = ["0", "1", "2"];

/// A group (GET /groups) with the ids of its members (GET
/// /groups/{groupId}/members, every page), keyed by its id.
pub fn group(
    cx: &Context,
    group: &Group,
    member_ids: Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Option<Record> {
    let Some(key) = non_empty(group.id.as_deref()) else {
        warnings.push(Warning::new(
            Kind::Group,
            format!(
                "a group without an id{} was skipped",
                crate::addresses::named(group.name.as_deref())
            ),
        ));
        return None;
    };
    let member_ids = sorted_unique(member_ids);
    let fields = GroupFields {
        group_id: key.clone(),
        name: non_empty(group.name.as_deref()),
        member_count: member_ids.len() as u64,
        member_ids,
    };
    Some(cx.record(Kind::Group, &key, RecordBody::Group(fields)))
}

/// A role (GET /roles, with `privileges` from GET /roles/{roleId}) with the
/// ids of its members (GET /roles/{roleId}/members), keyed by its id.
pub fn role(
    cx: &Context,
    role: &Role,
    member_ids: Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Option<Record> {
    let Some(key) = non_empty(role.id.as_deref()) else {
        warnings.push(Warning::new(
            Kind::Role,
            format!(
                "a role without an id{} was skipped",
                crate::addresses::named(role.name.as_deref())
            ),
        ));
        return None;
    };
    let member_ids = sorted_unique(member_ids);
    let mut privileges: Vec<String> = role
        .privileges
        .iter()
        .flatten()
        .filter_map(|p| non_empty(Some(p)))
        .collect();
    privileges.sort();
    privileges.dedup();
    let fields = RoleFields {
        is_custom: !BUILT_IN_ROLES.contains(&key.as_str()),
        role_id: key.clone(),
        name: non_empty(role.name.as_deref()),
        description: non_empty(role.description.as_deref()),
        privileges,
        member_count: member_ids.len() as u64,
        member_ids,
    };
    Some(cx.record(Kind::Role, &key, RecordBody::Role(fields)))
}

/// Member ids, blank ones dropped, sorted, each once (Zoom may list a
/// member on two pages when the list changes between them).
fn sorted_unique(ids: Vec<String>) -> Vec<String> {
    let mut ids: Vec<String> = ids
        .into_iter()
        .filter_map(|id| non_empty(Some(&id)))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
