//! Writes held as an overlay over the immutable generated account: added
//! users, deleted users, group membership changes, sent chat messages.
//! Memory grows with the number of writes, not with the account.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::model::users::{core, find, group_id, user_json};
use crate::model::{Account, Status, ts};

/// A user, base (generated) or added through POST /users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum UserRef {
    /// Base user index.
    Base(u64),
    /// Index into the added users.
    Added(usize),
}

/// A user created through POST /users.
#[derive(Debug, Clone)]
pub(crate) struct AddedUser {
    /// Id returned at creation.
    pub(crate) id: String,
    /// E-mail (lower-case).
    pub(crate) email: String,
    /// First name.
    pub(crate) first_name: String,
    /// Last name.
    pub(crate) last_name: String,
    /// User type.
    pub(crate) user_type: u64,
    /// `action=create` users stay pending (Zoom e-mails an invitation); the others are active.
    pub(crate) status: Status,
    /// Creation time.
    pub(crate) created_at: DateTime<Utc>,
    /// Deleted since.
    pub(crate) deleted: bool,
}

/// Every write so far.
#[derive(Debug, Default)]
pub(crate) struct Overlay {
    deleted: HashSet<u64>,
    deleted_by_status: [u64; 3],
    /// Added users, in creation order.
    pub(crate) added: Vec<AddedUser>,
    joined: HashMap<UserRef, BTreeSet<u64>>,
    left: HashMap<UserRef, BTreeSet<u64>>,
    group_delta: HashMap<u64, i64>,
    /// `(day, users created that day)` for the daily create cap.
    pub(crate) creates: (Option<NaiveDate>, u64),
    /// Chat messages sent.
    pub(crate) messages: Vec<Value>,
}

impl Overlay {
    /// Finds a live user by id or e-mail.
    pub(crate) fn find(&self, acc: &Account, key: &str) -> Option<UserRef> {
        if let Some(i) = find(acc, key) {
            return (!self.deleted.contains(&i)).then_some(UserRef::Base(i));
        }
        let lower = key.to_ascii_lowercase();
        self.added
            .iter()
            .position(|u| !u.deleted && (u.id == key || u.email == lower))
            .map(UserRef::Added)
    }

    /// True when the e-mail belongs to a live user.
    pub(crate) fn email_taken(&self, acc: &Account, email: &str) -> bool {
        self.find(acc, email).is_some()
    }

    /// Status of a user.
    pub(crate) fn status(&self, acc: &Account, u: UserRef) -> Status {
        match u {
            UserRef::Base(i) => core(acc.seed, acc.counts, i).status,
            UserRef::Added(a) => self.added.get(a).map_or(Status::Active, |x| x.status),
        }
    }

    /// Deletes a user.
    pub(crate) fn delete(&mut self, acc: &Account, u: UserRef) {
        match u {
            UserRef::Base(i) => {
                if self.deleted.insert(i) {
                    let s = core(acc.seed, acc.counts, i).status;
                    self.deleted_by_status[s as usize] += 1;
                    for g in self.groups_of(acc, u) {
                        *self.group_delta.entry(g).or_default() -= 1;
                    }
                }
            }
            UserRef::Added(a) => {
                let groups = self.groups_of(acc, u);
                if let Some(x) = self.added.get_mut(a)
                    && !x.deleted
                {
                    x.deleted = true;
                    for g in groups {
                        *self.group_delta.entry(g).or_default() -= 1;
                    }
                }
            }
        }
    }

    /// True when base user `i` was deleted.
    pub(crate) fn is_deleted(&self, i: u64) -> bool {
        self.deleted.contains(&i)
    }

    /// Number of live users of a status.
    pub(crate) fn count(&self, acc: &Account, s: Status) -> u64 {
        let base =
            acc.users_by_status[s as usize].len() as u64 - self.deleted_by_status[s as usize];
        base + self
            .added
            .iter()
            .filter(|u| !u.deleted && u.status == s)
            .count() as u64
    }

    /// The groups of a user, after membership changes.
    pub(crate) fn groups_of(&self, acc: &Account, u: UserRef) -> BTreeSet<u64> {
        let mut set: BTreeSet<u64> = match u {
            UserRef::Base(i) => core(acc.seed, acc.counts, i)
                .groups
                .iter()
                .flatten()
                .map(|&g| u64::from(g))
                .collect(),
            UserRef::Added(_) => BTreeSet::new(),
        };
        if let Some(j) = self.joined.get(&u) {
            set.extend(j);
        }
        if let Some(l) = self.left.get(&u) {
            set.retain(|g| !l.contains(g));
        }
        set
    }

    /// Adds a user to a group; false when already a member.
    pub(crate) fn join(&mut self, acc: &Account, u: UserRef, g: u64) -> bool {
        if self.groups_of(acc, u).contains(&g) {
            return false;
        }
        self.left.entry(u).or_default().remove(&g);
        self.joined.entry(u).or_default().insert(g);
        *self.group_delta.entry(g).or_default() += 1;
        true
    }

    /// Removes a user from a group; false when not a member.
    pub(crate) fn leave(&mut self, acc: &Account, u: UserRef, g: u64) -> bool {
        if !self.groups_of(acc, u).contains(&g) {
            return false;
        }
        self.joined.entry(u).or_default().remove(&g);
        self.left.entry(u).or_default().insert(g);
        *self.group_delta.entry(g).or_default() -= 1;
        true
    }

    /// Members of group `g` now.
    pub(crate) fn members(&self, acc: &Account, g: u64) -> u64 {
        let base = acc.group_members.get(g as usize).copied().unwrap_or(0) as i64;
        (base + self.group_delta.get(&g).copied().unwrap_or(0)).max(0) as u64
    }

    /// The JSON of a user, with its current groups (`detail` for GET /users/{id}).
    pub(crate) fn user_json(&self, acc: &Account, u: UserRef, detail: bool) -> Value {
        let mut v = match u {
            UserRef::Base(i) => user_json(acc, i, detail),
            UserRef::Added(a) => match self.added.get(a) {
                Some(x) => {
                    let mut o = serde_json::Map::new();
                    if x.status != Status::Pending {
                        o.insert("id".into(), json!(x.id));
                    }
                    o.insert("first_name".into(), json!(x.first_name));
                    o.insert("last_name".into(), json!(x.last_name));
                    o.insert("email".into(), json!(x.email));
                    o.insert("type".into(), json!(x.user_type));
                    o.insert("timezone".into(), json!(""));
                    o.insert("verified".into(), json!(0));
                    o.insert("dept".into(), json!(""));
                    o.insert("created_at".into(), json!(ts(x.created_at)));
                    o.insert("language".into(), json!(""));
                    o.insert("phone_number".into(), json!(""));
                    o.insert("status".into(), json!(x.status.as_str()));
                    o.insert("role_id".into(), json!("2"));
                    o.insert("group_ids".into(), json!([]));
                    o.insert("im_group_ids".into(), json!([]));
                    if detail {
                        o.insert("account_id".into(), json!(acc.account_id));
                    }
                    Value::Object(o)
                }
                None => Value::Null,
            },
        };
        let changed = self.joined.get(&u).is_some_and(|s| !s.is_empty())
            || self.left.get(&u).is_some_and(|s| !s.is_empty());
        if changed {
            let ids: Vec<String> = self
                .groups_of(acc, u)
                .into_iter()
                .map(|g| group_id(acc, g))
                .collect();
            v["group_ids"] = json!(ids);
        }
        v
    }
}
