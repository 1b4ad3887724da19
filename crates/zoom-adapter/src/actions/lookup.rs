//! Read-only look-ups an action makes before it changes anything (the dry
//! run makes the same ones): a group by id or exact name (GET /groups, once
//! per run) and a user by id or email (GET /users/{userId}, each time: a
//! user changed by an earlier element is read fresh).

use futures::TryStreamExt;
use zoom_api::{ErrorKind, Group, User};

use super::ActionError;
use super::runner::Runner;

/// What a run has read once.
#[derive(Default)]
pub(super) struct Lookups {
    groups: Option<Vec<Group>>,
}

/// A group named in params, once looked up.
pub(super) enum GroupLookup {
    /// Its id and name.
    Found { id: String, name: String },
    /// Why it is not one group (unknown or ambiguous).
    Missing(String),
    /// The groups could not be listed (the target fails with this error,
    /// never as `group_not_found`).
    Failed(zoom_api::Error),
}

/// A user named in params, looked up.
pub(super) enum UserLookup {
    /// The user as Zoom has it now.
    Found(Box<User>),
    /// No user has that id or email.
    Missing(String),
    /// The look-up failed for another reason (the target fails with it).
    Failed(zoom_api::Error),
}

impl Runner<'_> {
    /// Looks a group up by id or exact name.
    pub(super) async fn group(&mut self, spec: &str) -> Result<GroupLookup, ActionError> {
        if self.lookups.groups.is_none() {
            match self.client.groups().list().try_collect::<Vec<_>>().await {
                Ok(groups) => self.lookups.groups = Some(groups),
                Err(err) => {
                    self.check_fatal(&err)?;
                    return Ok(GroupLookup::Failed(err));
                }
            }
        }
        let groups = self.lookups.groups.as_deref().unwrap_or_default();
        if let Some(group) = groups.iter().find(|g| g.id.as_deref() == Some(spec)) {
            return Ok(GroupLookup::Found {
                id: spec.to_owned(),
                name: group.name.clone().unwrap_or_else(|| spec.to_owned()),
            });
        }
        let named: Vec<&Group> = groups
            .iter()
            .filter(|g| g.name.as_deref() == Some(spec))
            .collect();
        Ok(match named.as_slice() {
            [one] => GroupLookup::Found {
                id: one.id.clone().unwrap_or_default(),
                name: spec.to_owned(),
            },
            [] => {
                let close = groups
                    .iter()
                    .filter_map(|g| g.name.as_deref())
                    .find(|name| name.eq_ignore_ascii_case(spec) || strsim_close(name, spec));
                GroupLookup::Missing(match close {
                    Some(name) => format!(
                        "no group has the id or the exact name {spec:?} (did you mean {name:?}?)"
                    ),
                    None => format!("no group has the id or the exact name {spec:?}"),
                })
            }
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

    /// Looks a user up by id or email.
    pub(super) async fn user(&mut self, spec: &str) -> Result<UserLookup, ActionError> {
        match self.client.users().get(spec).await {
            Ok(user) => Ok(UserLookup::Found(Box::new(user))),
            Err(err) if err.kind() == ErrorKind::NotFound || err.zoom_code() == Some("1001") => {
                Ok(UserLookup::Missing(format!(
                    "no user of this account has the id or email {spec:?}"
                )))
            }
            Err(err) => {
                self.check_fatal(&err)?;
                Ok(UserLookup::Failed(err))
            }
        }
    }
}

/// Whether two group names differ by at most two edits (a typo).
fn strsim_close(a: &str, b: &str) -> bool {
    strsim::levenshtein(&a.to_lowercase(), &b.to_lowercase()) <= 2
}
