//! The device key rule: which participant rows are devices, and the
//! [`MeetingDeviceKey`] that makes the rows of one device one record.

use asset_schema::{DeviceFields, Kind, MacAddress, Record, RecordBody, non_empty};
use chrono::{DateTime, Utc};
use zoom_api::Participant;

use crate::context::Context;
use crate::time::parse_time;

/// The identity of a physical device across meetings.
///
/// Rule: the participant's MAC address, normalized to `aa:bb:cc:dd:ee:ff`,
/// when it parses and is a real address (not all zeros, not broadcast); else the
/// PC name and PC domain, lower-cased, when the PC name is not blank. A row
/// with neither (external participants, phones) is not a device.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MeetingDeviceKey {
    /// Keyed by MAC address.
    Mac(MacAddress),
    /// Keyed by lower-cased PC name and domain.
    Host {
        /// PC name, lower-cased.
        hostname: String,
        /// PC domain, lower-cased (empty when none).
        domain: String,
    },
}

impl MeetingDeviceKey {
    /// The key of a participant row, if the row identifies a device.
    pub fn of(row: &ParticipantRow<'_>) -> Option<Self> {
        if let Some(mac) = row.mac_addr.and_then(|m| m.parse::<MacAddress>().ok())
            && !mac.is_unassigned()
        {
            return Some(MeetingDeviceKey::Mac(mac));
        }
        let hostname = non_empty(row.pc_name)?.to_lowercase();
        let domain = non_empty(row.domain)
            .map(|d| d.to_lowercase())
            .unwrap_or_default();
        Some(MeetingDeviceKey::Host { hostname, domain })
    }

    /// The key as it appears in record ids: `mac:aa:bb:…` or `host:name\domain`.
    pub fn id_key(&self) -> String {
        match self {
            MeetingDeviceKey::Mac(mac) => format!("mac:{mac}"),
            MeetingDeviceKey::Host { hostname, domain } if domain.is_empty() => {
                format!("host:{hostname}")
            }
            MeetingDeviceKey::Host { hostname, domain } => format!("host:{hostname}\\{domain}"),
        }
    }
}

/// The device-relevant fields of one participant row, borrowed from the Zoom
/// object (GET /metrics/meetings/{meetingId}/participants).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParticipantRow<'a> {
    /// The meeting's UUID (rows of one meeting arrive together).
    pub meeting_uuid: &'a str,
    /// `pc_name`.
    pub pc_name: Option<&'a str>,
    /// `domain`.
    pub domain: Option<&'a str>,
    /// `mac_addr`.
    pub mac_addr: Option<&'a str>,
    /// `ip_address`.
    pub ip_address: Option<&'a str>,
    /// `device` (Windows, Mac, iOS, Android, Phone, H.323/SIP).
    pub device: Option<&'a str>,
    /// `version`: the Zoom client version.
    pub version: Option<&'a str>,
    /// `email`.
    pub email: Option<&'a str>,
    /// `location`.
    pub location: Option<&'a str>,
    /// `network_type`.
    pub network_type: Option<&'a str>,
    /// `join_time`.
    pub join_time: Option<DateTime<Utc>>,
}

impl<'a> ParticipantRow<'a> {
    /// The row of a Zoom participant of meeting `meeting_uuid`.
    pub fn from_participant(meeting_uuid: &'a str, participant: &'a Participant) -> Self {
        ParticipantRow {
            meeting_uuid,
            pc_name: participant.pc_name.as_deref(),
            domain: participant.domain.as_deref(),
            mac_addr: participant.mac_addr.as_deref(),
            ip_address: participant.ip_address.as_deref(),
            device: participant.device.as_deref(),
            version: participant.version.as_deref(),
            email: participant.email.as_deref(),
            location: participant.location.as_deref(),
            network_type: participant.network_type.as_deref(),
            join_time: parse_time(participant.join_time.as_deref()),
        }
    }
}

/// The `meeting_device` record of a de-duplicated device.
pub fn meeting_device(cx: &Context, key: &MeetingDeviceKey, fields: DeviceFields) -> Record {
    cx.record(
        Kind::MeetingDevice,
        &key.id_key(),
        RecordBody::Device(Box::new(fields)),
    )
}
