//! create-user: looks the email up first (GET /users/{email}: an existing
//! user is `already_exists`, with its id), then POST /users, then, with
//! `group`, POST /groups/{groupId}/members.

use zoom_api::api::groups::add_group_members_request;
use zoom_api::api::users::create_user_request;
use zoom_api::{
    AddedMembers, CreateAction, CreateUser, CreatedUser, GroupMember, NewUserInfo, User,
};

use super::ActionError;
use super::lookup::{GroupLookup, UserLookup};
use super::params::{CreateUserParams, CreationType, UserType};
use super::refusal::refusal;
use super::report::{TargetResult, TargetStatus};
use super::runner::Runner;

/// Creates (or plans) each target, in order.
pub(super) async fn run<'a>(
    runner: Runner<'a>,
    targets: Vec<CreateUserParams>,
) -> Result<Runner<'a>, ActionError> {
    runner
        .each(targets, |t| vec![t.email.trim().to_owned()], create_one)
        .await
}

async fn create_one(runner: &mut Runner<'_>, target: &CreateUserParams) -> Result<(), ActionError> {
    let email = target.email.trim();
    let group = match &target.group {
        Some(spec) => match runner.group(spec).await? {
            GroupLookup::Found { id, name } => Some((id, name)),
            GroupLookup::Missing(why) => {
                let verb = if runner.dry_run {
                    "would not be created"
                } else {
                    "not created"
                };
                runner.report(
                    0,
                    email,
                    TargetStatus::GroupNotFound,
                    format!("{verb}: {why}"),
                );
                return Ok(());
            }
            GroupLookup::Failed(err) => return runner.refused(0, email, None, &err),
        },
        None => None,
    };
    match runner.user(email).await? {
        UserLookup::Found(user) => return exists(runner, email, &user, group).await,
        UserLookup::Missing(_) => {}
        UserLookup::Failed(err) => return runner.refused(0, email, None, &err),
    }
    let user = new_user(target);
    let request = match create_user_request(&user) {
        Ok(request) => request,
        Err(err) => return runner.refused(0, email, None, &err),
    };
    let member = [GroupMember::Email(email.to_owned())];
    let add = group
        .as_ref()
        .map(|(id, name)| (add_group_members_request(id, &member), name.clone()));
    if runner.dry_run {
        runner.plan(&request);
        let message = match &add {
            Some((add, name)) => {
                runner.plan(add);
                format!("would be created and added to group {name}")
            }
            None => "would be created".to_owned(),
        };
        runner.report(0, email, TargetStatus::Created, message);
        return Ok(());
    }
    let created = match runner.client.send_json_traced::<CreatedUser>(request).await {
        Ok(created) => created,
        Err(err) if refusal(&err).status == TargetStatus::AlreadyExists => {
            // Created by someone else since the look-up: report it with its id.
            let zoom_id = match runner.user(email).await? {
                UserLookup::Found(user) => user.id,
                _ => None,
            };
            return runner.refused(0, email, zoom_id, &err);
        }
        Err(err) => return runner.refused(0, email, None, &err),
    };
    let zoom_id = created.value.id;
    let tracking_id = created.tracking_id;
    let Some((add, group_name)) = add else {
        let created = TargetResult::new(email, TargetStatus::Created);
        runner.finished(0, created.zoom_id(zoom_id).tracking_id(tracking_id));
        return Ok(());
    };
    let message = match runner.client.send_json::<AddedMembers>(add).await {
        Ok(_) => (
            TargetStatus::Created,
            format!("created and added to group {group_name}"),
        ),
        Err(err) => {
            runner.check_fatal(&err)?;
            let id = zoom_id.clone().unwrap_or_default();
            let why = refusal(&err).message;
            (
                TargetStatus::Failed,
                format!("created (id {id}) but not added to group {group_name}: {why}"),
            )
        }
    };
    let (status, message) = message;
    let done = TargetResult::new(email, status)
        .zoom_id(zoom_id)
        .message(message);
    runner.finished(0, done.tracking_id(tracking_id));
    Ok(())
}

/// The email is taken: `already_exists` with the user's id, and — with a
/// group the user is not in yet — the user added to it.
async fn exists(
    runner: &mut Runner<'_>,
    email: &str,
    user: &User,
    group: Option<(String, String)>,
) -> Result<(), ActionError> {
    let status = user.status.as_deref().unwrap_or("active");
    let Some((group_id, group_name)) = group.filter(|(id, _)| !user.group_ids.contains(id)) else {
        let message = format!("a user with this email exists ({status}): nothing to do");
        let exists = TargetResult::new(email, TargetStatus::AlreadyExists).zoom_id(user.id.clone());
        runner.finished(0, exists.message(message));
        return Ok(());
    };
    let member = match &user.id {
        Some(id) => GroupMember::Id(id.clone()),
        None => GroupMember::Email(email.to_owned()),
    };
    let add = add_group_members_request(&group_id, &[member]);
    if runner.dry_run {
        runner.plan(&add);
        let message = format!(
            "a user with this email exists ({status}); would be added to group {group_name}"
        );
        runner.report(0, email, TargetStatus::AlreadyExists, message);
        return Ok(());
    }
    match runner.client.send_json_traced::<AddedMembers>(add).await {
        Ok(added) => {
            let message =
                format!("a user with this email exists ({status}); added to group {group_name}");
            let exists =
                TargetResult::new(email, TargetStatus::AlreadyExists).zoom_id(user.id.clone());
            runner.finished(0, exists.message(message).tracking_id(added.tracking_id));
        }
        Err(err) => {
            runner.check_fatal(&err)?;
            let message = format!(
                "a user with this email exists ({status}) but was not added to group {group_name}: {}",
                refusal(&err).message
            );
            let tracking_id = err.call().and_then(|c| c.tracking_id.clone());
            let failed = TargetResult::new(email, TargetStatus::Failed).zoom_id(user.id.clone());
            runner.finished(0, failed.message(message).tracking_id(tracking_id));
        }
    }
    Ok(())
}

/// The body of POST /users for `target`.
fn new_user(target: &CreateUserParams) -> CreateUser {
    CreateUser {
        action: match target.creation_type {
            CreationType::Create => CreateAction::Create,
            CreationType::AutoCreate => CreateAction::AutoCreate,
            CreationType::CustCreate => CreateAction::CustCreate,
            CreationType::SsoCreate => CreateAction::SsoCreate,
        },
        user_info: NewUserInfo {
            email: target.email.trim().to_owned(),
            user_type: match target.user_type {
                UserType::Basic => 1,
                UserType::Licensed => 2,
                UserType::None => 99,
            },
            first_name: target.first_name.clone(),
            last_name: target.last_name.clone(),
        },
    }
}
