//! The mappings of the device kinds.

use asset_schema::Kind;

use super::{KindMapping, m};

/// `h323_device`.
pub(super) const H323_DEVICE: KindMapping = KindMapping {
    kind: Kind::H323Device,
    source: "GET /h323/devices `devices[]`",
    key: "`id`; devices without an id are skipped with a warning",
    fields: &[
        m("name", "name", "trimmed; blank → absent"),
        m(
            "ip",
            "ip_addresses",
            "parsed as IP addresses; labels dropped; invalid → warning naming the device",
        ),
        m(
            "ip",
            "sip_uri",
            "when it is a SIP URI (`sip:`/`sips:`, or `user@host.domain`) instead of an address",
        ),
        m("protocol", "device_type", "as is (H.323 or SIP)"),
        m("protocol", "protocol", "as is"),
        m("encryption", "encryption", "as is (auto, yes, no)"),
    ],
};

/// `zoom_room`.
pub(super) const ZOOM_ROOM: KindMapping = KindMapping {
    kind: Kind::ZoomRoom,
    source: "GET /rooms `rooms[]`, merged with GET /metrics/zoomrooms `zoom_rooms[]` where dashboard `id` = room `room_id`",
    key: "`room_id`, else `id`",
    fields: &[
        m("name (dashboard room_name)", "name", "room name"),
        m("name", "room_name", "room name"),
        m("room_id (id)", "room_id", "as is"),
        m("—", "device_type", "always `Zoom Room`"),
        m(
            "status (dashboard status)",
            "status",
            "Offline/Available/InMeeting/UnderConstruction → snake case; others kept",
        ),
        m(
            "dashboard device_ip",
            "ip_addresses",
            "every address in the field (`Computer : 10.0.0.1` → 10.0.0.1)",
        ),
        m("dashboard health", "health", "as is"),
        m("dashboard issues", "issues", "blank entries dropped"),
        m("dashboard calender_name (sic)", "calendar_name", "as is"),
        m(
            "dashboard account_type",
            "account_type",
            "as is; `skip_service_accounts` drops rooms whose type contains \"service account\"",
        ),
        m("dashboard email", "owner_email", "as is"),
        m("dashboard location", "location", "as is"),
        m("dashboard last_start_time", "last_seen", "RFC 3339 UTC"),
    ],
};

/// `zoom_room_device`.
pub(super) const ZOOM_ROOM_DEVICE: KindMapping = KindMapping {
    kind: Kind::ZoomRoomDevice,
    source: "GET /rooms/{roomId}/devices `devices[]` for each room of GET /rooms",
    key: "`id`, else `<room_id>/<device_type>`",
    fields: &[
        m(
            "room_name + device_type",
            "name",
            "`<room> - <device type>`",
        ),
        m("device_type", "device_type", "as is"),
        m(
            "— (the room's computer, matched to Zoom Device Management)",
            "same_as",
            "the `managed_device` id of the same computer (see \"The same computer twice\")",
        ),
        m(
            "device_system",
            "os_name",
            "the OS vocabulary (see \"Operating systems\"): `macOS 14.4` → macOS",
        ),
        m(
            "device_system",
            "os_version",
            "what follows the OS name, when it holds a digit (`14.4`)",
        ),
        m(
            "device_system",
            "os_raw",
            "as Zoom gave it, unless exactly the name",
        ),
        m("app_version", "app_version", "as is"),
        m(
            "status",
            "status",
            "Online/Offline → online/offline; others kept",
        ),
        m(
            "room_name (room name)",
            "room_name",
            "device's, else the room's",
        ),
        m("room room_id", "room_id", "the parent room's id"),
    ],
};

/// `meeting_device`.
pub(super) const MEETING_DEVICE: KindMapping = KindMapping {
    kind: Kind::MeetingDevice,
    source: "GET /metrics/meetings?type=past (windows of ≤ 1 month over `meeting_days`), then GET /metrics/meetings/{uuid}/participants for each meeting",
    key: "`mac:<aa:bb:cc:dd:ee:ff>` when `mac_addr` is a real MAC, else `host:<pc_name>\\<domain>` lower-cased; rows with neither are not devices",
    fields: &[
        m("pc_name", "name", "latest non-blank"),
        m("pc_name", "hostname", "latest non-blank (by join_time)"),
        m("domain", "domain", "latest non-blank"),
        m(
            "mac_addr",
            "mac_addresses",
            "any format → `aa:bb:cc:dd:ee:ff`; zeros and broadcast ignored",
        ),
        m(
            "ip_address",
            "ip_addresses",
            "every address seen, sorted, at most 16",
        ),
        m(
            "device",
            "os_name",
            "latest, in the OS vocabulary (`Mac` → macOS; Phone, H.323/SIP, Web → Other)",
        ),
        m(
            "device",
            "os_raw",
            "latest, as Zoom gave it, unless exactly the name",
        ),
        m("—", "device_type", "always `Zoom client`"),
        m("version", "app_version", "latest Zoom client version"),
        m("join_time", "first_seen", "earliest join"),
        m("join_time", "last_seen", "latest join"),
        m(
            "email",
            "owner_email",
            "email of the latest join that has one",
        ),
        m("location", "location", "latest"),
        m("network_type", "network_type", "latest"),
        m(
            "meeting uuid",
            "meeting_count",
            "distinct meetings the device joined in the window",
        ),
    ],
};

/// `managed_device`.
pub(super) const MANAGED_DEVICE: KindMapping = KindMapping {
    kind: Kind::ManagedDevice,
    source: "GET /devices `devices[]` (Zoom Device Management)",
    key: "`device_id`",
    fields: &[
        m("device_name", "name", "as is"),
        m(
            "mac_address",
            "mac_addresses",
            "normalized; invalid → warning",
        ),
        m("serial_number", "serial_number", "as is"),
        m("vendor", "vendor", "as is"),
        m("model", "model", "as is"),
        m(
            "platform_os",
            "os_name",
            "the OS vocabulary: win/mac/ipad/iphone/android/linux → Windows/macOS/iPadOS/iOS/Android/Linux",
        ),
        m("platform_os", "os_raw", "the code as Zoom gave it"),
        m(
            "— (a Zoom Rooms computer, matched to its room's)",
            "same_as",
            "the `zoom_room_device` id of the same computer (see \"The same computer twice\")",
        ),
        m("app_version", "app_version", "as is"),
        m(
            "device_type",
            "device_type",
            "0–6 → Zoom Rooms Computer, Controller, Scheduling Display, Zoom Rooms Control System, Zoom Rooms Whiteboard, Zoom Phone Appliance, Zoom Rooms Computer (with Controller)",
        ),
        m(
            "device_status",
            "status",
            "1 → online, 0 → offline, -1 → absent",
        ),
        m("last_online", "last_seen", "RFC 3339 UTC"),
        m("user_email", "owner_email", "as is"),
        m("room_name", "room_name", "as is"),
        m("room_id", "room_id", "as is"),
        m("enrolled_in_zdm", "is_managed", "as is"),
        m("connected_to_zdm", "is_connected", "as is"),
    ],
};
