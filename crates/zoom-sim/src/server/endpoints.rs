//! The endpoint table: for each route, its stats key, rate-limit category,
//! accepted scopes and minimum plan (docs/operations.md, "Endpoints served").

use crate::config::{Plan, ScopeFamily};

/// Zoom's rate-limit categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Category {
    /// Light.
    Light = 0,
    /// Medium.
    Medium = 1,
    /// Heavy.
    Heavy = 2,
    /// Resource-intensive.
    ResourceIntensive = 3,
}

impl Category {
    /// Zoom's label (the `X-RateLimit-Category` value).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Category::Light => "Light",
            Category::Medium => "Medium",
            Category::Heavy => "Heavy",
            Category::ResourceIntensive => "Resource-intensive",
        }
    }
}

/// Why a plan is needed (decides Zoom's error message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Any plan.
    None,
    /// A paid plan (Pro or higher): reports, account settings, rooms, groups, roles.
    Paid,
    /// Business or higher with the dashboard: the `/metrics` endpoints.
    Dashboard,
}

impl Gate {
    /// The lowest plan that passes.
    pub(crate) fn min_plan(self) -> Plan {
        match self {
            Gate::None => Plan::Free,
            Gate::Paid => Plan::Pro,
            Gate::Dashboard => Plan::Business,
        }
    }
}

/// One endpoint.
#[derive(Debug)]
pub(crate) struct Endpoint {
    /// Method.
    pub(crate) method: &'static str,
    /// The axum route under `/v2`.
    pub(crate) route: &'static str,
    /// Key in `/_sim/stats` (`"GET /users/{userId}"`).
    pub(crate) key: &'static str,
    /// Rate-limit category.
    pub(crate) category: Category,
    /// Any one of these classic scopes grants access; they are named in errors.
    pub(crate) scopes: &'static [&'static str],
    /// The granular scopes that grant access; empty where Zoom documents
    /// none (the classic ones then apply to granular apps too).
    pub(crate) granular: &'static [&'static str],
    /// Plan gate.
    pub(crate) gate: Gate,
}

use Category::{Heavy, Light, Medium, ResourceIntensive};

/// Every endpoint the simulator serves.
pub(crate) const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "GET",
        route: "/users",
        key: "GET /users",
        category: Medium,
        scopes: &["user:read:admin"],
        granular: &["user:read:list_users:admin"],
        gate: Gate::None,
    },
    Endpoint {
        method: "POST",
        route: "/users",
        key: "POST /users",
        category: Light,
        scopes: &["user:write:admin"],
        granular: &["user:write:user:admin"],
        gate: Gate::None,
    },
    Endpoint {
        method: "GET",
        route: "/users/{user_id}",
        key: "GET /users/{userId}",
        category: Light,
        scopes: &["user:read:admin", "user:read", "user_info:read"],
        granular: &["user:read:user:admin"],
        gate: Gate::None,
    },
    Endpoint {
        method: "DELETE",
        route: "/users/{user_id}",
        key: "DELETE /users/{userId}",
        category: Light,
        scopes: &["user:write:admin", "user:write"],
        granular: &["user:delete:user:admin"],
        gate: Gate::None,
    },
    Endpoint {
        method: "GET",
        route: "/users/{user_id}/settings",
        key: "GET /users/{userId}/settings",
        category: Medium,
        scopes: &["user:read:admin", "user:read"],
        granular: &["user:read:settings:admin"],
        gate: Gate::None,
    },
    Endpoint {
        method: "GET",
        route: "/groups",
        key: "GET /groups",
        category: Medium,
        scopes: &["group:read:admin"],
        granular: &["group:read:list_groups:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/groups/{group_id}/members",
        key: "GET /groups/{groupId}/members",
        category: Medium,
        scopes: &["group:read:admin", "group:write:admin"],
        granular: &["group:read:list_members:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "POST",
        route: "/groups/{group_id}/members",
        key: "POST /groups/{groupId}/members",
        category: Medium,
        scopes: &["group:write:admin"],
        granular: &["group:write:member:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "DELETE",
        route: "/groups/{group_id}/members/{member_id}",
        key: "DELETE /groups/{groupId}/members/{memberId}",
        category: Light,
        scopes: &["group:write:admin"],
        granular: &["group:delete:member:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/roles",
        key: "GET /roles",
        category: Medium,
        scopes: &["role:read:admin", "role:write:admin"],
        granular: &["role:read:list_roles:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/roles/{role_id}",
        key: "GET /roles/{roleId}",
        category: Light,
        scopes: &["role:read:admin", "role:write:admin"],
        granular: &["role:read:role:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/roles/{role_id}/members",
        key: "GET /roles/{roleId}/members",
        category: Medium,
        scopes: &["role:read:admin", "role:write:admin"],
        granular: &["role:read:list_members:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/h323/devices",
        key: "GET /h323/devices",
        category: Medium,
        scopes: &["h323:read:admin"],
        granular: &["h323_device:read:list_devices:admin"],
        gate: Gate::None,
    },
    Endpoint {
        method: "GET",
        route: "/rooms",
        key: "GET /rooms",
        category: Medium,
        scopes: &["room:read:admin"],
        granular: &["zoom_rooms:read:list_rooms:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/rooms/{room_id}/devices",
        key: "GET /rooms/{roomId}/devices",
        category: Medium,
        scopes: &["room:read:admin"],
        granular: &["zoom_rooms:read:list_devices:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/metrics/zoomrooms",
        key: "GET /metrics/zoomrooms",
        category: ResourceIntensive,
        scopes: &["dashboard_zr:read:admin"],
        granular: &["dashboard:read:list_zoomrooms:admin"],
        gate: Gate::Dashboard,
    },
    Endpoint {
        method: "GET",
        route: "/metrics/meetings",
        key: "GET /metrics/meetings",
        category: ResourceIntensive,
        scopes: &["dashboard_meetings:read:admin"],
        granular: &["dashboard:read:list_meetings:admin"],
        gate: Gate::Dashboard,
    },
    Endpoint {
        method: "GET",
        route: "/metrics/meetings/{meeting_id}/participants",
        key: "GET /metrics/meetings/{meetingId}/participants",
        category: Heavy,
        scopes: &["dashboard_meetings:read:admin"],
        granular: &["dashboard:read:list_meeting_participants:admin"],
        gate: Gate::Dashboard,
    },
    Endpoint {
        method: "GET",
        route: "/devices",
        key: "GET /devices",
        category: Heavy,
        scopes: &["device:read:admin"],
        granular: &[],
        gate: Gate::None,
    },
    Endpoint {
        method: "GET",
        route: "/report/operationlogs",
        key: "GET /report/operationlogs",
        category: Heavy,
        scopes: &["report:read:admin"],
        granular: &["report:read:operation_logs:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/report/activities",
        key: "GET /report/activities",
        category: Heavy,
        scopes: &["report:read:admin"],
        granular: &["report:read:user_activities:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/accounts/{account_id}/settings",
        key: "GET /accounts/{accountId}/settings",
        category: Medium,
        scopes: &["account:read:admin"],
        granular: &["account:read:settings:admin"],
        gate: Gate::Paid,
    },
    Endpoint {
        method: "GET",
        route: "/accounts/{account_id}/plans/usage",
        key: "GET /accounts/{accountId}/plans/usage",
        category: Heavy,
        scopes: &["account:read:admin", "billing:master"],
        granular: &["billing:read:plan_usage:admin"],
        gate: Gate::None,
    },
    Endpoint {
        method: "POST",
        route: "/chat/users/{user_id}/messages",
        key: "POST /chat/users/{userId}/messages",
        category: Medium,
        scopes: &["chat_message:write", "chat_message:write:admin"],
        granular: &["team_chat:write:user_message:admin"],
        gate: Gate::None,
    },
];

/// Every scope the simulator knows (the default grant).
pub(crate) fn all_scopes(family: ScopeFamily) -> Vec<String> {
    let mut v: Vec<String> = ENDPOINTS
        .iter()
        .flat_map(|e| e.accepted(family).iter().map(|s| (*s).to_string()))
        .collect();
    v.sort();
    v.dedup();
    v
}

impl Endpoint {
    /// The scopes that grant this endpoint to an app of `family`.
    pub(crate) fn accepted(&self, family: ScopeFamily) -> &'static [&'static str] {
        match family {
            ScopeFamily::Granular if !self.granular.is_empty() => self.granular,
            _ => self.scopes,
        }
    }
}

/// The endpoint of a method and matched route (with the `/v2` prefix or without).
pub(crate) fn lookup(method: &str, route: &str) -> Option<&'static Endpoint> {
    let route = route.strip_prefix("/v2").unwrap_or(route);
    ENDPOINTS
        .iter()
        .find(|e| e.method == method && e.route == route)
}
