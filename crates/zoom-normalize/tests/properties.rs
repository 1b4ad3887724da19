//! Properties over arbitrary Zoom objects: no record ever holds `""`, ids are
//! stable (same object, same id, whatever the fetch time), mapping never panics.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};
use zoom_api::{H323Device, ManagedDevice, Participant, User};
use zoom_normalize::{
    Context, GroupNames, MeetingDevices, ParticipantRow, h323_device, managed_device,
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
        let a = user(&Context::new("acct", time(0)), &zoom_user, &GroupNames::default(), None, &mut warnings);
        let b = user(&Context::new("acct", time(hours)), &zoom_user, &GroupNames::default(), None, &mut warnings);
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
