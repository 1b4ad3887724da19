//! Roles: the built-in Owner, Admin and Member, a few custom roles per account
//! (GET /roles), their privileges (GET /roles/{roleId}) and which users hold a
//! custom role. A role is known by its index: 0 Owner, 1 Admin, 2 Member, then
//! the custom roles from [`FIRST_CUSTOM`] on.

use serde_json::{Value, json};

use super::Account;
use crate::config::Counts;
use crate::rng::{Gen, Stream, ident, parse_ident};

/// The account owner's role (id `"0"`).
pub(crate) const OWNER: u8 = 0;
/// The built-in Admin role (id `"1"`).
pub(crate) const ADMIN: u8 = 1;
/// The built-in Member role (id `"2"`), every user's unless another is given.
pub(crate) const MEMBER: u8 = 2;
/// The index of the first custom role: custom role `k` has index `FIRST_CUSTOM + k`.
pub(crate) const FIRST_CUSTOM: u8 = 3;

/// The share of Members with an id who hold a custom role instead.
const CUSTOM_SHARE: f64 = 0.05;

/// A role's fixed facts.
struct RoleDef {
    name: &'static str,
    description: &'static str,
    privileges: &'static [&'static str],
}

/// Zoom's privilege strings (as the methods spec's `x-permissions` name them).
const OWNER_PRIVILEGES: &[&str] = &[
    "AccountProfile:Edit",
    "AccountSetting:Read",
    "AccountSetting:Edit",
    "User:Read",
    "User:Edit",
    "Group:Read",
    "Group:Edit",
    "Role:Read",
    "Role:Edit",
    "Recording:Read",
    "Recording:Edit",
    "UsageReport:Read",
    "DashboardMeetings:Read",
    "DashboardWebinars:Read",
    "DashboardZR:Read",
    "DashboardIM:Read",
    "ZoomRooms:Read",
    "ZoomRooms:Edit",
    "RoomConnector:Read",
    "SipPhone:Read",
    "SipPhone:Edit",
    "ChatMessage:Read",
    "ChatMessage:Edit",
    "ChatChannel:Read",
    "ChatChannel:Edit",
    "MarketPlace:Read",
    "MarketPlace:Edit",
    "MobileDeviceManagement:Read",
    "SubAccount:Read",
    "SubAccount:Edit",
];

/// What the owner may do and an admin may not: edit the account profile,
/// roles and sub accounts, and edit Marketplace apps.
const OWNER_ONLY: &[&str] = &[
    "AccountProfile:Edit",
    "Role:Edit",
    "SubAccount:Edit",
    "MarketPlace:Edit",
];

const BUILT_IN: [RoleDef; 3] = [
    RoleDef {
        name: "Owner",
        description: "Account owner has full privileges to access and manage a Zoom account.",
        privileges: OWNER_PRIVILEGES,
    },
    RoleDef {
        name: "Admin",
        description: "Admins have wide-ranging privileges to access and manage a Zoom account.",
        // The owner's, less OWNER_ONLY (see `privileges`).
        privileges: OWNER_PRIVILEGES,
    },
    RoleDef {
        name: "Member",
        description: "Members have access to basic Zoom video meeting functions but no account management privileges.",
        privileges: &[],
    },
];

/// The custom roles an account draws from (names unique).
const CUSTOM: [RoleDef; 8] = [
    RoleDef {
        name: "Help Desk",
        description: "Support staff: look up users and fix their profiles.",
        privileges: &[
            "User:Read",
            "User:Edit",
            "Group:Read",
            "ZoomRooms:Read",
            "DashboardMeetings:Read",
        ],
    },
    RoleDef {
        name: "Auditor",
        description: "Read-only access to users, groups, settings, reports and recordings.",
        privileges: &[
            "User:Read",
            "Group:Read",
            "AccountSetting:Read",
            "UsageReport:Read",
            "Recording:Read",
        ],
    },
    RoleDef {
        name: "Billing Admin",
        description: "Manages the plans and sub accounts.",
        privileges: &[
            "AccountProfile:Edit",
            "SubAccount:Read",
            "SubAccount:Edit",
            "UsageReport:Read",
        ],
    },
    RoleDef {
        name: "Room Manager",
        description: "Manages Zoom Rooms and their devices.",
        privileges: &[
            "ZoomRooms:Read",
            "ZoomRooms:Edit",
            "DashboardZR:Read",
            "RoomConnector:Read",
            "SipPhone:Read",
        ],
    },
    RoleDef {
        name: "Security Officer",
        description: "Reviews and enforces the account's security settings.",
        privileges: &[
            "User:Read",
            "AccountSetting:Read",
            "AccountSetting:Edit",
            "UsageReport:Read",
            "MobileDeviceManagement:Read",
        ],
    },
    RoleDef {
        name: "Recording Manager",
        description: "Manages cloud recordings.",
        privileges: &[
            "User:Read",
            "Recording:Read",
            "Recording:Edit",
            "UsageReport:Read",
        ],
    },
    RoleDef {
        name: "Chat Moderator",
        description: "Moderates Team Chat channels and messages.",
        privileges: &[
            "User:Read",
            "ChatMessage:Read",
            "ChatMessage:Edit",
            "ChatChannel:Read",
            "ChatChannel:Edit",
        ],
    },
    RoleDef {
        name: "Webinar Coordinator",
        description: "Follows webinars and their attendance.",
        privileges: &[
            "User:Read",
            "Group:Read",
            "DashboardWebinars:Read",
            "UsageReport:Read",
        ],
    },
];

/// The number of custom roles: 2 up to 799 users, one more each time the
/// users quadruple (small 2, medium 4, large 6), at most 8.
pub(crate) fn custom_roles(counts: Counts) -> u64 {
    let steps = u64::from((counts.users / 200).max(1).ilog2() / 2);
    (2 + steps).min(CUSTOM.len() as u64)
}

/// The number of roles, built-in and custom.
pub(crate) fn role_count(counts: Counts) -> u64 {
    u64::from(FIRST_CUSTOM) + custom_roles(counts)
}

/// The role of user `i` given its built-in role: about 5 % of the non-owner
/// users with an id hold a custom role instead. They are drawn among the
/// Members (so the admins stay as they were), with their own generator (so
/// nothing else about the user changes).
pub(crate) fn assign(seed: u64, counts: Counts, i: u64, built_in: u8, has_id: bool) -> u8 {
    if built_in != MEMBER || !has_id {
        return built_in;
    }
    let mut g = Gen::new(seed ^ 0x524f_4c45, Stream::Role, i);
    if g.chance(CUSTOM_SHARE) {
        let k = g.below(custom_roles(counts));
        FIRST_CUSTOM + u8::try_from(k).unwrap_or(0)
    } else {
        built_in
    }
}

/// The definition of role `r` (custom roles rotate through the list by seed).
fn def(acc: &Account, r: u8) -> &'static RoleDef {
    match r.checked_sub(FIRST_CUSTOM) {
        None => &BUILT_IN[usize::from(r).min(BUILT_IN.len() - 1)],
        Some(k) => {
            let offset = Gen::new(acc.seed, Stream::Role, 0).below(CUSTOM.len() as u64) as usize;
            &CUSTOM[(offset + usize::from(k)) % CUSTOM.len()]
        }
    }
}

/// The id of role `r`: `"0"`, `"1"`, `"2"` for the built-in ones, a
/// Zoom-style random-looking id for custom roles.
pub(crate) fn role_id(acc: &Account, r: u8) -> String {
    match r.checked_sub(FIRST_CUSTOM) {
        None => r.to_string(),
        Some(k) => ident(acc.seed, Stream::Role, u64::from(k)),
    }
}

/// The name of role `r`.
pub(crate) fn role_name(acc: &Account, r: u8) -> &'static str {
    def(acc, r).name
}

/// Finds a role by id.
pub(crate) fn find_role(acc: &Account, id: &str) -> Option<u8> {
    match id {
        "0" => Some(OWNER),
        "1" => Some(ADMIN),
        "2" => Some(MEMBER),
        _ => parse_ident(acc.seed, Stream::Role, id)
            .filter(|&k| k < custom_roles(acc.counts))
            .and_then(|k| u8::try_from(k).ok())
            .map(|k| FIRST_CUSTOM + k),
    }
}

/// Every role index of the account, built-in first.
pub(crate) fn all(acc: &Account) -> std::ops::Range<u8> {
    let n = u8::try_from(role_count(acc.counts)).unwrap_or(u8::MAX);
    0..n
}

/// One entry of GET /roles (members as given).
pub(crate) fn role_json(acc: &Account, r: u8, members: u64) -> Value {
    let d = def(acc, r);
    json!({
        "id": role_id(acc, r),
        "name": d.name,
        "description": d.description,
        "type": "common",
        "total_members": members,
    })
}

/// The privileges of role `r`: its definition's, and for Admin the owner's
/// less [`OWNER_ONLY`].
fn privileges(acc: &Account, r: u8) -> Vec<&'static str> {
    let listed = def(acc, r).privileges.iter().copied();
    if r == ADMIN {
        listed.filter(|p| !OWNER_ONLY.contains(p)).collect()
    } else {
        listed.collect()
    }
}

/// GET /roles/{roleId} (members as given).
pub(crate) fn role_detail_json(acc: &Account, r: u8, members: u64) -> Value {
    let mut v = role_json(acc, r, members);
    v["privileges"] = json!(privileges(acc, r));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Size;

    #[test]
    fn custom_roles_scale_mildly_and_resolve() {
        assert_eq!(custom_roles(Size::Small.counts()), 2);
        assert_eq!(custom_roles(Size::Medium.counts()), 4);
        assert_eq!(custom_roles(Size::Large.counts()), 6);
        let acc = crate::model::tests::small();
        let names: std::collections::BTreeSet<&str> =
            all(&acc).map(|r| role_name(&acc, r)).collect();
        assert_eq!(names.len() as u64, role_count(acc.counts), "unique names");
        for r in all(&acc) {
            assert_eq!(find_role(&acc, &role_id(&acc, r)), Some(r));
        }
        assert_eq!(find_role(&acc, "3"), None);
        assert_eq!(find_role(&acc, &ident(acc.seed, Stream::Role, 2)), None);
        assert_eq!(role_id(&acc, FIRST_CUSTOM).len(), 22);
    }

    #[test]
    fn about_five_percent_hold_a_custom_role_on_medium() {
        let acc = crate::model::Account::new(1, Size::Medium.counts(), chrono::Utc::now());
        let with_id: usize = acc.users_by_role.iter().map(Vec::len).sum();
        let custom = &acc.users_by_role[usize::from(FIRST_CUSTOM)..];
        let holders: usize = custom.iter().map(Vec::len).sum();
        assert_eq!(custom.len(), 4);
        assert!(
            custom.iter().all(|v| !v.is_empty()),
            "every custom role is held"
        );
        let share = holders as f64 / (with_id - 1) as f64;
        assert!((0.04..0.06).contains(&share), "{holders} of {with_id}");
        assert_eq!(acc.users_by_role[usize::from(OWNER)], vec![0]);
    }
}
