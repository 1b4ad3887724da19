//! One insta snapshot per fixture file: Zoom objects (the OpenAPI spec's own
//! examples first, then edge cases) → records and warnings.

use std::collections::HashMap;
use std::path::Path;

use asset_schema::Record;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use zoom_api::{
    DashboardZoomRoom, Group, H323Device, ManagedDevice, OperationLog, Participant, PlanUsage,
    Room, RoomDevice, SignInActivity, User,
};
use zoom_normalize::{
    Context, DirectoryNames, MeetingDevices, ParticipantRow, RoomDashboard, UserCensus, Warning,
    account, account_settings, h323_device, is_calendar_only, is_recording_download,
    is_service_account, managed_device, meeting_device, operation_log, plan_licenses,
    saas_application, sign_in_activity, user, user_feature_licenses, user_settings, zoom_room,
    zoom_room_device,
};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn decode<T: DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("decode {value}: {e}"))
}

fn context() -> Context {
    let at: DateTime<Utc> = "2026-11-23T10:00:00Z"
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    Context::new("acct-1", at)
}

fn output(records: &[Record], warnings: &[Warning]) -> Value {
    let messages: Vec<String> = warnings
        .iter()
        .map(|w| format!("{}: {}", w.kind, w.message))
        .collect();
    json!({"records": records, "warnings": messages})
}

#[test]
fn users() {
    let fx = fixture("users.json");
    let groups: Vec<Group> = decode(&fx["groups"]);
    let names = DirectoryNames::from_groups(&groups);
    let joins: HashMap<String, DateTime<Utc>> = decode(&fx["last_joins"]);
    let cx = context();
    let (mut records, mut warnings) = (Vec::new(), Vec::new());
    for raw in fx["users"].as_array().into_iter().flatten() {
        let zoom_user: User = decode(raw);
        let join = zoom_user.id.as_ref().and_then(|id| joins.get(id)).copied();
        records.extend(user(&cx, &zoom_user, &names, join, &mut warnings));
    }
    insta::assert_json_snapshot!(output(&records, &warnings));
}

#[test]
fn h323_devices() {
    let cx = context();
    let (mut records, mut warnings) = (Vec::new(), Vec::new());
    for raw in fixture("h323_devices.json")
        .as_array()
        .into_iter()
        .flatten()
    {
        records.extend(h323_device(&cx, &decode::<H323Device>(raw), &mut warnings));
    }
    insta::assert_json_snapshot!(output(&records, &warnings));
}

#[test]
fn zoom_rooms() {
    let fx = fixture("zoom_rooms.json");
    let dashboard: Vec<DashboardZoomRoom> = decode(&fx["dashboard"]);
    let dashboard: Vec<(Option<String>, RoomDashboard)> = dashboard
        .into_iter()
        .map(|row| (row.id.clone(), RoomDashboard::of(row)))
        .collect();
    let cx = context();
    let (mut records, mut warnings, mut filters) = (Vec::new(), Vec::new(), Vec::new());
    for raw in fx["rooms"].as_array().into_iter().flatten() {
        let room: Room = decode(raw);
        let row = dashboard
            .iter()
            .find(|(id, _)| id.is_some() && *id == room.room_id)
            .map(|(_, row)| row);
        filters.push(json!({
            "room": room.name,
            "calendar_only": is_calendar_only(&room, row),
            "service_account": is_service_account(row.and_then(RoomDashboard::account_type)),
        }));
        records.extend(zoom_room(&cx, &room, row, &mut warnings));
    }
    let mut out = output(&records, &warnings);
    out["filters"] = Value::Array(filters);
    insta::assert_json_snapshot!(out);
}

#[test]
fn zoom_room_devices() {
    let fx = fixture("zoom_room_devices.json");
    let room: Room = decode(&fx["room"]);
    let cx = context();
    let (mut records, mut warnings) = (Vec::new(), Vec::new());
    for raw in fx["devices"].as_array().into_iter().flatten() {
        records.extend(zoom_room_device(
            &cx,
            &room,
            &decode::<RoomDevice>(raw),
            &mut warnings,
        ));
    }
    insta::assert_json_snapshot!(output(&records, &warnings));
}

#[test]
fn managed_devices() {
    let cx = context();
    let (mut records, mut warnings) = (Vec::new(), Vec::new());
    for raw in fixture("managed_devices.json")
        .as_array()
        .into_iter()
        .flatten()
    {
        records.extend(managed_device(
            &cx,
            &decode::<ManagedDevice>(raw),
            &mut warnings,
        ));
    }
    insta::assert_json_snapshot!(output(&records, &warnings));
}

#[test]
fn meeting_devices() {
    let fx = fixture("participants.json");
    let cx = context();
    let mut snapshot = serde_json::Map::new();
    for require in [true, false] {
        let mut devices = MeetingDevices::new();
        for meeting in fx["meetings"].as_array().into_iter().flatten() {
            let uuid = meeting["uuid"].as_str().unwrap_or_default();
            let participants: Vec<Participant> = decode(&meeting["participants"]);
            for participant in &participants {
                devices.add(&ParticipantRow::from_participant(uuid, participant));
            }
        }
        let records: Vec<Record> = devices
            .into_devices(require)
            .map(|(key, fields)| meeting_device(&cx, &key, fields))
            .collect();
        snapshot.insert(
            format!("devices_require_hostname_and_mac={require}"),
            json!(records),
        );
    }
    insta::assert_json_snapshot!(Value::Object(snapshot));
}

#[test]
fn activities() {
    let fx = fixture("activities.json");
    let cx = context();
    let mut records = Vec::new();
    for raw in fx["operation_logs"].as_array().into_iter().flatten() {
        // With both activity settings on, a download is a recording_download only.
        let log: OperationLog = decode(raw);
        let kind = if is_recording_download(&log) {
            asset_schema::Kind::RecordingDownload
        } else {
            asset_schema::Kind::OperationLog
        };
        records.push(operation_log(&cx, &log, kind));
    }
    for raw in fx["sign_in"].as_array().into_iter().flatten() {
        records.push(sign_in_activity(&cx, &decode::<SignInActivity>(raw)));
    }
    insta::assert_json_snapshot!(output(&records, &[]));
}

#[test]
fn account_settings_licenses_saas_and_tenant() {
    let fx = fixture("accounts.json");
    let cx = context();
    let usage: PlanUsage = decode(&fx["plan_usage"]);
    let me: User = decode(&fx["me"]);
    let user_settings_value = &fx["user_settings"];
    let user_settings_typed: zoom_api::UserSettings = decode(user_settings_value);
    let mut records = account_settings(&cx, &fx["account_settings"]);
    // The default, `user_settings: differing`: leaves equal to the account's
    // are counted, not emitted (the `all` mode has its own snapshot below).
    let account_leaves = zoom_normalize::AccountLeaves::of(&fx["account_settings"]);
    records.extend(user_settings(
        &cx,
        "owner-1",
        Some("owner@acme.example"),
        user_settings_value,
        Some(&account_leaves),
    ));
    records.extend(plan_licenses(&cx, &usage));
    if let Some(feature) = &user_settings_typed.feature {
        records.extend(user_feature_licenses(
            &cx,
            "owner-1",
            Some("owner@acme.example"),
            feature,
        ));
    }
    let mut census = UserCensus {
        inactive_listed: true,
        ..UserCensus::default()
    };
    census.add_zoom_user(&me);
    records.push(saas_application(
        &cx,
        &census,
        Some(&usage),
        Some(&fx["account_settings"]),
        Some("https://acme.zoom.us"),
        Some(("business", asset_schema::PlanSource::Observed)),
    ));
    records.push(account(
        &cx,
        Some(&me),
        Some("https://acme.zoom.us"),
        Some(("business", asset_schema::PlanSource::Observed)),
        Some("monthly"),
        vec!["acme.example".to_owned()],
    ));
    insta::assert_json_snapshot!(output(&records, &[]));
}

/// Every field any snapshot shows is documented in MAPPINGS for its kind,
/// and every kind has a mapping: `docs/normalization.md` cannot fall behind.
#[test]
fn every_emitted_field_is_documented() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
    {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
        let value: Value =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{:?}: {e}", entry.path()));
        let mut records = Vec::new();
        collect_records(&value, &mut records);
        for record in records {
            let kind = record["kind"].as_str().unwrap_or_default();
            let mapping = zoom_normalize::MAPPINGS
                .iter()
                .find(|m| m.kind.as_str() == kind)
                .unwrap_or_else(|| panic!("no mapping for kind {kind}"));
            for field in record["fields"]
                .as_object()
                .into_iter()
                .flat_map(|f| f.keys())
            {
                assert!(
                    mapping.fields.iter().any(|row| row.field == field),
                    "{kind}.{field} is not in MAPPINGS"
                );
                seen += 1;
            }
        }
    }
    assert!(seen > 100, "only {seen} fields checked");
    for kind in asset_schema::Kind::ALL {
        assert!(
            zoom_normalize::MAPPINGS.iter().any(|m| m.kind == kind),
            "{kind} has no mapping"
        );
    }
}

fn collect_records<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) if map.contains_key("kind") && map.contains_key("fields") => {
            out.push(value)
        }
        Value::Object(map) => map.values().for_each(|v| collect_records(v, out)),
        Value::Array(items) => items.iter().for_each(|v| collect_records(v, out)),
        _ => {}
    }
}

#[test]
fn user_settings_all() {
    let fx = fixture("accounts.json");
    let records = user_settings(
        &context(),
        "owner-1",
        Some("owner@acme.example"),
        &fx["user_settings"],
        None,
    );
    insta::assert_json_snapshot!(output(&records, &[]));
}

#[test]
fn groups_and_roles() {
    let fx = fixture("directory.json");
    let cx = context();
    let mut warnings = Vec::new();
    let mut records = Vec::new();
    let members = |entry: &Value| -> Vec<String> {
        entry["members"]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| id.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for entry in fx["groups"].as_array().into_iter().flatten() {
        let group: zoom_api::Group = decode(entry);
        records.extend(zoom_normalize::group(
            &cx,
            &group,
            members(entry),
            &mut warnings,
        ));
    }
    for entry in fx["roles"].as_array().into_iter().flatten() {
        let role: zoom_api::Role = decode(entry);
        records.extend(zoom_normalize::role(
            &cx,
            &role,
            members(entry),
            &mut warnings,
        ));
    }
    insta::assert_json_snapshot!(output(&records, &warnings));
}

/// The room's computer from GET /rooms/{roomId}/devices and from GET /devices
/// (Zoom Device Management), linked both ways.
#[test]
fn room_computers_linked_across_sources() {
    let fx = fixture("zoom_room_devices.json");
    let room: Room = decode(&fx["room"]);
    let cx = context();
    let (mut records, mut warnings) = (Vec::new(), Vec::new());
    for raw in fx["devices"].as_array().into_iter().flatten() {
        records.extend(zoom_room_device(
            &cx,
            &room,
            &decode::<RoomDevice>(raw),
            &mut warnings,
        ));
    }
    for raw in fixture("managed_devices.json")
        .as_array()
        .into_iter()
        .flatten()
    {
        records.extend(managed_device(
            &cx,
            &decode::<ManagedDevice>(raw),
            &mut warnings,
        ));
    }
    assert_eq!(zoom_normalize::link_room_computers(&mut records), 1);
    let linked: Vec<&Record> = records
        .iter()
        .filter(|r| matches!(&r.body, asset_schema::RecordBody::Device(f) if !f.same_as.is_empty()))
        .collect();
    insta::assert_json_snapshot!(json!({"linked": linked}));
}
