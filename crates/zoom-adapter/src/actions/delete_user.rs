//! delete-user: DELETE /users/{userId}.

use zoom_api::api::users::delete_user_request;
use zoom_api::{DeleteAction, DeleteUserOptions};

use super::ActionError;
use super::params::{DeleteMode, DeleteUserParams};
use super::report::TargetStatus;
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
    let user = target.user.trim();
    let request = delete_user_request(user, &options);
    if runner.dry_run {
        runner.plan(&request);
        return Ok(());
    }
    match runner.client.send(request).await {
        Ok(()) => {
            let message = target
                .transfer_to
                .as_ref()
                .map(|to| format!("meetings, webinars, recordings and whiteboards moved to {to}"));
            runner.result(user, TargetStatus::Deleted, None, message);
        }
        Err(err) => runner.refused(user, &err)?,
    }
    Ok(())
}
