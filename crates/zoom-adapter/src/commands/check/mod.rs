//! `check`: authenticate, then probe exactly what the settings plan — each
//! endpoint the planned kinds need with one cheap call, several at once
//! within the rate limits, and the web portal with one sign-in when the
//! plan needs it — and say per kind what the next fetch will do: reachable,
//! reduced (an enrichment failed), partial (the portal failed), unavailable
//! on this plan, unreachable (with the scope, in the app's own family, or
//! the cause), or off in the settings.

mod probe;
mod table;

use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use futures::StreamExt;
use serde::Serialize;
use zoom_api::{Client, PortalLogin, ScopeFamily};
use zoom_settings::AdapterConfig;

use crate::boundary::{BUG_WHAT_TO_DO, bug_message, catch};
use crate::catalog::SOURCES;
use crate::exit::Exit;
use crate::plan::FetchPlan;
use crate::summary::{FailureKind, SourceError};
use probe::{Probe, not_granted, probe_route};

/// Probes in flight at once: enough to finish in a few round trips, few
/// enough for the Free plan's per-second limits.
const PROBES_IN_FLIGHT: usize = 4;

/// The `--json` report (also the result of the protocol's `check`).
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    /// Whether a token was obtained.
    pub(crate) authenticated: bool,
    /// Scopes the token carries (empty when Zoom does not list them).
    granted_scopes: Vec<String>,
    /// The app's scope family, from the granted scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    scope_family: Option<ScopeFamily>,
    /// Why authentication failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_error: Option<SourceError>,
    /// The web portal's sign-in, when the plan needs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    portal: Option<PortalCheck>,
    /// One entry per record kind.
    kinds: Vec<KindReport>,
}

/// The portal's sign-in: whether it worked, and why not.
#[derive(Debug, Serialize)]
struct PortalCheck {
    signed_in: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<SourceError>,
}

/// What the next fetch will do with a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum KindStatus {
    /// Every endpoint answered.
    Reachable,
    /// Fetched, with fewer fields: an enrichment endpoint failed.
    Reduced,
    /// Fetched without what the web portal adds (the portal failed).
    Partial,
    /// The account's plan does not serve it (the fetch reports it
    /// `unavailable`, which is not a failure).
    Unavailable,
    /// It would fail: a missing scope, or another refusal.
    Unreachable,
    /// Switched off in the settings: not probed.
    Off,
}

#[derive(Debug, Serialize)]
struct KindReport {
    kind: asset_schema::Kind,
    asset_type: asset_schema::AssetType,
    status: KindStatus,
    /// Whether the next fetch delivers it (reachable, reduced or partial).
    reachable: bool,
    /// Classic scopes the kind needs.
    scopes: Vec<&'static str>,
    /// Granular scopes the kind needs.
    granular_scopes: Vec<&'static str>,
    /// Lowest plan that serves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    min_plan: Option<&'static str>,
    /// Which setting turns it off, when it is unavailable or unreachable.
    #[serde(skip_serializing_if = "Option::is_none")]
    turn_off_with: Option<String>,
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
    let (config, client) = match super::connect(connection, settings, false)? {
        Ok(connected) => connected,
        Err(exit) => return Ok(exit),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(probe_all(&client, &config, chrono::Utc::now()));
    let exit = report.exit();
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        table::write_table(&mut out, &report)?;
    }
    Ok(exit)
}

impl Report {
    /// The exit code (docs/contracts.md): 6 when Zoom could not be reached (for
    /// the token, or for every planned kind), 3 when the credentials were
    /// refused, 4 when some planned kind would fail or be partial, else 0
    /// (a kind unavailable on the plan is not a failure).
    pub(crate) fn exit(&self) -> Exit {
        if let Some(error) = &self.auth_error {
            return if error.is_unreachable() {
                Exit::Unreachable
            } else {
                Exit::AuthFailed
            };
        }
        let planned: Vec<&KindReport> = self
            .kinds
            .iter()
            .filter(|k| k.status != KindStatus::Off)
            .collect();
        let failing =
            |k: &&KindReport| matches!(k.status, KindStatus::Unreachable | KindStatus::Partial);
        if !planned.iter().any(failing) {
            return Exit::Ok;
        }
        let all_out_of_reach = !planned.is_empty()
            && planned.iter().all(|k| {
                k.status == KindStatus::Unreachable
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

/// Authenticates, then probes what `config`'s fetch plan reads, starting
/// at `now` (the date-ranged probes ask for its day).
pub(crate) async fn probe_all(
    client: &Client,
    config: &AdapterConfig,
    now: chrono::DateTime<chrono::Utc>,
) -> Report {
    let granted_scopes = match client.granted_scopes().await {
        Ok(scopes) => scopes,
        Err(err) => {
            return Report {
                authenticated: false,
                granted_scopes: Vec::new(),
                scope_family: None,
                auth_error: Some(SourceError::from_api(&err)),
                portal: None,
                kinds: Vec::new(),
            };
        }
    };
    let plan = FetchPlan::for_config(config, now, None, false);
    let today = now.date_naive();
    // Each route once (routes that need an object id through their list).
    let mut routes = Vec::new();
    for source in SOURCES.iter().filter(|s| plan.wants(s.kind)) {
        for endpoint in source.endpoints {
            let via = probe_route(endpoint.route);
            if !routes.contains(&via) {
                routes.push(via);
            }
        }
    }
    let granted = &granted_scopes;
    let probed: BTreeMap<String, Result<(), SourceError>> = futures::stream::iter(routes)
        .map(|via| async move { (via.name(), probe_one(client, via, granted, today).await) })
        .buffer_unordered(PROBES_IN_FLIGHT)
        .collect()
        .await;
    let portal = check_portal(config, &plan).await;
    let kinds = SOURCES
        .iter()
        .map(|source| kind_report(source, &plan, granted, &probed, portal.as_ref()))
        .collect();
    Report {
        authenticated: true,
        scope_family: ScopeFamily::of_granted(&granted_scopes),
        granted_scopes,
        auth_error: None,
        portal,
        kinds,
    }
}

/// One route's probe behind its own panic boundary (a bug in one reads as
/// that endpoint's failure, never as the whole check's).
async fn probe_one(
    client: &Client,
    via: &'static zoom_api::Route,
    granted: &[String],
    today: NaiveDate,
) -> Result<(), SourceError> {
    if let Some(err) = not_granted(via, granted) {
        return Err(SourceError::from_api(&err));
    }
    match Probe::of(via) {
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
    }
}

/// Signs in to the web portal once (never more: a wrong password must not
/// lock the account) and out again, when the plan reads the portal.
async fn check_portal(config: &AdapterConfig, plan: &FetchPlan) -> Option<PortalCheck> {
    let needed = SOURCES
        .iter()
        .any(|s| s.needs_portal_login && plan.wants(s.kind));
    let portal_config = crate::connect::portal_config(config).filter(|_| needed)?;
    let portal = match zoom_api::WebPortal::new(portal_config) {
        Ok(portal) => portal,
        Err(err) => {
            return Some(PortalCheck {
                signed_in: false,
                error: Some(SourceError::from_portal(&err)),
            });
        }
    };
    let signed_in = portal.sign_in().await;
    if signed_in.is_ok()
        && let Err(err) = portal.sign_out().await
    {
        tracing::warn!(error = %err, "portal sign-out failed");
    }
    Some(PortalCheck {
        signed_in: signed_in.is_ok(),
        error: signed_in.err().map(|e| SourceError::from_portal(&e)),
    })
}

/// What the fetch would do with `source`'s kind.
fn kind_report(
    source: &crate::catalog::Source,
    plan: &FetchPlan,
    granted: &[String],
    probed: &BTreeMap<String, Result<(), SourceError>>,
    portal: Option<&PortalCheck>,
) -> KindReport {
    let failures: Vec<EndpointFailure> = if plan.wants(source.kind) {
        source
            .endpoints
            .iter()
            .filter_map(|endpoint| {
                // A route probed through its list still needs its own scope.
                let own = not_granted(endpoint.route, granted).map(|e| SourceError::from_api(&e));
                let via = probed
                    .get(&probe_route(endpoint.route).name())
                    .and_then(|result| result.as_ref().err().cloned());
                own.or(via).map(|error| EndpointFailure {
                    endpoint: endpoint.route.name(),
                    enrichment: endpoint.enrichment,
                    error,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let essential: Vec<&EndpointFailure> = failures.iter().filter(|f| !f.enrichment).collect();
    let portal_failed = source.needs_portal_login && portal.is_some_and(|p| !p.signed_in);
    let status = if !plan.wants(source.kind) {
        KindStatus::Off
    } else if essential.is_empty() && portal_failed {
        KindStatus::Partial
    } else if essential.is_empty() && failures.is_empty() {
        KindStatus::Reachable
    } else if essential.is_empty() {
        KindStatus::Reduced
    } else if essential
        .iter()
        .all(|f| f.error.kind == FailureKind::Zoom(zoom_api::ErrorKind::Plan))
    {
        KindStatus::Unavailable
    } else {
        KindStatus::Unreachable
    };
    let failing = matches!(status, KindStatus::Unavailable | KindStatus::Unreachable);
    KindReport {
        kind: source.kind,
        asset_type: source.asset_type,
        status,
        reachable: matches!(
            status,
            KindStatus::Reachable | KindStatus::Reduced | KindStatus::Partial
        ),
        scopes: source.scopes(),
        granular_scopes: source.granular_scopes(),
        min_plan: source.min_plan().map(|p| p.as_str()),
        turn_off_with: source.turn_off_with().filter(|_| failing),
        failures,
    }
}
