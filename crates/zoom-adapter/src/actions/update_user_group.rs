//! update-user-group: every user is looked up first (GET /users/{userId}:
//! unknown users are `not_found` and left out of the batch; users already
//! where they should be are `unchanged`), then POST
//! /groups/{groupId}/members for the rest (calls of at most 30; a call Zoom
//! refuses for one unknown member is retried member by member) and DELETE
//! /groups/{groupId}/members/{memberId}; with both groups, a move (added
//! first, then removed, so nobody loses the old group when the add fails).

use zoom_api::api::groups::{
    MAX_MEMBERS_PER_CALL, add_group_members_request, remove_group_member_request,
};
use zoom_api::{AddedMembers, GroupMember};

use super::ActionError;
use super::lookup::{GroupLookup, UserLookup};
use super::params::UpdateUserGroupParams;
use super::refusal::refusal;
use super::report::{TargetResult, TargetStatus};
use super::runner::Runner;

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

/// A group found by its id or name.
struct Found {
    id: String,
    name: String,
}

/// One user that needs a change, and how far it got.
struct Change {
    offset: usize,
    name: String,
    zoom_id: Option<String>,
    /// The user as a member (id, or email for a pending user).
    member: GroupMember,
    needs_add: bool,
    needs_remove: bool,
    /// Zoom refused a step: the error, and whether the add had succeeded.
    refused: Option<(zoom_api::Error, bool)>,
    tracking_id: Option<String>,
}

async fn update_one(
    runner: &mut Runner<'_>,
    target: &UpdateUserGroupParams,
) -> Result<(), ActionError> {
    let users: Vec<String> = target.users.iter().map(|u| u.trim().to_owned()).collect();
    let (add, remove) = match groups(runner, target).await? {
        Ok(groups) => groups,
        Err(NotAGroup::Missing(why)) => {
            for (offset, user) in users.iter().enumerate() {
                runner.report(offset, user, TargetStatus::GroupNotFound, why.clone());
            }
            return Ok(());
        }
        Err(NotAGroup::Failed(err)) => {
            for (offset, user) in users.iter().enumerate() {
                runner.refused(offset, user, None, &err)?;
            }
            return Ok(());
        }
    };
    let mut changes = Vec::new();
    for (offset, name) in users.iter().enumerate() {
        let user = match runner.user(name).await? {
            UserLookup::Found(user) => user,
            UserLookup::Missing(why) => {
                let message = format!("{why}: not changed");
                runner.report(offset, name, TargetStatus::NotFound, message);
                continue;
            }
            UserLookup::Failed(err) => {
                runner.refused(offset, name, None, &err)?;
                continue;
            }
        };
        let member_of =
            |group: &Option<Found>| group.as_ref().map(|g| user.group_ids.contains(&g.id));
        let change = Change {
            offset,
            name: name.clone(),
            zoom_id: user.id.clone(),
            member: match &user.id {
                Some(id) => GroupMember::Id(id.clone()),
                None => GroupMember::Email(name.clone()),
            },
            needs_add: member_of(&add) == Some(false),
            needs_remove: member_of(&remove) == Some(true),
            refused: None,
            tracking_id: None,
        };
        if !change.needs_add && !change.needs_remove {
            let message = already(&add, &remove);
            let result = TargetResult::new(name, TargetStatus::Unchanged).zoom_id(change.zoom_id);
            runner.finished(offset, result.message(message));
            continue;
        }
        changes.push(change);
    }
    if let Some(group) = &add {
        add_members(runner, group, &mut changes).await?;
        // Users that are done after the add are reported now.
        let (done, rest): (Vec<Change>, Vec<Change>) = changes
            .into_iter()
            .partition(|c| c.refused.is_some() || !c.needs_remove);
        for change in done {
            finish(runner, change, &add, &remove)?;
        }
        changes = rest;
    }
    if let Some(group) = &remove {
        for mut change in changes {
            let request = remove_group_member_request(&group.id, member_key(&change.member));
            if runner.dry_run {
                runner.plan(&request);
            } else {
                match runner.client.send_traced(request).await {
                    Ok(sent) => change.tracking_id = sent.tracking_id,
                    // Not a member (any more): the desired state holds.
                    Err(err) if refusal(&err).status == TargetStatus::Unchanged => {}
                    Err(err) => {
                        runner.check_fatal(&err)?;
                        change.refused = Some((err, change.needs_add));
                    }
                }
            }
            finish(runner, change, &add, &remove)?;
        }
    }
    Ok(())
}

/// Why a group of the params is not one group.
enum NotAGroup {
    /// Unknown or ambiguous: `group_not_found`.
    Missing(String),
    /// The groups could not be listed: the users fail with the error.
    Failed(zoom_api::Error),
}

/// The groups of `target`, or why one is not a group.
async fn groups(
    runner: &mut Runner<'_>,
    target: &UpdateUserGroupParams,
) -> Result<Result<(Option<Found>, Option<Found>), NotAGroup>, ActionError> {
    let mut found = [None, None];
    for (slot, spec) in found.iter_mut().zip([&target.add_to, &target.remove_from]) {
        let Some(spec) = spec else { continue };
        match runner.group(spec).await? {
            GroupLookup::Found { id, name } => *slot = Some(Found { id, name }),
            GroupLookup::Missing(why) => return Ok(Err(NotAGroup::Missing(why))),
            GroupLookup::Failed(err) => return Ok(Err(NotAGroup::Failed(err))),
        }
    }
    let [add, remove] = found;
    Ok(Ok((add, remove)))
}

/// Adds the users that need it, in calls of at most 30. A call Zoom refuses
/// because a member does not exist (deleted since the look-up) is retried
/// one member per call, so one departed user never blocks the others.
async fn add_members(
    runner: &mut Runner<'_>,
    group: &Found,
    changes: &mut [Change],
) -> Result<(), ActionError> {
    let pending: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i].needs_add)
        .collect();
    for chunk in pending.chunks(MAX_MEMBERS_PER_CALL) {
        let members: Vec<GroupMember> = chunk.iter().map(|&i| changes[i].member.clone()).collect();
        let request = add_group_members_request(&group.id, &members);
        if runner.dry_run {
            runner.plan(&request);
            continue;
        }
        match runner
            .client
            .send_json_traced::<AddedMembers>(request)
            .await
        {
            Ok(added) => {
                for &i in chunk {
                    changes[i].tracking_id.clone_from(&added.tracking_id);
                }
            }
            Err(err) if chunk.len() > 1 && refusal(&err).status == TargetStatus::NotFound => {
                for &i in chunk {
                    let one = add_group_members_request(&group.id, &[changes[i].member.clone()]);
                    match runner.client.send_json_traced::<AddedMembers>(one).await {
                        Ok(added) => changes[i].tracking_id = added.tracking_id,
                        Err(err) => {
                            runner.check_fatal(&err)?;
                            changes[i].refused = Some((err, false));
                        }
                    }
                }
            }
            Err(err) => {
                runner.check_fatal(&err)?;
                for &i in chunk {
                    changes[i].refused = Some((err.clone(), false));
                }
            }
        }
    }
    Ok(())
}

/// Reports one changed user.
fn finish(
    runner: &mut Runner<'_>,
    change: Change,
    add: &Option<Found>,
    remove: &Option<Found>,
) -> Result<(), ActionError> {
    let Change {
        offset,
        name,
        zoom_id,
        ..
    } = &change;
    match &change.refused {
        Some((err, true)) => {
            let (to, from) = (group_name(add), group_name(remove));
            let why = refusal(err).message;
            let tracking_id = err.call().and_then(|c| c.tracking_id.clone());
            let result = TargetResult::new(name, TargetStatus::Failed).zoom_id(zoom_id.clone());
            let message = format!("added to {to} but not removed from {from}: {why}");
            runner.finished(*offset, result.message(message).tracking_id(tracking_id));
            Ok(())
        }
        Some((err, false)) => runner.refused(*offset, name, zoom_id.clone(), err),
        None => {
            let (status, done) = match (add, remove) {
                (Some(to), Some(from)) => (
                    TargetStatus::Moved,
                    if change.needs_remove {
                        format!("moved from {} to {}", from.name, to.name)
                    } else {
                        format!("added to {} (was not in {})", to.name, from.name)
                    },
                ),
                (Some(to), None) => (TargetStatus::Added, format!("added to {}", to.name)),
                (None, Some(from)) => {
                    (TargetStatus::Removed, format!("removed from {}", from.name))
                }
                (None, None) => (TargetStatus::Failed, "no group given".to_owned()),
            };
            let message = if runner.dry_run {
                format!("would be {done}")
            } else {
                done
            };
            let result = TargetResult::new(name, status).zoom_id(zoom_id.clone());
            runner.finished(
                *offset,
                result.message(message).tracking_id(change.tracking_id),
            );
            Ok(())
        }
    }
}

/// Why nothing had to change.
fn already(add: &Option<Found>, remove: &Option<Found>) -> String {
    match (add, remove) {
        (Some(to), Some(from)) => format!(
            "already in {} and not in {}: nothing to do",
            to.name, from.name
        ),
        (Some(to), None) => format!("already in {}: nothing to do", to.name),
        (None, Some(from)) => format!("not in {}: nothing to do", from.name),
        (None, None) => "no group given".to_owned(),
    }
}

fn group_name(group: &Option<Found>) -> &str {
    group.as_ref().map_or("", |g| g.name.as_str())
}

/// The member id or email, as the remove call takes it.
fn member_key(member: &GroupMember) -> &str {
    match member {
        GroupMember::Id(id) | GroupMember::Email(id) => id,
    }
}
