//! The probes: one cheap call per route the plan needs (the first page of
//! a list, today's window of a report), after checking the token's granted
//! scopes, so a scope the app lacks is named without a call.

use std::pin::pin;

use chrono::NaiveDate;
use futures::{Stream, StreamExt};
use zoom_api::api::{accounts, dashboard, devices, groups, reports, roles, rooms, users};
use zoom_api::{
    CallError, Client, DateRange, ErrorKind, Route, ScopeFamily, SettingsOption, UserStatus,
};

/// The route whose probe stands for `route`: routes that need an object id
/// are probed through the list that yields the ids.
pub(super) fn probe_route(route: &'static Route) -> &'static Route {
    if *route == rooms::LIST_ROOM_DEVICES {
        &rooms::LIST_ROOMS
    } else if *route == dashboard::DASHBOARD_PARTICIPANTS {
        &dashboard::DASHBOARD_MEETINGS
    } else {
        route
    }
}

/// One cheap call per probed route (the first page of a list, today's
/// window of a report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Probe {
    ListUsers,
    Me,
    UserSettings,
    ListGroups,
    GroupMembers,
    ListRoles,
    GetRole,
    RoleMembers,
    H323Devices,
    ManagedDevices,
    Rooms,
    DashboardRooms,
    DashboardMeetings,
    OperationLogs,
    SignInActivities,
    AccountSettings,
    PlanUsage,
}

impl Probe {
    /// Every probe with the route it calls.
    const ALL: [(Probe, &'static Route); 17] = [
        (Probe::ListUsers, &users::LIST_USERS),
        (Probe::Me, &users::GET_USER),
        (Probe::UserSettings, &users::GET_USER_SETTINGS),
        (Probe::ListGroups, &groups::LIST_GROUPS),
        (Probe::GroupMembers, &groups::LIST_GROUP_MEMBERS),
        (Probe::ListRoles, &roles::LIST_ROLES),
        (Probe::GetRole, &roles::GET_ROLE),
        (Probe::RoleMembers, &roles::LIST_ROLE_MEMBERS),
        (Probe::H323Devices, &devices::LIST_H323_DEVICES),
        (Probe::ManagedDevices, &devices::LIST_MANAGED_DEVICES),
        (Probe::Rooms, &rooms::LIST_ROOMS),
        (Probe::DashboardRooms, &dashboard::DASHBOARD_ZOOM_ROOMS),
        (Probe::DashboardMeetings, &dashboard::DASHBOARD_MEETINGS),
        (Probe::OperationLogs, &reports::OPERATION_LOGS),
        (Probe::SignInActivities, &reports::SIGN_IN_ACTIVITIES),
        (Probe::AccountSettings, &accounts::ACCOUNT_SETTINGS),
        (Probe::PlanUsage, &accounts::PLAN_USAGE),
    ];

    /// The probe of `route`; `None` is a bug (never read as "reachable").
    pub(super) fn of(route: &Route) -> Option<Probe> {
        Probe::ALL
            .iter()
            .find(|(_, r)| *r == route)
            .map(|(probe, _)| *probe)
    }

    pub(super) async fn run(
        self,
        client: &Client,
        today: NaiveDate,
    ) -> Result<(), zoom_api::Error> {
        let today = DateRange::day(today);
        match self {
            Probe::ListUsers => first(client.users().list(UserStatus::Active)).await,
            Probe::Me => client.users().me().await.map(|_| ()),
            Probe::UserSettings => client.users().settings("me").await.map(|_| ()),
            Probe::ListGroups => first(client.groups().list()).await,
            Probe::GroupMembers => {
                // The members of the first group (no group: nothing to read).
                let mut groups = pin!(client.groups().list());
                match groups.next().await {
                    Some(Ok(group)) => match group.id {
                        Some(id) => first(client.groups().members(&id)).await,
                        None => Ok(()),
                    },
                    Some(Err(err)) => Err(err),
                    None => Ok(()),
                }
            }
            Probe::ListRoles => first(client.roles().list()).await,
            // The built-in Member role (id 2) exists on every account.
            Probe::GetRole => client.roles().get(MEMBER_ROLE).await.map(|_| ()),
            Probe::RoleMembers => first(client.roles().members(MEMBER_ROLE)).await,
            Probe::H323Devices => first(client.devices().list_h323()).await,
            Probe::ManagedDevices => first(client.devices().list_managed()).await,
            Probe::Rooms => first(client.rooms().list()).await,
            Probe::DashboardRooms => first(client.dashboard().zoom_rooms()).await,
            Probe::DashboardMeetings => first(client.dashboard().past_meetings(today)).await,
            Probe::OperationLogs => first(client.reports().operation_logs(today, None)).await,
            Probe::SignInActivities => first(client.reports().sign_in_activities(today)).await,
            Probe::AccountSettings => client
                .accounts()
                .settings(SettingsOption::Security)
                .await
                .map(|_| ()),
            Probe::PlanUsage => client.accounts().plan_usage().await.map(|_| ()),
        }
    }
}

/// Zoom's built-in Member role, which every account has.
const MEMBER_ROLE: &str = "2";

async fn first<T>(
    stream: impl Stream<Item = Result<T, zoom_api::Error>>,
) -> Result<(), zoom_api::Error> {
    let mut stream = pin!(stream);
    match stream.next().await {
        Some(Err(err)) => Err(err),
        _ => Ok(()),
    }
}

/// The permission error of a route the token's scopes do not grant: the
/// first scope of the app's family that would, named without a call.
pub(super) fn not_granted(route: &'static Route, granted: &[String]) -> Option<zoom_api::Error> {
    if route.granted_by(granted) != Some(false) {
        return None;
    }
    let family = ScopeFamily::of_granted(granted)?;
    let mut error = CallError::new(
        ErrorKind::Permission,
        *route,
        format!(
            "the app's token does not grant any of the {} scopes this endpoint accepts",
            family.as_str()
        ),
    );
    error.scope_family = Some(family);
    error.missing_scope = route.scopes_in(family).first().map(|s| (*s).to_owned());
    Some(zoom_api::Error::Call(Box::new(error)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SOURCES;

    #[test]
    fn every_catalog_route_has_a_probe() {
        for source in SOURCES {
            for endpoint in source.endpoints {
                let via = probe_route(endpoint.route);
                assert!(
                    Probe::of(via).is_some(),
                    "{} ({}) has no probe",
                    endpoint.route,
                    source.kind
                );
            }
        }
    }

    #[test]
    fn each_probe_once() {
        for (i, (probe, route)) in Probe::ALL.iter().enumerate() {
            assert_eq!(Probe::of(route), Some(*probe), "{route}");
            assert!(
                Probe::ALL[i + 1..]
                    .iter()
                    .all(|(p, r)| p != probe && r != route),
                "{route} twice"
            );
        }
    }
}
