//! The source catalog: every record kind the adapter produces and the Zoom
//! endpoints it comes from. Each endpoint is a `&'static zoom_api::Route` —
//! the one home of its scopes (classic and granular), rate category and
//! lowest plan — plus only the adapter's own facts (why it is called, and
//! whether it only enriches the kind). The manifest, `check` and the fetch
//! plan read it; `docs/operations.md` explains it to admins.

use asset_schema::{AssetType, Kind};
use serde::Serialize;
use serde::ser::SerializeStruct;
use zoom_api::{Plan, Route};
use zoom_settings::ZoomPlan;

mod sources;

pub use sources::SOURCES;

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

/// Scopes the product documents list that no endpoint of [`SOURCES`] needs on its own.
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
