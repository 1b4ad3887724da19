//! update-user-group: POST /groups/{groupId}/members (in calls of at most
//! 30) and DELETE /groups/{groupId}/members/{memberId}; with both groups, a
//! move (added first, then removed).

use zoom_api::api::groups::{
    MAX_MEMBERS_PER_CALL, add_group_members_request, remove_group_member_request,
};
use zoom_api::{AddedMembers, ErrorKind, GroupMember};

use super::ActionError;
use super::params::UpdateUserGroupParams;
use super::report::TargetStatus;
use super::runner::{GroupLookup, Runner};

/// Updates (or plans) each target's users, in order.
pub(super) async fn run<'a>(
    runner: Runner<'a>,
    targets: Vec<UpdateUserGroupParams>,
) -> Result<Runner<'a>, ActionError> {
    runner
        .each(
            targets,
            |t| t.users.iter().map(|u| u.trim().to_owned()).collect(),
            update_one,
        )
        .await
}

async fn update_one(
    runner: &mut Runner<'_>,
    target: &UpdateUserGroupParams,
) -> Result<(), ActionError> {
    let add = match &target.add_to {
        Some(spec) => Some(runner.group(spec).await?),
        None => None,
    };
    let remove = match &target.remove_from {
        Some(spec) => Some(runner.group(spec).await?),
        None => None,
    };
    let missing = [&add, &remove].into_iter().flatten().find_map(|g| match g {
        GroupLookup::Missing(why) => Some(why.clone()),
        GroupLookup::Found { .. } => None,
    });
    if let Some(why) = missing {
        for user in &target.users {
            runner.result(user.trim(), TargetStatus::GroupNotFound, None, why.clone());
        }
        return Ok(());
    }
    let id_of = |g: &Option<GroupLookup>| match g {
        Some(GroupLookup::Found { id, name }) => Some((id.clone(), name.clone())),
        _ => None,
    };
    let (add, remove) = (id_of(&add), id_of(&remove));
    let users: Vec<&str> = target.users.iter().map(|u| u.trim()).collect();
    // Per user: None while pending, Some(Err) once refused.
    let mut outcome: Vec<Option<Result<(), zoom_api::Error>>> = vec![None; users.len()];
    if let Some((group_id, _)) = &add {
        for (chunk_index, chunk) in users.chunks(MAX_MEMBERS_PER_CALL).enumerate() {
            let members: Vec<GroupMember> = chunk.iter().map(|u| member(u)).collect();
            let request = add_group_members_request(group_id, &members);
            if runner.dry_run {
                runner.plan(&request);
                continue;
            }
            if let Err(err) = runner.client.send_json::<AddedMembers>(request).await {
                if err.kind() == ErrorKind::Auth {
                    return Err(ActionError::Auth(err));
                }
                for slot in &mut outcome[chunk_index * MAX_MEMBERS_PER_CALL..][..chunk.len()] {
                    *slot = Some(Err(err.clone()));
                }
            }
        }
    }
    if let Some((group_id, _)) = &remove {
        for (index, user) in users.iter().enumerate() {
            let request = remove_group_member_request(group_id, user);
            if runner.dry_run {
                runner.plan(&request);
                continue;
            }
            if outcome[index].is_some() {
                continue; // the add failed: keep the user where they were
            }
            if let Err(err) = runner.client.send(request).await {
                if err.kind() == ErrorKind::Auth {
                    return Err(ActionError::Auth(err));
                }
                outcome[index] = Some(Err(err));
            }
        }
    }
    if runner.dry_run {
        return Ok(());
    }
    for (user, result) in users.iter().zip(outcome) {
        match result {
            Some(Err(err)) => runner.refused(user, &err)?,
            _ => {
                let (status, message) = match (&add, &remove) {
                    (Some((_, to)), Some((_, from))) => {
                        (TargetStatus::Moved, format!("moved from {from} to {to}"))
                    }
                    (Some((_, to)), None) => (TargetStatus::Added, format!("added to {to}")),
                    (None, Some((_, from))) => {
                        (TargetStatus::Removed, format!("removed from {from}"))
                    }
                    (None, None) => (TargetStatus::Failed, "no group given".to_owned()),
                };
                runner.result(user, status, None, message);
            }
        }
    }
    Ok(())
}

/// A user id or email as a group member.
fn member(user: &str) -> GroupMember {
    if user.contains('@') {
        GroupMember::Email(user.to_owned())
    } else {
        GroupMember::Id(user.to_owned())
    }
}
