//! send-message: POST /chat/users/me/messages. A contact is looked up first
//! (GET /users/{email}): Zoom's API documentation does not say that it
//! refuses an address that is no contact (the simulator accepts one), so a
//! message to an email no user of the account has is `not_found`, unsent.
//! Channels cannot be checked without chat-channel scopes; they are sent.

use zoom_api::ChatTarget;
use zoom_api::api::chat::{SentMessage, send_chat_message_request};

use super::ActionError;
use super::lookup::UserLookup;
use super::params::SendMessageParams;
use super::report::{TargetResult, TargetStatus};
use super::runner::Runner;

/// Sends (or plans) each message, in order.
pub(super) async fn run<'a>(
    runner: Runner<'a>,
    targets: Vec<SendMessageParams>,
) -> Result<Runner<'a>, ActionError> {
    runner.each(targets, recipients, send_one).await
}

/// The recipient a message reports its result for.
fn recipients(target: &SendMessageParams) -> Vec<String> {
    target
        .to_contact
        .iter()
        .chain(target.to_channel.iter())
        .take(1)
        .map(|r| r.trim().to_owned())
        .collect()
}

async fn send_one(runner: &mut Runner<'_>, target: &SendMessageParams) -> Result<(), ActionError> {
    let (recipient, to) = match (&target.to_contact, &target.to_channel) {
        (Some(contact), _) => {
            let contact = contact.trim().to_owned();
            match runner.user(&contact).await? {
                UserLookup::Found(_) => {}
                UserLookup::Missing(why) => {
                    let message = format!("not sent: {why} (messages go to users of this account)");
                    runner.report(0, &contact, TargetStatus::NotFound, message);
                    return Ok(());
                }
                UserLookup::Failed(err) => return runner.refused(0, &contact, None, &err),
            }
            (contact.clone(), ChatTarget::Contact(contact))
        }
        (None, Some(channel)) => (
            channel.trim().to_owned(),
            ChatTarget::Channel(channel.trim().to_owned()),
        ),
        (None, None) => return Ok(()), // refused by the params checks
    };
    let request = send_chat_message_request(&to, &target.message);
    if runner.dry_run {
        runner.plan(&request);
        runner.report(0, &recipient, TargetStatus::Sent, "would be sent");
        return Ok(());
    }
    match runner.client.send_json_traced::<SentMessage>(request).await {
        Ok(sent) => {
            let result = TargetResult::new(&recipient, TargetStatus::Sent).zoom_id(sent.value.id);
            runner.finished(0, result.tracking_id(sent.tracking_id));
        }
        Err(err) => runner.refused(0, &recipient, None, &err)?,
    }
    Ok(())
}
