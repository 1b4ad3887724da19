//! send-message: POST /chat/users/me/messages.

use zoom_api::ChatTarget;
use zoom_api::api::chat::{SentMessage, send_chat_message_request};

use super::ActionError;
use super::params::SendMessageParams;
use super::report::TargetStatus;
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
        (Some(contact), _) => (
            contact.trim().to_owned(),
            ChatTarget::Contact(contact.trim().to_owned()),
        ),
        (None, Some(channel)) => (
            channel.trim().to_owned(),
            ChatTarget::Channel(channel.trim().to_owned()),
        ),
        (None, None) => return Ok(()), // refused by the params checks
    };
    let request = send_chat_message_request(&to, &target.message);
    if runner.dry_run {
        runner.plan(&request);
        return Ok(());
    }
    match runner.client.send_json::<SentMessage>(request).await {
        Ok(sent) => runner.result(&recipient, TargetStatus::Sent, sent.id, None),
        Err(err) => runner.refused(&recipient, &err)?,
    }
    Ok(())
}
