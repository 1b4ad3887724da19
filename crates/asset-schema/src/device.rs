//! [`DeviceFields`]: a device, whichever Zoom source saw it.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::mac::MacAddress;

/// A device. docs/contracts.md ("Records") names the core fields; the rest follow OCSF's device
/// object where DESIGN is silent. Every field is absent when unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceFields {
    /// Display name (room name, device name, or hostname for meeting devices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Host name (a participant's PC name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Network domain the host belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// MAC addresses, lower-case and colon-separated, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mac_addresses: Vec<MacAddress>,
    /// IP addresses seen, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_addresses: Vec<IpAddr>,
    /// Operating system, in one vocabulary whatever the source's spelling
    /// (docs/normalization.md, "Operating systems").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_name: Option<OsName>,
    /// Operating system version, split out of the source's text where it carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// The source's own text for the operating system, when it is not exactly `os_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_raw: Option<String>,
    /// What the device is (H.323, SIP, Zoom Rooms Computer, Controller, Desktop …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_type: Option<String>,
    /// Hardware model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Hardware vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Serial number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// Version of the Zoom client or Zoom Rooms app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    /// Current status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeviceStatus>,
    /// First time the device was seen in the data read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<DateTime<Utc>>,
    /// Last time the device was seen (online, or joining a meeting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<DateTime<Utc>>,
    /// Email of the person using or owning the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_email: Option<String>,
    /// Zoom Room the device belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_name: Option<String>,
    /// Zoom Room id (`room_id`) the device belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_id: Option<String>,
    /// Location name (building, floor) or geographic location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Network type of the last connection (Wired, Wifi, Cellular …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_type: Option<String>,
    /// SIP URI of a SIP device whose address is one (`room3@sip.example.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_uri: Option<String>,
    /// Signalling protocol of an H.323/SIP device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Encryption mode of an H.323/SIP device (auto, yes, no).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<String>,
    /// Health reported by the Zoom Rooms dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<String>,
    /// Issues reported by the Zoom Rooms dashboard.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
    /// Calendar the room is booked through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_name: Option<String>,
    /// Account type behind the room (for example a Google service account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// Whether the device is enrolled in Zoom Device Management.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_managed: Option<bool>,
    /// Whether a managed device is currently connected to Zoom Device Management.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_connected: Option<bool>,
    /// Ids of records of the same physical device from another source (a
    /// Zoom Rooms computer is both a room device and a managed device).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    /// Meetings the device was seen in during the window read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_count: Option<u64>,
}

/// An operating system family: one vocabulary for every source (Zoom spells
/// the same system "Mac", "mac" or "macOS 14.4"). `Other` is a system this
/// vocabulary does not name, or a client that names none (a phone dial-in);
/// the source's text is then in `os_raw`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum OsName {
    /// Microsoft Windows.
    Windows,
    /// Apple macOS.
    #[serde(rename = "macOS")]
    MacOs,
    /// Apple iOS (iPhone).
    #[serde(rename = "iOS")]
    Ios,
    /// Apple iPadOS.
    #[serde(rename = "iPadOS")]
    IpadOs,
    /// Android.
    Android,
    /// Linux, any distribution.
    Linux,
    /// ChromeOS.
    #[serde(rename = "ChromeOS")]
    ChromeOs,
    /// The operating system of Zoom's own appliances.
    #[serde(rename = "Zoom Rooms OS")]
    ZoomRoomsOs,
    /// Any other system, or none named.
    Other,
}

impl OsName {
    /// Every name, in the vocabulary's order.
    pub const ALL: [OsName; 9] = [
        OsName::Windows,
        OsName::MacOs,
        OsName::Ios,
        OsName::IpadOs,
        OsName::Android,
        OsName::Linux,
        OsName::ChromeOs,
        OsName::ZoomRoomsOs,
        OsName::Other,
    ];

    /// The name as records spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            OsName::Windows => "Windows",
            OsName::MacOs => "macOS",
            OsName::Ios => "iOS",
            OsName::IpadOs => "iPadOS",
            OsName::Android => "Android",
            OsName::Linux => "Linux",
            OsName::ChromeOs => "ChromeOS",
            OsName::ZoomRoomsOs => "Zoom Rooms OS",
            OsName::Other => "Other",
        }
    }
}

/// A device's status, from whichever source reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    /// Online (reachable, connected).
    Online,
    /// Offline.
    Offline,
    /// A room ready for meetings.
    Available,
    /// A room in a meeting.
    InMeeting,
    /// A room being set up.
    UnderConstruction,
    /// A value this schema does not know, kept verbatim.
    #[serde(untagged)]
    Other(String),
}
