//! The typed endpoints, one module per Zoom API area. Each function's doc
//! names its route, its OAuth scope and its rate-limit category.

pub mod accounts;
pub mod chat;
pub mod dashboard;
pub mod devices;
pub mod groups;
pub mod reports;
pub mod roles;
pub mod rooms;
pub mod users;

use crate::route::Route;

/// Every route the client calls, for the manifest, `check` and docs.
pub const ROUTES: &[&Route] = &[
    &users::LIST_USERS,
    &users::GET_USER,
    &users::GET_USER_SETTINGS,
    &users::CREATE_USER,
    &users::DELETE_USER,
    &groups::LIST_GROUPS,
    &groups::LIST_GROUP_MEMBERS,
    &groups::ADD_GROUP_MEMBERS,
    &groups::REMOVE_GROUP_MEMBER,
    &devices::LIST_H323_DEVICES,
    &devices::LIST_MANAGED_DEVICES,
    &rooms::LIST_ROOMS,
    &rooms::LIST_ROOM_DEVICES,
    &dashboard::DASHBOARD_ZOOM_ROOMS,
    &dashboard::DASHBOARD_MEETINGS,
    &dashboard::DASHBOARD_PARTICIPANTS,
    &reports::OPERATION_LOGS,
    &reports::SIGN_IN_ACTIVITIES,
    &roles::LIST_ROLES,
    &roles::GET_ROLE,
    &roles::LIST_ROLE_MEMBERS,
    &accounts::ACCOUNT_SETTINGS,
    &accounts::PLAN_USAGE,
    &chat::SEND_CHAT_MESSAGE,
];
