//! The field-mapping tables of `docs/normalization.md`: for each kind, which
//! Zoom field becomes which record field, and how. The document is generated
//! from [`MAPPINGS`]; a test checks that every field the mappers emit is listed.

use asset_schema::Kind;

/// One row: Zoom field(s) → record field, with the transform.
#[derive(Debug, Clone, Copy)]
pub struct FieldMapping {
    /// The Zoom field or fields (with the endpoint when it is not the kind's main one).
    pub zoom: &'static str,
    /// The record field under `fields`.
    pub field: &'static str,
    /// What happens on the way.
    pub transform: &'static str,
}

/// The mapping of one kind.
#[derive(Debug, Clone, Copy)]
pub struct KindMapping {
    /// The kind.
    pub kind: Kind,
    /// Where the objects come from.
    pub source: &'static str,
    /// How the record's id key is made.
    pub key: &'static str,
    /// The rows.
    pub fields: &'static [FieldMapping],
}

const fn m(zoom: &'static str, field: &'static str, transform: &'static str) -> FieldMapping {
    FieldMapping {
        zoom,
        field,
        transform,
    }
}

/// Every kind's mapping, in `Kind::ALL` order.
pub const MAPPINGS: &[KindMapping] = &[
    KindMapping {
        kind: Kind::H323Device,
        source: "GET /h323/devices `devices[]`",
        key: "`id`; devices without an id are skipped with a warning",
        fields: &[
            m("name", "name", "trimmed; blank → absent"),
            m(
                "ip",
                "ip_addresses",
                "parsed as IP addresses; labels dropped; invalid → warning",
            ),
            m("protocol", "device_type", "as is (H.323 or SIP)"),
            m("protocol", "protocol", "as is"),
            m("encryption", "encryption", "as is (auto, yes, no)"),
        ],
    },
    KindMapping {
        kind: Kind::ZoomRoom,
        source: "GET /rooms `rooms[]`, merged with GET /metrics/zoomrooms `zoom_rooms[]` where dashboard `id` = room `room_id`",
        key: "`room_id`, else `id`",
        fields: &[
            m("name (dashboard room_name)", "name", "room name"),
            m("name", "room_name", "room name"),
            m("room_id (id)", "room_id", "as is"),
            m("—", "device_type", "always `Zoom Room`"),
            m(
                "status (dashboard status)",
                "status",
                "Offline/Available/InMeeting/UnderConstruction → snake case; others kept",
            ),
            m(
                "dashboard device_ip",
                "ip_addresses",
                "every address in the field (`Computer : 10.0.0.1` → 10.0.0.1)",
            ),
            m("dashboard health", "health", "as is"),
            m("dashboard issues", "issues", "blank entries dropped"),
            m("dashboard calender_name (sic)", "calendar_name", "as is"),
            m(
                "dashboard account_type",
                "account_type",
                "as is; `skip_service_accounts` drops rooms whose type contains \"service account\"",
            ),
            m("dashboard email", "owner_email", "as is"),
            m("dashboard location", "location", "as is"),
            m("dashboard last_start_time", "last_seen", "RFC 3339 UTC"),
        ],
    },
    KindMapping {
        kind: Kind::ZoomRoomDevice,
        source: "GET /rooms/{roomId}/devices `devices[]` for each room of GET /rooms",
        key: "`id`, else `<room_id>/<device_type>`",
        fields: &[
            m(
                "room_name + device_type",
                "name",
                "`<room> - <device type>`",
            ),
            m("device_type", "device_type", "as is"),
            m(
                "device_system",
                "os_name",
                "as is (Zoom gives one string for OS and build)",
            ),
            m("app_version", "app_version", "as is"),
            m(
                "status",
                "status",
                "Online/Offline → online/offline; others kept",
            ),
            m(
                "room_name (room name)",
                "room_name",
                "device's, else the room's",
            ),
            m("room room_id", "room_id", "the parent room's id"),
        ],
    },
    KindMapping {
        kind: Kind::MeetingDevice,
        source: "GET /metrics/meetings?type=past (windows of ≤ 1 month over `meeting_days`), then GET /metrics/meetings/{uuid}/participants for each meeting",
        key: "`mac:<aa:bb:cc:dd:ee:ff>` when `mac_addr` is a real MAC, else `host:<pc_name>\\<domain>` lower-cased; rows with neither are not devices",
        fields: &[
            m("pc_name", "name", "latest non-blank"),
            m("pc_name", "hostname", "latest non-blank (by join_time)"),
            m("domain", "domain", "latest non-blank"),
            m(
                "mac_addr",
                "mac_addresses",
                "any format → `aa:bb:cc:dd:ee:ff`; zeros and broadcast ignored",
            ),
            m(
                "ip_address",
                "ip_addresses",
                "every address seen, sorted, at most 16",
            ),
            m(
                "device",
                "os_name",
                "latest (Windows, Mac, iOS, Android, Phone, H.323/SIP)",
            ),
            m("—", "device_type", "always `Zoom client`"),
            m("version", "app_version", "latest Zoom client version"),
            m("join_time", "first_seen", "earliest join"),
            m("join_time", "last_seen", "latest join"),
            m(
                "email",
                "owner_email",
                "email of the latest join that has one",
            ),
            m("location", "location", "latest"),
            m("network_type", "network_type", "latest"),
            m(
                "meeting uuid",
                "meeting_count",
                "distinct meetings the device joined in the window",
            ),
        ],
    },
    KindMapping {
        kind: Kind::ManagedDevice,
        source: "GET /devices `devices[]` (Zoom Device Management)",
        key: "`device_id`",
        fields: &[
            m("device_name", "name", "as is"),
            m(
                "mac_address",
                "mac_addresses",
                "normalized; invalid → warning",
            ),
            m("serial_number", "serial_number", "as is"),
            m("vendor", "vendor", "as is"),
            m("model", "model", "as is"),
            m(
                "platform_os",
                "os_name",
                "win/mac/ipad/iphone/android/linux → Windows/macOS/iPadOS/iOS/Android/Linux",
            ),
            m("app_version", "app_version", "as is"),
            m(
                "device_type",
                "device_type",
                "0–6 → Zoom Rooms Computer, Controller, Scheduling Display, Zoom Rooms Control System, Zoom Rooms Whiteboard, Zoom Phone Appliance, Zoom Rooms Computer (with Controller)",
            ),
            m(
                "device_status",
                "status",
                "1 → online, 0 → offline, -1 → absent",
            ),
            m("last_online", "last_seen", "RFC 3339 UTC"),
            m("user_email", "owner_email", "as is"),
            m("room_name", "room_name", "as is"),
            m("room_id", "room_id", "as is"),
            m("enrolled_in_zdm", "is_managed", "as is"),
            m("connected_to_zdm", "is_connected", "as is"),
        ],
    },
    KindMapping {
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
            m("last_client_version", "last_client_version", "as is"),
            m("timezone", "timezone", "as is"),
            m("employee_unique_id", "employee_id", "as is"),
            m("verified", "is_verified", "1 → true, 0 → false"),
            m("manager", "manager_email", "as is"),
            m("location", "location", "as is"),
        ],
    },
    KindMapping {
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
    },
    KindMapping {
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
    },
    KindMapping {
        kind: Kind::UserSetting,
        source: "GET /users/{userId}/settings for each user",
        key: "`<user id>:<dotted path>`",
        fields: &[
            m("each leaf", "path", "as for account settings"),
            m("each leaf", "value", "as is"),
            m("top-level section", "category", "first path element"),
            m("—", "scope", "`user`"),
            m("user email", "user_email", "as is"),
            m("user id", "user_id", "as is"),
        ],
    },
    KindMapping {
        kind: Kind::OperationLog,
        source: "GET /report/operationlogs (windows of ≤ 1 month)",
        key: "hash of time, operator, category_type, action, operation_detail (entries have no id)",
        fields: &[
            m("time", "time", "RFC 3339 UTC"),
            m("operator", "actor", "as is"),
            m("action", "action", "as is"),
            m("category_type", "category", "lower-cased"),
            m("operation_detail", "details", "as is"),
        ],
    },
    KindMapping {
        kind: Kind::SignInActivity,
        source: "GET /report/activities (windows of ≤ 1 month)",
        key: "hash of time, email, type, ip_address",
        fields: &[
            m("time", "time", "RFC 3339 UTC"),
            m("email", "actor", "as is"),
            m("type", "action", "Sign in / Sign out"),
            m("—", "category", "`sign_in`"),
            m("ip_address", "ip_address", "parsed; invalid → absent"),
            m("client_type + version", "client", "joined with a space"),
        ],
    },
    KindMapping {
        kind: Kind::RecordingDownload,
        source: "GET /report/operationlogs entries whose category_type is `recording` and whose action (or the start of operation_detail) says download",
        key: "as for operation logs",
        fields: &[
            m("time", "time", "RFC 3339 UTC"),
            m("operator", "actor", "who downloaded"),
            m("action", "action", "as is"),
            m("category_type", "category", "`recording`"),
            m("operation_detail", "details", "names the recording"),
        ],
    },
    KindMapping {
        kind: Kind::SaasApplication,
        source: "the users read, GET /accounts/me/plans/usage, GET /accounts/me/settings",
        key: "`zoom`",
        fields: &[
            m("—", "name", "`Zoom`"),
            m("—", "vendor", "`Zoom Video Communications`"),
            m("plan_base[0].type", "plan", "as is"),
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
    },
    KindMapping {
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
            m("plan", "plan", "as is"),
            m(
                "GET /accounts/me/managed_domains",
                "managed_domains",
                "as is",
            ),
        ],
    },
];

/// `docs/normalization.md`, generated from [`MAPPINGS`] and the rules above it.
pub fn normalization_doc() -> String {
    let mut doc = String::from(include_str!("normalization_intro.md"));
    for mapping in MAPPINGS {
        doc.push_str(&format!(
            "\n### `{}`\n\nSource: {}.\n\nId key: {}.\n\n| Zoom field | Record field | Transform |\n|---|---|---|\n",
            mapping.kind, mapping.source, mapping.key
        ));
        for row in mapping.fields {
            doc.push_str(&format!(
                "| {} | `{}` | {} |\n",
                row.zoom,
                row.field,
                row.transform.replace('|', "\\|")
            ));
        }
    }
    doc
}
