//! The params of each enforcement action (docs/actions.md): types, JSON Schemas
//! (`schemas/actions/*.json`) and validation with pointers.

use jsonschema::Validator;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zoom_settings::pointer::error_pointers;

/// Zoom's limit on a chat message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1024;

/// `create-user` params.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "create-user params")]
pub struct CreateUserParams {
    /// Email of the new user.
    #[schemars(length(min = 3))]
    pub email: String,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// How Zoom creates the user: `create` (the user confirms by email), `autoCreate` (managed domains), `custCreate` (no password; API partners), `ssoCreate` (pre-provisioned SSO user).
    #[serde(default)]
    pub creation_type: CreationType,
    /// The license: `basic`, `licensed` or `none` (none only with ssoCreate).
    #[serde(default)]
    pub user_type: UserType,
    /// A group to put the new user in, by id or exact name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// How Zoom creates a user (`action` of POST /users).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CreationType {
    /// The user confirms by email.
    #[default]
    #[serde(rename = "create")]
    Create,
    /// Created without confirmation (managed domains, Enterprise).
    #[serde(rename = "autoCreate")]
    AutoCreate,
    /// No password (API partners).
    #[serde(rename = "custCreate")]
    CustCreate,
    /// A pre-provisioned SSO user.
    #[serde(rename = "ssoCreate")]
    SsoCreate,
}

/// A user's license type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserType {
    /// Basic (type 1).
    #[default]
    Basic,
    /// Licensed (type 2).
    Licensed,
    /// No meeting license (type 99; ssoCreate only).
    None,
}

/// `delete-user` params.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "delete-user params")]
pub struct DeleteUserParams {
    /// The user, by id or email.
    #[schemars(length(min = 1))]
    pub user: String,
    /// `disassociate` (default: the user leaves the account and keeps a free Zoom account) or `delete` (permanently).
    #[serde(default)]
    pub mode: DeleteMode,
    /// Email of the user who receives the meetings, webinars, recordings and whiteboards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_to: Option<String>,
}

/// How a user leaves the account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeleteMode {
    /// The user leaves the account and keeps a free Zoom account.
    #[default]
    Disassociate,
    /// The user is deleted permanently.
    Delete,
}

/// `update-user-group` params.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "update-user-group params")]
pub struct UpdateUserGroupParams {
    /// The users, by id or email.
    #[schemars(length(min = 1))]
    pub users: Vec<String>,
    /// The group to add them to, by id or exact name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_to: Option<String>,
    /// The group to remove them from, by id or exact name (with `add_to`: a move).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_from: Option<String>,
}

/// `send-message` params.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "send-message params")]
pub struct SendMessageParams {
    /// The message (at most 1,024 characters).
    #[schemars(length(min = 1, max = 1024))]
    pub message: String,
    /// A contact, by email (exactly one of to_contact and to_channel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_contact: Option<String>,
    /// A channel, by id (exactly one of to_contact and to_channel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_channel: Option<String>,
}

/// An action's checked-in params schema, parsed and compiled.
#[derive(Debug)]
pub struct CompiledSchema {
    /// The schema (for the values an enum allows).
    pub schema: Value,
    /// Its validator.
    pub validator: Validator,
}

/// One problem of the params: where and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamProblem {
    /// JSON pointer into the params (`/1/email` when params are an array).
    pub pointer: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Decodes params — one object or an array of them — into typed targets,
/// or every problem with its pointer. `compiled` is the action's checked-in
/// schema; `check` adds the rules a schema cannot say; it gets
/// each target and the pointer prefix of its element.
pub fn decode<T: DeserializeOwned>(
    compiled: &CompiledSchema,
    params: &Value,
    check: impl Fn(&T, &str, &mut Vec<ParamProblem>),
) -> Result<Vec<T>, Vec<ParamProblem>> {
    let (items, prefixed): (Vec<&Value>, bool) = match params {
        Value::Array(items) if !items.is_empty() => (items.iter().collect(), true),
        Value::Array(_) => {
            return Err(vec![ParamProblem {
                pointer: String::new(),
                message: "is an empty array: give one params object, or an array of them".into(),
            }]);
        }
        other => (vec![other], false),
    };
    let mut problems = Vec::new();
    let mut targets = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let prefix = if prefixed {
            format!("/{index}")
        } else {
            String::new()
        };
        let before = problems.len();
        for error in compiled.validator.iter_errors(item) {
            problems.extend(schema_problems(&compiled.schema, &prefix, &error));
        }
        if problems.len() > before {
            continue;
        }
        match serde_json::from_value::<T>(item.clone()) {
            Ok(target) => {
                check(&target, &prefix, &mut problems);
                targets.push(target);
            }
            Err(_) => problems.push(ParamProblem {
                pointer: prefix,
                message: "could not be read although it matches the schema".into(),
            }),
        }
    }
    if problems.is_empty() {
        Ok(targets)
    } else {
        Err(problems)
    }
}

/// The problems of one schema error: one per pointer it is about (each
/// unknown key on its own), worded for action params.
fn schema_problems(
    schema: &Value,
    prefix: &str,
    error: &jsonschema::ValidationError<'_>,
) -> Vec<ParamProblem> {
    use jsonschema::error::ValidationErrorKind as K;
    let message = match error.kind() {
        K::Required { .. } => "is required".to_owned(),
        K::AdditionalProperties { .. } => {
            "is not a parameter of this action: remove it (see its schema)".to_owned()
        }
        K::Type { .. } => "has the wrong type (see the action's schema)".to_owned(),
        K::MinLength { .. } => "is empty".to_owned(),
        K::MaxLength { limit } => format!("is longer than {limit} characters, Zoom's limit"),
        K::MinItems { .. } => "lists nothing: give at least one".to_owned(),
        K::Enum { .. } | K::OneOfNotValid { .. } => {
            let key = error
                .instance_path()
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or_default();
            match zoom_settings::allowed_values(schema, key).as_slice() {
                [] => "is not one of the allowed values (see the action's schema)".to_owned(),
                values => format!(
                    "is not one of the allowed values: use one of {}",
                    values.join(", ")
                ),
            }
        }
        other => format!("does not match the schema ({})", other.keyword()),
    };
    error_pointers(prefix, error)
        .into_iter()
        .map(|pointer| ParamProblem {
            pointer,
            message: message.clone(),
        })
        .collect()
}

/// Whether `text` looks like an email address (one `@`, text on both sides, a dot after it).
pub fn looks_like_email(text: &str) -> bool {
    let mut parts = text.trim().split('@');
    matches!((parts.next(), parts.next(), parts.next()), (Some(local), Some(domain), None) if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'))
}

/// The extra checks of each action.
pub mod checks {
    use super::*;

    /// `create-user`: a real email; `none` only with ssoCreate.
    pub fn create_user(p: &CreateUserParams, prefix: &str, problems: &mut Vec<ParamProblem>) {
        if !looks_like_email(&p.email) {
            problems.push(ParamProblem {
                pointer: format!("{prefix}/email"),
                message: "is not an email address".into(),
            });
        }
        if p.user_type == UserType::None && p.creation_type != CreationType::SsoCreate {
            problems.push(ParamProblem {
                pointer: format!("{prefix}/user_type"),
                message: "none is allowed only with creation_type ssoCreate (Zoom's rule)".into(),
            });
        }
    }

    /// `delete-user`: a transfer target is an email.
    pub fn delete_user(p: &DeleteUserParams, prefix: &str, problems: &mut Vec<ParamProblem>) {
        if p.transfer_to
            .as_deref()
            .is_some_and(|t| !looks_like_email(t))
        {
            problems.push(ParamProblem {
                pointer: format!("{prefix}/transfer_to"),
                message:
                    "is not an email address: give the email of the user who receives the data"
                        .into(),
            });
        }
    }

    /// `update-user-group`: at least one of add_to and remove_from, not the same group twice.
    pub fn update_user_group(
        p: &UpdateUserGroupParams,
        prefix: &str,
        problems: &mut Vec<ParamProblem>,
    ) {
        match (&p.add_to, &p.remove_from) {
            (None, None) => problems.push(ParamProblem {
                pointer: format!("{prefix}/add_to"),
                message: "is missing: give add_to, remove_from, or both (a move)".into(),
            }),
            (Some(a), Some(r)) if a == r => problems.push(ParamProblem {
                pointer: format!("{prefix}/remove_from"),
                message: "is the same group as add_to".into(),
            }),
            _ => {}
        }
        for (index, user) in p.users.iter().enumerate() {
            if user.trim().is_empty() {
                problems.push(ParamProblem {
                    pointer: format!("{prefix}/users/{index}"),
                    message: "is empty".into(),
                });
            }
        }
    }

    /// `send-message`: exactly one recipient; a contact is an email.
    pub fn send_message(p: &SendMessageParams, prefix: &str, problems: &mut Vec<ParamProblem>) {
        match (&p.to_contact, &p.to_channel) {
            (None, None) => problems.push(ParamProblem { pointer: format!("{prefix}/to_contact"), message: "is missing: give exactly one of to_contact (an email) and to_channel (a channel id)".into() }),
            (Some(_), Some(_)) => problems.push(ParamProblem { pointer: format!("{prefix}/to_channel"), message: "goes with to_contact: give exactly one of them".into() }),
            (Some(contact), None) if !looks_like_email(contact) => problems.push(ParamProblem { pointer: format!("{prefix}/to_contact"), message: "is not an email address".into() }),
            _ => {}
        }
        if p.message.chars().count() > MAX_MESSAGE_CHARS {
            problems.push(ParamProblem {
                pointer: format!("{prefix}/message"),
                message: format!("is longer than {MAX_MESSAGE_CHARS} characters, Zoom's limit"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::ActionName;
    use serde_json::json;

    fn problems(name: ActionName, params: Value) -> Vec<(String, String)> {
        let compiled = name.compiled().unwrap();
        let result = match name {
            ActionName::DeleteUser => decode(compiled, &params, checks::delete_user).map(|_| ()),
            ActionName::SendMessage => decode(compiled, &params, checks::send_message).map(|_| ()),
            _ => unreachable!(),
        };
        let mut problems: Vec<_> = result
            .unwrap_err()
            .into_iter()
            .map(|p| (p.pointer, p.message))
            .collect();
        problems.sort();
        problems
    }

    #[test]
    fn each_unknown_key_is_its_own_problem_at_an_escaped_pointer() {
        let found = problems(
            ActionName::DeleteUser,
            json!([{"user": "a@b.test"}, {"user": "c@d.test", "mode/x": 1, "a~b": 2}]),
        );
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["/1/a~0b", "/1/mode~1x"]);
        assert!(found[0].1.contains("not a parameter"));
    }

    #[test]
    fn a_wrong_enum_value_lists_the_allowed_ones() {
        assert_eq!(
            problems(
                ActionName::DeleteUser,
                json!({"user": "a@b.test", "mode": "purge"})
            ),
            [(
                "/mode".to_owned(),
                "is not one of the allowed values: use one of disassociate, delete".to_owned()
            )]
        );
    }

    #[test]
    fn a_missing_property_points_at_itself_and_the_checks_still_run() {
        assert_eq!(
            problems(ActionName::SendMessage, json!({"to_contact": "x@y.test"})),
            [("/message".to_owned(), "is required".to_owned())]
        );
        let found = problems(
            ActionName::SendMessage,
            json!({"message": "hi", "to_contact": "not-an-email"}),
        );
        assert_eq!(
            found,
            [(
                "/to_contact".to_owned(),
                "is not an email address".to_owned()
            )]
        );
    }

    #[test]
    fn the_checked_in_schemas_compile_once() {
        for name in ActionName::ALL {
            let first = name.compiled().unwrap() as *const CompiledSchema;
            let again = name.compiled().unwrap() as *const CompiledSchema;
            assert_eq!(first, again, "{}", name.as_str());
        }
    }
}
