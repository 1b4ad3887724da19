//! The source catalog: every record kind the adapter produces and the Zoom
//! endpoints it comes from. Each endpoint is a `&'static zoom_api::Route` —
//! the one home of its scopes (classic and granular), rate category and
//! lowest plan — plus only the adapter's own facts (why it is called, and
//! whether it only enriches the kind). The manifest, `check` and the fetch
//! plan read it; `docs/operations.md` explains it to admins.

use asset_schema::{AssetType, Kind};
use serde::Serialize;
use serde::ser::SerializeStruct;
use zoom_api::api::{accounts, dashboard, devices, groups, reports, roles, rooms, users};
use zoom_api::{Plan, Route};
use zoom_settings::ZoomPlan;

/// One Zoom endpoint a source calls.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// The endpoint, with its scopes, rate category and lowest plan.
    pub route: &'static Route,
    /// Why the source calls it.
    pub purpose: &'static str,
    /// Whether it only enriches the kind: when it is refused (scope or plan),
    /// the kind is still delivered, with fewer fields.
    pub enrichment: bool,
}

impl Endpoint {
    /// The lowest plan that serves the endpoint, in the settings' words.
    pub fn min_plan(&self) -> Option<ZoomPlan> {
        self.route.min_plan.map(settings_plan)
    }
}

/// The manifest's view of an endpoint (`route`, `scopes`, `rate_category`,
/// `min_plan`, `purpose`, `enrichment`), read from the route.
impl Serialize for Endpoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let min_plan = self.min_plan();
        let mut out =
            serializer.serialize_struct("Endpoint", if min_plan.is_some() { 6 } else { 5 })?;
        out.serialize_field("route", &self.route.name())?;
        out.serialize_field("scopes", self.route.scopes)?;
        out.serialize_field("rate_category", self.route.category.name())?;
        if let Some(plan) = min_plan {
            out.serialize_field("min_plan", &plan)?;
        }
        out.serialize_field("purpose", self.purpose)?;
        out.serialize_field("enrichment", &self.enrichment)?;
        out.end()
    }
}

/// A client plan in the settings' words.
pub fn settings_plan(plan: Plan) -> ZoomPlan {
    match plan {
        Plan::Free => ZoomPlan::Free,
        Plan::Pro => ZoomPlan::Pro,
        Plan::Business => ZoomPlan::Business,
    }
}

/// One record kind and where it comes from.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    /// The record `kind` (docs/normalization.md).
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
            .filter_map(Endpoint::min_plan)
            .max()
    }

    /// Every classic scope this kind needs, without duplicates, in first-use order.
    pub fn scopes(&self) -> Vec<&'static str> {
        scopes_of(self.endpoints.iter().map(|e| e.route))
    }

    /// The granular scopes it needs, read from its routes.
    pub fn granular_scopes(&self) -> Vec<&'static str> {
        scopes_in_family(
            self.endpoints.iter().map(|e| e.route),
            zoom_api::ScopeFamily::Granular,
        )
    }

    /// The settings change that turns the kind off (`None`: always fetched).
    pub fn turn_off_with(&self) -> Option<String> {
        let last = self.enabled_by.last()?;
        Some(match last.split_once(" contains ") {
            Some((list, item)) => format!("remove {item} from {list}"),
            None => format!("set {} to false", last.trim_end_matches("=true")),
        })
    }
}

/// The classic scopes of `routes`, without duplicates, in first-use order.
pub fn scopes_of(routes: impl IntoIterator<Item = &'static Route>) -> Vec<&'static str> {
    scopes_in_family(routes, zoom_api::ScopeFamily::Classic)
}

/// The scopes of `family` of `routes`, without duplicates, in first-use order.
pub fn scopes_in_family(
    routes: impl IntoIterator<Item = &'static Route>,
    family: zoom_api::ScopeFamily,
) -> Vec<&'static str> {
    let mut scopes: Vec<&'static str> = Vec::new();
    for scope in routes
        .into_iter()
        .flat_map(|r| r.scopes_in(family).iter().copied())
    {
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    scopes
}

const USERS: Endpoint = Endpoint {
    route: &users::LIST_USERS,
    purpose: "list users by status (active, and inactive when asked)",
    enrichment: false,
};
const GROUPS: Endpoint = Endpoint {
    route: &groups::LIST_GROUPS,
    purpose: "turn group ids into names",
    enrichment: true,
};
const USER_SETTINGS: Endpoint = Endpoint {
    route: &users::GET_USER_SETTINGS,
    purpose: "per-user settings and feature licenses",
    enrichment: false,
};
const ACCOUNT_SETTINGS: Endpoint = Endpoint {
    route: &accounts::ACCOUNT_SETTINGS,
    purpose: "account settings, including security",
    enrichment: false,
};
const PLAN_USAGE: Endpoint = Endpoint {
    route: &accounts::PLAN_USAGE,
    purpose: "plans with their seats and usage",
    enrichment: false,
};
const OPERATION_LOGS: Endpoint = Endpoint {
    route: &reports::OPERATION_LOGS,
    purpose: "admin operation logs, in windows of at most one month",
    enrichment: false,
};
const DASHBOARD_MEETINGS: Endpoint = Endpoint {
    route: &dashboard::DASHBOARD_MEETINGS,
    purpose: "past meetings of the last meeting_days days",
    enrichment: false,
};
const DASHBOARD_PARTICIPANTS: Endpoint = Endpoint {
    route: &dashboard::DASHBOARD_PARTICIPANTS,
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
            route: &devices::LIST_H323_DEVICES,
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
                route: &rooms::LIST_ROOMS,
                purpose: "Zoom Rooms of the account",
                enrichment: false,
            },
            Endpoint {
                route: &dashboard::DASHBOARD_ZOOM_ROOMS,
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
                route: &rooms::LIST_ROOMS,
                purpose: "the rooms whose devices to list",
                enrichment: false,
            },
            Endpoint {
                route: &rooms::LIST_ROOM_DEVICES,
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
            route: &devices::LIST_MANAGED_DEVICES,
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
            route: &reports::SIGN_IN_ACTIVITIES,
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
        endpoints: &[
            USERS,
            Endpoint {
                route: &accounts::ACCOUNT_SETTINGS,
                purpose: "sign-in options and security settings (without them: fewer fields)",
                enrichment: true,
            },
            Endpoint {
                route: &accounts::PLAN_USAGE,
                purpose: "plans with their seats and usage (without them: fewer fields)",
                enrichment: true,
            },
        ],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::Account,
        asset_type: AssetType::Tenant,
        title: "The Zoom account",
        enabled_by: &[],
        endpoints: &[
            Endpoint {
                route: &users::GET_USER,
                purpose: "account id and number, owner",
                enrichment: false,
            },
            Endpoint {
                route: &accounts::ACCOUNT_SETTINGS,
                purpose: "vanity URL and sign-in options (without them: fewer fields)",
                enrichment: true,
            },
        ],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::Group,
        asset_type: AssetType::Group,
        title: "Groups and their members",
        enabled_by: &["directory_sources contains groups"],
        endpoints: &[
            Endpoint {
                route: &groups::LIST_GROUPS,
                purpose: "the groups of the account",
                enrichment: false,
            },
            Endpoint {
                route: &groups::LIST_GROUP_MEMBERS,
                purpose: "each group's members",
                enrichment: false,
            },
        ],
        needs_portal_login: false,
    },
    Source {
        kind: Kind::Role,
        asset_type: AssetType::Role,
        title: "Roles, their privileges and members",
        enabled_by: &["directory_sources contains roles"],
        endpoints: &[
            Endpoint {
                route: &roles::LIST_ROLES,
                purpose: "the roles of the account (also names users' custom roles)",
                enrichment: false,
            },
            Endpoint {
                route: &roles::GET_ROLE,
                purpose: "each role's privileges",
                enrichment: false,
            },
            Endpoint {
                route: &roles::LIST_ROLE_MEMBERS,
                purpose: "each role's members",
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
    fn every_route_is_read_by_a_source_or_called_by_an_action() {
        for route in zoom_api::api::ROUTES {
            let in_catalog = SOURCES
                .iter()
                .flat_map(|s| s.endpoints)
                .any(|e| e.route == *route);
            let by_action = crate::actions::ActionName::ALL
                .iter()
                .flat_map(|a| a.routes())
                .any(|r| r == route);
            assert!(in_catalog || by_action, "{route} is used by nothing");
        }
        for route in SOURCES.iter().flat_map(|s| s.endpoints).map(|e| e.route) {
            assert!(
                zoom_api::api::ROUTES.contains(&route),
                "{route} is not in zoom_api::api::ROUTES"
            );
        }
    }

    /// Scopes are stated once, in zoom-api's routes: no product code of the
    /// adapter spells a scope (the documented extras aside).
    #[test]
    fn no_scope_is_stated_outside_the_routes() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 10, "found {} files", files.len());
        let allowed: Vec<String> = DOCUMENTED_EXTRA_SCOPES
            .iter()
            .map(|(scope, _)| format!("\"{scope}\""))
            .collect();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            // Product code only: tests may name scopes to check them.
            let product = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in product.lines().enumerate() {
                let states_scope = line.split('"').skip(1).step_by(2).any(|literal| {
                    let parts: Vec<&str> = literal.split(':').collect();
                    parts.len() >= 2
                        && parts.iter().all(|p| {
                            !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        })
                        && matches!(parts[1], "read" | "write" | "delete" | "master")
                        && !allowed.iter().any(|a| line.contains(a.as_str()))
                });
                assert!(!states_scope, "{}:{}: {line}", file.display(), n + 1);
            }
        }
    }

    /// `enabled_by` says what the fetch plan does: with every condition of
    /// a kind met it is planned, and breaking any one of them drops it.
    #[test]
    fn enabled_by_matches_the_fetch_plan() {
        use serde_json::{Value, json};
        fn plan_with(conditions: &[(&str, Value)]) -> crate::plan::FetchPlan {
            let mut settings = serde_json::to_value(zoom_settings::AdvancedSettings::default())
                .unwrap_or_else(|e| panic!("{e}"));
            for (key, value) in conditions {
                settings[*key] = value.clone();
            }
            let settings: zoom_settings::AdvancedSettings =
                serde_json::from_value(settings).unwrap_or_else(|e| panic!("{e}"));
            crate::plan::FetchPlan::new(&settings, chrono::Utc::now(), None, false)
        }
        for source in SOURCES {
            // Each condition as (key, value that meets it, value that breaks it).
            let conditions: Vec<(&str, Value, Value)> = source
                .enabled_by
                .iter()
                .map(|condition| {
                    if let Some((key, value)) = condition.split_once('=') {
                        assert_eq!(value, "true", "{condition}");
                        (key, json!(true), json!(false))
                    } else if let Some(source_name) =
                        condition.strip_prefix("device_sources contains ")
                    {
                        let all: Vec<&str> = zoom_settings::DeviceSource::ALL
                            .iter()
                            .map(|s| {
                                serde_json::to_value(s)
                                    .ok()
                                    .and_then(|v| v.as_str().map(str::to_owned))
                            })
                            .map(|s| Box::leak(s.unwrap_or_default().into_boxed_str()) as &str)
                            .collect();
                        assert!(all.contains(&source_name), "{condition}");
                        let without: Vec<&str> =
                            all.iter().copied().filter(|s| *s != source_name).collect();
                        ("device_sources", json!(all), json!(without))
                    } else if let Some(name) = condition.strip_prefix("directory_sources contains ")
                    {
                        let all: Vec<&str> = zoom_settings::DirectorySource::ALL
                            .iter()
                            .map(|s| s.as_str())
                            .collect();
                        assert!(all.contains(&name), "{condition}");
                        let without: Vec<&str> =
                            all.iter().copied().filter(|s| *s != name).collect();
                        ("directory_sources", json!(all), json!(without))
                    } else {
                        panic!("{}: condition {condition:?} is not understood", source.kind)
                    }
                })
                .collect();
            let met: Vec<(&str, Value)> =
                conditions.iter().map(|(k, v, _)| (*k, v.clone())).collect();
            assert!(
                plan_with(&met).wants(source.kind),
                "{}: all conditions met",
                source.kind
            );
            for (i, (key, _, broken)) in conditions.iter().enumerate() {
                let mut one_broken = met.clone();
                one_broken[i] = (key, broken.clone());
                assert!(
                    !plan_with(&one_broken).wants(source.kind),
                    "{}: planned although {key} is {broken}",
                    source.kind
                );
            }
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
