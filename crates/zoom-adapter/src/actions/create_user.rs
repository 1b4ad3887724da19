//! create-user: POST /users, then, with `group`, POST /groups/{groupId}/members.

use zoom_api::api::groups::add_group_members_request;
use zoom_api::api::users::create_user_request;
use zoom_api::{AddedMembers, CreateAction, CreateUser, CreatedUser, GroupMember, NewUserInfo};

use super::ActionError;
use super::params::{CreateUserParams, CreationType, UserType};
use super::report::TargetStatus;
use super::runner::{GroupLookup, Runner};

/// Creates (or plans) each target, in order.
pub(super) async fn run<'a>(
    runner: Runner<'a>,
    targets: Vec<CreateUserParams>,
) -> Result<Runner<'a>, ActionError> {
    runner
        .each(targets, |t| vec![t.email.clone()], create_one)
        .await
}

async fn create_one(runner: &mut Runner<'_>, target: &CreateUserParams) -> Result<(), ActionError> {
    let group = match &target.group {
        Some(spec) => match runner.group(spec).await? {
            GroupLookup::Found { id, name } => Some((id, name)),
            GroupLookup::Missing(why) => {
                runner.result(
                    &target.email,
                    TargetStatus::GroupNotFound,
                    None,
                    format!("not created: {why}"),
                );
                return Ok(());
            }
        },
        None => None,
    };
    let user = new_user(target);
    let request = match create_user_request(&user) {
        Ok(request) => request,
        Err(err) => return runner.refused(&target.email, &err),
    };
    let member = [GroupMember::Email(user.user_info.email.clone())];
    let add = group
        .as_ref()
        .map(|(id, _)| add_group_members_request(id, &member));
    if runner.dry_run {
        runner.plan(&request);
        if let Some(add) = &add {
            runner.plan(add);
        }
        return Ok(());
    }
    let created = match runner.client.send_json::<CreatedUser>(request).await {
        Ok(created) => created,
        Err(err) => return runner.refused(&target.email, &err),
    };
    let (Some((_, group_name)), Some(add)) = (group, add) else {
        runner.result(&target.email, TargetStatus::Created, created.id, None);
        return Ok(());
    };
    match runner.client.send_json::<AddedMembers>(add).await {
        Ok(_) => runner.result(
            &target.email,
            TargetStatus::Created,
            created.id,
            format!("created and added to group {group_name}"),
        ),
        Err(err) => {
            let id = created.id.clone().unwrap_or_default();
            runner.result(
                &target.email,
                TargetStatus::Failed,
                created.id,
                format!("created (id {id}) but not added to group {group_name}: {err}"),
            );
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
