//! Properties over arbitrary Zoom objects: no record ever holds `""`, ids are
//! stable (same object, same id, whatever the fetch time), mapping never panics.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};
use zoom_api::{H323Device, ManagedDevice, Participant, User};
use zoom_normalize::{
    Context, DirectoryNames, MeetingDevices, ParticipantRow, h323_device, managed_device,
    meeting_device, user,
};

/// Text as Zoom sends it: often empty or blank, sometimes odd.
fn zoom_text() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("")),
        Just(json!("  ")),
        Just(Value::Null),
        Just(json!("Zoë Łukasiewicz")),
        Just(json!("AA-BB-CC-DD-EE-FF")),
        Just(json!("2026-11-20T09:15:00Z")),
        Just(json!("10.0.0.1")),
        "[a-zA-Z0-9 :.-]{0,12}".prop_map(Value::String),
    ]
}

fn object(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    proptest::collection::vec(zoom_text(), keys.len()).prop_map(move |values| {
        Value::Object(keys.iter().map(|k| (*k).to_owned()).zip(values).collect())
    })
}

fn no_blank_strings(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().all(no_blank_strings),
        Value::Object(map) => map.values().all(no_blank_strings),
        _ => true,
    }
}

fn time(hours: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000) + Duration::hours(hours)
}

const USER_KEYS: &[&str] = &[
    "id",
    "first_name",
    "last_name",
    "email",
    "dept",
    "status",
    "timezone",
    "last_login_time",
    "created_at",
    "role_id",
    "job_title",
];
const H323_KEYS: &[&str] = &["id", "name", "protocol", "ip", "encryption"];
const ZDM_KEYS: &[&str] = &[
    "device_id",
    "device_name",
    "mac_address",
    "serial_number",
    "vendor",
    "model",
    "platform_os",
    "app_version",
    "last_online",
    "user_email",
    "room_name",
];
const PARTICIPANT_KEYS: &[&str] = &[
    "pc_name",
    "domain",
    "mac_addr",
    "ip_address",
    "device",
    "version",
    "email",
    "location",
    "join_time",
];

proptest! {
    #[test]
    fn user_records_hold_no_blank_string_and_keep_their_id(raw in object(USER_KEYS), hours in 0i64..10_000) {
        let zoom_user: User = serde_json::from_value(raw).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut warnings = Vec::new();
        let a = user(&Context::new("acct", time(0)), &zoom_user, &DirectoryNames::default(), None, &mut warnings);
        let b = user(&Context::new("acct", time(hours)), &zoom_user, &DirectoryNames::default(), None, &mut warnings);
        prop_assert_eq!(a.as_ref().map(|r| r.id.clone()), b.as_ref().map(|r| r.id.clone()));
        if let Some(record) = a {
            prop_assert!(no_blank_strings(&serde_json::to_value(&record).map_err(|e| TestCaseError::fail(e.to_string()))?));
        }
    }

    #[test]
    fn device_records_hold_no_blank_string(h323 in object(H323_KEYS), zdm in object(ZDM_KEYS)) {
        let cx = Context::new("acct", time(0));
        let mut warnings = Vec::new();
        let h: H323Device = serde_json::from_value(h323).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let z: ManagedDevice = serde_json::from_value(zdm).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for record in h323_device(&cx, &h, &mut warnings).into_iter().chain(managed_device(&cx, &z, &mut warnings)) {
            prop_assert!(no_blank_strings(&serde_json::to_value(&record).map_err(|e| TestCaseError::fail(e.to_string()))?));
        }
    }

    #[test]
    fn meeting_devices_hold_no_blank_string_and_ids_do_not_depend_on_order(rows in proptest::collection::vec(object(PARTICIPANT_KEYS), 1..30)) {
        let participants: Vec<Participant> = rows
            .into_iter()
            .map(serde_json::from_value)
            .collect::<Result<_, _>>()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ids = |order: &mut dyn Iterator<Item = &Participant>| {
            let mut devices = MeetingDevices::new();
            for p in order {
                devices.add(&ParticipantRow::from_participant("m", p));
            }
            let cx = Context::new("acct", time(0));
            devices.into_devices(false).map(|(k, f)| meeting_device(&cx, &k, f)).collect::<Vec<_>>()
        };
        let forward = ids(&mut participants.iter());
        let backward = ids(&mut participants.iter().rev());
        let forward_ids: Vec<_> = forward.iter().map(|r| r.id.clone()).collect();
        let backward_ids: Vec<_> = backward.iter().map(|r| r.id.clone()).collect();
        prop_assert_eq!(forward_ids, backward_ids);
        for record in forward {
            prop_assert!(no_blank_strings(&serde_json::to_value(&record).map_err(|e| TestCaseError::fail(e.to_string()))?));
        }
    }
}

/// One participant row as plain data: (mac index, pc name, email, ip, OS,
/// join hour), any of them possibly missing.
type RowSpec = (
    Option<u8>,
    Option<&'static str>,
    Option<&'static str>,
    Option<u8>,
    Option<&'static str>,
    Option<i64>,
);

fn row_spec() -> impl Strategy<Value = RowSpec> {
    (
        prop::option::of(0u8..6),
        prop::option::of(prop::sample::select(vec!["PC-A", "pc-a", "PC-B", " "])),
        prop::option::of(prop::sample::select(vec![
            "a@acme.example",
            "b@acme.example",
            "",
        ])),
        prop::option::of(0u8..24),
        prop::option::of(prop::sample::select(vec!["Windows", "Mac", ""])),
        prop::option::of(0i64..6),
    )
}

/// Every row of every meeting, in reading order (rows of a meeting together).
fn fold_rows(meetings: &[Vec<RowSpec>], mut on_row: impl FnMut(usize, &ParticipantRow<'_>)) {
    let macs: Vec<String> = (0..6).map(|i| format!("02-00-00-00-00-0{i}")).collect();
    let ips: Vec<String> = (0..24).map(|i| format!("10.0.0.{i}")).collect();
    let uuids: Vec<String> = (0..meetings.len())
        .map(|i| format!("meeting-{i}"))
        .collect();
    let mut index = 0;
    for (meeting, rows) in meetings.iter().enumerate() {
        for (mac, pc, email, ip, os, hour) in rows {
            let row = ParticipantRow {
                meeting_uuid: &uuids[meeting],
                mac_addr: mac.map(|m| macs[usize::from(m)].as_str()),
                pc_name: *pc,
                email: *email,
                ip_address: ip.map(|i| ips[usize::from(i)].as_str()),
                device: *os,
                join_time: hour.map(time),
                ..ParticipantRow::default()
            };
            on_row(index, &row);
            index += 1;
        }
    }
}

proptest! {
    /// Keeping states in sorted runs (cut anywhere, even inside a meeting)
    /// and merging them gives exactly the devices of one in-memory pass.
    #[test]
    fn sorted_runs_merge_to_the_in_memory_result(
        meetings in prop::collection::vec(prop::collection::vec(row_spec(), 0..8), 0..12),
        cuts in prop::collection::btree_set(0usize..96, 0..6),
        require in any::<bool>(),
    ) {
        let cx = Context::new("acct", time(0));
        let as_json = |devices: Vec<(zoom_normalize::MeetingDeviceKey, asset_schema::DeviceFields)>| {
            devices
                .into_iter()
                .map(|(key, fields)| serde_json::to_value(meeting_device(&cx, &key, fields)).unwrap_or_default())
                .collect::<Vec<_>>()
        };

        let mut whole = MeetingDevices::new();
        fold_rows(&meetings, |_, row| whole.add(row));
        let expected = as_json(whole.into_devices(require).collect());

        let mut part = MeetingDevices::new();
        let mut runs = Vec::new();
        fold_rows(&meetings, |index, row| {
            if cuts.contains(&index) {
                runs.push(part.take_sorted());
            }
            part.add(row);
        });
        runs.push(part.take_sorted());
        let merged: Vec<_> = zoom_normalize::merge_sorted_runs(
            runs.into_iter().map(|run| run.into_iter().map(Ok::<_, ()>)).collect(),
        )
        .filter_map(|item| {
            let (key, state) = item.ok()?;
            Some((key, state.into_fields(require)?))
        })
        .collect();
        prop_assert_eq!(as_json(merged), expected);
    }
}

/// An operating system as Zoom's sources might spell it: known names in any
/// case with or without a version, codes, and arbitrary text.
fn os_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(vec![
                "Mac",
                "macOS",
                "mac",
                "Windows",
                "win",
                "Win",
                "iOS",
                "iPadOS",
                "ipad",
                "iphone",
                "Android",
                "Linux",
                "Ubuntu",
                "ChromeOS",
                "Zoom Rooms OS",
                "Phone",
                "H.323/SIP",
            ]),
            "( [0-9]{1,2}(\\.[0-9]{1,2})?)?"
        )
            .prop_map(|(name, version)| format!("{name}{version}")),
        "\\PC{0,24}",
    ]
}

proptest! {
    /// Every `os_name` a device record carries is a name of the vocabulary
    /// (docs/normalization.md, "Operating systems") or `Other`, whatever
    /// text Zoom sent; the text is never lost.
    #[test]
    fn every_os_name_emitted_is_in_the_vocabulary_or_other(text in os_text()) {
        let vocabulary: Vec<&str> = asset_schema::OsName::ALL.iter().map(|n| n.as_str()).collect();
        let cx = Context::new("acct", time(0));
        let mut warnings = Vec::new();
        let zdm: ManagedDevice = serde_json::from_value(json!({"device_id": "d1", "platform_os": text}))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let room: zoom_api::Room = serde_json::from_value(json!({"id": "r1", "room_id": "r1", "name": "Room"}))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let room_device: zoom_api::RoomDevice = serde_json::from_value(json!({"id": "rd1", "device_system": text}))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let records = managed_device(&cx, &zdm, &mut warnings)
            .into_iter()
            .chain(zoom_normalize::zoom_room_device(&cx, &room, &room_device, &mut warnings));
        for record in records {
            let value = serde_json::to_value(&record).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let fields = &value["fields"];
            match fields.get("os_name").and_then(Value::as_str) {
                Some(name) => {
                    prop_assert!(vocabulary.contains(&name), "{name} from {text:?}");
                    let kept = fields.get("os_raw").and_then(Value::as_str).unwrap_or(name);
                    prop_assert_eq!(kept, text.trim());
                }
                None => prop_assert!(text.trim().is_empty(), "no os_name for {:?}", text),
            }
        }
    }
}
