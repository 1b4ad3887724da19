//! Groups and roles with their members (`directory_sources`): each group's
//! or role's record only once every page of its members was read.

use std::ops::ControlFlow;

use asset_schema::{Kind, Record};
use futures::{Stream, StreamExt, TryStreamExt, stream};
use zoom_api::{Group, Member, Role};
use zoom_normalize::Warning;

use super::is_fatal;
use crate::cycle::shared::Shared;

/// The groups and the roles the plan asks for, one after the other.
pub(crate) async fn directory(shared: &Shared) {
    if shared.plan.wants(Kind::Group) {
        groups(shared).await;
    }
    if shared.plan.wants(Kind::Role) {
        roles(shared).await;
    }
}

/// Every member id of one listing, or the error that stopped it.
async fn member_ids(
    members: impl Stream<Item = Result<Member, zoom_api::Error>>,
) -> Result<Vec<String>, zoom_api::Error> {
    members
        .try_filter_map(|member| async move { Ok(member.id) })
        .try_collect()
        .await
}

/// Writes one group's or role's record from its whole member list. A
/// fatal error fails `kind` and stops (`Break`, as does a closed sink);
/// another leaves the kind partial and the object without a record.
async fn deliver(
    shared: &Shared,
    kind: Kind,
    ids: Result<Vec<String>, zoom_api::Error>,
    map: impl FnOnce(Vec<String>, &mut Vec<Warning>) -> Option<Record>,
    raw: Option<&serde_json::Value>,
) -> ControlFlow<()> {
    let ids = match ids {
        Ok(ids) => ids,
        Err(err) if is_fatal(&err) => {
            shared.fail(kind, &err);
            return ControlFlow::Break(());
        }
        Err(err) => {
            shared.partial(kind, &err);
            return ControlFlow::Continue(());
        }
    };
    let mut warnings = Vec::new();
    let record = map(ids, &mut warnings);
    shared.warn(warnings);
    if let Some(record) = record
        && shared.emit(record, raw).await.is_err()
    {
        return ControlFlow::Break(());
    }
    ControlFlow::Continue(())
}

/// GET /groups, then each group's members, `concurrency` groups at a time.
async fn groups(shared: &Shared) {
    let groups: Vec<Group> = match shared.groups().await {
        Ok(groups) => groups.clone(),
        Err(err) => return shared.fail(Kind::Group, err),
    };
    let client = shared.client.clone();
    let mut read = stream::iter(groups)
        .map(|group| {
            let client = client.clone();
            async move {
                let ids = match &group.id {
                    Some(id) => member_ids(client.groups().members(id)).await,
                    None => Ok(Vec::new()),
                };
                (group, ids)
            }
        })
        .buffer_unordered(shared.concurrency);
    while let Some((group, ids)) = read.next().await {
        let map = |ids, warnings: &mut Vec<Warning>| {
            zoom_normalize::group(&shared.cx, &group, ids, warnings)
        };
        if deliver(shared, Kind::Group, ids, map, group.raw.as_ref())
            .await
            .is_break()
        {
            return;
        }
    }
    shared.done(Kind::Group);
}

/// GET /roles, then each role's privileges (GET /roles/{roleId}) and
/// members, `concurrency` roles at a time.
async fn roles(shared: &Shared) {
    let roles: Vec<Role> = match shared.roles().await {
        Ok(roles) => roles.clone(),
        Err(err) => return shared.fail(Kind::Role, err),
    };
    let client = shared.client.clone();
    let mut read = stream::iter(roles)
        .map(|listed| {
            let client = client.clone();
            async move {
                let Some(id) = listed.id.clone() else {
                    return (listed, Ok(Vec::new()));
                };
                let detail = match client.roles().get(&id).await {
                    Ok(detail) => detail,
                    Err(err) => return (listed, Err(err)),
                };
                let role = Role {
                    privileges: detail.privileges,
                    ..listed
                };
                let ids = member_ids(client.roles().members(&id)).await;
                (role, ids)
            }
        })
        .buffer_unordered(shared.concurrency);
    while let Some((role, ids)) = read.next().await {
        let map = |ids, warnings: &mut Vec<Warning>| {
            zoom_normalize::role(&shared.cx, &role, ids, warnings)
        };
        if deliver(shared, Kind::Role, ids, map, role.raw.as_ref())
            .await
            .is_break()
        {
            return;
        }
    }
    shared.done(Kind::Role);
}
