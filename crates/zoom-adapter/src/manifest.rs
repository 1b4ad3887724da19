//! [`AdapterManifest`]: what the adapter is, what it fetches from where, with
//! which scopes and plans, and where its schemas are. Printed by
//! `zoom-adapter manifest` and checked in as `adapter-manifest.json`.

use serde::Serialize;
use serde_json::Value;

use asset_schema::{AssetType, Kind};

use crate::catalog::{DOCUMENTED_EXTRA_SCOPES, Endpoint, SOURCES, Source};

/// Version of the manifest's own shape; bumped when a field changes meaning.
pub const MANIFEST_VERSION: u32 = 1;

/// The adapter manifest.
#[derive(Debug, Clone, Serialize)]
pub struct AdapterManifest {
    /// Version of this document's shape.
    pub manifest_version: u32,
    /// Adapter id: `zoom`.
    pub id: &'static str,
    /// Adapter version (the crate version).
    pub version: &'static str,
    /// Display name.
    pub title: &'static str,
    /// What the adapter does.
    pub description: &'static str,
    /// Paths of the JSON Schemas, relative to the repository root.
    pub schemas: SchemaPaths,
    /// Connection parameters, in schema order.
    pub parameters: Vec<Field>,
    /// Advanced settings, in schema order.
    pub settings: Vec<Field>,
    /// Asset types with the kinds (Zoom sources) behind each.
    pub asset_types: Vec<AssetTypeEntry>,
    /// Every OAuth scope the adapter may need, with the kinds that need it.
    pub scopes: Vec<ScopeEntry>,
    /// The enforcement actions.
    pub actions: Vec<ActionEntry>,
}

/// One enforcement action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionEntry {
    /// Its name (`delete-user`).
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
    /// The classic OAuth scopes it needs (apps made before 2024).
    pub scopes: Vec<&'static str>,
    /// The granular OAuth scopes it needs (apps made since 2024).
    pub granular_scopes: Vec<&'static str>,
    /// Path of its params schema.
    pub params_schema: String,
}

/// Paths of the schemas the manifest refers to.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaPaths {
    /// Connection parameters.
    pub connection: &'static str,
    /// Advanced settings.
    pub settings: &'static str,
    /// One output record (any asset type); per-type fields beside it in `schemas/records/`.
    pub record: &'static str,
}

/// One parameter or setting, as a host UI shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// JSON key.
    pub key: String,
    /// Title shown to admins.
    pub title: String,
    /// What it means.
    pub description: String,
    /// JSON type(s).
    #[serde(rename = "type")]
    pub json_type: Value,
    /// Whether the key must be given.
    pub required: bool,
    /// The setting that makes an optional key required, as `key=value`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_when: Option<&'static str>,
    /// Whether the value is a secret (never echoed; may come from the environment).
    pub secret: bool,
    /// Environment variable that may supply the value instead of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<&'static str>,
    /// Value used when the key is left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
}

/// One asset type and its kinds.
#[derive(Debug, Clone, Serialize)]
pub struct AssetTypeEntry {
    /// The `asset_type` of its records.
    pub asset_type: AssetType,
    /// Title shown to admins.
    pub title: &'static str,
    /// Record kinds of this type.
    pub kinds: Vec<KindEntry>,
}

/// One record kind: where it comes from and what it needs.
#[derive(Debug, Clone, Serialize)]
pub struct KindEntry {
    /// The record `kind`.
    pub kind: Kind,
    /// What it is.
    pub title: &'static str,
    /// Settings that turn it on (all must hold); empty: always fetched.
    pub enabled_by: &'static [&'static str],
    /// Every classic scope it needs (apps made before 2024).
    pub scopes: Vec<&'static str>,
    /// Every granular scope it needs (apps made since 2024).
    pub granular_scopes: Vec<&'static str>,
    /// Lowest Zoom plan that serves it (`null`: any plan).
    pub min_plan: Option<&'static str>,
    /// Whether the web-portal login (portal URL, username, password, 2FA) is also needed.
    pub needs_portal_login: bool,
    /// The Zoom endpoints it calls.
    pub endpoints: &'static [Endpoint],
}

/// One OAuth scope and who needs it.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeEntry {
    /// The scope.
    pub scope: &'static str,
    /// Its family: `classic` or `granular` (an app has one or the other).
    pub family: zoom_api::ScopeFamily,
    /// Kinds that need it (empty for scopes listed only by the documents).
    pub needed_for: Vec<Kind>,
    /// Actions that need it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<&'static str>,
    /// Why it is listed, when no kind needs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

impl AdapterManifest {
    /// Builds the manifest from the source catalog and the generated schemas.
    pub fn build() -> Self {
        AdapterManifest {
            manifest_version: MANIFEST_VERSION,
            id: "zoom",
            version: env!("CARGO_PKG_VERSION"),
            title: "Zoom",
            description: "Fetches devices (H.323/SIP, Zoom Rooms and their devices, devices seen in meetings, Zoom Device Management), users, licenses, application settings, activities, Zoom as a SaaS application and the account from a Zoom account through Server-to-Server OAuth, normalized into the common asset schema.",
            schemas: SchemaPaths {
                connection: "schemas/connection.schema.json",
                settings: "schemas/settings.schema.json",
                record: "schemas/records/record.schema.json",
            },
            parameters: fields(&zoom_settings::connection_schema(), true),
            settings: fields(&zoom_settings::settings_schema(), false),
            asset_types: AssetType::ALL
                .iter()
                .map(|&asset_type| AssetTypeEntry {
                    asset_type,
                    title: asset_type.title(),
                    kinds: SOURCES
                        .iter()
                        .filter(|s| s.asset_type == asset_type)
                        .map(kind_entry)
                        .collect(),
                })
                .collect(),
            scopes: scopes(),
            actions: crate::actions::ActionName::ALL
                .iter()
                .map(|&action| ActionEntry {
                    name: action.as_str(),
                    description: match action {
                        crate::actions::ActionName::CreateUser => "Create a Zoom user (optionally in a group)",
                        crate::actions::ActionName::DeleteUser => "Disassociate or delete a user, optionally moving their meetings, webinars, recordings and whiteboards to another user",
                        crate::actions::ActionName::UpdateUserGroup => "Add users to a group, remove them from one, or move them between groups",
                        crate::actions::ActionName::SendMessage => "Send a Team Chat message to a contact or a channel",
                    },
                    scopes: action.scopes(),
                    granular_scopes: action.granular_scopes(),
                    params_schema: format!("schemas/actions/{}.schema.json", action.as_str()),
                })
                .collect(),
        }
    }
}

fn kind_entry(source: &Source) -> KindEntry {
    KindEntry {
        kind: source.kind,
        title: source.title,
        enabled_by: source.enabled_by,
        scopes: source.scopes(),
        granular_scopes: source.granular_scopes(),
        min_plan: source.min_plan().map(|plan| plan.as_str()),
        needs_portal_login: source.needs_portal_login,
        endpoints: source.endpoints,
    }
}

fn scopes() -> Vec<ScopeEntry> {
    use crate::catalog::scopes_in_family;
    use zoom_api::ScopeFamily;
    let mut entries: Vec<ScopeEntry> = Vec::new();
    let mut entry = |scope: &'static str, family: ScopeFamily| -> usize {
        match entries.iter().position(|e| e.scope == scope) {
            Some(index) => index,
            None => {
                entries.push(ScopeEntry {
                    scope,
                    family,
                    needed_for: Vec::new(),
                    actions: Vec::new(),
                    note: None,
                });
                entries.len() - 1
            }
        }
    };
    let mut needed: Vec<(usize, Option<Kind>, Option<&'static str>)> = Vec::new();
    for family in [ScopeFamily::Classic, ScopeFamily::Granular] {
        for source in SOURCES {
            for scope in scopes_in_family(source.endpoints.iter().map(|e| e.route), family) {
                needed.push((entry(scope, family), Some(source.kind), None));
            }
        }
        for action in crate::actions::ActionName::ALL {
            for scope in scopes_in_family(action.routes().iter().copied(), family) {
                needed.push((entry(scope, family), None, Some(action.as_str())));
            }
        }
    }
    for (index, kind, action) in needed {
        let entry = &mut entries[index];
        if let Some(kind) = kind.filter(|k| !entry.needed_for.contains(k)) {
            entry.needed_for.push(kind);
        }
        if let Some(action) = action.filter(|a| !entry.actions.contains(a)) {
            entry.actions.push(action);
        }
    }
    for &(scope, note) in DOCUMENTED_EXTRA_SCOPES {
        entries.push(ScopeEntry {
            scope,
            family: ScopeFamily::Classic,
            needed_for: Vec::new(),
            actions: Vec::new(),
            note: Some(note),
        });
    }
    entries
}

/// The manifest's view of each property of a schema.
fn fields(schema: &Value, is_connection: bool) -> Vec<Field> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|keys| keys.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(key, property)| {
            let text = |name: &str| {
                property
                    .get(name)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let portal_key = is_connection
                && ["portal_url", "username", "password", "totp_secret"].contains(&key.as_str());
            Field {
                key: key.clone(),
                title: text("title"),
                description: text("description"),
                json_type: property.get("type").cloned().unwrap_or(Value::Null),
                required: required.contains(&key.as_str()),
                required_when: portal_key.then_some("fetch_settings_and_licenses=true"),
                secret: property.get("writeOnly") == Some(&Value::Bool(true)),
                env: zoom_settings::SecretEnv::VARIABLES
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, var)| *var),
                default: property.get("default").cloned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_parameter_and_setting_with_titles() {
        let manifest = AdapterManifest::build();
        assert_eq!(manifest.parameters.len(), 11);
        assert!(
            manifest
                .parameters
                .iter()
                .all(|f| !f.title.is_empty() && !f.description.is_empty())
        );
        let secrets: Vec<&str> = manifest
            .parameters
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(secrets, ["client_secret", "password", "totp_secret"]);
        assert!(
            manifest
                .settings
                .iter()
                .any(|f| f.key == "meeting_days" && f.default == Some(7.into()))
        );
        assert_eq!(manifest.asset_types.len(), 9);
    }
}
