//! Inventory devices: H.323/SIP devices, Zoom Rooms (merged with the
//! dashboard), Zoom Room devices and Zoom Device Management devices; and the
//! room filters `skip_service_accounts` and `exclude_calendar_rooms`.

use asset_schema::{DeviceFields, DeviceStatus, Kind, MacAddress, Record, RecordBody, non_empty};
use serde_json::Value;
use zoom_api::{DashboardZoomRoom, H323Device, ManagedDevice, Room, RoomDevice};

use crate::addresses::{named, parse_ips, quoted, sip_uri};
use crate::context::{Context, Warning};
use crate::os::operating_system;
use crate::time::parse_time;

/// An H.323/SIP device (GET /h323/devices), keyed by its id.
pub fn h323_device(
    cx: &Context,
    device: &H323Device,
    warnings: &mut Vec<Warning>,
) -> Option<Record> {
    let Some(key) = non_empty(device.id.as_deref()) else {
        warnings.push(Warning::new(
            Kind::H323Device,
            format!(
                "an H.323/SIP device without an id{} was skipped",
                named(device.name.as_deref())
            ),
        ));
        return None;
    };
    // A SIP device's address may be a SIP URI, not an IP address.
    let sip_uri = sip_uri(device.ip.as_deref());
    let ip_text = if sip_uri.is_some() {
        None
    } else {
        device.ip.as_deref()
    };
    let fields = DeviceFields {
        name: non_empty(device.name.as_deref()),
        ip_addresses: parse_ips(ip_text, Kind::H323Device, &key, "ip", warnings),
        sip_uri,
        device_type: non_empty(device.protocol.as_deref()),
        protocol: non_empty(device.protocol.as_deref()),
        encryption: non_empty(device.encryption.as_deref()),
        ..DeviceFields::default()
    };
    Some(cx.record(Kind::H323Device, &key, RecordBody::Device(Box::new(fields))))
}

/// What a Zoom Room record and the room filters take from the room's
/// dashboard row (GET /metrics/zoomrooms). A cycle keeps every row until
/// the rooms are listed (Zoom lists them in another order), so it keeps
/// these fields, blank ones dropped, and not the whole row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomDashboard {
    room_name: Option<Box<str>>,
    calendar_name: Option<Box<str>>,
    email: Option<Box<str>>,
    account_type: Option<Box<str>>,
    status: Option<Box<str>>,
    device_ip: Option<Box<str>>,
    last_start_time: Option<Box<str>>,
    location: Option<Box<str>>,
    health: Option<Box<str>>,
    issues: Box<[Box<str>]>,
}

impl RoomDashboard {
    /// The part of `row` a room record uses.
    pub fn of(row: DashboardZoomRoom) -> Self {
        let keep = |text: Option<String>| non_empty(text.as_deref()).map(String::into_boxed_str);
        RoomDashboard {
            room_name: keep(row.room_name),
            calendar_name: keep(row.calendar_name),
            email: keep(row.email),
            account_type: keep(row.account_type),
            status: keep(row.status),
            device_ip: keep(row.device_ip),
            last_start_time: keep(row.last_start_time),
            location: keep(row.location),
            health: keep(row.health),
            issues: row
                .issues
                .iter()
                .filter_map(|issue| non_empty(Some(issue)).map(String::into_boxed_str))
                .collect(),
        }
    }

    /// The dashboard's account type (for example "Google Service Account").
    pub fn account_type(&self) -> Option<&str> {
        self.account_type.as_deref()
    }
}

/// Whether a dashboard account type names a service account (for example
/// "Google Service Account"): the `skip_service_accounts` setting drops such rooms.
pub fn is_service_account(account_type: Option<&str>) -> bool {
    account_type.is_some_and(|t| t.to_ascii_lowercase().contains("service account"))
}

/// Whether a room is only a calendar entry: it was never activated as a Zoom
/// Room (no `activation_code` in GET /rooms) and the dashboard, when read,
/// shows no device IP. The `exclude_calendar_rooms` setting drops such rooms.
pub fn is_calendar_only(room: &Room, dashboard: Option<&RoomDashboard>) -> bool {
    let never_activated =
        non_empty(room.extra.get("activation_code").and_then(Value::as_str)).is_none();
    let no_device = dashboard.is_none_or(|d| d.device_ip.is_none());
    never_activated && no_device
}

/// A Zoom Room (GET /rooms), merged with its dashboard row
/// (GET /metrics/zoomrooms, matched on `room_id` = dashboard `id`) when read.
/// Keyed by the room's `room_id` (stable across both APIs), else its `id`.
pub fn zoom_room(
    cx: &Context,
    room: &Room,
    dashboard: Option<&RoomDashboard>,
    warnings: &mut Vec<Warning>,
) -> Option<Record> {
    let Some(key) = non_empty(room.room_id.as_deref()).or_else(|| non_empty(room.id.as_deref()))
    else {
        warnings.push(Warning::new(
            Kind::ZoomRoom,
            format!(
                "a Zoom Room without an id{} was skipped",
                named(room.name.as_deref())
            ),
        ));
        return None;
    };
    let name = non_empty(room.name.as_deref())
        .or_else(|| dashboard.and_then(|d| non_empty(d.room_name.as_deref())));
    let mut fields = DeviceFields {
        name: name.clone(),
        room_name: name,
        room_id: Some(key.clone()),
        device_type: Some("Zoom Room".to_owned()),
        status: room.status.as_deref().and_then(device_status),
        ..DeviceFields::default()
    };
    if let Some(d) = dashboard {
        let text = |v: &Option<Box<str>>| v.as_deref().map(str::to_owned);
        fields.ip_addresses = parse_ips(
            d.device_ip.as_deref(),
            Kind::ZoomRoom,
            &key,
            "dashboard device_ip",
            warnings,
        );
        fields.health = text(&d.health);
        fields.issues = d.issues.iter().map(|i| i.to_string()).collect();
        fields.calendar_name = text(&d.calendar_name);
        fields.account_type = text(&d.account_type);
        fields.owner_email = text(&d.email);
        fields.location = text(&d.location);
        fields.last_seen = parse_time(d.last_start_time.as_deref());
        if fields.status.is_none() {
            fields.status = d.status.as_deref().and_then(device_status);
        }
    }
    Some(cx.record(Kind::ZoomRoom, &key, RecordBody::Device(Box::new(fields))))
}

/// A device of a Zoom Room (GET /rooms/{roomId}/devices), keyed by its id
/// (unique within the account), else by room and device type.
pub fn zoom_room_device(
    cx: &Context,
    room: &Room,
    device: &RoomDevice,
    warnings: &mut Vec<Warning>,
) -> Option<Record> {
    let room_key = non_empty(room.room_id.as_deref()).or_else(|| non_empty(room.id.as_deref()));
    let key = match (
        non_empty(device.id.as_deref()),
        &room_key,
        non_empty(device.device_type.as_deref()),
    ) {
        (Some(id), _, _) => id,
        (None, Some(room), Some(device_type)) => format!("{room}/{device_type}"),
        _ => {
            warnings.push(Warning::new(
                Kind::ZoomRoomDevice,
                format!(
                    "a Zoom Room device without an id{} was skipped",
                    named(device.room_name.as_deref().or(room.name.as_deref()))
                ),
            ));
            return None;
        }
    };
    let room_name =
        non_empty(device.room_name.as_deref()).or_else(|| non_empty(room.name.as_deref()));
    let device_type = non_empty(device.device_type.as_deref());
    let mut fields = DeviceFields {
        name: match (&room_name, &device_type) {
            (Some(room), Some(kind)) => Some(format!("{room} - {kind}")),
            (room, kind) => room.clone().or_else(|| kind.clone()),
        },
        device_type,
        app_version: non_empty(device.app_version.as_deref()),
        status: device.status.as_deref().and_then(device_status),
        room_name,
        room_id: room_key,
        ..DeviceFields::default()
    };
    if let Some(os) = operating_system(device.device_system.as_deref()) {
        os.apply(&mut fields);
    }
    Some(cx.record(
        Kind::ZoomRoomDevice,
        &key,
        RecordBody::Device(Box::new(fields)),
    ))
}

/// A Zoom Device Management device (GET /devices), keyed by `device_id`.
pub fn managed_device(
    cx: &Context,
    device: &ManagedDevice,
    warnings: &mut Vec<Warning>,
) -> Option<Record> {
    let Some(key) = non_empty(device.device_id.as_deref()) else {
        warnings.push(Warning::new(
            Kind::ManagedDevice,
            format!(
                "a managed device without a device_id{} was skipped",
                named(device.device_name.as_deref())
            ),
        ));
        return None;
    };
    let mac_addresses = match non_empty(device.mac_address.as_deref()) {
        Some(text) => match text.parse::<MacAddress>() {
            Ok(mac) if !mac.is_unassigned() => vec![mac],
            Ok(_) => Vec::new(),
            Err(_) => {
                warnings.push(Warning::new(
                    Kind::ManagedDevice,
                    format!(
                        "managed_device {key}: `mac_address` held {}, which is not a MAC address; it was left out",
                        quoted(&text)
                    ),
                ));
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let mut fields = DeviceFields {
        name: non_empty(device.device_name.as_deref()),
        mac_addresses,
        serial_number: non_empty(device.serial_number.as_deref()),
        vendor: non_empty(device.vendor.as_deref()),
        model: non_empty(device.model.as_deref()),
        app_version: non_empty(device.app_version.as_deref()),
        device_type: device
            .device_type
            .and_then(zdm_device_type)
            .map(str::to_owned),
        status: match device.device_status {
            Some(1) => Some(DeviceStatus::Online),
            Some(0) => Some(DeviceStatus::Offline),
            _ => None,
        },
        last_seen: parse_time(device.last_online.as_deref()),
        owner_email: non_empty(device.user_email.as_deref()),
        room_name: non_empty(device.room_name.as_deref()),
        room_id: non_empty(device.room_id.as_deref()),
        is_managed: device.enrolled_in_zdm,
        is_connected: device.connected_to_zdm,
        ..DeviceFields::default()
    };
    if let Some(os) = operating_system(device.platform_os.as_deref()) {
        os.apply(&mut fields);
    }
    Some(cx.record(
        Kind::ManagedDevice,
        &key,
        RecordBody::Device(Box::new(fields)),
    ))
}

/// Zoom's status words to [`DeviceStatus`]; unknown words kept as `Other`.
fn device_status(text: &str) -> Option<DeviceStatus> {
    let normalized: String = text
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    Some(match normalized.as_str() {
        "" => return None,
        "online" => DeviceStatus::Online,
        "offline" => DeviceStatus::Offline,
        "available" => DeviceStatus::Available,
        "inmeeting" => DeviceStatus::InMeeting,
        "underconstruction" => DeviceStatus::UnderConstruction,
        _ => DeviceStatus::Other(text.trim().to_owned()),
    })
}

/// ZDM `device_type` codes to names (docs/normalization.md, `managed_device`).
fn zdm_device_type(code: i64) -> Option<&'static str> {
    Some(match code {
        0 => "Zoom Rooms Computer",
        1 => "Controller",
        2 => "Scheduling Display",
        3 => "Zoom Rooms Control System",
        4 => "Zoom Rooms Whiteboard",
        5 => "Zoom Phone Appliance",
        6 => "Zoom Rooms Computer (with Controller)",
        _ => return None,
    })
}
