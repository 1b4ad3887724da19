//! The mappings of the Zoom SaaS application and the account.

use asset_schema::Kind;

use super::{KindMapping, m};

/// `saas_application`.
pub(super) const SAAS_APPLICATION: KindMapping = KindMapping {
    kind: Kind::SaasApplication,
    source: "the users read, GET /accounts/me/plans/usage, GET /accounts/me/settings",
    key: "`zoom`",
    fields: &[
        m("—", "name", "`Zoom`"),
        m("—", "vendor", "`Zoom Video Communications`"),
        m(
            "— (the `zoom_plan` setting, or the tier Zoom's answers proved with `auto`)",
            "plan",
            "`free`, `pro` or `business`; absent when `auto` proved none",
        ),
        m(
            "—",
            "plan_source",
            "`configured` or `observed` (the tier is at least this one)",
        ),
        m(
            "plan_base[0].type",
            "billing_cycle",
            "as is (Zoom's `type` is a billing cycle such as `monthly`, not a tier)",
        ),
        m("plan_base[0].hosts", "seats_total", "as is"),
        m("plan_base[0].usage", "seats_used", "as is"),
        m("users by status", "users_active", "count"),
        m(
            "users by status",
            "users_inactive",
            "count, only when inactive users are listed",
        ),
        m(
            "users by status",
            "users_pending",
            "count, only when pending users are listed",
        ),
        m("role", "admins", "owners and admins"),
        m("type", "users_licensed", "type 2"),
        m(
            "security.sign_in_with_two_factor_auth",
            "two_factor_enforced",
            "`all` → true",
        ),
        m(
            "security.enforce_sso_login / only_allow_sso",
            "sso_enforced",
            "as is, when present",
        ),
        m("vanity URL", "url", "portal URL, else https://zoom.us"),
    ],
};

/// `account`.
pub(super) const ACCOUNT: KindMapping = KindMapping {
    kind: Kind::Account,
    source: "the connection's account id, GET /users/me, the portal URL, plan usage",
    key: "the account id",
    fields: &[
        m("account_id", "tenant_id", "from the connection"),
        m("GET /users/me account_number", "account_number", "as text"),
        m("portal_url", "vanity_url", "as is"),
        m(
            "GET /users/me email (when the owner)",
            "owner_email",
            "as is",
        ),
        m(
            "— (as for saas_application)",
            "plan",
            "`free`, `pro` or `business`",
        ),
        m("—", "plan_source", "`configured` or `observed`"),
        m("plan usage plan_base[0].type", "billing_cycle", "as is"),
        m(
            "GET /accounts/me/managed_domains",
            "managed_domains",
            "as is",
        ),
    ],
};
