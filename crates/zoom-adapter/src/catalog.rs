//! The source catalog: every record kind the adapter produces, the Zoom
//! endpoints it comes from, and the OAuth scope, rate category and plan each
//! needs. The manifest, `check` and the fetch plan read it; `docs/operations.md`
//! explains it to admins.

use asset_schema::{AssetType, Kind};
use serde::Serialize;
use zoom_settings::ZoomPlan;

/// Zoom's rate-limit categories ("Rate Limit Label" of each endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RateCategory {
    /// Light: 30/s on Pro.
    Light,
    /// Medium: 20/s on Pro.
    Medium,
    /// Heavy: 10/s on Pro, sharing a daily quota with Resource-intensive.
    Heavy,
    /// Resource-intensive: 10/min on Pro, sharing the Heavy daily quota.
    #[serde(rename = "Resource-intensive")]
    ResourceIntensive,
}

/// One Zoom endpoint a source calls.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Endpoint {
    /// Method and route, as Zoom documents it (`GET /users`).
    pub route: &'static str,
    /// OAuth scopes, any one of which grants the call (classic scope names).
    pub scopes: &'static [&'static str],
    /// Zoom's rate-limit category.
    pub rate_category: RateCategory,
    /// Lowest plan that serves the endpoint, when Zoom documents one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_plan: Option<ZoomPlan>,
    /// Why the source calls it.
    pub purpose: &'static str,
    /// Whether it only enriches the kind: when it is refused (scope or plan),
    /// the kind is still delivered, with fewer fields.
    pub enrichment: bool,
}

/// One record kind and where it comes from.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    /// The record `kind` (DESIGN §7).
    pub kind: Kind,
    /// The record `asset_type`.
    pub asset_type: AssetType,
    /// What the kind is, for admins.
    pub title: &'static str,
    /// The settings that turn this kind on, as `key=value` (empty: always on).
    pub enabled_by: &'static [&'static str],
    /// Zoom endpoints, in call order.
    pub endpoints: &'static [Endpoint],
    /// Whether it also needs the web-portal login (portal URL, username, password, 2FA).
    pub needs_portal_login: bool,
}

impl Source {
    /// The lowest plan this kind needs: the highest `min_plan` of the
    /// endpoints it cannot do without.
    pub fn min_plan(&self) -> Option<ZoomPlan> {
        self.endpoints
            .iter()
            .filter(|e| !e.enrichment)
            .filter_map(|e| e.min_plan)
            .max()
    }

    /// Every scope this kind needs, without duplicates, in first-use order.
    pub fn scopes(&self) -> Vec<&'static str> {
        let mut scopes: Vec<&'static str> = Vec::new();
        for scope in self.endpoints.iter().flat_map(|e| e.scopes.iter().copied()) {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        scopes
    }
}

const USERS: Endpoint = Endpoint {
    route: "GET /users",
    scopes: &["user:read:admin"],
    rate_category: RateCategory::Medium,
    min_plan: None,
    purpose: "list users by status (active, and inactive when asked)",
    enrichment: false,
};
const GROUPS: Endpoint = Endpoint {
    route: "GET /groups",
    scopes: &["group:read:admin"],
    rate_category: RateCategory::Medium,
    min_plan: Some(ZoomPlan::Pro),
    purpose: "turn group ids into names",
    enrichment: true,
};
const USER_SETTINGS: Endpoint = Endpoint {
    route: "GET /users/{userId}/settings",
    scopes: &["user:read:admin"],
    rate_category: RateCategory::Medium,
    min_plan: None,
    purpose: "per-user settings and feature licenses",
    enrichment: false,
};
const ACCOUNT_SETTINGS: Endpoint = Endpoint {
    route: "GET /accounts/me/settings",
    scopes: &["account:read:admin"],
    rate_category: RateCategory::Medium,
    min_plan: Some(ZoomPlan::Pro),
    purpose: "account settings, including security",
    enrichment: false,
};
const PLAN_USAGE: Endpoint = Endpoint {
    route: "GET /accounts/me/plans/usage",
    scopes: &["account:read:admin"],
    rate_category: RateCategory::Heavy,
    min_plan: Some(ZoomPlan::Pro),
    purpose: "plans with their seats and usage",
    enrichment: false,
};
const OPERATION_LOGS: Endpoint = Endpoint {
    route: "GET /report/operationlogs",
    scopes: &["report:read:admin"],
    rate_category: RateCategory::Heavy,
    min_plan: Some(ZoomPlan::Pro),
    purpose: "admin operation logs, in windows of at most one month",
    enrichment: false,
};
const DASHBOARD_MEETINGS: Endpoint = Endpoint {
    route: "GET /metrics/meetings",
    scopes: &["dashboard_meetings:read:admin"],
    rate_category: RateCategory::ResourceIntensive,
    min_plan: Some(ZoomPlan::Business),
    purpose: "past meetings of the last meeting_days days",
    enrichment: false,
};
const DASHBOARD_PARTICIPANTS: Endpoint = Endpoint {
    route: "GET /metrics/meetings/{meetingId}/participants",
    scopes: &["dashboard_meetings:read:admin"],
    rate_category: RateCategory::Heavy,
    min_plan: Some(ZoomPlan::Business),
    purpose: "participants' devices: PC name, domain, MAC, IP, OS, client version",
    enrichment: false,
};

/// Every source the adapter knows, in manifest order.
pub const SOURCES: &[Source] = &[
    Source {
        kind: Kind::H323Device,
        asset_type: AssetType::Device,
        title: "H.323/SIP devices",
        enabled_by: &["fetch_devices=true", "device_sources contains h323_devices"],
        endpoints: &[Endpoint {
            route: "GET /h323/devices",
            scopes: &["h323:read:admin"],
            rate_category: RateCategory::Medium,
            min_plan: None,
            purpose: "H.323/SIP devices registered with the account",
            enrichment: false,
        }],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::ZoomRoom,
        asset_type: AssetType::Device,
        title: "Zoom Rooms",
        enabled_by: &["fetch_devices=true", "device_sources contains zoom_rooms"],
        endpoints: &[
            Endpoint {
                route: "GET /rooms",
                scopes: &["room:read:admin"],
                rate_category: RateCategory::Medium,
                min_plan: Some(ZoomPlan::Pro),
                purpose: "Zoom Rooms of the account",
                enrichment: false,
            },
            Endpoint {
                route: "GET /metrics/zoomrooms",
                scopes: &["dashboard_zr:read:admin"],
                rate_category: RateCategory::ResourceIntensive,
                min_plan: Some(ZoomPlan::Business),
                purpose: "room IP, health, calendar and account type (enrichment; skipped below Business)",
                enrichment: true,
            },
        ],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::ZoomRoomDevice,
        asset_type: AssetType::Device,
        title: "Zoom Room devices",
        enabled_by: &[
            "fetch_devices=true",
            "device_sources contains zoom_room_devices",
        ],
        endpoints: &[
            Endpoint {
                route: "GET /rooms",
                scopes: &["room:read:admin"],
                rate_category: RateCategory::Medium,
                min_plan: Some(ZoomPlan::Pro),
                purpose: "the rooms whose devices to list",
                enrichment: false,
            },
            Endpoint {
                route: "GET /rooms/{roomId}/devices",
                scopes: &["room:read:admin"],
                rate_category: RateCategory::Medium,
                min_plan: Some(ZoomPlan::Pro),
                purpose: "computers, controllers, scheduling displays and whiteboards of each room",
                enrichment: false,
            },
        ],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::MeetingDevice,
        asset_type: AssetType::Device,
        title: "Devices seen in past meetings",
        enabled_by: &[
            "fetch_devices=true",
            "device_sources contains meeting_devices",
        ],
        endpoints: &[DASHBOARD_MEETINGS, DASHBOARD_PARTICIPANTS],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::ManagedDevice,
        asset_type: AssetType::Device,
        title: "Zoom Device Management devices",
        enabled_by: &[
            "fetch_devices=true",
            "device_sources contains managed_devices",
        ],
        endpoints: &[Endpoint {
            route: "GET /devices",
            scopes: &["device:read:admin"],
            rate_category: RateCategory::Heavy,
            min_plan: None,
            purpose: "devices enrolled in Zoom Device Management",
            enrichment: false,
        }],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::User,
        asset_type: AssetType::User,
        title: "Users",
        enabled_by: &[],
        endpoints: &[USERS, GROUPS],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::License,
        asset_type: AssetType::License,
        title: "Plans and per-user feature licenses",
        enabled_by: &["fetch_settings_and_licenses=true"],
        endpoints: &[PLAN_USAGE, USERS, USER_SETTINGS],
        needs_portal_login: true,
    },
    Source {
        kind: Kind::AccountSetting,
        asset_type: AssetType::ApplicationSetting,
        title: "Account settings",
        enabled_by: &["fetch_settings_and_licenses=true"],
        endpoints: &[ACCOUNT_SETTINGS],
        needs_portal_login: true,
    },
    Source {
        kind: Kind::UserSetting,
        asset_type: AssetType::ApplicationSetting,
        title: "User settings",
        enabled_by: &["fetch_settings_and_licenses=true"],
        endpoints: &[USERS, USER_SETTINGS],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::OperationLog,
        asset_type: AssetType::Activity,
        title: "Operation logs",
        enabled_by: &["activity_logs=true"],
        endpoints: &[OPERATION_LOGS],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::SignInActivity,
        asset_type: AssetType::Activity,
        title: "Sign-in and sign-out activities",
        enabled_by: &["activity_logs=true"],
        endpoints: &[Endpoint {
            route: "GET /report/activities",
            scopes: &["report:read:admin"],
            rate_category: RateCategory::Heavy,
            min_plan: Some(ZoomPlan::Pro),
            purpose: "sign-in and sign-out logs, in windows of at most one month",
            enrichment: false,
        }],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::RecordingDownload,
        asset_type: AssetType::Activity,
        title: "Cloud recording downloads",
        enabled_by: &["recording_download_activities=true"],
        endpoints: &[OPERATION_LOGS],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::SaasApplication,
        asset_type: AssetType::SaasApplication,
        title: "Zoom as a SaaS application",
        enabled_by: &[],
        endpoints: &[USERS, ACCOUNT_SETTINGS, PLAN_USAGE],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::Account,
        asset_type: AssetType::Tenant,
        title: "The Zoom account",
        enabled_by: &[],
        endpoints: &[
            Endpoint {
                route: "GET /users/me",
                scopes: &["user:read:admin"],
                rate_category: RateCategory::Light,
                min_plan: None,
                purpose: "account id and number, owner",
                enrichment: false,
            },
            Endpoint {
                route: "GET /accounts/me/settings",
                scopes: &["account:read:admin"],
                rate_category: RateCategory::Medium,
                min_plan: Some(ZoomPlan::Pro),
                purpose: "vanity URL and sign-in options",
                enrichment: false,
            },
        ],
        needs_portal_login: false,
    },
];

/// Scopes the product documents list that no endpoint above needs on its own.
/// `device:write:admin` is listed with the device permissions by seed 001 and by
/// third-party docs of GET /devices; the adapter never writes devices.
pub const DOCUMENTED_EXTRA_SCOPES: &[(&str, &str)] = &[(
    "device:write:admin",
    "listed beside device:read:admin for Zoom Device Management by the product documents; never used to write",
)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_once_and_every_asset_type_covered() {
        let kinds: Vec<Kind> = SOURCES.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, Kind::ALL, "one source per kind, in Kind::ALL order");
        for source in SOURCES {
            assert_eq!(
                source.kind.asset_type(),
                source.asset_type,
                "{:?}",
                source.kind
            );
        }
        for asset_type in AssetType::ALL {
            assert!(
                SOURCES.iter().any(|s| s.asset_type == asset_type),
                "{asset_type:?}"
            );
        }
    }

    #[test]
    fn seed_scopes_are_all_covered() {
        let seed = [
            "dashboard_zr:read:admin",
            "h323:read:admin",
            "dashboard_meetings:read:admin",
            "room:read:admin",
            "user:read:admin",
            "report:read:admin",
            "account:read:admin",
            "device:read:admin",
            "device:write:admin",
        ];
        for scope in seed {
            let used = SOURCES.iter().any(|s| s.scopes().contains(&scope))
                || DOCUMENTED_EXTRA_SCOPES.iter().any(|(s, _)| *s == scope);
            assert!(used, "{scope}");
        }
    }

    #[test]
    fn plan_of_a_kind_is_its_strictest_endpoint() {
        let meeting = SOURCES.iter().find(|s| s.kind == Kind::MeetingDevice);
        assert_eq!(meeting.and_then(Source::min_plan), Some(ZoomPlan::Business));
        let user = SOURCES.iter().find(|s| s.kind == Kind::User);
        assert_eq!(user.and_then(Source::min_plan), None);
        let room = SOURCES.iter().find(|s| s.kind == Kind::ZoomRoom);
        assert_eq!(room.and_then(Source::min_plan), Some(ZoomPlan::Pro));
    }
}
