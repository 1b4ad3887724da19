//! `check`: authenticate, then probe every Zoom endpoint the adapter reads
//! with one cheap call, and say per kind whether it is reachable and, when
//! not, the scope or plan it needs.

use std::collections::BTreeMap;
use std::io::Write;
use std::pin::pin;

use chrono::{NaiveDate, Utc};
use futures::{Stream, StreamExt};
use serde::Serialize;
use zoom_api::api::{accounts, dashboard, devices, groups, reports, rooms, users};
use zoom_api::{Client, DateRange, Route, SettingsOption, UserStatus};

use crate::boundary::{BUG_WHAT_TO_DO, bug_message, catch};
use crate::catalog::SOURCES;
use crate::exit::Exit;
use crate::summary::{FailureKind, SourceError};

/// The `--json` report (also the result of the protocol's `check`).
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    /// Whether a token was obtained.
    pub(crate) authenticated: bool,
    /// Scopes the token carries (empty when Zoom does not list them).
    granted_scopes: Vec<String>,
    /// Why authentication failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_error: Option<SourceError>,
    /// One entry per record kind.
    kinds: Vec<KindReport>,
}

#[derive(Debug, Serialize)]
struct KindReport {
    kind: asset_schema::Kind,
    asset_type: asset_schema::AssetType,
    reachable: bool,
    /// Scopes the kind needs.
    scopes: Vec<&'static str>,
    /// Lowest plan that serves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    min_plan: Option<&'static str>,
    /// Endpoints that failed, with the reason; enrichment endpoints failing
    /// leave the kind reachable with fewer fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failures: Vec<EndpointFailure>,
}

#[derive(Debug, Serialize)]
struct EndpointFailure {
    endpoint: String,
    enrichment: bool,
    error: SourceError,
}

/// `zoom-adapter check --connection F [--settings F] [--json]`.
pub(crate) fn run(
    connection: &str,
    settings: Option<&str>,
    json: bool,
) -> Result<Exit, crate::Error> {
    let client = match super::connect(connection, settings, false)? {
        Ok((_, client)) => client,
        Err(exit) => return Ok(exit),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(probe_all(&client, Utc::now().date_naive()));
    let exit = report.exit();
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &report)?;
    }
    Ok(exit)
}

impl Report {
    /// The exit code (docs/contracts.md): 6 when Zoom could not be reached (for
    /// the token, or for every kind), 3 when the credentials were refused,
    /// 4 when some kinds are unreachable, else 0.
    pub(crate) fn exit(&self) -> Exit {
        if let Some(error) = &self.auth_error {
            return if error.is_unreachable() {
                Exit::Unreachable
            } else {
                Exit::AuthFailed
            };
        }
        if self.kinds.iter().all(|k| k.reachable) {
            return Exit::Ok;
        }
        let all_out_of_reach = self.kinds.iter().all(|k| {
            !k.reachable
                && k.failures
                    .iter()
                    .filter(|f| !f.enrichment)
                    .all(|f| f.error.is_unreachable())
        });
        if all_out_of_reach {
            Exit::Unreachable
        } else {
            Exit::Partial
        }
    }
}

/// Authenticates, then probes every endpoint of the catalog once; the
/// date-ranged ones ask for `today` (the check's start, like a fetch plan's).
pub(crate) async fn probe_all(client: &Client, today: NaiveDate) -> Report {
    let granted_scopes = match client.granted_scopes().await {
        Ok(scopes) => scopes,
        Err(err) => {
            return Report {
                authenticated: false,
                granted_scopes: Vec::new(),
                auth_error: Some(SourceError::from_api(&err)),
                kinds: Vec::new(),
            };
        }
    };
    // Routes that need an object id are probed through their list: one call each.
    let mut probed: BTreeMap<String, Result<(), SourceError>> = BTreeMap::new();
    for source in SOURCES {
        for endpoint in source.endpoints {
            let via = probe_route(endpoint.route);
            if probed.contains_key(&via.name()) {
                continue;
            }
            // Each probe behind its own panic boundary: a bug in one reads as
            // that endpoint's failure, never as the whole check's.
            let result = match Probe::of(via) {
                None => Err(SourceError::local(
                    FailureKind::BUG,
                    format!("check has no probe for {via}, so its reachability is unknown"),
                    BUG_WHAT_TO_DO,
                )),
                Some(probe) => match catch("check", probe.run(client, today)).await {
                    Ok(result) => result.map_err(|e| SourceError::from_api(&e)),
                    Err(panic) => Err(SourceError::local(
                        FailureKind::BUG,
                        bug_message(
                            &format!("the probe of {via}"),
                            &client.secret_mask().mask(&panic),
                        ),
                        BUG_WHAT_TO_DO,
                    )),
                },
            };
            probed.insert(via.name(), result);
        }
    }
    let kinds = SOURCES
        .iter()
        .map(|source| {
            let failures: Vec<EndpointFailure> = source
                .endpoints
                .iter()
                .filter_map(
                    |endpoint| match probed.get(&probe_route(endpoint.route).name()) {
                        Some(Err(err)) => Some(EndpointFailure {
                            endpoint: endpoint.route.name(),
                            enrichment: endpoint.enrichment,
                            error: err.clone(),
                        }),
                        _ => None,
                    },
                )
                .collect();
            KindReport {
                kind: source.kind,
                asset_type: source.asset_type,
                reachable: failures.iter().all(|f| f.enrichment),
                scopes: source.scopes(),
                min_plan: source.min_plan().map(|p| p.as_str()),
                failures,
            }
        })
        .collect();
    Report {
        authenticated: true,
        granted_scopes,
        auth_error: None,
        kinds,
    }
}

/// The route whose probe stands for `route`: routes that need an object id
/// are probed through the list that yields the ids.
fn probe_route(route: &'static Route) -> &'static Route {
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
enum Probe {
    ListUsers,
    Me,
    UserSettings,
    ListGroups,
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
    const ALL: [(Probe, &'static Route); 13] = [
        (Probe::ListUsers, &users::LIST_USERS),
        (Probe::Me, &users::GET_USER),
        (Probe::UserSettings, &users::GET_USER_SETTINGS),
        (Probe::ListGroups, &groups::LIST_GROUPS),
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
    fn of(route: &Route) -> Option<Probe> {
        Probe::ALL
            .iter()
            .find(|(_, r)| *r == route)
            .map(|(probe, _)| *probe)
    }

    async fn run(self, client: &Client, today: NaiveDate) -> Result<(), zoom_api::Error> {
        let today = DateRange::day(today);
        match self {
            Probe::ListUsers => first(client.users().list(UserStatus::Active)).await,
            Probe::Me => client.users().me().await.map(|_| ()),
            Probe::UserSettings => client.users().settings("me").await.map(|_| ()),
            Probe::ListGroups => first(client.groups().list()).await,
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

async fn first<T>(
    stream: impl Stream<Item = Result<T, zoom_api::Error>>,
) -> Result<(), zoom_api::Error> {
    let mut stream = pin!(stream);
    match stream.next().await {
        Some(Err(err)) => Err(err),
        _ => Ok(()),
    }
}

fn write_table(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    if let Some(error) = &report.auth_error {
        if error.is_unreachable() {
            writeln!(out, "zoom could not be reached: {}", error.message)?;
        } else {
            writeln!(out, "authentication failed: {}", error.message)?;
        }
        return writeln!(out, "  fix: {}", error.what_to_do);
    }
    writeln!(
        out,
        "authenticated; scopes granted: {}",
        if report.granted_scopes.is_empty() {
            "(not listed by Zoom)".to_owned()
        } else {
            report.granted_scopes.join(" ")
        }
    )?;
    writeln!(
        out,
        "\n{:<20} {:<20} {:<12} needs",
        "asset type", "kind", "status"
    )?;
    for kind in &report.kinds {
        let status = match (kind.reachable, kind.failures.is_empty()) {
            (true, true) => "reachable",
            (true, false) => "reduced",
            (false, _) => "unreachable",
        };
        let mut needs = kind.scopes.join(", ");
        if let Some(plan) = kind.min_plan {
            needs.push_str(&format!("; {plan} plan or higher"));
        }
        writeln!(
            out,
            "{:<20} {:<20} {:<12} {needs}",
            kind.asset_type.as_str(),
            kind.kind.as_str(),
            status
        )?;
        for failure in &kind.failures {
            let cause = match (
                failure.error.kind,
                &failure.error.missing_scope,
                &failure.error.required_plan,
            ) {
                (FailureKind::Zoom(zoom_api::ErrorKind::Permission), Some(scope), _) => {
                    format!("missing scope {scope}")
                }
                (FailureKind::Zoom(zoom_api::ErrorKind::Plan), _, Some(plan)) => {
                    format!("needs the {plan} plan")
                }
                _ => failure.error.message.clone(),
            };
            let note = if failure.enrichment {
                " (enrichment only: the kind is fetched with fewer fields)"
            } else {
                ""
            };
            writeln!(out, "{:>42} {}: {cause}{note}", "↳", failure.endpoint)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
