//! delete-user: looks the user (and the transfer target) up first (GET
//! /users/{userId}), so a missing user is `not_found` with nothing sent and
//! the audit line carries the deleted user's id; then DELETE /users/{userId}.

use zoom_api::api::users::delete_user_request;
use zoom_api::{DeleteAction, DeleteUserOptions};

use super::ActionError;
use super::lookup::UserLookup;
use super::params::{DeleteMode, DeleteUserParams};
use super::report::{TargetResult, TargetStatus};
use super::runner::Runner;

/// Deletes (or plans the deletion of) each target, in order.
pub(super) async fn run<'a>(
    runner: Runner<'a>,
    targets: Vec<DeleteUserParams>,
) -> Result<Runner<'a>, ActionError> {
    runner
        .each(targets, |t| vec![t.user.trim().to_owned()], delete_one)
        .await
}

async fn delete_one(runner: &mut Runner<'_>, target: &DeleteUserParams) -> Result<(), ActionError> {
    let spec = target.user.trim();
    let user = match runner.user(spec).await? {
        UserLookup::Found(user) => user,
        UserLookup::Missing(why) => {
            let message = format!("{why}: nothing to delete (already deleted?)");
            runner.report(0, spec, TargetStatus::NotFound, message);
            return Ok(());
        }
        UserLookup::Failed(err) => return runner.refused(0, spec, None, &err),
    };
    if let Some(to) = &target.transfer_to {
        match runner.user(to.trim()).await? {
            UserLookup::Found(_) => {}
            UserLookup::Missing(why) => {
                let message = format!("not deleted: the transfer target: {why}");
                let result = TargetResult::new(spec, TargetStatus::Failed).zoom_id(user.id.clone());
                runner.finished(0, result.message(message));
                return Ok(());
            }
            UserLookup::Failed(err) => return runner.refused(0, spec, user.id.clone(), &err),
        }
    }
    let options = DeleteUserOptions {
        action: match target.mode {
            DeleteMode::Disassociate => DeleteAction::Disassociate,
            DeleteMode::Delete => DeleteAction::Delete,
        },
        transfer_email: target.transfer_to.clone(),
        transfer_meeting: target.transfer_to.is_some(),
        transfer_webinar: target.transfer_to.is_some(),
        transfer_recording: target.transfer_to.is_some(),
        transfer_whiteboard: target.transfer_to.is_some(),
    };
    let request = delete_user_request(spec, &options);
    let moved = target
        .transfer_to
        .as_ref()
        .map(|to| format!("; meetings, webinars, recordings and whiteboards moved to {to}"))
        .unwrap_or_default();
    if runner.dry_run {
        runner.plan(&request);
        let (status, message) = predicted(&user, target.mode, &moved);
        let result = TargetResult::new(spec, status).zoom_id(user.id.clone());
        runner.finished(0, result.message(message));
        return Ok(());
    }
    match runner.client.send_traced(request).await {
        Ok(sent) => {
            let verb = match target.mode {
                DeleteMode::Disassociate => "disassociated from the account",
                DeleteMode::Delete => "deleted permanently",
            };
            let result = TargetResult::new(spec, TargetStatus::Deleted).zoom_id(user.id.clone());
            let result = result.message(format!("{verb}{moved}"));
            runner.finished(0, result.tracking_id(sent.tracking_id));
        }
        Err(err) => runner.refused(0, spec, user.id.clone(), &err)?,
    }
    Ok(())
}

/// What Zoom would answer, as far as the user's record tells: it never
/// deletes the account owner, and deletes a pending user only by
/// disassociating it.
fn predicted(user: &zoom_api::User, mode: DeleteMode, moved: &str) -> (TargetStatus, String) {
    if user.role_name.as_deref() == Some("Owner") {
        return (
            TargetStatus::Failed,
            "zoom would refuse: the account owner cannot be deleted; transfer the account's \
             ownership to another user first"
                .to_owned(),
        );
    }
    if mode == DeleteMode::Delete && user.status.as_deref() == Some("pending") {
        return (
            TargetStatus::Failed,
            "zoom would refuse: a pending user can only be disassociated; use mode disassociate"
                .to_owned(),
        );
    }
    let verb = match mode {
        DeleteMode::Disassociate => "would be disassociated from the account",
        DeleteMode::Delete => "would be deleted permanently",
    };
    (TargetStatus::Deleted, format!("{verb}{moved}"))
}
