//! Enforcement actions (docs/actions.md): create user, delete user, update user
//! group, send message. Each validates its params, can print the exact
//! requests it would send (`--dry-run`), and turns Zoom's answers into one
//! result per target — never a crash, never an automatic retry except after
//! a 429 (Zoom did not process the call).

pub mod params;

use std::collections::BTreeMap;
use std::io::Write;

use futures::TryStreamExt;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};
use zoom_api::encoding::encode_segment;
use zoom_api::{
    ChatTarget, Client, CreateAction, CreateUser, DeleteAction, DeleteUserOptions, ErrorKind,
    GroupMember, NewUserInfo,
};

use params::{
    CreateUserParams, CreationType, DeleteMode, DeleteUserParams, ParamProblem, SendMessageParams,
    UpdateUserGroupParams, UserType, checks, decode,
};

/// Zoom's limit of members per POST /groups/{groupId}/members.
const MEMBERS_PER_CALL: usize = zoom_api::api::groups::MAX_MEMBERS_PER_CALL;

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
                &groups::LIST_GROUPS,
                &groups::ADD_GROUP_MEMBERS,
            ],
            ActionName::DeleteUser => &[&users::DELETE_USER],
            ActionName::UpdateUserGroup => &[
                &groups::LIST_GROUPS,
                &groups::ADD_GROUP_MEMBERS,
                &groups::REMOVE_GROUP_MEMBER,
            ],
            ActionName::SendMessage => &[&chat::SEND_CHAT_MESSAGE],
        }
    }

    /// The classic OAuth scopes the action needs, read from its routes.
    pub fn scopes(self) -> Vec<&'static str> {
        crate::catalog::scopes_of(self.routes().iter().copied())
    }

    /// The params schema.
    pub fn schema(self) -> Value {
        fn of<T: JsonSchema>() -> Value {
            schemars::generate::SchemaSettings::draft2020_12()
                .into_generator()
                .into_root_schema_for::<T>()
                .to_value()
        }
        match self {
            ActionName::CreateUser => of::<CreateUserParams>(),
            ActionName::DeleteUser => of::<DeleteUserParams>(),
            ActionName::UpdateUserGroup => of::<UpdateUserGroupParams>(),
            ActionName::SendMessage => of::<SendMessageParams>(),
        }
    }
}

/// How one target ended (docs/actions.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The user was created.
    Created,
    /// The user was deleted or disassociated.
    Deleted,
    /// The user was added to the group.
    Added,
    /// The user was removed from the group.
    Removed,
    /// The user was moved between groups.
    Moved,
    /// The message was sent.
    Sent,
    /// A user with that email exists already (Zoom code 1005).
    AlreadyExists,
    /// No such user (Zoom code 1001).
    NotFound,
    /// No such group (Zoom code 4130), or its name is unknown or ambiguous.
    GroupNotFound,
    /// Zoom's rate limit (or the daily cap on user creation) refused the call.
    RateLimited,
    /// Any other refusal; `message` says why.
    Failed,
}

/// One target's result.
#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    /// The target (email, user id, or recipient).
    pub target: String,
    /// How it ended.
    pub status: TargetStatus,
    /// The Zoom id of what was created, changed or sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zoom_id: Option<String>,
    /// What happened, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The result of an action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionReport {
    /// The action's name.
    pub action: &'static str,
    /// One result per target, in params order.
    pub results: Vec<TargetResult>,
    /// Some target failed because Zoom could not be reached (exit 6).
    #[serde(skip)]
    pub unreachable: bool,
}

impl ActionReport {
    /// Exit code of DESIGN §11: 0 when every target succeeded (or already
    /// existed), 6 when Zoom could not be reached, 5 when any was refused
    /// (`not_found` only without `missing_ok`).
    pub fn exit(&self, missing_ok: bool) -> crate::Exit {
        let refused = self.results.iter().any(|r| match r.status {
            TargetStatus::NotFound => !missing_ok,
            TargetStatus::GroupNotFound | TargetStatus::RateLimited | TargetStatus::Failed => true,
            _ => false,
        });
        if self.unreachable {
            crate::Exit::Unreachable
        } else if refused {
            crate::Exit::ZoomRefused
        } else {
            crate::Exit::Ok
        }
    }
}

/// A request an action would send (`--dry-run`); never a secret.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedRequest {
    /// HTTP method.
    pub method: &'static str,
    /// Path under the API base (`/users/…`), segments encoded as sent.
    pub path: String,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// JSON body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// What `--dry-run` prints.
#[derive(Debug, Clone, Serialize)]
pub struct DryRunReport {
    /// The action's name.
    pub action: &'static str,
    /// Always true.
    pub dry_run: bool,
    /// The requests, in order.
    pub requests: Vec<PlannedRequest>,
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

/// Validates `params` for `name`, then runs the action or plans it.
pub async fn run(
    client: &Client,
    name: ActionName,
    params: &Value,
    dry_run: bool,
) -> Result<ActionOutcome, ActionError> {
    let runner = Runner {
        client,
        dry_run,
        planned: Vec::new(),
        results: Vec::new(),
        groups: None,
        unreachable: false,
    };
    match name {
        ActionName::CreateUser => {
            runner
                .create_users(
                    decode(params, checks::create_user).map_err(ActionError::InvalidParams)?,
                )
                .await
        }
        ActionName::DeleteUser => {
            runner
                .delete_users(
                    decode(params, checks::delete_user).map_err(ActionError::InvalidParams)?,
                )
                .await
        }
        ActionName::UpdateUserGroup => {
            runner
                .update_groups(
                    decode(params, checks::update_user_group)
                        .map_err(ActionError::InvalidParams)?,
                )
                .await
        }
        ActionName::SendMessage => {
            runner
                .send_messages(
                    decode(params, checks::send_message).map_err(ActionError::InvalidParams)?,
                )
                .await
        }
    }
    .map(|runner| runner.finish(name))
}

/// A group named in params, once looked up.
enum GroupLookup {
    Found { id: String, name: String },
    Missing(String),
}

struct Runner<'a> {
    client: &'a Client,
    dry_run: bool,
    planned: Vec<PlannedRequest>,
    results: Vec<TargetResult>,
    groups: Option<Vec<zoom_api::Group>>,
    /// Zoom could not be reached: the remaining targets are not sent.
    unreachable: bool,
}

impl Runner<'_> {
    fn finish(self, name: ActionName) -> ActionOutcome {
        if self.dry_run {
            ActionOutcome::DryRun(DryRunReport {
                action: name.as_str(),
                dry_run: true,
                requests: self.planned,
            })
        } else {
            for result in &self.results {
                audit(name, result);
            }
            ActionOutcome::Done(ActionReport {
                action: name.as_str(),
                results: self.results,
                unreachable: self.unreachable,
            })
        }
    }

    fn plan(
        &mut self,
        method: &'static str,
        path: String,
        query: &[(&str, String)],
        body: Option<Value>,
    ) {
        let query = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        self.planned.push(PlannedRequest {
            method,
            path,
            query,
            body,
        });
    }

    fn result(
        &mut self,
        target: &str,
        status: TargetStatus,
        zoom_id: Option<String>,
        message: impl Into<Option<String>>,
    ) {
        self.results.push(TargetResult {
            target: target.to_owned(),
            status,
            zoom_id,
            message: message.into(),
        });
    }

    /// A refused call as a result; auth failures stop the whole action; a
    /// Zoom out of reach stops sending (the remaining targets are reported
    /// `failed`, not sent).
    fn refused(&mut self, target: &str, err: &zoom_api::Error) -> Result<(), ActionError> {
        if err.kind() == ErrorKind::Auth {
            return Err(ActionError::Auth(err.clone()));
        }
        if matches!(err.kind(), ErrorKind::Network | ErrorKind::Tls) {
            self.unreachable = true;
        }
        let status = status_of(err);
        let zoom_says = err.call().and_then(|c| c.zoom_message.clone());
        let message = match (status, err.reset_at(), zoom_says) {
            (TargetStatus::RateLimited, Some(reset), _) => {
                format!("{err}; Zoom accepts this again after {reset}")
            }
            (
                TargetStatus::AlreadyExists | TargetStatus::NotFound | TargetStatus::GroupNotFound,
                _,
                Some(says),
            ) => {
                format!("{says} (zoom code {})", err.zoom_code().unwrap_or("?"))
            }
            _ => err.to_string(),
        };
        self.result(target, status, None, message);
        Ok(())
    }

    /// After Zoom proved out of reach, `target` is reported as not sent;
    /// `true` when it was.
    fn skipped_unreachable(&mut self, target: &str) -> bool {
        if self.unreachable {
            self.result(
                target,
                TargetStatus::Failed,
                None,
                "not sent: zoom could not be reached earlier in this run (see the first failure)"
                    .to_owned(),
            );
        }
        self.unreachable
    }

    /// Reports the targets of work that panicked as `failed` (Zoom may or
    /// may not have applied it); the next target runs.
    fn panicked(&mut self, targets: &[&str], panic: &str) {
        let panic = self.client.secret_mask().mask(panic);
        for target in targets {
            self.result(
                target,
                TargetStatus::Failed,
                None,
                format!(
                    "{}; zoom may or may not have applied it: check this target in zoom",
                    crate::boundary::bug_message("this target", &panic)
                ),
            );
        }
    }

    /// Looks a group up by id or exact name (GET /groups, read-only, once).
    async fn group(&mut self, spec: &str) -> Result<GroupLookup, ActionError> {
        if self.groups.is_none() {
            match self.client.groups().list().try_collect::<Vec<_>>().await {
                Ok(groups) => self.groups = Some(groups),
                Err(err) if err.kind() == ErrorKind::Auth => return Err(ActionError::Auth(err)),
                Err(err) => {
                    return Ok(GroupLookup::Missing(format!(
                        "groups could not be listed to find {spec:?}: {err}"
                    )));
                }
            }
        }
        let groups = self.groups.as_deref().unwrap_or_default();
        if let Some(group) = groups.iter().find(|g| g.id.as_deref() == Some(spec)) {
            return Ok(GroupLookup::Found {
                id: spec.to_owned(),
                name: group.name.clone().unwrap_or_default(),
            });
        }
        let named: Vec<&zoom_api::Group> = groups
            .iter()
            .filter(|g| g.name.as_deref() == Some(spec))
            .collect();
        Ok(match named.as_slice() {
            [one] => GroupLookup::Found {
                id: one.id.clone().unwrap_or_default(),
                name: spec.to_owned(),
            },
            [] => GroupLookup::Missing(format!("no group has the id or the exact name {spec:?}")),
            many => GroupLookup::Missing(format!(
                "{} groups are named {spec:?} (ids {}): give the id instead",
                many.len(),
                many.iter()
                    .filter_map(|g| g.id.as_deref())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        })
    }

    async fn create_users(mut self, targets: Vec<CreateUserParams>) -> Result<Self, ActionError> {
        for target in targets {
            let names: Vec<String> = vec![target.email.clone()];
            if names.iter().any(|n| self.skipped_unreachable(n)) {
                continue;
            }
            match crate::boundary::catch("action target", self.create_one(&target)).await {
                Ok(result) => result?,
                Err(panic) => {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    self.panicked(&names, &panic);
                }
            }
        }
        Ok(self)
    }

    async fn create_one(&mut self, target: &CreateUserParams) -> Result<(), ActionError> {
        let group = match &target.group {
            Some(spec) => match self.group(spec).await? {
                GroupLookup::Found { id, name } => Some((id, name)),
                GroupLookup::Missing(why) => {
                    self.result(
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
        let request = CreateUser {
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
        };
        if self.dry_run {
            self.plan(
                "POST",
                "/users".into(),
                &[],
                serde_json::to_value(&request).ok(),
            );
            if let Some((id, _)) = &group {
                let body = json!({"members": [{"email": request.user_info.email}]});
                self.plan(
                    "POST",
                    format!("/groups/{}/members", encode_segment(id)),
                    &[],
                    Some(body),
                );
            }
            return Ok(());
        }
        let created = match self.client.users().create(&request).await {
            Ok(created) => created,
            Err(err) => {
                self.refused(&target.email, &err)?;
                return Ok(());
            }
        };
        let Some((group_id, group_name)) = group else {
            self.result(&target.email, TargetStatus::Created, created.id, None);
            return Ok(());
        };
        let member = [GroupMember::Email(request.user_info.email.clone())];
        match self.client.groups().add_members(&group_id, &member).await {
            Ok(_) => self.result(
                &target.email,
                TargetStatus::Created,
                created.id,
                format!("created and added to group {group_name}"),
            ),
            Err(err) => {
                let id = created.id.clone().unwrap_or_default();
                self.result(
                    &target.email,
                    TargetStatus::Failed,
                    created.id,
                    format!("created (id {id}) but not added to group {group_name}: {err}"),
                );
            }
        }
        Ok(())
    }

    async fn delete_users(mut self, targets: Vec<DeleteUserParams>) -> Result<Self, ActionError> {
        for target in targets {
            let names: Vec<String> = vec![target.user.trim().to_owned()];
            if names.iter().any(|n| self.skipped_unreachable(n)) {
                continue;
            }
            match crate::boundary::catch("action target", self.delete_one(&target)).await {
                Ok(result) => result?,
                Err(panic) => {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    self.panicked(&names, &panic);
                }
            }
        }
        Ok(self)
    }

    async fn delete_one(&mut self, target: &DeleteUserParams) -> Result<(), ActionError> {
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
        if self.dry_run {
            let mut query = vec![(
                "action",
                match target.mode {
                    DeleteMode::Disassociate => "disassociate",
                    DeleteMode::Delete => "delete",
                }
                .to_owned(),
            )];
            if let Some(to) = &target.transfer_to {
                query.push(("transfer_email", to.clone()));
                for flag in [
                    "transfer_meeting",
                    "transfer_webinar",
                    "transfer_recording",
                    "transfer_whiteboard",
                ] {
                    query.push((flag, "true".to_owned()));
                }
            }
            self.plan(
                "DELETE",
                format!("/users/{}", encode_segment(user)),
                &query,
                None,
            );
            return Ok(());
        }
        match self.client.users().delete(user, &options).await {
            Ok(()) => {
                let message = target.transfer_to.as_ref().map(|to| {
                    format!("meetings, webinars, recordings and whiteboards moved to {to}")
                });
                self.result(user, TargetStatus::Deleted, None, message);
            }
            Err(err) => self.refused(user, &err)?,
        }
        Ok(())
    }

    async fn update_groups(
        mut self,
        targets: Vec<UpdateUserGroupParams>,
    ) -> Result<Self, ActionError> {
        for target in targets {
            let names: Vec<String> = target.users.iter().map(|u| u.trim().to_owned()).collect();
            if names.iter().any(|n| self.skipped_unreachable(n)) {
                continue;
            }
            match crate::boundary::catch("action target", self.update_one(&target)).await {
                Ok(result) => result?,
                Err(panic) => {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    self.panicked(&names, &panic);
                }
            }
        }
        Ok(self)
    }

    async fn update_one(&mut self, target: &UpdateUserGroupParams) -> Result<(), ActionError> {
        let add = match &target.add_to {
            Some(spec) => Some(self.group(spec).await?),
            None => None,
        };
        let remove = match &target.remove_from {
            Some(spec) => Some(self.group(spec).await?),
            None => None,
        };
        let missing = [&add, &remove].into_iter().flatten().find_map(|g| match g {
            GroupLookup::Missing(why) => Some(why.clone()),
            GroupLookup::Found { .. } => None,
        });
        if let Some(why) = missing {
            for user in &target.users {
                self.result(user.trim(), TargetStatus::GroupNotFound, None, why.clone());
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
            for (chunk_index, chunk) in users.chunks(MEMBERS_PER_CALL).enumerate() {
                let members: Vec<GroupMember> = chunk.iter().map(|u| member(u)).collect();
                if self.dry_run {
                    let list: Vec<Value> = chunk
                        .iter()
                        .map(|u| {
                            if u.contains('@') {
                                json!({"email": u})
                            } else {
                                json!({"id": u})
                            }
                        })
                        .collect();
                    self.plan(
                        "POST",
                        format!("/groups/{}/members", encode_segment(group_id)),
                        &[],
                        Some(json!({"members": list})),
                    );
                    continue;
                }
                if let Err(err) = self.client.groups().add_members(group_id, &members).await {
                    if err.kind() == ErrorKind::Auth {
                        return Err(ActionError::Auth(err));
                    }
                    for slot in &mut outcome[chunk_index * MEMBERS_PER_CALL..][..chunk.len()] {
                        *slot = Some(Err(err.clone()));
                    }
                }
            }
        }
        if let Some((group_id, _)) = &remove {
            for (index, user) in users.iter().enumerate() {
                if self.dry_run {
                    self.plan(
                        "DELETE",
                        format!(
                            "/groups/{}/members/{}",
                            encode_segment(group_id),
                            encode_segment(user)
                        ),
                        &[],
                        None,
                    );
                    continue;
                }
                if outcome[index].is_some() {
                    continue; // the add failed: keep the user where they were
                }
                if let Err(err) = self.client.groups().remove_member(group_id, user).await {
                    if err.kind() == ErrorKind::Auth {
                        return Err(ActionError::Auth(err));
                    }
                    outcome[index] = Some(Err(err));
                }
            }
        }
        if self.dry_run {
            return Ok(());
        }
        for (user, result) in users.iter().zip(outcome) {
            match result {
                Some(Err(err)) => self.refused(user, &err)?,
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
                    self.result(user, status, None, message);
                }
            }
        }
        Ok(())
    }

    async fn send_messages(mut self, targets: Vec<SendMessageParams>) -> Result<Self, ActionError> {
        for target in targets {
            let names: Vec<String> = target
                .to_contact
                .iter()
                .chain(target.to_channel.iter())
                .take(1)
                .map(|r| r.trim().to_owned())
                .collect();
            if names.iter().any(|n| self.skipped_unreachable(n)) {
                continue;
            }
            match crate::boundary::catch("action target", self.send_one(&target)).await {
                Ok(result) => result?,
                Err(panic) => {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    self.panicked(&names, &panic);
                }
            }
        }
        Ok(self)
    }

    async fn send_one(&mut self, target: &SendMessageParams) -> Result<(), ActionError> {
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
        if self.dry_run {
            let mut body = json!({"message": target.message});
            match &to {
                ChatTarget::Contact(c) => body["to_contact"] = json!(c),
                ChatTarget::Channel(c) => body["to_channel"] = json!(c),
            }
            self.plan("POST", "/chat/users/me/messages".into(), &[], Some(body));
            return Ok(());
        }
        match self.client.chat().send_message(&to, &target.message).await {
            Ok(sent) => self.result(&recipient, TargetStatus::Sent, sent.id, None),
            Err(err) => self.refused(&recipient, &err)?,
        }
        Ok(())
    }
}

fn member(user: &str) -> GroupMember {
    if user.contains('@') {
        GroupMember::Email(user.to_owned())
    } else {
        GroupMember::Id(user.to_owned())
    }
}

/// Zoom's refusal as a result status.
fn status_of(err: &zoom_api::Error) -> TargetStatus {
    match (err.zoom_code(), err.kind()) {
        (Some("1005"), _) | (_, ErrorKind::Conflict) => TargetStatus::AlreadyExists,
        (Some("4130"), _) => TargetStatus::GroupNotFound,
        (Some("1001"), _) | (_, ErrorKind::NotFound) => TargetStatus::NotFound,
        (_, ErrorKind::Throttled | ErrorKind::DailyLimit | ErrorKind::QuotaBudget) => {
            TargetStatus::RateLimited
        }
        _ => TargetStatus::Failed,
    }
}

/// One audit line per target on stderr: action, target, result.
fn audit(name: ActionName, result: &TargetResult) {
    let line = json!({"audit": "action", "action": name.as_str(), "target": result.target, "status": result.status, "zoom_id": result.zoom_id});
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
