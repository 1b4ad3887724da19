//! The mappings of groups and roles.

use asset_schema::Kind;

use super::{KindMapping, m};

/// `group`.
pub(super) const GROUP: KindMapping = KindMapping {
    kind: Kind::Group,
    source: "GET /groups `groups[]`, with every page of GET /groups/{groupId}/members `members[]`",
    key: "`id`; groups without an id are skipped with a warning",
    fields: &[
        m("id", "group_id", "as is"),
        m("name", "name", "as is"),
        m(
            "members[].id",
            "member_ids",
            "every page; blank dropped; sorted, each once",
        ),
        m(
            "members[]",
            "member_count",
            "the members listed (Zoom's `total_members` is not trusted: it can lag)",
        ),
    ],
};

/// `role`.
pub(super) const ROLE: KindMapping = KindMapping {
    kind: Kind::Role,
    source: "GET /roles `roles[]`, GET /roles/{roleId} `privileges`, every page of GET /roles/{roleId}/members `members[]`",
    key: "`id`; roles without an id are skipped with a warning",
    fields: &[
        m("id", "role_id", "as is"),
        m(
            "id",
            "is_custom",
            "false for Zoom's built-in 0 (Owner), 1 (Admin), 2 (Member)",
        ),
        m("name", "name", "as is"),
        m("description", "description", "as is"),
        m(
            "GET /roles/{roleId} privileges",
            "privileges",
            "sorted, each once",
        ),
        m(
            "members[].id",
            "member_ids",
            "every page; blank dropped; sorted, each once",
        ),
        m("members[]", "member_count", "the members listed"),
    ],
};
