//! Writes held as an overlay over the immutable generated account: added
//! users, deleted users, group membership changes, sent chat messages.
//! Memory grows with the number of writes, not with the account. Group and
//! role members are the live users with an id (pending users are members of
//! nothing); the member counts follow every write.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::model::roles::MEMBER;
use crate::model::users::{core, find, group_id, user_json};
use crate::model::{Account, Status, ts};
use crate::truth::Directory;

/// A user, base (generated) or added through POST /users (base users first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// Deleted base users with an id, per role index.
    deleted_by_role: HashMap<u8, u64>,
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
                    let c = core(acc.seed, acc.counts, i);
                    self.deleted_by_status[c.status as usize] += 1;
                    if c.status != Status::Pending {
                        *self.deleted_by_role.entry(c.role).or_default() += 1;
                        for g in self.groups_of(acc, u) {
                            *self.group_delta.entry(g).or_default() -= 1;
                        }
                    }
                }
            }
            UserRef::Added(a) => {
                let groups = self.groups_of(acc, u);
                if let Some(x) = self.added.get_mut(a)
                    && !x.deleted
                {
                    x.deleted = true;
                    if x.status != Status::Pending {
                        for g in groups {
                            *self.group_delta.entry(g).or_default() -= 1;
                        }
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
        if self.status(acc, u) != Status::Pending {
            *self.group_delta.entry(g).or_default() += 1;
        }
        true
    }

    /// Removes a user from a group; false when not a member.
    pub(crate) fn leave(&mut self, acc: &Account, u: UserRef, g: u64) -> bool {
        if !self.groups_of(acc, u).contains(&g) {
            return false;
        }
        self.joined.entry(u).or_default().remove(&g);
        self.left.entry(u).or_default().insert(g);
        if self.status(acc, u) != Status::Pending {
            *self.group_delta.entry(g).or_default() -= 1;
        }
        true
    }

    /// Members of group `g` now.
    pub(crate) fn members(&self, acc: &Account, g: u64) -> u64 {
        let base = acc.users_by_group.get(g as usize).map_or(0, Vec::len) as i64;
        (base + self.group_delta.get(&g).copied().unwrap_or(0)).max(0) as u64
    }

    /// True when `u` is not deleted.
    fn live(&self, u: UserRef) -> bool {
        match u {
            UserRef::Base(i) => !self.deleted.contains(&i),
            UserRef::Added(a) => self.added.get(a).is_some_and(|x| !x.deleted),
        }
    }

    /// True when `u` is listed among the members of group `g`: live, with an
    /// id (not pending) and in the group after membership changes.
    pub(crate) fn in_group(&self, acc: &Account, u: UserRef, g: u64) -> bool {
        self.live(u)
            && self.status(acc, u) != Status::Pending
            && self.groups_of(acc, u).contains(&g)
    }

    /// The users who joined group `g` through the overlay without being in it
    /// in the base data (base users first, each in index order); filter them
    /// with [`Overlay::in_group`].
    pub(crate) fn joined_group(&self, acc: &Account, g: u64) -> Vec<UserRef> {
        let mut v: Vec<UserRef> = self
            .joined
            .iter()
            .filter(|(u, groups)| {
                groups.contains(&g)
                    && match **u {
                        UserRef::Base(i) => !u32::try_from(g)
                            .is_ok_and(|g| core(acc.seed, acc.counts, i).groups.contains(&Some(g))),
                        UserRef::Added(_) => true,
                    }
            })
            .map(|(u, _)| *u)
            .collect();
        v.sort_unstable();
        v
    }

    /// True when `u` is listed among the members of role `r`: live, with an
    /// id and holding the role (users added here are Members).
    pub(crate) fn in_role(&self, acc: &Account, u: UserRef, r: u8) -> bool {
        let role = match u {
            UserRef::Base(i) => core(acc.seed, acc.counts, i).role,
            UserRef::Added(_) => MEMBER,
        };
        role == r && self.live(u) && self.status(acc, u) != Status::Pending
    }

    /// Members of role `r` now.
    pub(crate) fn role_members(&self, acc: &Account, r: u8) -> u64 {
        let base = acc.users_by_role.get(usize::from(r)).map_or(0, Vec::len) as u64;
        let gone = self.deleted_by_role.get(&r).copied().unwrap_or(0);
        let added = if r == MEMBER {
            self.added
                .iter()
                .filter(|x| !x.deleted && x.status != Status::Pending)
                .count() as u64
        } else {
            0
        };
        base.saturating_sub(gone) + added
    }

    /// Groups and roles as the endpoints list them now, summed (the truth's directory counts).
    pub(crate) fn directory(&self, acc: &Account) -> Directory {
        let roles = crate::model::roles::all(acc);
        Directory {
            groups: acc.counts.groups,
            roles: roles.len() as u64,
            group_membership: (0..acc.counts.groups).map(|g| self.members(acc, g)).sum(),
            role_membership: roles.map(|r| self.role_members(acc, r)).sum(),
        }
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
