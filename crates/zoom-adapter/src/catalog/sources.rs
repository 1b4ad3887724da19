//! [`SOURCES`]: every record kind the adapter produces, with the settings
//! that turn it on and the Zoom endpoints it comes from, in manifest order.

use asset_schema::{AssetType, Kind};
use zoom_api::api::{accounts, dashboard, devices, groups, reports, roles, rooms, users};

use super::{Endpoint, Source};

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
