//! The mappings of users, their licenses, and account and user settings.

use asset_schema::Kind;

use super::{KindMapping, m};

/// `user`.
pub(super) const USER: KindMapping = KindMapping {
    kind: Kind::User,
    source: "GET /users?status=active (and status=inactive with `fetch_inactive_users`); GET /groups for names",
    key: "`id`; pending users have none and are not user records (the SaaS record counts them)",
    fields: &[
        m("id", "user_id", "as is"),
        m("email", "email", "as is"),
        m("first_name", "first_name", "as is"),
        m("last_name", "last_name", "as is"),
        m(
            "display_name, else first_name + last_name",
            "display_name",
            "joined with a space",
        ),
        m("status", "status", "active/inactive/pending; others kept"),
        m(
            "type",
            "license_type",
            "1 basic, 2 licensed, 3 on_prem, 99 none; others kept as text",
        ),
        m(
            "role_name, else role_id",
            "role",
            "role ids 0/1/2 → Owner/Admin/Member; custom role ids kept",
        ),
        m("role", "is_admin", "Owner or Admin"),
        m("dept", "department", "as is"),
        m("job_title", "job_title", "as is"),
        m(
            "group_ids",
            "groups",
            "ids → names from GET /groups; unknown ids kept; sorted",
        ),
        m("created_at (user_created_at)", "created_at", "RFC 3339 UTC"),
        m(
            "last_login_time + latest meeting join",
            "last_logon",
            "later of the two; the join only with `enrich_last_logon_from_meetings` and within 30 days",
        ),
        m(
            "which of the two",
            "last_logon_source",
            "`sign_in` (last_login_time, also on a tie) or `meeting_join`",
        ),
        m("last_client_version", "last_client_version", "as is"),
        m("timezone", "timezone", "as is"),
        m("employee_unique_id", "employee_id", "as is"),
        m("verified", "is_verified", "1 → true, 0 → false"),
        m("manager", "manager_email", "as is"),
        m("location", "location", "as is"),
    ],
};

/// `license`.
pub(super) const LICENSE: KindMapping = KindMapping {
    kind: Kind::License,
    source: "GET /accounts/me/plans/usage (one per plan line) and the `feature` section of GET /users/{userId}/settings (one per feature held)",
    key: "`account:<section>:<type>` for plans, `user:<user id>:<feature>` for user licenses",
    fields: &[
        m(
            "plan name, else section",
            "name",
            "plan_base → Meetings, plan_zoom_rooms → Zoom Rooms, plan_webinar → Webinars, plan_large_meeting → Large Meetings, plan_united → its name; features → Large Meetings, Webinars, Zoom Events, Zoom Phone",
        ),
        m("type / feature key", "license_type", "as is"),
        m("—", "scope", "`account` or `user`"),
        m("hosts", "seats_total", "as is"),
        m("usage", "seats_used", "as is"),
        m(
            "large_meeting_capacity, webinar_capacity",
            "capacity",
            "as is",
        ),
        m("user email", "assigned_to", "as is"),
        m("user id", "user_id", "as is"),
        m(
            "portal billing plan status",
            "status",
            "from the web portal, matched on the plan type",
        ),
        m(
            "portal billing_cycle",
            "billing_cycle",
            "from the web portal",
        ),
        m(
            "portal start_date",
            "starts_on",
            "from the web portal, a date",
        ),
        m(
            "portal next_billing_date",
            "renews_on",
            "from the web portal, a date",
        ),
        m("portal auto_renew", "auto_renew", "from the web portal"),
    ],
};

/// `account_setting`.
pub(super) const ACCOUNT_SETTING: KindMapping = KindMapping {
    kind: Kind::AccountSetting,
    source: "GET /accounts/me/settings",
    key: "the dotted path (`security.sign_in_with_two_factor_auth`)",
    fields: &[
        m(
            "each leaf",
            "path",
            "object keys joined with dots; arrays are leaves; null and \"\" skipped",
        ),
        m("each leaf", "value", "as is"),
        m("top-level section", "category", "first path element"),
        m("—", "scope", "`account`"),
        m(
            "portal lock state of the same section and name",
            "locked",
            "from the web portal, when it is read",
        ),
    ],
};

/// `user_setting`.
pub(super) const USER_SETTING: KindMapping = KindMapping {
    kind: Kind::UserSetting,
    source: "GET /users/{userId}/settings for each user; by default (`user_settings: differing`) only the leaves that differ from GET /accounts/me/settings",
    key: "`<user id>:<dotted path>` (`<user id>:*` for a user none of whose leaves differs)",
    fields: &[
        m(
            "each leaf",
            "path",
            "as for account settings; `*` when every leaf equals the account's",
        ),
        m(
            "each leaf",
            "value",
            "as is; at `*`, the number of leaves the user inherits",
        ),
        m("top-level section", "category", "first path element"),
        m("—", "scope", "`user`"),
        m("user email", "user_email", "as is"),
        m("user id", "user_id", "as is"),
        m(
            "the user's leaves equal to the account's",
            "inherited_leaves",
            "their count, on each emitted leaf (`differing` only)",
        ),
    ],
};
