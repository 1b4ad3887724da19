//! Enforcement actions (docs/actions.md): create user, delete user, update user
//! group, send message. Each validates its params, can print the exact
//! requests it would send (`--dry-run`), and turns Zoom's answers into one
//! result per target — never a crash, never an automatic retry except after
//! a 429 (Zoom did not process the call).

//!
//! One module per action (`create_user`, `delete_user`, `update_user_group`,
//! `send_message`) first reads what it needs (`lookup`: groups, users), then
//! builds each call with `zoom_api`'s request builders and either records it
//! (dry run) or sends that same value; `runner` is what they share (results
//! streamed to a [`ResultSink`] as each target completes, the panic boundary
//! per target); `refusal` turns Zoom's refusals into statuses; `audit` is
//! the audit line; `report` is what they give back.

pub mod audit;
pub mod params;

mod create_user;
mod delete_user;
mod lookup;
mod refusal;
mod report;
mod runner;
mod send_message;
mod update_user_group;

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;
use zoom_api::Client;

use params::{
    CompiledSchema, CreateUserParams, DeleteUserParams, ParamProblem, SendMessageParams,
    UpdateUserGroupParams, checks, decode,
};
pub use report::{
    ActionReport, DryRunReport, PlannedRequest, PlannedResult, TargetResult, TargetStatus,
};
use runner::Runner;

/// The four actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionName {
    /// POST /users (and POST /groups/{groupId}/members with `group`).
    CreateUser,
    /// DELETE /users/{userId}.
    DeleteUser,
    /// POST /groups/{groupId}/members and DELETE /groups/{groupId}/members/{memberId}.
    UpdateUserGroup,
    /// POST /chat/users/me/messages.
    SendMessage,
}

impl ActionName {
    /// Every action, in manifest order.
    pub const ALL: [ActionName; 4] = [
        ActionName::CreateUser,
        ActionName::DeleteUser,
        ActionName::UpdateUserGroup,
        ActionName::SendMessage,
    ];

    /// The CLI and protocol name (`create-user`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActionName::CreateUser => "create-user",
            ActionName::DeleteUser => "delete-user",
            ActionName::UpdateUserGroup => "update-user-group",
            ActionName::SendMessage => "send-message",
        }
    }

    /// The action named `name`.
    pub fn parse(name: &str) -> Option<ActionName> {
        ActionName::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// The Zoom endpoints the action may call (look-ups included).
    pub fn routes(self) -> &'static [&'static zoom_api::Route] {
        use zoom_api::api::{chat, groups, users};
        match self {
            ActionName::CreateUser => &[
                &users::CREATE_USER,
                &users::GET_USER,
                &groups::LIST_GROUPS,
                &groups::ADD_GROUP_MEMBERS,
            ],
            ActionName::DeleteUser => &[&users::DELETE_USER, &users::GET_USER],
            ActionName::UpdateUserGroup => &[
                &users::GET_USER,
                &groups::LIST_GROUPS,
                &groups::ADD_GROUP_MEMBERS,
                &groups::REMOVE_GROUP_MEMBER,
            ],
            ActionName::SendMessage => &[&chat::SEND_CHAT_MESSAGE, &users::GET_USER],
        }
    }

    /// The classic OAuth scopes the action needs, read from its routes.
    pub fn scopes(self) -> Vec<&'static str> {
        crate::catalog::scopes_of(self.routes().iter().copied())
    }

    /// The granular OAuth scopes the action needs, read from its routes.
    pub fn granular_scopes(self) -> Vec<&'static str> {
        let routes = self.routes().iter().copied();
        crate::catalog::scopes_in_family(routes, zoom_api::ScopeFamily::Granular)
    }

    /// The checked-in params schema, `schemas/actions/<name>.schema.json`
    /// (a drift test keeps it equal to [`ActionName::schema`]).
    pub fn checked_in_schema(self) -> &'static str {
        match self {
            ActionName::CreateUser => {
                include_str!("../../../../schemas/actions/create-user.schema.json")
            }
            ActionName::DeleteUser => {
                include_str!("../../../../schemas/actions/delete-user.schema.json")
            }
            ActionName::UpdateUserGroup => {
                include_str!("../../../../schemas/actions/update-user-group.schema.json")
            }
            ActionName::SendMessage => {
                include_str!("../../../../schemas/actions/send-message.schema.json")
            }
        }
    }

    /// The checked-in params schema, parsed and compiled once per process.
    fn compiled(self) -> Result<&'static CompiledSchema, String> {
        static COMPILED: [OnceLock<Result<CompiledSchema, String>>; 4] =
            [const { OnceLock::new() }; 4];
        let index = ActionName::ALL
            .iter()
            .position(|a| *a == self)
            .unwrap_or_default();
        COMPILED[index]
            .get_or_init(|| {
                let schema: Value =
                    serde_json::from_str(self.checked_in_schema()).map_err(|e| e.to_string())?;
                let validator = jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())?;
                Ok(CompiledSchema { schema, validator })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The params schema, generated from the params type.
    pub fn schema(self) -> Value {
        use asset_schema::schema_for as of;
        match self {
            ActionName::CreateUser => of::<CreateUserParams>(),
            ActionName::DeleteUser => of::<DeleteUserParams>(),
            ActionName::UpdateUserGroup => of::<UpdateUserGroupParams>(),
            ActionName::SendMessage => of::<SendMessageParams>(),
        }
    }
}

/// Why an action could not run at all.
#[derive(Debug)]
pub enum ActionError {
    /// The params are invalid (exit 2).
    InvalidParams(Vec<ParamProblem>),
    /// Zoom refused the credentials (exit 3).
    Auth(zoom_api::Error),
}

/// What running an action gives.
#[derive(Debug)]
pub enum ActionOutcome {
    /// The action ran.
    Done(ActionReport),
    /// Nothing was sent but read-only look-ups.
    DryRun(DryRunReport),
}

/// Where each target's result goes the moment it is known, before the next
/// target's first call: the CLI writes the audit line; the protocol also
/// sends the result as a notification.
pub trait ResultSink {
    /// `result` of a target of `action` (`dry_run`: predicted, nothing changed).
    fn completed(&mut self, action: ActionName, dry_run: bool, result: &TargetResult);
}

/// The CLI's sink: each real result's audit line on stderr, flushed.
#[derive(Debug, Default)]
pub struct AuditToStderr;

impl ResultSink for AuditToStderr {
    fn completed(&mut self, action: ActionName, dry_run: bool, result: &TargetResult) {
        if !dry_run {
            audit::write_line(&mut std::io::stderr().lock(), action, result);
        }
    }
}

/// Validates `params` for `name`, then runs the action or plans it; each
/// target's result reaches `sink` as it completes.
pub async fn run(
    client: &Client,
    name: ActionName,
    params: &Value,
    dry_run: bool,
    sink: &mut dyn ResultSink,
) -> Result<ActionOutcome, ActionError> {
    let invalid = ActionError::InvalidParams;
    let compiled = name.compiled().map_err(|reason| {
        invalid(vec![ParamProblem {
            pointer: String::new(),
            message: format!("bug: the checked-in params schema does not compile: {reason}"),
        }])
    })?;
    let runner = Runner::new(client, name, dry_run, sink);
    match name {
        ActionName::CreateUser => {
            let targets = decode(compiled, params, checks::create_user).map_err(invalid)?;
            create_user::run(runner, targets).await
        }
        ActionName::DeleteUser => {
            let targets = decode(compiled, params, checks::delete_user).map_err(invalid)?;
            delete_user::run(runner, targets).await
        }
        ActionName::UpdateUserGroup => {
            let targets = decode(compiled, params, checks::update_user_group).map_err(invalid)?;
            update_user_group::run(runner, targets).await
        }
        ActionName::SendMessage => {
            let targets = decode(compiled, params, checks::send_message).map_err(invalid)?;
            send_message::run(runner, targets).await
        }
    }
    .map(Runner::finish)
}
