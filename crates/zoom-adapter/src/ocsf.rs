//! Records as OCSF 1.8.0 events (`fetch --format ocsf`, docs/ocsf.md):
//! devices as Device Inventory Info (5001), users as User Inventory Info
//! (5003), sign-ins and sign-outs as Authentication (3002), operation logs
//! that change a user account as Account Change (3001), other operation
//! logs and recording downloads as API Activity (6003). Licenses, settings,
//! the SaaS application, the account, groups and roles have no OCSF class
//! here and are left out of the OCSF stream.

use asset_schema::{ActivityOutcome, Kind, OsName, Record, RecordBody};
use serde_json::{Map, Value, json};

use crate::sink::RecordSink;

/// The OCSF version the events follow.
pub const OCSF_VERSION: &str = "1.8.0";

/// The OCSF event of `record`, or `None` for kinds without a class here.
pub fn event(record: &Record) -> Option<Value> {
    let time = record.fetched_at.timestamp_millis();
    let metadata = json!({
        "version": OCSF_VERSION,
        "product": {"name": "Zoom", "vendor_name": "Zoom Video Communications",
            "feature": {"name": format!("zoom-adapter {}", record.kind.as_str())}},
        "uid": record.id.as_str(),
        "tenant_uid": record.account_id,
    });
    match &record.body {
        RecordBody::Device(fields) => {
            let mut device = Map::new();
            device.insert("type_id".into(), json!(device_type_id(record.kind)));
            device.insert("type".into(), json!(device_type_name(record.kind)));
            device.insert("uid".into(), json!(record.id.as_str()));
            put(&mut device, "name", fields.name.as_ref());
            put(&mut device, "hostname", fields.hostname.as_ref());
            put(&mut device, "domain", fields.domain.as_ref());
            put(&mut device, "model", fields.model.as_ref());
            put(&mut device, "vendor_name", fields.vendor.as_ref());
            if let Some(ip) = fields.ip_addresses.first() {
                device.insert("ip".into(), json!(ip));
            }
            if let Some(mac) = fields.mac_addresses.first() {
                device.insert("mac".into(), json!(mac));
            }
            if let Some(os) = &fields.os_name {
                let mut os_object = json!({"name": os.as_str(), "type_id": os_type_id(*os)});
                if let Some(version) = &fields.os_version {
                    os_object["version"] = json!(version);
                }
                device.insert("os".into(), os_object);
            }
            if let Some(serial) = &fields.serial_number {
                device.insert("hw_info".into(), json!({"serial_number": serial}));
            }
            if let Some(owner) = &fields.owner_email {
                device.insert("owner".into(), json!({"name": owner, "email_addr": owner}));
            }
            if let Some(seen) = fields.first_seen {
                device.insert("first_seen_time".into(), json!(seen.timestamp_millis()));
            }
            if let Some(seen) = fields.last_seen {
                device.insert("last_seen_time".into(), json!(seen.timestamp_millis()));
            }
            if let Some(managed) = fields.is_managed {
                device.insert("is_managed".into(), json!(managed));
            }
            Some(json!({
                "class_uid": 5001, "category_uid": 5, "activity_id": 2, "type_uid": 500102,
                "severity_id": 1, "time": time, "metadata": metadata, "device": device,
            }))
        }
        RecordBody::User(fields) => {
            let mut user = Map::new();
            put(&mut user, "uid", fields.user_id.as_ref());
            put(&mut user, "email_addr", fields.email.as_ref());
            put(
                &mut user,
                "name",
                fields.email.as_ref().or(fields.display_name.as_ref()),
            );
            put(&mut user, "full_name", fields.display_name.as_ref());
            user.insert(
                "type_id".into(),
                json!(if fields.is_admin == Some(true) { 2 } else { 1 }),
            );
            if !fields.groups.is_empty() {
                user.insert(
                    "groups".into(),
                    Value::Array(fields.groups.iter().map(|g| json!({"name": g})).collect()),
                );
            }
            if user.get("uid").is_none() {
                user.insert("uid".into(), json!(record.id.as_str()));
            }
            Some(json!({
                "class_uid": 5003, "category_uid": 5, "activity_id": 2, "type_uid": 500302,
                "severity_id": 1, "time": time, "metadata": metadata, "user": user,
            }))
        }
        RecordBody::Activity(fields) => {
            let time = fields.time.map_or(time, |t| t.timestamp_millis());
            let actor = fields.actor.clone().unwrap_or_else(|| "unknown".to_owned());
            let status_id = match fields.outcome {
                Some(ActivityOutcome::Success) => 1,
                Some(ActivityOutcome::Failure) => 2,
                None => 0,
            };
            let mut src = Map::new();
            if let Some(ip) = fields.ip_address {
                src.insert("ip".into(), json!(ip.to_string()));
            }
            if src.is_empty() {
                src.insert("svc_name".into(), json!("zoom"));
            }
            if record.kind == Kind::SignInActivity {
                let logoff = fields
                    .action
                    .as_deref()
                    .is_some_and(|a| a.to_ascii_lowercase().contains("out"));
                let activity_id = if logoff { 2 } else { 1 };
                return Some(json!({
                    "class_uid": 3002, "category_uid": 3, "activity_id": activity_id,
                    "type_uid": 300200 + activity_id, "severity_id": 1, "status_id": status_id,
                    "time": time, "metadata": metadata, "user": {"name": actor, "email_addr": actor},
                    "service": {"name": "Zoom"}, "src_endpoint": src,
                }));
            }
            let operation = fields
                .action
                .clone()
                .unwrap_or_else(|| "unknown".to_owned());
            let account_change = account_change_activity(
                fields.category.as_deref(),
                &operation,
                fields.details.as_deref(),
            );
            if let (Some(activity_id), Some(target), Kind::OperationLog) =
                (account_change, &fields.target, record.kind)
            {
                let mut event = json!({
                    "class_uid": 3001, "category_uid": 3, "activity_id": activity_id,
                    "type_uid": 300100 + activity_id, "severity_id": 1, "status_id": status_id,
                    "time": time, "metadata": metadata, "actor": {"user": {"name": actor}},
                    "user": {"name": target, "email_addr": target}, "src_endpoint": src,
                });
                if activity_id == 99 {
                    event["activity_name"] = json!(operation);
                }
                if let Some(details) = &fields.details {
                    event["message"] = json!(details);
                }
                return Some(event);
            }
            let activity_id = api_activity_id(&operation);
            let mut api = json!({"operation": operation});
            if let Some(category) = &fields.category {
                api["service"] = json!({"name": category});
            }
            let mut event = json!({
                "class_uid": 6003, "category_uid": 6, "activity_id": activity_id,
                "type_uid": 600300 + activity_id, "severity_id": 1, "status_id": status_id,
                "time": time, "metadata": metadata, "actor": {"user": {"name": actor}},
                "api": api, "src_endpoint": src,
            });
            if let Some(details) = &fields.details {
                event["message"] = json!(details);
            }
            Some(event)
        }
        _ => None,
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), json!(value));
    }
}

/// OCSF device type: Zoom Rooms, room controllers and H.323/SIP systems are
/// `Other` (99) with the type named; meeting clients and managed devices
/// are `Unknown` (0) with the type named, since Zoom does not say desktop
/// or phone.
fn device_type_id(kind: Kind) -> u32 {
    match kind {
        Kind::ZoomRoom | Kind::ZoomRoomDevice | Kind::H323Device => 99,
        _ => 0,
    }
}

fn device_type_name(kind: Kind) -> &'static str {
    match kind {
        Kind::ZoomRoom => "Zoom Room",
        Kind::ZoomRoomDevice => "Zoom Rooms device",
        Kind::H323Device => "H.323/SIP room system",
        Kind::MeetingDevice => "Zoom meeting client",
        _ => "Zoom Device Management device",
    }
}

/// OCSF operating-system type of a name of the vocabulary.
fn os_type_id(name: OsName) -> u32 {
    match name {
        OsName::Windows => 100,
        OsName::Linux | OsName::ChromeOs => 200,
        OsName::Android => 201,
        OsName::MacOs => 300,
        OsName::Ios => 301,
        OsName::IpadOs => 302,
        OsName::ZoomRoomsOs | OsName::Other => 99,
    }
}

/// Account Change's activity (3001) for an operation log entry that changed
/// a user account: in category `user`, Create (1), Enable (2), Password
/// Change (3), Disable (5), Delete (6), else Other (99); in category `role`,
/// a member added is Attach Policy (7), one removed Detach Policy (8).
/// `None`: not an account change (API Activity).
fn account_change_activity(
    category: Option<&str>,
    action: &str,
    details: Option<&str>,
) -> Option<u32> {
    let action = action.to_ascii_lowercase();
    let details = details.unwrap_or_default().to_ascii_lowercase();
    match category? {
        "user" => Some(
            if details.contains("password") || action.contains("password") {
                3
            } else if action.contains("deactivate") || action.contains("disable") {
                5
            } else if action.contains("activate") || action.contains("enable") {
                2
            } else if action.contains("add") || action.contains("create") {
                1
            } else if action.contains("delete") || action.contains("remove") {
                6
            } else {
                99
            },
        ),
        "role" if details.contains("add member") => Some(7),
        "role" if details.contains("remove member") => Some(8),
        _ => None,
    }
}

/// API Activity's activity from the operation log's action.
fn api_activity_id(action: &str) -> u32 {
    let action = action.to_ascii_lowercase();
    if action.contains("add") || action.contains("create") {
        1
    } else if action.contains("delete") || action.contains("remove") {
        4
    } else if action.contains("update") || action.contains("edit") || action.contains("change") {
        3
    } else if action.contains("download") || action.contains("view") || action.contains("read") {
        2
    } else {
        99
    }
}

/// A sink that writes OCSF events as JSON lines to `inner`'s writer.
pub struct OcsfLines<W: std::io::Write + Send> {
    out: W,
}

impl<W: std::io::Write + Send> OcsfLines<W> {
    /// OCSF events as JSON lines on `out`.
    pub fn new(out: W) -> Self {
        OcsfLines { out }
    }
}

impl<W: std::io::Write + Send> RecordSink for OcsfLines<W> {
    fn write(&mut self, record: &Record) -> std::io::Result<()> {
        let Some(event) = event(record) else {
            return Ok(());
        };
        serde_json::to_writer(&mut self.out, &event).map_err(std::io::Error::from)?;
        self.out.write_all(b"\n")
    }

    fn write_tombstone(&mut self, _tombstone: &asset_schema::Tombstone) -> std::io::Result<()> {
        // OCSF inventory classes have no deletion; tombstones stay in the records format.
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
