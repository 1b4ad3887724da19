//! Zoom Rooms, their devices, the Zoom Rooms dashboard and Zoom Device Management devices.

use chrono::Duration;
use serde_json::{Value, json};

use super::{Account, DOMAIN, ts};
use crate::rng::{Gen, Stream, ident, parse_ident};

const CITIES: &[&str] = &[
    "Boston",
    "Berlin",
    "Genève",
    "Tokyo",
    "São Paulo",
    "London",
    "Kraków",
];
const ROOM_TYPES: &[&str] = &["ZoomRoom", "SchedulingDisplayOnly", "DigitalSignageOnly"];
/// Every `device_type` of GET /rooms/{roomId}/devices.
pub(crate) const DEVICE_TYPES: &[&str] = &[
    "Zoom Rooms Computer",
    "Controller",
    "Scheduling Display",
    "Zoom Rooms Control System",
    "Companion Whiteboard",
];

/// The cheap facts of room `r`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RoomCore {
    /// Only a calendar entry: empty `activation_code`, no devices, no device IP.
    pub(crate) calendar_only: bool,
    /// The dashboard's `account_type` is a service account ("Google Service Account").
    pub(crate) service_account: bool,
    /// Index into the room types.
    pub(crate) room_type: usize,
    /// Number of devices (0 for calendar-only rooms).
    pub(crate) devices: u64,
}

/// The facts of room `r`.
pub(crate) fn core(seed: u64, r: u64) -> RoomCore {
    let mut g = Gen::new(seed, Stream::Room, r);
    // Room 0 is always a normal room, room 1 calendar-only, room 2 a service-account room,
    // so even tiny accounts hold every case.
    let calendar_only = r == 1 || (r > 2 && g.chance(0.15));
    let service_account = r == 2 || (r > 2 && g.chance(0.12));
    let room_type = (r % 3) as usize;
    let devices = if calendar_only { 0 } else { 1 + g.below(4) };
    RoomCore {
        calendar_only,
        service_account,
        room_type,
        devices,
    }
}

/// The id of room `r` (GET /rooms `id`).
pub(crate) fn room_id(acc: &Account, r: u64) -> String {
    ident(acc.seed, Stream::Room, r)
}

/// Finds a room by its `id` or its dashboard `room_id`.
pub(crate) fn find_room(acc: &Account, id: &str) -> Option<u64> {
    parse_ident(acc.seed, Stream::Room, id)
        .or_else(|| parse_ident(acc.seed, Stream::RoomDevice, id))
        .filter(|&r| r < acc.counts.rooms)
}

/// The name of room `r`.
pub(crate) fn room_name(r: u64) -> String {
    format!(
        "{} Room {}",
        CITIES[(r % CITIES.len() as u64) as usize],
        r + 1
    )
}

/// Room `r` as GET /rooms lists it.
pub(crate) fn room_json(acc: &Account, r: u64) -> Value {
    let c = core(acc.seed, r);
    let mut g = Gen::new(acc.seed ^ 0x524f_4f4d, Stream::Room, r);
    let status = if c.calendar_only {
        "Offline"
    } else {
        g.pick(&["Available", "InMeeting", "Offline", "UnderConstruction"])
    };
    let code = if c.calendar_only {
        String::new()
    } else {
        format!(
            "{:03}-{:03}-{:03}",
            g.below(1000),
            g.below(1000),
            g.below(1000)
        )
    };
    let mut v = json!({
        "id": room_id(acc, r),
        "room_id": ident(acc.seed, Stream::RoomDevice, r),
        "name": room_name(r),
        "activation_code": code,
        "location_id": ident(acc.seed, Stream::Account, 1000 + r % 7),
        "status": status,
        // Guessed: the list schema has no `type`; it echoes the `type` filter's values.
        "type": ROOM_TYPES[c.room_type],
    });
    // An unknown future field on some rooms: clients must ignore it.
    if r % 5 == 4 {
        v["calendar_sync_state"] = json!("synced");
    }
    v
}

/// The devices of room `r` (GET /rooms/{roomId}/devices).
pub(crate) fn room_devices_json(acc: &Account, r: u64) -> Vec<Value> {
    let c = core(acc.seed, r);
    (0..c.devices)
        .map(|j| {
            let mut g = Gen::new(acc.seed, Stream::RoomDevice, r << 8 | j);
            // The first device is the room computer; the others rotate through every type.
            let t = if j == 0 {
                0
            } else {
                (1 + (r + j) % 4) as usize
            };
            let system = match t {
                0 => *g.pick(&["Windows 10 Pro 22H2", "macOS 14.4", "Windows 11 IoT"]),
                _ => *g.pick(&["iPadOS 17.4", "Android 12", "Zoom Rooms OS 1.4"]),
            };
            json!({
                "id": format!("{}-{j}", ident(acc.seed, Stream::RoomDevice, r)),
                "room_name": room_name(r),
                "device_type": DEVICE_TYPES[t],
                "app_version": g.pick(&["5.17.5 (3522)", "6.0.0 (4020)", "5.16.10 (3298)"]),
                "device_system": system,
                "status": if g.chance(0.8) { "Online" } else { "Offline" },
            })
        })
        .collect()
}

/// Room `r` as the Zoom Rooms dashboard (GET /metrics/zoomrooms) lists it.
pub(crate) fn dashboard_json(acc: &Account, r: u64) -> Value {
    let c = core(acc.seed, r);
    let mut g = Gen::new(acc.seed ^ 0x4441_5348, Stream::Room, r);
    let account_type = if c.service_account {
        "Google Service Account"
    } else {
        "Zoom Rooms Account"
    };
    let ip = if c.calendar_only {
        String::new()
    } else {
        format!("10.50.{}.{}", r / 250 % 250, r % 250 + 2)
    };
    let last = acc.anchor - Duration::seconds(g.below(86_400 * 20) as i64);
    json!({
        "id": ident(acc.seed, Stream::RoomDevice, r),
        "room_name": room_name(r),
        "calender_name": if c.calendar_only || c.service_account { format!("room{}@{}", r + 1, DOMAIN) } else { String::new() },
        "email": format!("room{}@{}", r + 1, DOMAIN),
        "account_type": account_type,
        "status": if c.calendar_only { "Offline" } else { *g.pick(&["Available", "In Meeting", "Offline"]) },
        "device_ip": ip,
        "camera": if c.calendar_only { "" } else { "Logitech Rally" },
        "microphone": if c.calendar_only { "" } else { "Logitech Rally Mic Pod" },
        "speaker": if c.calendar_only { "" } else { "Logitech Rally Speaker" },
        "last_start_time": if c.calendar_only { String::new() } else { ts(last) },
        "location": CITIES[(r % CITIES.len() as u64) as usize],
        "location_id": ident(acc.seed, Stream::Account, 1000 + r % 7),
        "health": if c.calendar_only { "" } else { "healthy" },
        "issues": [],
    })
}

/// Zoom Device Management device `d` (GET /devices).
pub(crate) fn zdm_json(acc: &Account, d: u64) -> Value {
    let mut g = Gen::new(acc.seed, Stream::Zdm, d);
    let device_type = g.below(7);
    let (vendor, model, os) = match device_type {
        0 | 6 => ("Dell", "OptiPlex 7090", "win"),
        1 => ("Apple", "iPad (9th generation)", "ipad"),
        2 => ("Logitech", "Tap Scheduler", "android"),
        3 => ("Crestron", "UC-Engine", "linux"),
        4 => ("DTEN", "D7X", "android"),
        _ => ("Poly", "CCX 600", "linux"),
    };
    let b: [u8; 6] = [0x00, 0x1b, 0x63, (d >> 16) as u8, (d >> 8) as u8, d as u8];
    let mac = if g.chance(0.1) {
        String::new()
    } else if g.chance(0.5) {
        b.iter()
            .map(|x| format!("{x:02X}"))
            .collect::<Vec<_>>()
            .join("-")
    } else {
        b.iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    let rooms = acc.counts.rooms.max(1);
    let in_room = acc.counts.rooms > 0 && g.chance(0.6);
    let r = g.below(rooms);
    let online = acc.anchor - Duration::seconds(g.below(86_400 * 30) as i64);
    json!({
        "device_id": ident(acc.seed, Stream::Zdm, d),
        "device_name": format!("{model} {}", d + 1),
        "mac_address": mac,
        "serial_number": format!("SN{:010}", acc.mask(d) % 10_000_000_000),
        "vendor": vendor,
        "model": model,
        "platform_os": os,
        "app_version": g.pick(&["5.17.5", "6.0.0", "5.16.10"]),
        "tag": if g.chance(0.3) { "lobby" } else { "" },
        "enrolled_in_zdm": g.chance(0.9),
        "connected_to_zdm": g.chance(0.7),
        "room_id": if in_room { ident(acc.seed, Stream::RoomDevice, r) } else { String::new() },
        "room_name": if in_room { room_name(r) } else { String::new() },
        "device_type": device_type,
        "skd_version": "5.17.5",
        "device_status": g.range(0, 2) as i64 - 1,
        "last_online": ts(online),
        "user_email": if in_room { String::new() } else { format!("zdm{}@{}", d, DOMAIN) },
    })
}
